"""HTTP routes of discussion: replies to topics (threaded), edits and removals, mentions, closing a topic. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["discussion"])
