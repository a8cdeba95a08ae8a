"""Composition root of the profiles service."""
from fastapi import FastAPI

from contracts.events import ProfileUpdated, UserErased, UserRegistered
from profiles.adapters.refresh_tokens import ensure_indexes as ensure_refresh_token_indexes
from profiles.adapters.repository import ensure_indexes
from profiles.adapters.sign_in_throttle import SignInThrottle
from profiles.adapters.signing_keys import SigningKeys
from profiles.domain.model import ProfileRuleViolation
from profiles.entrypoints import http
from profiles.entrypoints.client_address import DEFAULT_TRUSTED_PROXIES, parse_networks
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class ProfilesSettings(ServiceSettings):
    service_name: str = "profiles"
    # Peers whose X-Forwarded-For is believed (the gateway): comma-separated networks.
    # Narrow it to the gateway's own network where the services' network is shared.
    trusted_proxies: str = DEFAULT_TRUSTED_PROXIES


def create_app(settings: ProfilesSettings | None = None) -> FastAPI:
    settings = settings or ProfilesSettings()
    keys_holder: dict[str, SigningKeys] = {}

    async def lookup(kid: str):
        # The issuer verifies its own tokens from its own key store, not over HTTP.
        return await keys_holder["keys"].lookup(kid)

    runtime = ServiceRuntime(
        settings, title="Profiles",
        description="Users, credentials and person profiles tagged with standard descriptors; "
                    "issues access tokens and publishes their keys (JWKS).",
        publishes=[UserRegistered, ProfileUpdated, UserErased], key_lookup=lookup,
    )
    keys = keys_holder["keys"] = SigningKeys(runtime.db)
    runtime.app.state.signing_keys = keys
    runtime.app.state.sign_in_throttle = SignInThrottle(runtime.redis)
    runtime.app.state.trusted_proxies = parse_networks(settings.trusted_proxies)

    async def prepare(rt: ServiceRuntime) -> None:
        await ensure_indexes(rt.db)
        await ensure_refresh_token_indexes(rt.db)
        await keys.ensure_active_key()

    runtime.on_startup(prepare)
    runtime.include_router(http.router)
    runtime.install_domain_errors({ProfileRuleViolation: 422})
    return runtime.app
