"""The simulated POD's state, in memory: every partner's profiles in the JSON wire shape, kept in
the order the list call serves them ((lastUpdate, reference)); which credential owns the
profiles it published; expressions of interest both ways (sent by a credential through the
API, or injected by the control API as coming from another EEN partner); and the per-day
reference sequences. Rules the POD enforces live here (ownership 403, unknown 404, not
published 409), raised as PodError for the HTTP layer to render.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import (
    Clock,
    PodError,
    ReferenceSequence,
    canonical_time,
    check_shapes,
)


@dataclass
class Interest:
    id: str
    profile_reference: str
    received_at: str
    fields: dict[str, str] = field(default_factory=dict)  # externalId, organisation, country, contact, message
    sender: str | None = None  # the credential that sent it; None: another partner's (control API)

    def wire(self) -> dict:
        return {"id": self.id, "profileReference": self.profile_reference, "receivedAt": self.received_at,
                **self.fields}


def page_of(items: list, page: int, page_size: int) -> tuple[int, list]:
    """(total, the items of that 1-based page)."""
    start = (page - 1) * page_size
    return len(items), items[start:start + page_size]


class PodStore:
    def __init__(self, profiles: Iterable[Mapping] = (), *, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self._profiles: dict[str, dict] = {}
        self._order: list[tuple[str, str]] = []  # (lastUpdate, reference), sorted
        self._owners: dict[str, str] = {}
        self._interests: list[Interest] = []  # in receivedAt order: stamps only increase
        self._sent: dict[tuple[str, str], Interest] = {}  # (sender, externalId)
        self._references = ReferenceSequence()
        self.put_raw(profiles)

    # -- profiles ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._profiles)

    def __iter__(self):
        """The stored profiles, in the POD's order."""
        return (self._profiles[reference] for _, reference in list(self._order))

    def put_raw(self, profiles: Iterable[Mapping]) -> list[dict]:
        """Add or replace profiles as given (shapes checked, values not); lastUpdate now if absent."""
        stored = []
        for raw in profiles:
            profile = check_shapes(raw)
            reference = profile.get("reference")
            if not isinstance(reference, str) or not reference.strip():
                raise PodError(400, "Every profile needs a reference.")
            try:
                profile["lastUpdate"] = canonical_time(profile["lastUpdate"]) if "lastUpdate" in profile \
                    else self.clock.stamp()
            except ValueError:
                raise PodError(400, f"{reference}: lastUpdate {profile['lastUpdate']!r} is not a time.") from None
            self._references.observe(reference)
            self._unindex(reference)
            self._index(profile)
            stored.append(profile)
        return stored

    def get(self, reference: str) -> dict:
        try:
            return self._profiles[reference]
        except KeyError:
            raise PodError(404, f"No profile {reference}.") from None

    def profiles_page(self, *, profile_type: str | None, modified_since: str | None, page: int,
                      page_size: int) -> tuple[int, list[dict]]:
        start = bisect.bisect_left(self._order, (modified_since,)) if modified_since else 0
        matching = [self._profiles[ref] for _, ref in self._order[start:]]
        if profile_type:
            matching = [p for p in matching if p.get("type") == profile_type]
        return page_of(matching, page, page_size)

    def create(self, owner: str, content: dict) -> dict:
        today = self.clock.today()
        reference = self._references.next(content["type"], content["country"], today)
        profile = {"reference": reference, **content, "status": "published", "publishedAt": today.isoformat(),
                   "lastUpdate": self.clock.stamp()}
        self._owners[reference] = owner
        self._index(profile)
        return profile

    def replace(self, owner: str, reference: str, content: dict) -> dict:
        current = self.owned(owner, reference)
        if content["type"] != current["type"]:
            raise PodError(422, f"type: {reference} is a {current['type']} profile.")
        if current["status"] == "withdrawn":
            raise PodError(409, f"{reference} is withdrawn.")
        kept = {k: current[k] for k in ("reference", "status", "publishedAt")}
        return self._touch(reference, {**kept, **content})

    def withdraw(self, owner: str, reference: str) -> dict:
        self.owned(owner, reference)
        return self.set_status(reference, "withdrawn")

    def set_status(self, reference: str, status: str) -> dict:
        """Idempotent: the same status again changes nothing, lastUpdate included."""
        current = self.get(reference)
        return current if current.get("status") == status else self._touch(reference, {**current, "status": status})

    def patch(self, reference: str, fields: Mapping) -> dict:
        if "reference" in fields:
            raise PodError(400, "A reference cannot change.")
        merged = {**self.get(reference), **fields}
        return self._touch(reference, {k: v for k, v in check_shapes(merged).items() if k != "lastUpdate"})

    def owned(self, owner: str, reference: str) -> dict:
        """The profile, if `owner` published it (404 unknown, 403 another partner's)."""
        profile = self.get(reference)
        if self._owners.get(reference) != owner:
            raise PodError(403, f"{reference} belongs to another partner.")
        return profile

    def _touch(self, reference: str, profile: dict) -> dict:
        """Store a changed profile with a lastUpdate strictly after its previous one."""
        previous = self._profiles[reference]["lastUpdate"]
        self._unindex(reference)
        self._index({**profile, "lastUpdate": self.clock.stamp(after=previous)})
        return self._profiles[reference]

    def _index(self, profile: dict) -> None:
        self._profiles[profile["reference"]] = profile
        bisect.insort(self._order, (profile["lastUpdate"], profile["reference"]))

    def _unindex(self, reference: str) -> None:
        old = self._profiles.pop(reference, None)
        if old is not None:
            del self._order[bisect.bisect_left(self._order, (old["lastUpdate"], reference))]

    # -- interests -----------------------------------------------------------------------------
    def send_interest(self, sender: str, reference: str, fields: dict[str, str]) -> tuple[Interest, bool]:
        """(the interest, whether it is new): the same externalId from a sender is one interest."""
        profile = self.get(reference)
        known = self._sent.get((sender, fields["externalId"]))
        if known is not None:
            if known.profile_reference != reference:
                raise PodError(409, f"externalId {fields['externalId']} was sent to {known.profile_reference}.")
            return known, False
        if profile.get("status") != "published":
            raise PodError(409, f"{reference} is not published ({profile.get('status')}).")
        interest = self._add_interest(reference, fields, sender)
        self._sent[(sender, fields["externalId"])] = interest
        return interest, True

    def inject_interest(self, reference: str, fields: dict[str, str]) -> Interest:
        """Another EEN partner's interest in a profile (normally one of a credential's own)."""
        self.get(reference)
        return self._add_interest(reference, fields, sender=None)

    def received_interests(self, owner: str, *, received_since: str | None, page: int,
                           page_size: int) -> tuple[int, list[Interest]]:
        matching = [i for i in self._interests if self._owners.get(i.profile_reference) == owner
                    and i.sender != owner and (received_since is None or i.received_at >= received_since)]
        return page_of(matching, page, page_size)

    def interests_of(self, reference: str) -> list[Interest]:
        return [i for i in self._interests if i.profile_reference == reference]

    def _add_interest(self, reference: str, fields: dict[str, str], sender: str | None) -> Interest:
        interest = Interest(f"EOI{len(self._interests) + 1:08d}", reference, self.clock.stamp(), fields, sender)
        self._interests.append(interest)
        return interest
