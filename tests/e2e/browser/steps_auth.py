"""Steps a person takes to get in and out, by role and label as they read them (it or en)."""
from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.support.browser import Person

TEXT = {
    "it": {"email": "E-mail", "password": "Password", "sign_in": "Accedi", "sign_up": "Registrati",
           "name": "Nome e cognome", "language": "Lingua della piattaforma", "sign_out": "Esci",
           "account": "Il tuo account", "wrong_credentials": "E-mail o password non corrette.",
           "expired": "Sessione scaduta", "sign_in_again": "Accedi e continua"},
    "en": {"email": "E-mail", "password": "Password", "sign_in": "Sign in", "sign_up": "Sign up",
           "name": "Full name", "language": "Platform language", "sign_out": "Sign out",
           "account": "Your account", "wrong_credentials": "Wrong e-mail or password.",
           "expired": "Your session has expired", "sign_in_again": "Sign in and carry on"},
}
LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}
# Once signed in the UI speaks the member's language, which may not be the browser's.
def _any(key: str) -> re.Pattern[str]:
    return re.compile(f"^({'|'.join(re.escape(t[key]) for t in TEXT.values())})$")


SIGN_OUT_ANY, ACCOUNT_ANY = _any("sign_out"), _any("account")


def account_menu(person: Person) -> Locator:
    """The account corner of the header (sign in / sign up, or the member's name and sign out)."""
    return person.page.get_by_role("group", name=ACCOUNT_ANY)


def sign_in(person: Person, email: str, password: str) -> None:
    """From the sign-in page; returns once signed in (the header offers to sign out) or once the
    page says why not (an alert)."""
    text = TEXT[person.language]
    page = person.page
    page.goto("/sign-in")
    page.get_by_label(text["email"]).fill(email)
    page.get_by_label(text["password"], exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name=text["sign_in"]).click()
    signed_in = account_menu(person).get_by_role("button", name=SIGN_OUT_ANY)
    expect(signed_in.or_(page.get_by_role("main").get_by_role("alert")).first).to_be_visible()


def sign_up(person: Person, name: str, email: str, password: str, language: str | None = None) -> None:
    """From the header's sign-up link; returns once the new member is signed in."""
    text = TEXT[person.language]
    page = person.page
    account_menu(person).get_by_role("link", name=text["sign_up"]).click()
    main = page.get_by_role("main")
    main.get_by_label(text["name"]).fill(name)
    main.get_by_label(text["email"]).fill(email)
    main.get_by_label(text["password"], exact=True).fill(password)
    if language is not None:
        main.get_by_label(text["language"]).select_option(language)
    main.get_by_role("button", name=text["sign_up"]).click()
    expect(account_menu(person).get_by_role("button", name=SIGN_OUT_ANY)).to_be_visible()


def expect_signed_in(person: Person, sign_out_label: str | None = None) -> None:
    label = sign_out_label or TEXT[person.language]["sign_out"]
    expect(person.page.get_by_role("button", name=label)).to_be_visible()


def expect_signed_out(person: Person) -> None:
    text = TEXT[person.language]
    expect(account_menu(person).get_by_role("link", name=text["sign_in"])).to_be_visible()


def sign_out(person: Person) -> None:
    text = TEXT[person.language]
    account_menu(person).get_by_role("button", name=text["sign_out"]).click()
    expect_signed_out(person)
