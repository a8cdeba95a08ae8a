"""Steps a person takes to get in, by role and label as they read them (it or en)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import Person

TEXT = {
    "it": {"email": "E-mail", "password": "Password", "sign_in": "Accedi"},
    "en": {"email": "E-mail", "password": "Password", "sign_in": "Sign in"},
}


def sign_in(person: Person, email: str, password: str) -> None:
    text = TEXT[person.language]
    page = person.page
    page.goto("/sign-in")
    page.get_by_label(text["email"]).fill(email)
    page.get_by_label(text["password"], exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name=text["sign_in"]).click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()
