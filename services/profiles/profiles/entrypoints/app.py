"""Composition root of the profiles service: the one place that wires it."""
from fastapi import FastAPI

from contracts.events import ProfileUpdated, UserErased, UserRegistered
from profiles.adapters.passwords import Argon2Passwords
from profiles.adapters.refresh_tokens import LIFETIME as REFRESH_TOKEN_LIFETIME
from profiles.adapters.refresh_tokens import ensure_indexes as ensure_refresh_token_indexes
from profiles.adapters.repository import ProfilesContext, ensure_indexes
from profiles.adapters.sign_in_throttle import SignInThrottle
from profiles.adapters.signing_keys import SigningKeys
from profiles.domain.model import ProfileRuleViolation
from profiles.entrypoints import http
from profiles.entrypoints.browser_sessions import BrowserSessions
from profiles.entrypoints.client_address import DEFAULT_TRUSTED_PROXIES, TrustedProxies, parse_networks
from servicekit.exceptions import Invalid
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class ProfilesSettings(ServiceSettings):
    service_name: str = "profiles"
    # Peers whose X-Forwarded-For is believed (the gateway): comma-separated networks.
    # Narrow it to the gateway's own network where the services' network is shared.
    trusted_proxies: str = DEFAULT_TRUSTED_PROXIES
    # Browser sessions (`entrypoints/browser_sessions.py`): the refresh cookie's Path (empty:
    # the gateway's X-Forwarded-Prefix + /sessions, or /sessions addressed directly), and
    # origins trusted besides the service's own host (comma-separated, e.g. a dev server).
    session_cookie_path: str = ""
    browser_origins: str = ""


def create_app(settings: ProfilesSettings | None = None) -> FastAPI:
    settings = settings or ProfilesSettings()
    runtime = ServiceRuntime(
        settings, title="Profiles",
        description="Users, credentials and person profiles tagged with standard descriptors; "
                    "issues access tokens and publishes their keys (JWKS).",
        publishes=[UserRegistered, ProfileUpdated, UserErased],
        handler_context=ProfilesContext,
    )
    keys = SigningKeys(runtime.db)
    runtime.provide(SigningKeys, keys)
    runtime.verify_tokens_with(keys.lookup)  # the issuer reads its own key store, not its JWKS over HTTP
    runtime.provide(SignInThrottle, SignInThrottle(runtime.redis))
    runtime.provide(TrustedProxies, TrustedProxies(parse_networks(settings.trusted_proxies)))
    runtime.provide(Argon2Passwords, Argon2Passwords())
    runtime.provide(BrowserSessions, BrowserSessions.configured(
        int(REFRESH_TOKEN_LIFETIME.total_seconds()), settings.session_cookie_path,
        settings.browser_origins.split(",")))

    async def prepare(rt: ServiceRuntime) -> None:
        await ensure_indexes(rt.db)
        await ensure_refresh_token_indexes(rt.db)
        await keys.ensure_active_key()

    runtime.on_startup(prepare)
    runtime.include_router(http.router)
    runtime.install_domain_errors({ProfileRuleViolation: Invalid})
    return runtime.app
