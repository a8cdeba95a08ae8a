"""Authorisation matrix rows of documents. Expected statuses in ACTORS order: anonymous,
non_member, pending, invited, member, author, moderator, owner, operator.

Reading (folders, the list, a document, its downloads) follows the community's access type
(open: everyone signed in; private: members, others 403; closed: members, invited 403,
others 404). Folders are the managers'. Any active member uploads. A document's versions,
title, folder and deletion are its uploader's and the managers' (the fixture is the
owner's, so other members get 403)."""
from __future__ import annotations

from servicekit.ids import new_id

from tests.integration.authz.matrix import Env, Fixture, Row
from tests.support.document_samples import PDF

ANY = {"If-Match": "*"}
UPLOAD = {"X-Filename": "minutes.pdf", "Content-Type": "application/octet-stream"}


async def document(env: Env) -> str:
    response = await env.client.post(f"/communities/{env.community_id}/documents", content=PDF,
                                     headers={**env.headers("owner"), **UPLOAD})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def folder(env: Env) -> str:
    response = await env.client.post(f"/communities/{env.community_id}/folders", json={"name": "Minutes"},
                                     headers=env.headers("owner"))
    if response.status_code == 409:  # made already in this world (fresh rows make it anew)
        listed = await env.client.get(f"/communities/{env.community_id}/folders", headers=env.headers("owner"))
        return next(f["id"] for f in listed.json()["items"] if f["name"] == "Minutes")
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def empty_folder(env: Env) -> str:
    response = await env.client.post(f"/communities/{env.community_id}/folders",
                                     json={"name": f"Empty {new_id()[-10:]}"}, headers=env.headers("owner"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


FIXTURES: dict[str, Fixture] = {"document": document, "folder": folder, "empty_folder": empty_folder}

C = "/communities/{community}"

#                anon non  pend inv  mem  auth mod  own  op
READ = {"public": (401, 200, 200, 200, 200, 200, 200, 200, 200),
        "private": (401, 403, 403, 403, 200, 200, 200, 200, 403),
        "closed": (401, 404, 404, 403, 200, 200, 200, 200, 404)}


def _members(ok: int) -> dict[str, tuple[int, ...]]:
    return {"public": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "private": (401, 403, 403, 403, ok, ok, ok, ok, 403),
            "closed": (401, 404, 404, 403, ok, ok, ok, ok, 404)}


def _managers(ok: int) -> dict[str, tuple[int, ...]]:
    """The managers' (or, for a document, its uploader: the owner)."""
    return {"public": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "private": (401, 403, 403, 403, 403, 403, ok, ok, 403),
            "closed": (401, 404, 404, 403, 403, 403, ok, ok, 404)}


ROWS: list[Row] = [
    Row("list folders", "GET", C + "/folders", READ),
    Row("create a folder", "POST", C + "/folders", _managers(201), body=lambda env: {"name": f"Folder {new_id()[-10:]}"}),
    Row("rename a folder", "PATCH", C + "/folders/{folder}", _managers(200), needs=("folder",),
        body={"name": "Minutes"}, headers=ANY),
    Row("delete an empty folder", "DELETE", C + "/folders/{empty_folder}", _managers(204), needs=("empty_folder",),
        headers=ANY, fresh=True),
    Row("list documents", "GET", C + "/documents", READ),
    Row("upload a document", "POST", C + "/documents", _members(201), content=PDF, headers=UPLOAD),
    Row("read a document", "GET", C + "/documents/{document}", READ, needs=("document",)),
    Row("download a document", "GET", C + "/documents/{document}/content", READ, needs=("document",)),
    Row("download a version", "GET", C + "/documents/{document}/versions/1/content", READ, needs=("document",)),
    Row("upload a new version", "POST", C + "/documents/{document}/versions", _managers(201), needs=("document",),
        content=PDF, headers=UPLOAD),
    Row("rename a document", "PATCH", C + "/documents/{document}", _managers(200), needs=("document",),
        body={"title": "Minutes (approved)"}, headers=ANY),
    Row("delete a document", "DELETE", C + "/documents/{document}", _managers(204), needs=("document",),
        headers=ANY, fresh=True),
]
