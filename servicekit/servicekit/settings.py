"""Settings read from the environment (12-factor); defaults suit the local stack."""
import socket

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    service_name: str
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = ""  # defaults to the service name
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Where other services' tokens are verified from; the profiles service signs them.
    jwks_url: str = "http://127.0.0.1:8101/.well-known/jwks.json"
    log_level: str = "INFO"

    # Outbox relay: how often it looks for unsent events when nothing woke it up.
    outbox_poll_seconds: float = 0.5
    outbox_batch_size: int = 500
    outbox_lease_seconds: float = 10.0
    # Consumers: tries before an event is dead-lettered, and the first backoff.
    # Static group membership (KIP-345): a consumer restarted with the same instance id takes
    # its partitions back at once instead of waiting out the dead member's session. Must be
    # unique per live replica: the pod or container hostname is, by default.
    consumer_instance_id: str = ""
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.2
    consumer_backoff_max_seconds: float = 5.0
    # How long the broker may hold a fetch that finds nothing (Kafka answers as soon as a record
    # arrives: no latency cost; longer means fewer idle round trips). Kafka's own default.
    consumer_fetch_max_wait_ms: int = 500
    # An idle consumer whose broker answers empty fetches at once instead of holding them stops
    # fetching for up to this long (0: never); on Apache Kafka it never needs to.
    consumer_idle_pause_max_seconds: float = 0.15
    # How long a client may reuse an Idempotency-Key.
    idempotency_ttl_seconds: int = 24 * 3600

    @property
    def group_instance_id(self) -> str:
        return self.consumer_instance_id or f"{self.service_name}@{socket.gethostname()}"

    @property
    def database_name(self) -> str:
        return self.mongo_db or self.service_name.replace("-", "_")
