"""HTTP routes of consultations: S3 consultations: questions, one response per member, results, CSV export. Thin: parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["consultations"])
