"""Plumbing shared by every service: settings, logging, telemetry, the MongoDB unit
of work, the transactional outbox and its relay, the idempotent consumer with retries
and dead-lettering, token verification, Idempotency-Key, problem+json errors, health.

Nothing in here knows about proposals, profiles or any other domain concept.
"""
