"""Consultations against the real database, broker and Redis: a manager's consultation with
questions of every kind, one response per member edited until closing, 422 problem+json
naming the wrong question, results for managers and (once closed, if public) members, the CSV
export parsed with the csv module (anonymous: no identity), the events on the bus, and the
scheduler opening and closing on time (run_due with an explicit now)."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from communities.service_layer import consultations as consultation_handlers
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
OPERATOR_ID = "region-" + new_id()[-6:]
OPERATOR = ISSUER.headers(OPERATOR_ID, [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])
BOOTSTRAP: list[str] = []


@pytest.fixture(autouse=True)
def _bootstrap(infra):
    BOOTSTRAP[:] = [infra.kafka_bootstrap]


@pytest.fixture(scope="module")
async def app(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_consultations_it", periodic_interval_seconds=3600))
    async with running(app, ISSUER) as client:
        app.state.client = client
        yield app


@pytest.fixture
def client(app):
    return app.state.client


def as_(user_id: str) -> dict[str, str]:
    return ISSUER.headers(user_id)


async def community(app, visibility: str = "public") -> tuple[str, str, list[str]]:
    owner, members = new_id(), [new_id(), new_id()]
    response = await app.state.client.post("/communities", json={
        "name": f"S3 cluster {new_id()[-12:]}", "description": "Smart specialisation.", "visibility": visibility,
        "descriptors": ["s3:aerospace"]}, headers=as_(owner))
    assert response.status_code == 201, response.text
    cid = response.json()["id"]
    for user in members:
        await app.state.runtime.db["memberships"].insert_one({
            "_id": new_id(), "community_id": cid, "user_id": user, "role": "member", "status": "active",
            "since": datetime.now(UTC), "version": 1})
    return cid, owner, members


QUESTIONS = [
    {"id": "sector", "kind": "single_choice", "prompt": "Your sector?", "required": True,
     "options": [{"id": "aero", "label": "Aerospace"}, {"id": "agri", "label": "Agrifood"}]},
    {"id": "prio", "kind": "multiple_choice", "prompt": "Priorities?", "min_selections": 1, "max_selections": 2,
     "options": [{"id": "a", "label": "Skills"}, {"id": "b", "label": "Digital"}, {"id": "c", "label": "Green"}]},
    {"id": "useful", "kind": "scale", "prompt": "How useful is the S3?", "required": True},
    {"id": "word", "kind": "short_text", "prompt": "One word"},
    {"id": "more", "kind": "long_text", "prompt": "Tell us more"},
]


def body(**overrides) -> dict:
    now = datetime.now(UTC)
    fields = {"title": "S3 work programme 2027", "description": "What should the **Region** fund?",
              "questions": QUESTIONS, "opens_at": (now - timedelta(minutes=1)).isoformat(),
              "closes_at": (now + timedelta(days=7)).isoformat(), "publish": True}
    fields.update(overrides)
    return fields


async def records(consultation_id: str, count: int) -> list:
    return await read_topic(BOOTSTRAP[0], topics.COMMUNITIES_CONSULTATION,
                            lambda r: data_of(r).get("consultation_id") == consultation_id, count=count, timeout=15)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


async def test_a_community_consultation_from_answers_to_results_and_export(app, client):
    cid, owner, (alice, bob) = await community(app)
    base = f"/communities/{cid}/consultations"
    created = await client.post(base, json=body(results_public_after_close=True), headers=as_(owner))
    assert created.status_code == 201, created.text
    c = created.json()
    assert c["phase"] == "open" and c["can_manage"] and c["response_count"] == 0
    one = f"{base}/{c['id']}"

    seen = (await client.get(one, headers=as_(alice))).json()
    assert seen["can_answer"] and not seen["answered"] and seen["response_count"] is None
    first = await client.put(f"{one}/response", json={"answers": {
        "sector": "aero", "prio": ["b", "a"], "useful": 4, "word": "=HYPERLINK(\"x\")"}}, headers=as_(alice))
    assert first.status_code == 200, first.text
    assert first.json()["answers"]["prio"] == ["a", "b"] and first.json()["version"] == 1
    edited = await client.put(f"{one}/response", json={"answers": {
        "sector": "agri", "prio": ["c"], "useful": 2, "word": "=HYPERLINK(\"x\")", "more": "Line one\nline two"}},
        headers=as_(alice))
    assert edited.json()["version"] == 2
    await client.put(f"{one}/response", json={"answers": {"sector": "aero", "useful": 5}}, headers=as_(bob))
    mine = (await client.get(f"{one}/response", headers=as_(alice))).json()
    assert mine["answers"]["sector"] == "agri"
    assert (await client.get(one, headers=as_(alice))).json()["answered"]
    assert (await app.state.runtime.db["consultation_responses"].count_documents({"consultation_id": c["id"]})) == 2

    # members see no results while it is open; the manager does
    assert is_problem(await client.get(f"{one}/results", headers=as_(alice)), 403)
    results = (await client.get(f"{one}/results", headers=as_(owner))).json()
    assert results["responses"] == 2
    sector, prio, useful, word, more = results["questions"]
    assert [(o["id"], o["count"]) for o in sector["options"]] == [("aero", 1), ("agri", 1)]
    assert [o["count"] for o in prio["options"]] == [0, 0, 1] and prio["answered"] == 1
    assert [d["count"] for d in useful["distribution"]] == [0, 1, 0, 0, 1] and useful["mean"] == 3.5
    assert word["texts"] == ["=HYPERLINK(\"x\")"] and more["texts"] == ["Line one\nline two"]

    export = await client.get(f"{one}/responses.csv", headers=as_(owner))
    header, *lines = rows_of(export)
    assert header == ["respondent_id", "submitted_at", "updated_at", "1. Your sector?", "2. Priorities?",
                      "3. How useful is the S3?", "4. One word", "5. Tell us more"]
    by_user = {line[0]: line for line in lines}
    assert set(by_user) == {alice, bob}
    assert by_user[alice][3:] == ["Agrifood", "Green", "2", "'=HYPERLINK(\"x\")", "Line one\nline two"]
    assert by_user[bob][3:] == ["Aerospace", "", "5", "", ""]
    assert "attachment" in export.headers["content-disposition"]
    assert is_problem(await client.get(f"{one}/responses.csv", headers=as_(alice)), 403)

    closed = await client.post(f"{one}/close", headers=as_(owner))
    assert closed.status_code == 200 and closed.json()["phase"] == "closed"
    late = await client.put(f"{one}/response", json={"answers": {"sector": "aero", "useful": 1}}, headers=as_(alice))
    assert is_problem(late, 409)
    assert (await client.get(f"{one}/results", headers=as_(alice))).json()["responses"] == 2

    opened, closed_event = await records(c["id"], 2)
    assert headers_of(opened)["ce_type"] == "communities.consultation.opened.v1"
    assert data_of(opened)["community_id"] == cid and data_of(opened)["summary"]
    assert headers_of(closed_event)["ce_type"] == "communities.consultation.closed.v1"
    assert sorted(data_of(closed_event)["participant_ids"]) == sorted([alice, bob])


async def test_answers_that_do_not_fit_are_422_naming_the_question(app, client):
    cid, owner, (alice, _) = await community(app)
    c = (await client.post(f"/communities/{cid}/consultations", json=body(), headers=as_(owner))).json()
    path = f"/communities/{cid}/consultations/{c['id']}/response"
    for answers, wrong in (({"useful": 3}, {"sector"}),
                           ({"sector": "aero", "useful": 3, "prio": ["a", "b", "c"]}, {"prio"}),
                           ({"sector": "nope", "useful": 7}, {"sector", "useful"}),
                           ({"sector": "aero", "useful": "4"}, {"useful"}),
                           ({"sector": "aero", "useful": 3, "word": "x" * 281}, {"word"}),
                           ({"sector": "aero", "useful": 3, "ghost": "x"}, {"ghost"})):
        response = await client.put(path, json={"answers": answers}, headers=as_(alice))
        assert is_problem(response, 422), (answers, response.text)
        problem = response.json()
        assert {e["question_id"] for e in problem["errors"]} == wrong, problem
    bad_type = await client.put(path, json={"answers": {"sector": {"x": 1}}}, headers=as_(alice))
    assert is_problem(bad_type, 422)
    assert is_problem(await client.get(path, headers=as_(alice)), 404)  # nothing stored


async def test_an_anonymous_platform_consultation_exports_no_identity(app, client):
    created = await client.post("/consultations", json=body(anonymous=True), headers=OPERATOR)
    assert created.status_code == 201, created.text
    c = created.json()
    one = f"/consultations/{c['id']}"
    people = [new_id(), new_id()]
    for n, user in enumerate(people):
        response = await client.put(f"{one}/response", json={"answers": {"sector": "aero", "useful": n + 1}},
                                    headers=as_(user))
        assert response.status_code == 200, response.text
        assert response.json()["submitted_at"] is None
    again = await client.put(f"{one}/response", json={"answers": {"sector": "agri", "useful": 5}},
                             headers=as_(people[0]))
    assert again.json()["version"] == 2
    stored = await app.state.runtime.db["consultation_responses"].find({"consultation_id": c["id"]}).to_list()
    assert len(stored) == 2
    for doc in stored:
        assert "respondent_id" not in doc and "submitted_at" not in doc
        assert not any(user in str(doc) for user in people)
    header, *lines = rows_of(await client.get(f"{one}/responses.csv", headers=OPERATOR))
    assert header[0] == "1. Your sector?" and len(header) == len(QUESTIONS)
    assert sorted(line[0] for line in lines) == ["Aerospace", "Agrifood"]
    assert not any(user in cell for line in lines for cell in line for user in people)
    assert is_problem(await client.post("/consultations", json=body(), headers=as_(people[0])), 403)


async def test_drafts_are_the_managers_and_questions_freeze_once_open(app, client):
    cid, owner, (alice, _) = await community(app)
    base = f"/communities/{cid}/consultations"
    now = datetime.now(UTC)
    draft = (await client.post(base, json=body(publish=False), headers=as_(owner))).json()
    assert draft["phase"] == "draft"
    assert (await client.get(f"{base}/{draft['id']}", headers=as_(alice))).status_code == 404
    assert [x["id"] for x in (await client.get(base, headers=as_(alice))).json()] == []
    assert is_problem(await client.get(f"{base}?phase=draft", headers=as_(alice)), 403)
    later = (now + timedelta(days=1)).isoformat()
    edit = await client.patch(f"{base}/{draft['id']}", json={"opens_at": later, "questions": QUESTIONS[:2]},
                              headers={**as_(owner), "If-Match": f'"v{draft["version"]}"'})
    assert edit.status_code == 200, edit.text
    assert len(edit.json()["questions"]) == 2
    published = await client.post(f"{base}/{draft['id']}/publish", headers=as_(owner))
    assert published.json()["phase"] == "upcoming"
    early = await client.put(f"{base}/{draft['id']}/response", json={"answers": {"sector": "aero"}},
                             headers=as_(alice))
    assert is_problem(early, 409)

    c = (await client.post(base, json=body(), headers=as_(owner))).json()
    frozen = await client.patch(f"{base}/{c['id']}", json={"questions": QUESTIONS[:1]},
                                headers={**as_(owner), "If-Match": f'"v{c["version"]}"'})
    assert is_problem(frozen, 409)
    extended = await client.patch(f"{base}/{c['id']}", json={"closes_at": (now + timedelta(days=30)).isoformat()},
                                  headers={**as_(owner), "If-Match": f'"v{c["version"]}"'})
    assert extended.status_code == 200
    listing = (await client.get(base, headers=as_(alice))).json()
    assert [x["phase"] for x in listing] == ["open", "upcoming"]
    assert [x["id"] for x in (await client.get(f"{base}?phase=upcoming", headers=as_(alice))).json()] == [draft["id"]]


async def test_the_scheduler_opens_and_closes_on_time(app, client):
    cid, owner, _ = await community(app, "private")
    now = datetime.now(UTC)
    opens, closes = now + timedelta(hours=1), now + timedelta(hours=2)
    c = (await client.post(f"/communities/{cid}/consultations", json=body(
        opens_at=opens.isoformat(), closes_at=closes.isoformat(), results_public_after_close=True),
        headers=as_(owner))).json()
    assert c["phase"] == "upcoming"
    uow = app.state.runtime.uow
    assert await consultation_handlers.run_due(uow, now) == 0
    assert await consultation_handlers.run_due(uow, opens + timedelta(seconds=1)) >= 1
    assert await consultation_handlers.run_due(uow, opens + timedelta(seconds=2)) == 0
    assert await consultation_handlers.run_due(uow, closes + timedelta(seconds=1)) >= 1
    assert await consultation_handlers.run_due(uow, closes + timedelta(seconds=2)) == 0
    opened, closed = await records(c["id"], 2)
    assert data_of(opened)["community_visibility"] == "private"
    assert data_of(closed)["results_public"] is True
    assert is_problem(await client.get(f"/communities/{cid}/consultations", headers=as_(new_id())), 403)
