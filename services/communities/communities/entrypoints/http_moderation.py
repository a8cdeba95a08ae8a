"""HTTP routes of moderation: reports, the moderation queue, hiding and removing content. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["moderation"])
