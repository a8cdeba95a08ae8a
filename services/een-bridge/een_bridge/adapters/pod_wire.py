"""The POD's XML, both ways (docs/pod-api.md). Reading is defensive: DTDs and entities are
refused outright (no external entities, no expansion bombs), and one bad profile becomes a
problem entry for quarantine instead of failing its page. The pages it reads and the
UnreadableDocument it raises are the POD port's (`een_bridge.service_layer.ports`)."""
from __future__ import annotations

from datetime import date, datetime
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from een_bridge.domain.model import InvalidPodProfile, Organisation, PodDraft, PodProfile
from een_bridge.service_layer.ports import PodEntry, PodInterest, PodInterestPage, PodPage, UnreadableDocument

EXCERPT_CHARS = 600


def excerpt_of(body: bytes) -> str:
    return body[:EXCERPT_CHARS].decode("utf-8", errors="replace")


def parse_document(body: bytes) -> Element:
    try:
        return SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnreadableDocument(f"hostile XML refused: {type(exc).__name__}", excerpt_of(body),
                                 hostile=True) from exc
    except ParseError as exc:
        raise UnreadableDocument(f"malformed XML: {exc}", excerpt_of(body), hostile=False) from exc


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _codes(element: Element, path: str) -> list[str]:
    return [(item.get("code") or item.text or "").strip() for item in element.findall(path)]


def _instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return parsed


def _day(value: str, field: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise InvalidPodProfile(f"{field} {value!r} is not a date (YYYY-MM-DD).") from exc


def _organisation(element: Element, tag: str) -> Organisation:
    node = element.find(tag)
    return Organisation(_text(node, "type"), _text(node, "size")) if node is not None else Organisation()


def read_profile(element: Element) -> PodEntry:
    reference = _text(element, "reference")
    excerpt = tostring(element, encoding="unicode")[:EXCERPT_CHARS]
    try:
        last_update = _instant(_text(element, "lastUpdate"))
    except ValueError:
        return PodEntry(reference, None, None, f"lastUpdate {_text(element, 'lastUpdate')!r} is not a time.", excerpt)
    try:
        partner = element.find("partnerSought")
        profile = PodProfile.normalised(
            reference=reference, type=_text(element, "type"), title=_text(element, "title"),
            summary=_text(element, "summary"), description=_text(element, "description"),
            advantages=_text(element, "advantagesAndInnovations"),
            stage_of_development=_text(element, "stageOfDevelopment"), ipr_status=_text(element, "iprStatus"),
            technology_keywords=_codes(element, "technologyKeywords/keyword"),
            market_keywords=_codes(element, "marketKeywords/keyword"),
            nace_codes=_codes(element, "naceCodes/nace"),
            partnership_types=[(p.text or "") for p in element.findall("partnershipTypes/partnershipType")],
            partner_sought=_organisation(element, "partnerSought"),
            partner_role=_text(partner, "role") if partner is not None else "",
            client=_organisation(element, "client"), country=_text(element, "country"),
            published_at=_day(_text(element, "publishedAt"), "publishedAt"),
            deadline=_day(_text(element, "deadline"), "deadline"), status=_text(element, "status"),
            last_update=last_update)
    except InvalidPodProfile as exc:
        return PodEntry(reference, last_update, None, str(exc), excerpt)
    return PodEntry(profile.reference, last_update, profile, None, excerpt)


def _total(root: Element, expected_tag: str) -> int:
    if root.tag != expected_tag:
        raise UnreadableDocument(f"expected <{expected_tag}>, got <{root.tag}>", "", hostile=False)
    try:
        return int(root.get("total", "0"))
    except ValueError as exc:
        raise UnreadableDocument(f"total {root.get('total')!r} is not a number", "", hostile=False) from exc


def read_profiles_page(body: bytes) -> PodPage:
    root = parse_document(body)
    return PodPage(total=_total(root, "profiles"), entries=[read_profile(e) for e in root.findall("profile")])


def read_interests_page(body: bytes) -> PodInterestPage:
    root = parse_document(body)
    interests = []
    for element in root.findall("expressionOfInterest"):
        try:
            received_at = _instant(element.get("receivedAt", ""))
        except ValueError:
            continue  # cannot be placed in the order; the POD will list it again
        interests.append(PodInterest(
            id=element.get("id", ""), profile_reference=element.get("profileReference", ""), received_at=received_at,
            organisation=_text(element, "organisation"), country=_text(element, "country"),
            message=_text(element, "message")))
    return PodInterestPage(total=_total(root, "interests"), interests=interests)


def read_reference(body: bytes) -> str:
    """The reference the POD gave a profile we published."""
    reference = _text(parse_document(body), "reference")
    if not reference:
        raise UnreadableDocument("the POD's answer has no reference", excerpt_of(body), hostile=False)
    return reference


def read_interest_id(body: bytes) -> str:
    interest_id = parse_document(body).get("id", "")
    if not interest_id:
        raise UnreadableDocument("the POD's answer has no interest id", excerpt_of(body), hostile=False)
    return interest_id


def _leaf(parent: Element, tag: str, text: str, **attributes: str) -> Element:
    child = SubElement(parent, tag, attributes)
    child.text = text
    return child


def render_draft(draft: PodDraft) -> bytes:
    root = Element("profile")
    _leaf(root, "type", draft.type.value)
    _leaf(root, "title", draft.title)
    _leaf(root, "summary", draft.summary)
    _leaf(root, "description", draft.description)
    for tag, codes in (("technologyKeywords", draft.technology_keywords), ("marketKeywords", draft.market_keywords)):
        group = SubElement(root, tag)
        for code in codes:
            _leaf(group, "keyword", "", code=code)
    nace = SubElement(root, "naceCodes")
    for code in draft.nace_codes:
        _leaf(nace, "nace", "", code=code)
    _leaf(root, "country", draft.country)
    if draft.deadline is not None:
        _leaf(root, "deadline", draft.deadline.isoformat())
    return tostring(root, encoding="utf-8", xml_declaration=True)


def render_interest(*, external_id: str, organisation: str, country: str, contact: str, message: str) -> bytes:
    root = Element("expressionOfInterest")
    for tag, text in (("externalId", external_id), ("organisation", organisation), ("country", country),
                      ("contact", contact), ("message", message)):
        _leaf(root, tag, text)
    return tostring(root, encoding="utf-8", xml_declaration=True)
