"""Who is calling, as far as sign-in throttling is concerned.

Behind the gateway every request comes from the gateway, which appends the address it sees
to `X-Forwarded-For` (`$proxy_add_x_forwarded_for`). Only that last entry is the gateway's
word; anything before it is whatever the client sent, so it is ignored. The header is believed
only when the connection comes from a trusted proxy (`trusted_proxies`, by default loopback
and the private networks the gateway reaches the services on); a caller that reaches a
service directly is identified by its own address and cannot pick its identity.

IPv6 clients are grouped by /64, the block one subscriber usually gets: otherwise an attacker
would have 2^64 fresh identities.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.requests import Request

DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
IPV6_CLIENT_PREFIX = 64

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_key(peer: str | None, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """A stable name for the client: an IPv4 address, an IPv6 /64, or the peer as given."""
    peer_address = _address(peer or "")
    address = peer_address
    if peer_address is not None and any(peer_address in network for network in trusted):
        entries = [entry for header in forwarded_for for entry in header.split(",")]
        if entries and (forwarded := _address(entries[-1])) is not None:
            address = forwarded
    if address is None:
        return peer or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False))
    return str(address)


@dataclass(frozen=True)
class TrustedProxies:
    """The peers whose X-Forwarded-For is believed, as the composition root configured them."""

    networks: tuple[Network, ...]

    def client_of(self, request: Request) -> str:
        return client_key(request.client.host if request.client else None,
                          request.headers.getlist("x-forwarded-for"), self.networks)
