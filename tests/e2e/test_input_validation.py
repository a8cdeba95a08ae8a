"""Text and e-mail addresses are checked alike in every service: through the gateway, a
control character or a malformed address is a 422 problem naming the field, and nothing
is stored."""
from __future__ import annotations

import pytest

from servicekit.ids import new_id

PASSWORD = "a long enough password"


def problem_fields(response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["loc"][-1] for error in response.json()["errors"]]


def registration(**overrides) -> dict:
    return {"email": f"{new_id()}@example.org", "password": PASSWORD, "display_name": "Ada Lovelace", **overrides}


@pytest.mark.parametrize(("overrides", "field"), [
    ({"display_name": "Ada\u0000Lovelace"}, "display_name"),
    ({"display_name": "Ada\nLovelace"}, "display_name"),
    ({"email": "nul\u0000@example.org"}, "email"),
    ({"email": "<script>@x.org"}, "email"),
    ({"email": "ada@example.org\r\nBcc: all@example.org"}, "email"),
    ({"email": "ada@localhost"}, "email"),
])
def test_registration_refuses_control_characters_and_bad_addresses(gateway, overrides, field):
    body = registration(**overrides)
    assert problem_fields(gateway.post("/profiles/users", json=body)) == [field]
    assert gateway.post("/profiles/sessions", json={"email": body["email"], "password": PASSWORD}).status_code in (
        401, 422)  # no account was made


def test_an_address_is_stored_normalised_and_signs_in_in_any_case(gateway):
    local = f"ada.{new_id()[-12:]}"
    registered = gateway.post("/profiles/users", json=registration(email=f"  {local}@Example.ORG "))
    assert registered.status_code == 201, registered.text
    signed_in = gateway.post("/profiles/sessions", json={"email": f"{local.upper()}@EXAMPLE.org", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    me = gateway.get("/profiles/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"})
    assert me.json()["email"] == f"{local}@example.org"
    assert problem_fields(gateway.post("/profiles/sessions", json={"email": "ada\u0000@example.org",
                                                                    "password": PASSWORD})) == ["email"]


def test_every_service_refuses_control_characters_in_text(member):
    ada = member("Ada Lovelace")
    etag = ada.get("/profiles/me").headers["etag"]
    assert problem_fields(ada.put("/profiles/me/profile", headers={"If-Match": etag}, json={
        "display_name": "Ada", "organisation": "Acme\u0000", "interests": [], "competences": []})) == ["organisation"]
    assert problem_fields(ada.post("/communities/communities", json={
        "name": f"Space\u0000makers {new_id()[-8:]}", "visibility": "public", "descriptors": ["s3:aerospace"]})) == ["name"]
    assert problem_fields(ada.get("/communities/communities", params={"text": "space\u0000"})) == ["text"]
    assert problem_fields(ada.post("/proposals/proposals", json={
        "kind": "technology_offer", "title": "Brackets\u0000", "summary": "Titanium brackets.",
        "descriptors": ["s3:aerospace"]})) == ["title"]
