"""The HTTP edge of every service: problem+json errors (the one mapping from service
exceptions to statuses), routing's order of checks, the dependencies routes declare,
bearer-token authentication, ETag/If-Match, idempotency keys, health, OpenAPI and cursor
pages. Everything framework-free (units of work, repositories, service exceptions, the
consumer and the outbox) lives beside this package, never inside it."""
