"""HTTP routes of documents: folders and versioned files in GridFS. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["documents"])
