"""servicekit.http.openapi derives each operation's security, headers and problem responses
from its code: the cases the services' own routes do not show."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Header
from servicekit.auth import Principal
from servicekit.http.dependencies import optional_principal
from servicekit.http.concurrency import IfMatch
from servicekit.http.openapi import install_api_docs, with_servers
from servicekit.http.routing import ServiceRouter


def document() -> dict:
    app = FastAPI(title="t", openapi_url=None, docs_url=None, redoc_url=None)
    install_api_docs(app)
    router = ServiceRouter()

    @router.get("/feed")
    async def feed(caller: Annotated[Principal | None, Depends(optional_principal)]) -> dict:
        return {}

    @router.put("/things/{thing_id}")
    async def replace_thing(thing_id: str, expected: IfMatch,
                            if_match: Annotated[str, Header(alias="If-Match")]) -> dict:
        return {}

    @router.post("/runs", status_code=202, responses={409: {"description": "a run is going on already"}})
    async def start_run() -> dict:
        return {}

    app.include_router(router)
    return app.openapi()


def test_anonymous_or_signed_in_is_optional_security():
    operation = document()["paths"]["/feed"]["get"]
    assert operation["security"] == [{"bearerAuth": []}, {}]
    assert "401" in operation["responses"]  # a token that is sent must verify


def test_a_header_the_route_declares_is_not_added_twice():
    operation = document()["paths"]["/things/{thing_id}"]["put"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "header"] == ["If-Match"]
    assert {"404", "412", "428"} <= set(operation["responses"])


def test_a_declared_error_status_keeps_its_description_and_gets_a_problem_body():
    operation = document()["paths"]["/runs"]["post"]
    conflict = operation["responses"]["409"]
    assert conflict["description"] == "a run is going on already"
    assert list(conflict["content"]) == ["application/problem+json"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]  # 202 creates a run


def test_servers_follow_the_prefix_the_document_is_served_under():
    assert with_servers({}, "/api/een")["servers"][0]["url"] == "/api/een"
    assert with_servers({}, "")["servers"][0]["url"] == "/"
