"""What a POD profile and an expression of interest are, as far as the simulator must know:
the field layout (shared by the XML and JSON renderings, body parsing and validation), the
reference format and its per-day sequences, and POD time stamps.

One declarative field list drives everything so the two wire formats cannot drift apart.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

TYPES = ("TO", "BO", "TR", "BR", "RDR")
STATUSES = ("published", "expired", "withdrawn")
REFERENCE = re.compile(r"(?P<type>TO|TR|BO|BR|RDR)(?P<country>[A-Z]{2})(?P<day>[0-9]{8})(?P<sequence>[0-9]{3})")
COUNTRY = re.compile(r"[A-Z]{2}")
DEFAULT_COUNTRY = "IT"


class PodError(Exception):
    """A request the POD answers with a 4xx/5xx and a short text body."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


# -- fields ------------------------------------------------------------------------------------
TEXT, CODES, STRINGS, OBJECT = "text", "codes", "strings", "object"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = TEXT
    item: str | tuple[str, ...] = ""  # the child element of a list, or the keys of an object


PROFILE_FIELDS = (
    Field("reference"), Field("type"), Field("status"), Field("title"), Field("summary"), Field("description"),
    Field("advantagesAndInnovations"), Field("stageOfDevelopment"), Field("iprStatus"),
    Field("technologyKeywords", CODES, "keyword"), Field("marketKeywords", CODES, "keyword"),
    Field("naceCodes", CODES, "nace"), Field("partnershipTypes", STRINGS, "partnershipType"),
    Field("partnerSought", OBJECT, ("type", "size", "role")), Field("client", OBJECT, ("type", "size")),
    Field("country"), Field("publishedAt"), Field("lastUpdate"), Field("deadline"),
)
PROFILE_FIELD = {f.name: f for f in PROFILE_FIELDS}
SERVER_FIELDS = frozenset({"reference", "status", "publishedAt", "lastUpdate"})  # the POD assigns them

INTEREST_ATTRIBUTES = ("id", "profileReference", "receivedAt")
INTEREST_FIELDS = ("externalId", "organisation", "country", "contact", "message")


def _is_text(value: object, item: object) -> bool:
    return isinstance(value, str)


def _is_codes(value: object, item: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(k, dict) and set(k) <= {"code", "label"} and isinstance(k.get("code"), str) and k["code"]
        and isinstance(k.get("label", ""), str) for k in value)


def _is_strings(value: object, item: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_object(value: object, keys: object) -> bool:
    return isinstance(value, dict) and set(value) <= set(keys) and all(isinstance(v, str) for v in value.values())


_SHAPES: dict[str, Callable[[object, object], bool]] = {TEXT: _is_text, CODES: _is_codes, STRINGS: _is_strings,
                                                       OBJECT: _is_object}


def _expected(field: Field) -> str:
    if field.kind == OBJECT:
        return f"an object with string values for {', '.join(field.item)}"
    return {TEXT: "a string", CODES: "a list of objects with a code and a label",
            STRINGS: "a list of strings"}[field.kind]


def check_shapes(profile: object) -> dict:
    """Every field known and of the right shape (422 otherwise); says nothing about values, so
    the control API can store deliberately invalid profiles."""
    if not isinstance(profile, Mapping):
        raise PodError(422, "A profile must be an object.")
    unknown = sorted(set(profile) - set(PROFILE_FIELD))
    if unknown:
        raise PodError(422, f"Unknown profile field(s): {', '.join(unknown)}.")
    for name, value in profile.items():
        field = PROFILE_FIELD[name]
        if value is not None and not _SHAPES[field.kind](value, field.item):
            raise PodError(422, f"{name}: expected {_expected(field)}.")
    return {name: value for name, value in profile.items() if value is not None}


def validate_content(body: object) -> dict:
    """The content of a profile a partner publishes or replaces: shapes, a known type, a title,
    a 2-letter country (default IT) and an ISO deadline. Fields the POD assigns are ignored."""
    content = {k: v for k, v in check_shapes(body).items() if k not in SERVER_FIELDS}
    if content.get("type") not in TYPES:
        raise PodError(422, f"type: expected one of {', '.join(TYPES)}, got {content.get('type')!r}.")
    if not content.get("title", "").strip():
        raise PodError(422, "title: required.")
    content.setdefault("country", DEFAULT_COUNTRY)
    if not COUNTRY.fullmatch(content["country"]):
        raise PodError(422, f"country: expected a 2-letter code, got {content['country']!r}.")
    if "deadline" in content:
        try:
            date.fromisoformat(content["deadline"])
        except ValueError:
            raise PodError(422, f"deadline: expected YYYY-MM-DD, got {content['deadline']!r}.") from None
    return content


def validate_interest(body: object, required: tuple[str, ...] = ("externalId", "organisation")) -> dict:
    if not isinstance(body, Mapping) or not set(body) <= set(INTEREST_FIELDS) \
            or not all(isinstance(v, str) for v in body.values()):
        raise PodError(422, f"An expression of interest has string fields {', '.join(INTEREST_FIELDS)} only.")
    for name in required:
        if not body.get(name, "").strip():
            raise PodError(422, f"{name}: required.")
    return dict(body)


# -- time --------------------------------------------------------------------------------------
def format_time(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds; fixed width, so these strings sort chronologically."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _to_millisecond(moment: datetime) -> datetime:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=moment.microsecond // 1000 * 1000)


def parse_time(text: str) -> datetime:
    """Any ISO 8601 time (naive means UTC), truncated to the millisecond; ValueError otherwise."""
    return _to_millisecond(datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00")))


def canonical_time(text: str) -> str:
    return format_time(parse_time(text))


class Clock:
    """Millisecond time stamps that strictly increase, even for changes within one millisecond,
    so each change moves a profile to the end of the order."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._now = now
        self._last: datetime | None = None

    def stamp(self, after: str | None = None) -> str:
        moment = _to_millisecond(self._now())
        for floor in (self._last, parse_time(after) if after else None):
            if floor is not None and moment <= floor:
                moment = floor + timedelta(milliseconds=1)
        self._last = moment
        return format_time(moment)

    def today(self) -> date:
        return self._now().astimezone(UTC).date()


# -- references --------------------------------------------------------------------------------
class ReferenceSequence:
    """The next free 3-digit sequence per type + country + day, as the POD numbers profiles."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def observe(self, reference: str) -> None:
        match = REFERENCE.fullmatch(reference)
        if match:
            prefix = reference[:match.start("sequence")]
            self._last[prefix] = max(self._last.get(prefix, 0), int(match["sequence"]))

    def next(self, profile_type: str, country: str, day: date) -> str:
        prefix = f"{profile_type}{country}{day:%Y%m%d}"
        sequence = self._last.get(prefix, 0) + 1
        if sequence > 999:
            raise PodError(503, f"No sequence left for {prefix} today.")
        self._last[prefix] = sequence
        return f"{prefix}{sequence:03d}"
