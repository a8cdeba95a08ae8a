"""HTTP routes of invitations: invitations to a community, for registered members and e-mail addresses. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["invitations"])
