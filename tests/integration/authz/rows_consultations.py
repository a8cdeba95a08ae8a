"""Authorisation matrix rows of consultations (community and platform-wide). Expected
statuses in ACTORS order: anonymous, non_member, pending, invited, member, author, moderator,
owner, operator.

Reading follows the community's access type (open: everyone signed in; private: members,
others 403; closed: members, invited 403, others 404). Answering, and reading one's own
response, is for those who take part (active members; platform-wide: everyone signed in).
Managing (create, change, publish, close, delete, export, the results while open) is the
owner's and moderators' (platform-wide: operators'). A draft exists only for the managers.
Results of a closed consultation whose results are public: the participants."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.authz.matrix import Env, Fixture, Row

ANY = {"If-Match": "*"}
PARTICIPANTS = ("member", "author", "moderator", "owner")
EVERYONE = ("non_member", "pending", "invited", "member", "author", "moderator", "owner", "operator")
QUESTION = {"id": "q", "kind": "single_choice", "prompt": "Which priority first?", "required": True,
            "options": [{"id": "a", "label": "Skills"}, {"id": "b", "label": "Digital"}]}
ANSWER = {"answers": {"q": "a"}}


def _consultation(*, publish: bool = True, upcoming: bool = False, public_results: bool = False) -> dict:
    now = datetime.now(UTC)
    opens = now + timedelta(days=1) if upcoming else now - timedelta(minutes=1)
    return {"title": "S3 work programme", "description": "Tell the Region.", "questions": [QUESTION],
            "opens_at": opens.isoformat(), "closes_at": (now + timedelta(days=30)).isoformat(), "publish": publish,
            "results_public_after_close": public_results}


async def _create(env: Env, base: str, actor: str, **kind) -> str:
    response = await env.client.post(base, json=_consultation(**kind), headers=env.headers(actor))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _answered(env: Env, base: str, actor: str, who: tuple[str, ...]) -> str:
    cid = await _create(env, base, actor)
    for person in who:
        response = await env.client.put(f"{base}/{cid}/response", json=ANSWER, headers=env.headers(person))
        assert response.status_code == 200, response.text
    return cid


async def _closed(env: Env, base: str, actor: str) -> str:
    cid = await _create(env, base, actor, public_results=True)
    response = await env.client.post(f"{base}/{cid}/close", headers=env.headers(actor))
    assert response.status_code == 200, response.text
    return cid


def _base(env: Env) -> str:
    return f"/communities/{env.community_id}/consultations"


async def consultation(env: Env) -> str:
    return await _create(env, _base(env), "owner")


async def consultation_draft(env: Env) -> str:
    return await _create(env, _base(env), "owner", publish=False)


async def consultation_upcoming(env: Env) -> str:
    return await _create(env, _base(env), "owner", upcoming=True)


async def consultation_answered(env: Env) -> str:
    return await _answered(env, _base(env), "owner", PARTICIPANTS)


async def consultation_closed(env: Env) -> str:
    return await _closed(env, _base(env), "owner")


async def platform_consultation(env: Env) -> str:
    return await _create(env, "/consultations", "operator")


async def platform_consultation_draft(env: Env) -> str:
    return await _create(env, "/consultations", "operator", publish=False)


async def platform_consultation_upcoming(env: Env) -> str:
    return await _create(env, "/consultations", "operator", upcoming=True)


async def platform_consultation_answered(env: Env) -> str:
    return await _answered(env, "/consultations", "operator", EVERYONE)


async def platform_consultation_closed(env: Env) -> str:
    return await _closed(env, "/consultations", "operator")


FIXTURES: dict[str, Fixture] = {
    "consultation": consultation, "consultation_draft": consultation_draft,
    "consultation_upcoming": consultation_upcoming, "consultation_answered": consultation_answered,
    "consultation_closed": consultation_closed, "platform_consultation": platform_consultation,
    "platform_consultation_draft": platform_consultation_draft,
    "platform_consultation_upcoming": platform_consultation_upcoming,
    "platform_consultation_answered": platform_consultation_answered,
    "platform_consultation_closed": platform_consultation_closed,
}

C = "/communities/{community}/consultations"

#                anon non  pend inv  mem  auth mod  own  op
READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
        "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
        "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}


def _participants(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "private": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "closed": (401, 404, 404, 403, ok, ok, ok, ok, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


def _draft(ok: int) -> dict[str, tuple[int, ...]]:
    """A draft exists for the managers only."""
    return {"public": (401, 404, 404, 404, 404, 404, ok, ok, 404),
            "private": (401, 403, 403, 403, 404, 404, ok, ok, 403),
            "closed": (401, 404, 404, 403, 404, 404, ok, ok, 404)}


def _platform(*statuses: int) -> dict[str, tuple[int, ...]]:
    return {access: tuple(statuses) for access in ("public", "private", "closed")}


PLATFORM_READ = _platform(401, 200, 200, 200, 200, 200, 200, 200, 200)


def _operators(ok: int) -> dict[str, tuple[int, ...]]:
    return _platform(401, 403, 403, 403, 403, 403, 403, 403, ok)


def _operators_draft(ok: int) -> dict[str, tuple[int, ...]]:
    return _platform(401, 404, 404, 404, 404, 404, 404, 404, ok)


ROWS: list[Row] = [
    # -- community consultations
    Row("list community consultations", "GET", C, READ),
    Row("list community consultation drafts", "GET", C + "?phase=draft", _managers(200)),
    Row("open a community consultation", "POST", C, _managers(201), body=lambda env: _consultation()),
    Row("read a community consultation", "GET", C + "/{consultation}", READ, needs=("consultation",)),
    Row("read a community consultation draft", "GET", C + "/{consultation_draft}", _draft(200),
        needs=("consultation_draft",)),
    Row("change a community consultation", "PATCH", C + "/{consultation}", _managers(200), needs=("consultation",),
        body={"results_public_after_close": True}, headers=ANY),
    Row("publish a community consultation", "POST", C + "/{consultation_draft}/publish", _draft(200),
        needs=("consultation_draft",), fresh=True),
    Row("close a community consultation", "POST", C + "/{consultation}/close", _managers(200),
        needs=("consultation",), fresh=True),
    Row("delete a community consultation", "DELETE", C + "/{consultation_upcoming}", _managers(204),
        needs=("consultation_upcoming",), headers=ANY, fresh=True),
    Row("answer a community consultation", "PUT", C + "/{consultation}/response", _participants(200),
        needs=("consultation",), body=ANSWER),
    Row("read my community response", "GET", C + "/{consultation_answered}/response", _participants(200),
        needs=("consultation_answered",)),
    Row("results of an open community consultation", "GET", C + "/{consultation}/results", _managers(200),
        needs=("consultation",)),
    Row("public results of a closed community consultation", "GET", C + "/{consultation_closed}/results",
        _participants(200), needs=("consultation_closed",)),
    Row("export a community consultation", "GET", C + "/{consultation_answered}/responses.csv", _managers(200),
        needs=("consultation_answered",)),
    # -- platform-wide consultations
    Row("list platform consultations", "GET", "/consultations", PLATFORM_READ, platform=True),
    Row("list platform consultation drafts", "GET", "/consultations?phase=draft", _operators(200), platform=True),
    Row("open a platform consultation", "POST", "/consultations", _operators(201),
        body=lambda env: _consultation(), platform=True),
    Row("read a platform consultation", "GET", "/consultations/{platform_consultation}", PLATFORM_READ,
        needs=("platform_consultation",), platform=True),
    Row("read a platform consultation draft", "GET", "/consultations/{platform_consultation_draft}",
        _operators_draft(200), needs=("platform_consultation_draft",), platform=True),
    Row("change a platform consultation", "PATCH", "/consultations/{platform_consultation}", _operators(200),
        needs=("platform_consultation",), body={"results_public_after_close": True}, headers=ANY, platform=True),
    Row("publish a platform consultation", "POST", "/consultations/{platform_consultation_draft}/publish",
        _operators_draft(200), needs=("platform_consultation_draft",), fresh=True, platform=True),
    Row("close a platform consultation", "POST", "/consultations/{platform_consultation}/close", _operators(200),
        needs=("platform_consultation",), fresh=True, platform=True),
    Row("delete a platform consultation", "DELETE", "/consultations/{platform_consultation_upcoming}",
        _operators(204), needs=("platform_consultation_upcoming",), headers=ANY, fresh=True, platform=True),
    Row("answer a platform consultation", "PUT", "/consultations/{platform_consultation}/response", PLATFORM_READ,
        needs=("platform_consultation",), body=ANSWER, platform=True),
    Row("read my platform response", "GET", "/consultations/{platform_consultation_answered}/response",
        PLATFORM_READ, needs=("platform_consultation_answered",), platform=True),
    Row("results of an open platform consultation", "GET", "/consultations/{platform_consultation}/results",
        _operators(200), needs=("platform_consultation",), platform=True),
    Row("public results of a closed platform consultation", "GET",
        "/consultations/{platform_consultation_closed}/results", PLATFORM_READ,
        needs=("platform_consultation_closed",), platform=True),
    Row("export a platform consultation", "GET", "/consultations/{platform_consultation_answered}/responses.csv",
        _operators(200), needs=("platform_consultation_answered",), platform=True),
]
