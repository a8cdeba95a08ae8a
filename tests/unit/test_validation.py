"""The shared text and e-mail address types, and that every request body uses them."""
from __future__ import annotations

import importlib
import inspect

import pytest
from pydantic import BaseModel, Field, ValidationError

from servicekit.validation import EmailAddress, MultiLineText, SingleLineText


class Form(BaseModel):
    title: SingleLineText = Field(min_length=5, max_length=20)
    body: MultiLineText = Field(default="", max_length=40)
    organisation: SingleLineText | None = Field(default=None, max_length=10)
    email: EmailAddress | None = None


def rejected(**fields) -> list[tuple]:
    with pytest.raises(ValidationError) as caught:
        Form(**{"title": "A fine title", **fields})
    return [error["loc"] for error in caught.value.errors()]


CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("char", CONTROL + ["\t", "\n", "\r", "\u2028", "\u2029"])
def test_single_line_text_refuses_control_characters_and_line_breaks(char):
    assert rejected(title=f"Title{char}with it") == [("title",)]
    assert rejected(organisation=f"Acme{char}Co") == [("organisation",)]


@pytest.mark.parametrize("char", CONTROL)
def test_multi_line_text_refuses_control_characters(char):
    assert rejected(body=f"Line one{char}line two") == [("body",)]


def test_multi_line_text_keeps_tabs_and_line_breaks():
    assert Form(title="A fine title", body="One\ttwo\nthree\r\nfour").body == "One\ttwo\nthree\r\nfour"


def test_text_is_trimmed_before_its_length_is_checked():
    form = Form(title="  A fine title \n", body="\n  Body\n\n", organisation="   Acme   ")
    assert (form.title, form.body, form.organisation) == ("A fine title", "Body", "Acme")
    assert rejected(title="   abc     ") == [("title",)]  # 3 characters once trimmed
    assert rejected(organisation="Acme Corporation") == [("organisation",)]  # limits hold on optional fields


def test_other_unicode_is_text():
    text = "Città più 😀\u200d🔬 عربي"
    assert Form(title=text, body=text, organisation="Ünïcødé").title == text


@pytest.mark.parametrize("address", [
    "nul\x00@example.org", "<script>@x.org", "no-at-sign", "two@@example.org", "a@b", "a@localhost",
    "spaced out@example.org", "line\nbreak@example.org", "a@example.org\n<b>",
    "a@" + "d" * 250 + ".org", "a@exa_mple.org", "a@-example.org", "a@example..org",
])
def test_invalid_email_addresses_are_refused(address):
    assert rejected(email=address) == [("email",)]


@pytest.mark.parametrize(("address", "normalised"), [
    ("alice@example.org", "alice@example.org"),
    ("  Alice.Rossi+eu@Example.ORG ", "Alice.Rossi+eu@example.org"),  # the local part is the owner's
    ("o'brien@uni.example.ie", "o'brien@uni.example.ie"),
    ("anna@münchen.example", "anna@münchen.example"),
])
def test_valid_email_addresses_are_normalised_without_any_dns_lookup(address, normalised, monkeypatch):
    import dns.resolver

    def no_dns(*args, **kwargs):
        raise AssertionError("validation must not query DNS")

    monkeypatch.setattr(dns.resolver.Resolver, "resolve", no_dns)
    monkeypatch.setattr(dns.resolver, "resolve", no_dns)
    assert Form(title="A fine title", email=address).email == normalised


def test_the_rules_show_in_the_json_schema():
    properties = Form.model_json_schema()["properties"]
    assert properties["title"]["pattern"].startswith("^[^\\u0000-\\u001f")
    assert properties["title"]["minLength"] == 5 and properties["title"]["maxLength"] == 20
    assert "\\u0009" not in properties["body"]["pattern"]


# -- every service's request bodies ---------------------------------------------------------
SCHEMA_MODULES = ["profiles.entrypoints.schemas", "communities.entrypoints.schemas",
                  "proposals.entrypoints.schemas", "een_bridge.entrypoints.schemas"]
# Strings that are not text a person writes: secrets, opaque tokens, descriptor codes (checked
# against the taxonomy) and a closing reason (one of three words).
NOT_TEXT = {"RegistrationIn.password", "SignInIn.password", "RefreshIn.refresh_token", "CloseIn.reason",
            *(f"{model}.{field}" for model in ("ProposalIn", "ProposalPatch", "CommunityIn", "CommunityPatch")
              for field in ("descriptors",)),
            *(f"ProfileIn.{field}" for field in ("competences", "interests"))}


def request_models():
    for name in SCHEMA_MODULES:
        module = importlib.import_module(name)
        for model in vars(module).values():
            if (inspect.isclass(model) and issubclass(model, BaseModel) and model.__module__ == name
                    and model.__name__.endswith(("In", "Patch"))):
                yield model


def string_schemas(schema: dict, defs: dict):
    """The string schemas a property accepts (through anyOf, arrays and $refs)."""
    if "$ref" in schema:
        yield from string_schemas(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    for option in schema.get("anyOf", []):
        yield from string_schemas(option, defs)
    if schema.get("type") == "string" and not {"enum", "const", "format"} & schema.keys():
        yield schema
    if schema.get("type") == "array":
        yield from string_schemas(schema.get("items", {}), defs)


def test_every_text_field_of_every_request_body_refuses_control_characters():
    models = list(request_models())
    assert len(models) >= 10
    unguarded = []
    for model in models:
        schema = model.model_json_schema()
        for field, prop in schema["properties"].items():
            if f"{model.__name__}.{field}" in NOT_TEXT:
                continue
            for string in string_schemas(prop, schema.get("$defs", {})):
                if "pattern" not in string or "\\u0000" not in string["pattern"]:
                    unguarded.append(f"{model.__name__}.{field}")
    assert unguarded == []
