"""HTTP routes of news: articles in a community or platform-wide, scheduled publishing, validation. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["news"])
