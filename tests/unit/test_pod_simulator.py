"""The simulated EEN POD (deploy/local/podsim) keeps the contract of docs/pod-api.md: credentials,
both representations, key-ordered pagination, publishing and interests, the control API and
each fault switch. In-process through httpx's ASGI transport, plus one run of the real process."""
from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from contracts.taxonomy import load_taxonomy
from devstack import LocalStack, Ports
from podsim import MALFORMED_KINDS, PodStore, create_app, generate_profiles
from podsim.model import REFERENCE, Clock

USER, PASSWORD = "oi-bridge", "secret"
TODAY = date(2026, 5, 1)
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # a stopped clock: only the store's own increments move it
PROFILE_COUNT = 60
XML_PROFILE = (b"<profile><type>TO</type><title>Cold plasma seed treatment</title><summary>Dry seed treatment."
               b"</summary><technologyKeywords><keyword code=\"05001002\">Crop protection</keyword>"
               b"</technologyKeywords><partnershipTypes><partnershipType>License agreement</partnershipType>"
               b"</partnershipTypes><partnerSought><type>SME</type><role>Seed producers</role></partnerSought>"
               b"<country>AT</country><deadline>2027-01-31</deadline></profile>")
XML_INTEREST = (b"<expressionOfInterest><externalId>eoi-1</externalId><organisation>Agro Lab</organisation>"
                b"<country>IT</country><contact>Ada</contact><message>Interested</message></expressionOfInterest>")
XML_HEADERS = {"Content-Type": "application/xml"}


@pytest.fixture
def store() -> PodStore:
    return PodStore(generate_profiles(PROFILE_COUNT, seed=3, today=TODAY), clock=Clock(lambda: NOW))


def client(app, auth: tuple[str, str] | None = (USER, PASSWORD)) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pod", auth=auth)


@pytest.fixture
def app(store):
    return create_app(store, username=USER, password=PASSWORD)


@pytest.fixture
async def pod(app) -> AsyncIterator[httpx.AsyncClient]:
    async with client(app) as partner:
        yield partner


def xml(response: httpx.Response):
    assert response.headers["content-type"].startswith("application/xml"), response.text
    return fromstring(response.content, forbid_dtd=True)


async def read_all(pod: httpx.AsyncClient, **params) -> list[dict]:
    profiles, page = [], 1
    while True:
        body = (await pod.get("/profiles", params={**params, "page": page, "format": "json"})).json()
        profiles += body["profiles"]
        if len(body["profiles"]) < body["pageSize"]:
            return profiles
        page += 1


def by_key(profiles) -> list[dict]:
    return sorted(profiles, key=lambda p: (p["lastUpdate"], p["reference"]))


async def arm(pod: httpx.AsyncClient, **faults) -> None:
    assert (await pod.post("/_control/faults", json=faults)).status_code == 200


# -- credentials and representations -----------------------------------------------------------

async def test_partner_calls_need_the_basic_credential_and_control_calls_none(app, pod):
    async with client(app, auth=None) as anonymous:
        refusals = [await anonymous.get("/profiles"), await anonymous.get("/profiles", auth=(USER, "wrong")),
                    await anonymous.get("/profiles", auth=("someone", PASSWORD)),
                    await anonymous.get("/profiles", headers={"Authorization": "Basic !!notbase64"}),
                    await anonymous.get("/profiles", headers={"Authorization": "Bearer x"})]
        assert (await anonymous.get("/_control/stats")).status_code == 200
    for response in refusals:
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Basic realm="POD"'
        assert response.headers["content-type"].startswith("text/plain")
    assert (await pod.get("/profiles")).status_code == 200


async def test_a_profile_in_xml_and_in_json_carries_the_same_fields(pod, store):
    reference = next(p["reference"] for p in by_key(await read_all(pod)) if p["type"] == "TO" and "deadline" in p)
    document = xml(await pod.get(f"/profiles/{reference}"))
    as_json = (await pod.get(f"/profiles/{reference}", headers={"Accept": "application/json"})).json()
    assert (await pod.get(f"/profiles/{reference}?format=json")).json() == as_json

    assert document.tag == "profile"
    assert [child.tag for child in document][:3] == ["reference", "type", "status"]
    for name in ("reference", "type", "status", "title", "summary", "description", "advantagesAndInnovations",
                 "stageOfDevelopment", "iprStatus", "country", "publishedAt", "lastUpdate", "deadline"):
        assert document.findtext(name) == as_json[name], name
    assert [(k.get("code"), k.text) for k in document.find("technologyKeywords")] == \
        [(k["code"], k["label"]) for k in as_json["technologyKeywords"]]
    assert [(k.get("code"), k.text) for k in document.find("naceCodes").iter("nace")] == \
        [(k["code"], k["label"]) for k in as_json["naceCodes"]]
    assert [p.text for p in document.find("partnershipTypes")] == as_json["partnershipTypes"]
    assert {c.tag: c.text for c in document.find("partnerSought")} == as_json["partnerSought"]
    assert {c.tag: c.text for c in document.find("client")} == as_json["client"] and "name" not in as_json["client"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", as_json["lastUpdate"])


async def test_format_negotiation_and_unknown_profiles(pod):
    assert (await pod.get("/profiles")).headers["content-type"].startswith("application/xml")
    assert (await pod.get("/profiles", headers={"Accept": "application/json"})).json()["total"] == PROFILE_COUNT
    assert (await pod.get("/profiles?format=yaml")).status_code == 400
    missing = await pod.get("/profiles/TOIT20200101999")
    assert missing.status_code == 404 and "TOIT20200101999" in missing.text


# -- listing -----------------------------------------------------------------------------------

async def test_pages_follow_last_update_then_reference_and_total_counts_the_filter(pod, store):
    profiles = await read_all(pod, page_size=7)
    assert profiles == by_key(store.get(p["reference"]) for p in profiles)
    assert len({p["reference"] for p in profiles}) == PROFILE_COUNT

    document = xml(await pod.get("/profiles", params={"page": 3, "page_size": 7}))
    assert (document.tag, document.get("page"), document.get("pageSize"), document.get("total")) == \
        ("profiles", "3", "7", str(PROFILE_COUNT))
    assert [p.findtext("reference") for p in document] == [p["reference"] for p in profiles[14:21]]
    beyond = (await pod.get("/profiles", params={"page": 99, "format": "json"})).json()
    assert beyond["profiles"] == [] and beyond["total"] == PROFILE_COUNT


async def test_modified_since_is_inclusive_and_type_filters(pod):
    profiles = await read_all(pod)
    since = profiles[20]["lastUpdate"]
    newer = await read_all(pod, modified_since=since)
    assert newer == [p for p in profiles if p["lastUpdate"] >= since] and newer[0]["lastUpdate"] == since
    # The same instant written another way selects the same profiles.
    as_offset = since.replace("Z", "+00:00")
    assert (await pod.get("/profiles", params={"modified_since": as_offset, "format": "json"})).json()["total"] \
        == len(newer)

    offers = (await pod.get("/profiles", params={"type": "BO", "format": "json", "page_size": 500})).json()
    assert offers["total"] == sum(p["type"] == "BO" for p in profiles) > 0
    assert {p["type"] for p in offers["profiles"]} == {"BO"}


@pytest.mark.parametrize("params", [{"page": 0}, {"page": "x"}, {"page_size": 501}, {"page_size": 0},
                                    {"page_size": "٣"}, {"modified_since": "yesterday"}, {"type": "XX"}])
async def test_bad_list_parameters_are_a_400_with_a_text_body(pod, params):
    response = await pod.get("/profiles", params=params)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/plain")
    assert next(iter(params)) in response.text


# -- the generator -----------------------------------------------------------------------------

def test_generation_is_deterministic_by_seed():
    # How fast 20,000 profiles are generated is a benchmark figure (benchmarks/een_import.py), not a test.
    assert generate_profiles(50, seed=11, today=TODAY) == generate_profiles(50, seed=11, today=TODAY)
    assert generate_profiles(50, seed=11, today=TODAY) != generate_profiles(50, seed=12, today=TODAY)
    profiles = generate_profiles(20_000, seed=1, malformed=7, today=TODAY)
    assert len({p["reference"] for p in profiles}) == 20_007


def test_generated_profiles_look_like_the_pod():
    profiles = generate_profiles(5_000, seed=5, today=TODAY)
    types, statuses = Counter(p["type"] for p in profiles), Counter(p["status"] for p in profiles)
    for profile_type, expected in {"TO": .45, "BO": .25, "TR": .12, "BR": .12, "RDR": .06}.items():
        assert abs(types[profile_type] / len(profiles) - expected) < .03, types
    for status, expected in {"published": .90, "expired": .06, "withdrawn": .04}.items():
        assert abs(statuses[status] / len(profiles) - expected) < .02, statuses
    assert len({p["country"] for p in profiles}) >= 35
    assert .75 < sum("deadline" in p for p in profiles) / len(profiles) < .85
    assert len({p["lastUpdate"] for p in profiles}) > .95 * len(profiles)  # mostly distinct, a few shared

    for p in profiles:
        match = REFERENCE.fullmatch(p["reference"])
        assert match and match["type"] == p["type"] and match["country"] == p["country"]
        published = date.fromisoformat(p["publishedAt"])
        assert match["day"] == f"{published:%Y%m%d}" and 0 < (TODAY - published).days <= 730
        assert p["publishedAt"] <= p["lastUpdate"][:10] and p["lastUpdate"] < TODAY.isoformat()
        if "deadline" in p:
            assert 180 <= (date.fromisoformat(p["deadline"]) - published).days <= 731
        assert p["title"] and p["summary"].endswith(".") and p["description"] and p["client"]["type"]
        assert all(re.fullmatch(r"[A-U](\d\d(\.\d)?)?", n["code"]) for n in p["naceCodes"])


def test_most_keywords_are_taxonomy_codes_and_some_are_not():
    taxonomy = load_taxonomy()
    profiles = generate_profiles(2_000, seed=9, today=TODAY)
    codes = [f"een-tech:{k['code']}" for p in profiles for k in p["technologyKeywords"]] + \
        [f"een-market:{k['code']}" for p in profiles for k in p["marketKeywords"]]
    unknown = [c for c in codes if c not in taxonomy]
    assert .05 < len(unknown) / len(codes) < .15
    # Some unknown codes sit under no known root at all: nothing to fall back to.
    assert any(f"{c.partition(':')[0]}:{c.partition(':')[2][:2]}" not in taxonomy for c in unknown)
    nace = {n["code"] for p in profiles for n in p["naceCodes"]}
    assert {len(c) for c in nace} >= {1, 3, 5}  # section "C", division "C28", group "C28.1"


def test_malformed_profiles_break_one_rule_each_with_a_stable_reference():
    profiles = generate_profiles(10, seed=4, malformed=len(MALFORMED_KINDS), today=TODAY)
    broken = dict(zip([k.name for k in MALFORMED_KINDS], profiles[10:], strict=True))
    assert not REFERENCE.fullmatch(broken["reference not in POD format"]["reference"])
    mismatched = broken["reference type differs from type"]
    assert REFERENCE.fullmatch(mismatched["reference"])["type"] != mismatched["type"]
    assert broken["unknown type"]["type"] == "XX"
    assert broken["empty title"]["title"] == ""
    assert broken["unparseable deadline"]["deadline"] == "31/02/2026"
    assert broken["country name instead of code"]["country"] == "Italy"
    assert broken["unknown status"]["status"] == "archived"
    references = [p["reference"] for p in profiles]
    assert len(set(references)) == len(references)
    assert references == [p["reference"] for p in generate_profiles(10, seed=4, malformed=7, today=TODAY)]


async def test_malformed_profiles_are_served_as_well_formed_xml():
    profiles = generate_profiles(3, seed=4, malformed=len(MALFORMED_KINDS), today=TODAY)
    async with client(create_app(PodStore(profiles), username=USER, password=PASSWORD)) as pod:
        document = xml(await pod.get("/profiles"))
    assert {p.findtext("reference") for p in document} == {p["reference"] for p in profiles}


# -- publishing our own profiles ---------------------------------------------------------------

async def test_publish_replace_and_withdraw_a_profile_of_ours(pod):
    created = await pod.post("/profiles", content=XML_PROFILE, headers=XML_HEADERS)
    assert created.status_code == 201
    profile = xml(created)
    reference = profile.findtext("reference")
    assert reference == "TOAT20260501001" and created.headers["location"] == f"/profiles/{reference}"
    assert (profile.findtext("status"), profile.findtext("publishedAt")) == ("published", "2026-05-01")
    assert profile.find("technologyKeywords/keyword").get("code") == "05001002"
    second = await pod.post("/profiles", json={"type": "TO", "title": "Another", "country": "AT"})
    assert second.status_code == 201 and xml(second).findtext("reference") == "TOAT20260501002"
    default_country = await pod.post("/profiles?format=json", json={"type": "BR", "title": "Buyer"})
    assert default_country.json()["reference"] == "BRIT20260501001"

    before = (await pod.get(f"/profiles/{reference}?format=json")).json()
    replaced = await pod.put(f"/profiles/{reference}?format=json",
                             json={"type": "TO", "title": "Cold plasma seed treatment, v2", "country": "AT"})
    assert replaced.status_code == 200
    after = replaced.json()
    assert after["title"].endswith("v2") and "summary" not in after and after["lastUpdate"] > before["lastUpdate"]
    assert (after["reference"], after["publishedAt"], after["status"]) == (reference, "2026-05-01", "published")
    assert (await pod.put(f"/profiles/{reference}", json={"type": "BO", "title": "x"})).status_code == 422

    withdrawn = (await pod.post(f"/profiles/{reference}/withdraw?format=json")).json()
    assert withdrawn["status"] == "withdrawn" and withdrawn["lastUpdate"] > after["lastUpdate"]
    again = await pod.post(f"/profiles/{reference}/withdraw?format=json")
    assert again.status_code == 200 and again.json() == withdrawn
    assert (await pod.put(f"/profiles/{reference}", json={"type": "TO", "title": "x"})).status_code == 409


async def test_other_partners_profiles_are_not_ours_to_change(pod):
    foreign = (await read_all(pod))[0]["reference"]
    assert (await pod.put(f"/profiles/{foreign}", json={"type": "TO", "title": "x"})).status_code == 403
    assert (await pod.post(f"/profiles/{foreign}/withdraw")).status_code == 403
    assert (await pod.post("/profiles/TOIT20200101999/withdraw")).status_code == 404


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b'{"type": "XO", "title": "x"}', "application/json", 422),
    (b'{"type": "TO"}', "application/json", 422),
    (b'{"type": "TO", "title": "x", "colour": "red"}', "application/json", 422),
    (b'{"type": "TO", "title": "x", "deadline": "31/02/2026"}', "application/json", 422),
    (b'{"type": "TO", "title": "x", "technologyKeywords": ["01003004"]}', "application/json", 422),
    (b"<profile><type>TO</type><title> </title></profile>", "application/xml", 422),
    (b"[1, 2", "application/json", 400),
    (b"<profile><type>TO</profile>", "application/xml", 400),
    (b"<proposal><type>TO</type></proposal>", "text/xml", 400),
    (b'<!DOCTYPE profile [<!ENTITY x "TO">]><profile><type>&x;</type><title>t</title></profile>',
     "application/xml", 400),
    (b"type=TO", "application/x-www-form-urlencoded", 415),
])
async def test_invalid_bodies_are_refused_with_a_text_reason(pod, body, content_type, status):
    response = await pod.post("/profiles", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status and response.text
    assert response.headers["content-type"].startswith("text/plain")


async def test_bodies_over_one_mebibyte_are_refused(pod):
    huge = b"<profile><type>TO</type><title>" + b"x" * (1 << 20) + b"</title></profile>"
    assert (await pod.post("/profiles", content=huge, headers=XML_HEADERS)).status_code == 413

    async def streamed():  # no Content-Length: the limit holds while reading
        for _ in range(17):
            yield b"x" * 65536

    assert (await pod.post("/profiles", content=streamed(), headers=XML_HEADERS)).status_code == 413


# -- expressions of interest -------------------------------------------------------------------

async def test_interest_in_a_published_profile_is_idempotent_on_external_id(pod):
    profiles = await read_all(pod)
    published = next(p["reference"] for p in profiles if p["status"] == "published")
    closed = next(p["reference"] for p in profiles if p["status"] != "published")

    first = await pod.post(f"/profiles/{published}/interests", content=XML_INTEREST, headers=XML_HEADERS)
    assert first.status_code == 201
    sent = xml(first)
    assert sent.tag == "expressionOfInterest" and sent.get("profileReference") == published
    repeated = await pod.post(f"/profiles/{published}/interests?format=json", content=XML_INTEREST,
                              headers=XML_HEADERS)
    assert repeated.status_code == 200 and repeated.json()["id"] == sent.get("id")
    elsewhere = await pod.post(f"/profiles/{closed}/interests", content=XML_INTEREST, headers=XML_HEADERS)
    assert elsewhere.status_code == 409  # the same externalId cannot become another interest

    reached = (await pod.get("/_control/interests", params={"profile": published})).json()
    assert [(i["id"], i["externalId"], i["organisation"], i["sender"]) for i in reached] == \
        [(sent.get("id"), "eoi-1", "Agro Lab", USER)]

    fresh = {"externalId": "eoi-2", "organisation": "Agro Lab"}
    assert (await pod.post(f"/profiles/{closed}/interests", json=fresh)).status_code == 409
    assert (await pod.post("/profiles/TOIT20200101999/interests", json=fresh)).status_code == 404
    assert (await pod.post(f"/profiles/{published}/interests", json={"externalId": "eoi-3"})).status_code == 422


async def test_interests_other_partners_send_to_our_profiles(pod):
    ours = (await pod.post("/profiles?format=json", json={"type": "TO", "title": "Ours"})).json()["reference"]
    foreign = (await read_all(pod))[0]["reference"]
    injected = []
    for n in range(3):
        response = await pod.post(f"/_control/profiles/{ours}/interests",
                                  json={"organisation": f"Partner {n}", "country": "FR", "message": f"Hello {n}"})
        assert response.status_code == 201
        injected.append(response.json())
    await pod.post(f"/_control/profiles/{foreign}/interests", json={"organisation": "Not for us"})
    await pod.post(f"/profiles/{foreign}/interests", json={"externalId": "mine", "organisation": "Us"})

    document = xml(await pod.get("/interests"))
    assert (document.tag, document.get("total")) == ("interests", "3")
    assert [(i.get("id"), i.get("profileReference"), i.get("receivedAt"), i.findtext("organisation"),
             i.findtext("country"), i.findtext("message")) for i in document] == \
        [(i["id"], ours, i["receivedAt"], i["organisation"], "FR", i["message"]) for i in injected]
    assert injected == sorted(injected, key=lambda i: (i["receivedAt"], i["id"]))

    since = (await pod.get("/interests", params={"received_since": injected[1]["receivedAt"], "format": "json"})).json()
    assert [i["id"] for i in since["interests"]] == [i["id"] for i in injected[1:]] and since["total"] == 2
    second_page = (await pod.get("/interests", params={"page": 2, "page_size": 2, "format": "json"})).json()
    assert [i["id"] for i in second_page["interests"]] == [injected[2]["id"]]


# -- control API -------------------------------------------------------------------------------

async def test_changes_move_a_profile_to_the_end_with_strictly_increasing_last_update(pod):
    order = await read_all(pod)
    first, second = order[0]["reference"], order[1]["reference"]
    patched = (await pod.patch(f"/_control/profiles/{first}", json={"title": "Renamed"})).json()
    expired = (await pod.post(f"/_control/profiles/{second}/expire")).json()
    # The clock is stopped: the stamps still increase, one millisecond apart.
    assert patched["lastUpdate"] == "2026-05-01T12:00:00.000Z" and expired["lastUpdate"] == "2026-05-01T12:00:00.001Z"
    repatched = (await pod.patch(f"/_control/profiles/{first}", json={"deadline": None})).json()
    assert repatched["lastUpdate"] == "2026-05-01T12:00:00.002Z" and "deadline" not in repatched
    assert expired["status"] == "expired"
    assert [p["reference"] for p in (await read_all(pod))[-2:]] == [second, first]
    assert (await pod.get(f"/_control/profiles/{first}")).json()["title"] == "Renamed"
    assert (await pod.post(f"/_control/profiles/{first}/withdraw")).json()["status"] == "withdrawn"
    assert (await pod.patch(f"/_control/profiles/{first}", json={"reference": "X"})).status_code == 400
    assert (await pod.patch(f"/_control/profiles/{first}", json={"title": 3})).status_code == 422


async def test_raw_profiles_are_stored_as_given(pod):
    raw = [{"reference": "TOIT20200101001", "type": "TO", "title": "Old", "lastUpdate": "2020-01-01T00:00:00Z"},
           {"reference": "not-a-reference", "type": "XX", "title": ""}]
    stored = await pod.post("/_control/profiles", json=raw)
    assert stored.json() == {"stored": ["TOIT20200101001", "not-a-reference"]}
    order = await read_all(pod)
    assert order[0]["reference"] == "TOIT20200101001" and order[0]["lastUpdate"] == "2020-01-01T00:00:00.000Z"
    assert order[-1]["reference"] == "not-a-reference" and order[-1]["lastUpdate"].startswith("2026-05-01T12:00")
    replaced = await pod.post("/_control/profiles", json={**raw[0], "title": "New"})
    assert replaced.status_code == 200 and len(await read_all(pod)) == PROFILE_COUNT + 2
    assert (await pod.post("/_control/profiles", json=[{"title": "no reference"}])).status_code == 400
    assert (await pod.post("/_control/profiles", json=[{"reference": "R", "lastUpdate": "soon"}])).status_code == 400


async def test_stats_count_partner_calls_by_endpoint_and_status(pod):
    await pod.get("/profiles")
    await pod.get("/profiles", auth=("x", "y"))
    await pod.get("/profiles/TOIT20200101999")
    stats = (await pod.get("/_control/stats")).json()
    assert stats == {"GET /profiles": {"200": 1, "401": 1}, "GET /profiles/{reference}": {"404": 1}}


# -- faults ------------------------------------------------------------------------------------

async def test_status_burst_answers_the_next_calls_then_stops(pod):
    await arm(pod, status_burst={"count": 2, "status": 503})
    assert [(await pod.get("/profiles/anything")).status_code for _ in range(3)] == [503, 503, 404]
    assert (await pod.get("/_control/faults")).json()["status_burst"]["count"] == 0


async def test_delay_holds_the_next_calls(pod):
    await arm(pod, delay={"count": 1, "seconds": 0.3})
    started = time.perf_counter()
    await pod.get("/profiles")
    assert time.perf_counter() - started >= 0.3
    started = time.perf_counter()
    await pod.get("/profiles")
    assert time.perf_counter() - started < 0.3


async def test_truncated_and_malformed_lists_are_200_but_not_xml(pod):
    whole = await pod.get("/profiles")
    await arm(pod, truncate_next=1, malformed_next=1)
    malformed = await pod.get("/profiles")
    truncated = await pod.get("/profiles")
    for response in (malformed, truncated):
        assert response.status_code == 200
        assert int(response.headers["content-length"]) == len(response.content)
        with pytest.raises(ParseError):
            fromstring(response.content)
    assert len(truncated.content) == len(whole.content) // 2 and whole.content.startswith(truncated.content)
    assert b"</broken-" in malformed.content and len(malformed.content) == len(whole.content) + 7
    assert fromstring((await pod.get("/profiles")).content).tag == "profiles"


async def test_xml_bomb_is_small_and_refused_by_a_safe_parser(pod):
    await arm(pod, xml_bomb_next=1)
    bomb = await pod.get("/interests")
    assert bomb.status_code == 200 and len(bomb.content) < 4096 and b"<!ENTITY" in bomb.content
    with pytest.raises(DefusedXmlException):
        fromstring(bomb.content)


async def test_body_faults_spare_json_and_single_profiles(pod):
    await arm(pod, truncate_next=1)
    assert (await pod.get("/profiles?format=json")).json()["total"] == PROFILE_COUNT
    reference = (await read_all(pod))[0]["reference"]
    assert xml(await pod.get(f"/profiles/{reference}")).findtext("reference") == reference
    assert (await pod.get("/_control/faults")).json()["truncate_next"] == 1


async def test_duplicate_pages_serve_the_previous_page_first(pod):
    pages = {n: (await pod.get("/profiles", params={"page": n, "page_size": 10, "format": "json"})).json()
             for n in (1, 2, 3)}
    await arm(pod, duplicate_pages=True)
    served = [(n, (await pod.get("/profiles", params={"page": n, "page_size": 10, "format": "json"})).json())
              for n in (1, 2, 2, 3, 3, 3)]
    assert [body["profiles"] == pages[expected]["profiles"] for (_, body), expected
            in zip(served, (1, 1, 2, 2, 3, 2), strict=True)] == [True] * 6
    assert [body["page"] for _, body in served] == [1, 2, 2, 3, 3, 3]


async def test_rate_limit_per_credential_answers_429_with_retry_after(pod):
    await arm(pod, rate_limit_per_second=2)
    statuses = [(await pod.get("/profiles/x")).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    limited = await pod.get("/profiles/x")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    await asyncio.sleep(0.6)
    assert (await pod.get("/profiles/x")).status_code == 404


async def test_reset_clears_every_fault_and_bad_switches_are_refused(pod):
    await arm(pod, status_burst={"count": 5, "status": 500}, xml_bomb_next=2, duplicate_pages=True,
              rate_limit_per_second=1)
    state = (await pod.delete("/_control/faults")).json()
    assert state == {"status_burst": {"count": 0, "status": 503}, "delay": {"count": 0, "seconds": 0.0},
                     "xml_bomb_next": 0, "malformed_next": 0, "truncate_next": 0, "duplicate_pages": False,
                     "rate_limit_per_second": None}
    assert [(await pod.get("/profiles")).status_code for _ in range(3)] == [200] * 3
    for bad in ({"explode": 1}, {"truncate_next": -1}, {"status_burst": {"count": 1, "status": 200}},
                {"delay": 3}, {"duplicate_pages": "yes"}):
        assert (await pod.post("/_control/faults", json=bad)).status_code == 400, bad


# -- the real process --------------------------------------------------------------------------

def test_the_simulator_runs_as_a_process(tmp_path):
    stack = LocalStack(tmp_path, Ports.free())
    try:
        username, password = stack.start_pod(profiles=20, malformed=2, seed=1)
        response = httpx.get(f"{stack.pod_url}/profiles", params={"format": "json"}, auth=(username, password))
        assert response.status_code == 200 and response.json()["total"] == 22
        assert "podsim: 22 profiles" in (tmp_path / "logs" / "pod.log").read_text()
    finally:
        stack.stop_all()
