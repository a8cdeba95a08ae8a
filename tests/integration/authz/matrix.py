"""The authorisation matrix's vocabulary: every communities endpoint × every actor × every
access type, with the expected status written down as a table. Each capability declares
its rows in `rows_<capability>.py` (ROWS, and FIXTURES for the content its rows need);
`test_authorisation_matrix.py` runs them all against the real servers and fails on any
cell that differs, printing every differing cell at once."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

# The actors, in the order every expectation tuple lists them.
ACTORS = ("anonymous", "non_member", "pending", "invited", "member", "author", "moderator", "owner", "operator")
# anonymous:  no token at all
# non_member: signed in, no relation to the community
# pending:    asked to join (private); in an open or closed community: no membership (asking is
#             not possible there), so the same as non_member
# invited:    holds a live invitation, not yet accepted
# member:     active member;  author: active, role author;  moderator: active, role moderator
# owner:      active, role owner (created the community)
# operator:   platform operator (token role), not a member
ACCESS = ("public", "private", "closed")


class Env(Protocol):
    """What a fixture or a body builder gets: one world (a community of one access type with
    an actor of each kind), a client for the communities app, and the ids of content made so far."""

    access: str
    community_id: str
    client: httpx.AsyncClient
    ids: dict[str, str]  # fixture name → id of what it made (e.g. "post" → post id)

    def user(self, actor: str) -> str:
        """The user id of an actor (anonymous has none)."""

    def headers(self, actor: str) -> dict[str, str]:
        """Authorization headers of an actor ({} for anonymous)."""


# Makes one piece of content in the world (as the owner, usually) and returns its id.
Fixture = Callable[[Env], Awaitable[str]]


@dataclass(frozen=True)
class Row:
    """One endpoint and what each actor gets from it in each access type.

    `path` has `{community}` and one `{<fixture>}` per name in `needs`. `expect` maps each
    access type to nine statuses, in ACTORS order. `fresh` rows change state (delete,
    register, answer): their fixtures are made anew for every cell, so one actor's success
    never changes what the next one sees."""

    action: str
    method: str
    path: str
    expect: dict[str, tuple[int, ...]]
    needs: tuple[str, ...] = ()
    body: dict[str, Any] | Callable[[Env], dict[str, Any]] | None = None
    content: bytes | None = None  # a raw body (uploads) instead of JSON
    headers: dict[str, str] = field(default_factory=dict)
    fresh: bool = False
    platform: bool = False  # a platform-wide endpoint: the same expectation whatever the access type

    def __post_init__(self) -> None:
        for access, statuses in self.expect.items():
            if access not in ACCESS or len(statuses) != len(ACTORS):
                raise ValueError(f"{self.action}: {access} needs {len(ACTORS)} statuses in ACTORS order")


def same(*statuses: int) -> dict[str, tuple[int, ...]]:
    """The same nine statuses in every access type."""
    return {access: tuple(statuses) for access in ACCESS}
