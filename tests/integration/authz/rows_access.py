"""Authorisation matrix rows of the core community endpoints and invitations. Expected
statuses in ACTORS order: anonymous, non_member, pending, invited, member, author, moderator,
owner, operator.

Open and private communities exist for everyone signed in (listed; a private one's member
list is for its members, others 403); a closed one exists only for its members and
invitees (others 404, invitees 403 where members only may act). Changing the community and
inviting: owner and moderators; roles: the owner. Operators are no members: in a closed
community they get 404 like anyone else; they alone see the review queue and review (409
here: the worlds' communities are active, not waiting for validation).

Rows that change an actor's membership (join, leave, approve, reject, accept, decline) run
on a *twin* (`world.twin_of`): a new community of the same access type with the same actors
in the same states, one per row, so the world's own community stays as every other row
expects it. Each cell of such a row changes only its own actor's state; approve and reject
act on a new applicant per cell, and the link row on a new link per cell."""
from __future__ import annotations

from servicekit.ids import new_id

from tests.integration.authz.matrix import Env, Fixture, Row, same
from tests.integration.authz.world import World, twin_of

ANY = {"If-Match": "*"}
C = "/communities/{community}"


# -- fixtures ---------------------------------------------------------------------------------
# One twin per world and purpose (a row that changes memberships changes only the acting
# actor's own, so one twin serves all nine cells of a row): (world community, purpose) → twin.
_TWINS: dict[tuple[str, str], World] = {}


async def _twin(env: Env, purpose: str) -> World:
    assert isinstance(env, World)
    key = (env.community_id, purpose)
    if key not in _TWINS:
        _TWINS[key] = await twin_of(env)
    return _TWINS[key]


def _twin_fixture(purpose: str) -> Fixture:
    async def make(env: Env) -> str:
        return (await _twin(env, purpose)).community_id
    return make


def _twin_invitation(purpose: str) -> Fixture:
    async def make(env: Env) -> str:
        return (await _twin(env, purpose)).invitation_ids.get("invited", "none")
    return make


async def new_applicant(env: Env) -> str:
    """A user asking to join the `decide` twin (in a private one; elsewhere there is no asking:
    a user with no membership), made anew for every cell."""
    assert isinstance(env, World)
    user = new_id()
    if env.access == "private":
        twin = await _twin(env, "decide")
        asked = await env.client.post(f"/communities/{twin.community_id}/members", headers=env.issuer.headers(user))
        assert asked.status_code == 201, asked.text
    return user


async def _email_invitation(env: Env, community_id: str) -> dict:
    response = await env.client.post(f"/communities/{community_id}/invitations",
                                     json={"email": f"matrix-{new_id()[-12:]}@example.org"},
                                     headers=env.headers("owner"))
    assert response.status_code == 201, response.text
    return response.json()


async def email_invitation(env: Env) -> str:
    return (await _email_invitation(env, env.community_id))["id"]


async def email_token(env: Env) -> str:
    return (await _email_invitation(env, env.community_id))["accept_url"].split("token=", 1)[1]


async def twin_email_token(env: Env) -> str:
    twin = await _twin(env, "link")
    return (await _email_invitation(env, twin.community_id))["accept_url"].split("token=", 1)[1]


async def member_user(env: Env) -> str:
    return env.user("member")


FIXTURES: dict[str, Fixture] = {
    **{f"twin_{p}": _twin_fixture(p) for p in ("join", "leave", "decide", "accept", "decline")},
    "accept_invitation": _twin_invitation("accept"), "decline_invitation": _twin_invitation("decline"),
    "email_invitation": email_invitation, "email_token": email_token, "twin_email_token": twin_email_token,
    "new_applicant": new_applicant, "member_user": member_user,
}


# -- bodies -----------------------------------------------------------------------------------
def _new_community(env: Env) -> dict:
    return {"name": f"Matrix new {new_id()[-12:]}", "visibility": "public", "descriptors": ["s3:aerospace"]}


def _sub_community(env: Env) -> dict:
    return {"name": f"Matrix sub {new_id()[-12:]}", "visibility": env.access, "descriptors": ["s3:aerospace"],
            "parent_id": env.community_id}


def _new_email(env: Env) -> dict:
    return {"email": f"matrix-{new_id()[-12:]}@example.org"}


def _link_token(env: Env) -> dict:
    return {"token": env.ids["twin_email_token"]}


# -- expectations -----------------------------------------------------------------------------
#                anon non  pend inv  mem  auth mod  own  op
EXISTS = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
          "private": (401, 200, 200, 200, 200, 200, 200, 200, 200),
          "closed": (401, 404, 404, 200, 200, 200, 200, 200, 404)}
MEMBERS_READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
                "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
                "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}


def _managers(ok: int, *, closed_manager: int | None = None) -> dict[str, tuple[int, ...]]:
    m = ok if closed_manager is None else closed_manager
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, m, m, 404)}


def _owner(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, 403, 403, 403, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, 403, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, 403, ok, 404)}


def _decide() -> dict[str, tuple[int, ...]]:
    """Approve or reject a new applicant's request: only in a private community is there one
    (elsewhere the user has no membership: 404 to the managers)."""
    return {"public": (401, 403, 403, 403, 403, 403, 404, 404, 403),
            "private": (401, 403, 403, 403, 403, 403, 200, 200, 403),
            "closed": (401, 404, 404, 403, 403, 403, 404, 404, 404)}


ONLY_INVITEE = same(401, 404, 404, 200, 404, 404, 404, 404, 404)

ROWS: list[Row] = [
    # -- communities
    Row("list communities", "GET", "/communities", same(401, 200, 200, 200, 200, 200, 200, 200, 200), platform=True),
    Row("create a community", "POST", "/communities", same(401, 201, 201, 201, 201, 201, 201, 201, 201),
        body=_new_community, platform=True),
    Row("the review queue", "GET", "/communities/review-queue", same(401, 403, 403, 403, 403, 403, 403, 403, 200),
        platform=True),
    Row("get a community", "GET", C, EXISTS),
    Row("list sub-communities", "GET", "/communities?parent_id={community}",
        same(401, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("create a sub-community", "POST", "/communities", _managers(201), body=_sub_community),
    Row("change a community", "PATCH", C, _managers(200), body={"description": "Changed by the matrix."},
        headers=ANY),
    Row("review a community", "POST", C + "/review",
        {"public": (401, 403, 403, 403, 403, 403, 403, 403, 409),
         "private": (401, 403, 403, 403, 403, 403, 403, 403, 409),
         "closed": (401, 404, 404, 403, 403, 403, 403, 403, 404)},
        body={"outcome": "approved"}),
    # -- membership
    Row("join or ask to join", "POST", "/communities/{twin_join}/members",
        {"public": (401, 201, 201, 201, 409, 409, 409, 409, 201),
         "private": (401, 201, 409, 201, 409, 409, 409, 409, 201),
         "closed": (401, 404, 404, 409, 409, 409, 409, 409, 404)},
        needs=("twin_join",)),
    Row("my membership", "GET", C + "/members/me",
        {"public": (401, 404, 404, 404, 200, 200, 200, 200, 404),
         "private": (401, 404, 200, 404, 200, 200, 200, 200, 404),
         "closed": (401, 404, 404, 404, 200, 200, 200, 200, 404)}),
    Row("leave or withdraw", "DELETE", "/communities/{twin_leave}/members/me",
        {"public": (401, 404, 404, 404, 204, 204, 204, 409, 404),
         "private": (401, 404, 204, 404, 204, 204, 204, 409, 404),
         "closed": (401, 404, 404, 404, 204, 204, 204, 409, 404)},
        needs=("twin_leave",)),
    Row("list members", "GET", C + "/members", MEMBERS_READ),
    Row("list requests to join", "GET", C + "/members?status=pending", _managers(200)),
    Row("approve a request", "POST", "/communities/{twin_decide}/members/{new_applicant}/approve", _decide(),
        needs=("twin_decide", "new_applicant"), fresh=True),
    Row("reject a request", "POST", "/communities/{twin_decide}/members/{new_applicant}/reject", _decide(),
        needs=("twin_decide", "new_applicant"), fresh=True),
    Row("assign a role", "PUT", C + "/members/{member_user}/role", _owner(200), needs=("member_user",),
        body={"role": "member"}),
    # -- invitations
    Row("invite an address", "POST", C + "/invitations", _managers(201), body=_new_email),
    Row("list invitations", "GET", C + "/invitations", _managers(200)),
    Row("revoke an invitation", "DELETE", C + "/invitations/{email_invitation}", _managers(204),
        needs=("email_invitation",), fresh=True),
    Row("my invitations", "GET", "/invitations/mine", same(401, 200, 200, 200, 200, 200, 200, 200, 200),
        platform=True),
    Row("preview an invitation link", "GET", "/invitations/preview?token={email_token}",
        same(200, 200, 200, 200, 200, 200, 200, 200, 200), needs=("email_token",)),
    Row("accept an invitation link", "POST", "/invitations/accept",
        same(401, 200, 200, 200, 409, 409, 409, 409, 200), needs=("twin_email_token",), body=_link_token,
        fresh=True),
    Row("accept a member's invitation", "POST", "/invitations/{accept_invitation}/accept", ONLY_INVITEE,
        needs=("accept_invitation",)),
    Row("decline a member's invitation", "POST", "/invitations/{decline_invitation}/decline", ONLY_INVITEE,
        needs=("decline_invitation",)),
]
