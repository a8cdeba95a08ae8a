"""The communities service's settings, read from the environment (12-factor)."""
from servicekit.settings import ServiceSettings

MIB = 1024 * 1024


class CommunitiesSettings(ServiceSettings):
    service_name: str = "communities"
    # Communities created by members wait for a platform operator before anyone else sees them.
    community_validation_required: bool = False
    # Content reported by this many distinct members is hidden until a manager looks at it.
    report_hide_threshold: int = 3
    # Documents: the largest file one upload may carry (the gateway's limit on the upload
    # route is a little above it, so the service answers the 413 itself, as problem+json).
    document_max_bytes: int = 25 * MIB
    # Invitations: links signed with this key (set it in production: any change voids the
    # links out there), valid this long.
    invitation_secret: str = "local-development-invitation-key"
    invitation_ttl_days: int = 14
    # Consultations: the key of respondents' keys (an HMAC of the user id): one response per
    # member, editable, with no identity stored for anonymous consultations. Set it in production.
    consultation_secret: str = "local-development-consultation-key"
    # Reminders reach registered participants this long before an event starts.
    event_reminder_hours: float = 24.0
    # How often the scheduled work (publishing, withdrawals, reminders, closings) looks for what is due.
    periodic_interval_seconds: float = 5.0
    # Where members reach the platform: calendar feed and invitation links are built on it.
    public_base_url: str = "http://127.0.0.1:8080"
