"""The POD's representations: profiles and expressions of interest as XML (the default) or JSON,
and request bodies in either, told apart by Content-Type.

Profiles are held in the JSON shape; XML is rendered from it and parsed back into it through
the one field list in `model`, so both formats carry the same fields. Incoming XML goes through
defusedxml with DTDs forbidden: a body with a DOCTYPE or entities is refused (400), never
expanded.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .model import (
    CODES,
    INTEREST_ATTRIBUTES,
    INTEREST_FIELDS,
    OBJECT,
    PROFILE_FIELD,
    PROFILE_FIELDS,
    STRINGS,
    TEXT,
    PodError,
)

XML = "application/xml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def ordered(profile: Mapping) -> dict:
    """A profile with its fields in the documented order (JSON output)."""
    return {f.name: profile[f.name] for f in PROFILE_FIELDS if f.name in profile}


# -- rendering ---------------------------------------------------------------------------------
def _write_text(element: Element, value: str, item: object) -> None:
    element.text = value


def _write_codes(element: Element, value: list[dict], item: str) -> None:
    for keyword in value:
        SubElement(element, item, code=keyword["code"]).text = keyword.get("label", "")


def _write_strings(element: Element, value: list[str], item: str) -> None:
    for text in value:
        SubElement(element, item).text = text


def _write_object(element: Element, value: dict, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in value:
            SubElement(element, key).text = value[key]


_WRITERS: dict[str, Callable] = {TEXT: _write_text, CODES: _write_codes, STRINGS: _write_strings,
                                 OBJECT: _write_object}


def profile_element(profile: Mapping) -> Element:
    element = Element("profile")
    for field in PROFILE_FIELDS:
        if field.name in profile:
            _WRITERS[field.kind](SubElement(element, field.name), profile[field.name], field.item)
    return element


def interest_element(interest: Mapping) -> Element:
    element = Element("expressionOfInterest", {a: interest[a] for a in INTEREST_ATTRIBUTES if a in interest})
    for name in INTEREST_FIELDS:
        if name in interest:
            SubElement(element, name).text = interest[name]
    return element


def list_element(tag: str, *, page: int, page_size: int, total: int, items: Iterable[Element]) -> Element:
    element = Element(tag, page=str(page), pageSize=str(page_size), total=str(total))
    element.extend(items)
    return element


def to_bytes(element: Element) -> bytes:
    # Long form for empty elements: every list body then has a closing tag a fault can break.
    return (_DECLARATION + tostring(element, encoding="unicode", short_empty_elements=False)).encode()


# -- parsing -----------------------------------------------------------------------------------
def _read_codes(element: Element) -> list[dict]:
    return [{"code": child.get("code", ""), "label": child.text or ""} for child in element]


_READERS: dict[str, Callable[[Element], object]] = {
    TEXT: lambda element: element.text or "",
    CODES: _read_codes,
    STRINGS: lambda element: [child.text or "" for child in element],
    OBJECT: lambda element: {child.tag: child.text or "" for child in element},
}


def _profile_from(element: Element) -> dict:
    """Unknown elements are kept as text, for validation to name them."""
    return {child.tag: _READERS[PROFILE_FIELD[child.tag].kind if child.tag in PROFILE_FIELD else TEXT](child)
            for child in element}


def _interest_from(element: Element) -> dict:
    return {child.tag: child.text or "" for child in element}


_ROOTS = {"profile": _profile_from, "expressionOfInterest": _interest_from}


def parse_json(body: bytes) -> object:
    try:
        return json.loads(body)
    except ValueError:
        raise PodError(400, "The body is not valid JSON.") from None


def parse_body(body: bytes, content_type: str | None, root: str) -> object:
    """The body as JSON-shaped data: 400 if it does not parse, 415 for other media types."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        return parse_json(body)
    if media_type in (XML, "text/xml") or media_type.endswith("+xml"):
        try:
            element = fromstring(body, forbid_dtd=True)
        except DefusedXmlException:
            raise PodError(400, "The body declares a DTD or entities, which the POD does not accept.") from None
        except (ParseError, ValueError):
            raise PodError(400, "The body is not well-formed XML.") from None
        if element.tag != root:
            raise PodError(400, f"Expected a <{root}> document, got <{element.tag}>.")
        return _ROOTS[root](element)
    raise PodError(415, "Send application/xml or application/json.")
