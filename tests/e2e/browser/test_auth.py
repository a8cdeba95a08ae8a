"""Getting in and out in a real browser: sign up, a reload that keeps the session (the
refresh cookie), sign out, sign in, a wrong password, and the language that follows the
member from one browser to another."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from servicekit.ids import new_id
from tests.e2e.browser.steps_auth import (
    LANGUAGE_NAMES, TEXT, account_menu, expect_signed_in, expect_signed_out, sign_in, sign_out, sign_up,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def test_sign_up_stay_signed_in_across_a_reload_and_sign_out(people):
    person = people("it")
    page = person.page
    page.goto("/")
    expect_signed_out(person)
    account_menu(person).get_by_role("link", name="Registrati").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crea il tuo account")
    # The rules are checked before anything is sent.
    page.get_by_role("main").get_by_role("button", name="Registrati").click()
    expect(page.get_by_role("alert")).to_have_text("Controlla i campi segnalati.")
    expect(page.get_by_text("La password deve avere almeno 10 caratteri.")).to_be_visible()
    check_page(person, "auth-sign-up-mistakes")
    page.goto("/sign-up")
    check_page(person, "auth-sign-up")

    email = f"ada.{new_id()[-12:]}@example.org"
    sign_up(person, "Ada Lovelace", email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(account_menu(person).get_by_role("link", name="Ada Lovelace")).to_be_visible()

    # The access token is in memory only; the refresh cookie brings the session back.
    cookies = {c["name"]: c for c in person.context.cookies()}
    assert cookies["oi_refresh"]["httpOnly"] and cookies["oi_refresh"]["path"] == "/api/profiles/sessions"
    assert not cookies["oi_csrf"]["httpOnly"] and cookies["oi_csrf"]["sameSite"] == "Strict"
    page.reload()
    expect_signed_in(person)
    expect(account_menu(person).get_by_role("link", name="Ada Lovelace")).to_be_visible()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k !== 'oi.language')") == []

    sign_out(person)
    expect(page).to_have_url(re.compile(r"/$"))
    assert "oi_refresh" not in {c["name"] for c in person.context.cookies()}
    page.reload()
    expect_signed_out(person)


def test_sign_in_in_english_with_a_wrong_password_first(people, member):
    bob = member("Bob")
    person = people("en", phone=True)
    sign_in(person, bob.email, "not the right password")
    expect(person.page.get_by_role("main").get_by_role("alert")).to_have_text(TEXT["en"]["wrong_credentials"])
    check_page(person, "auth-sign-in-wrong")
    # Bob's profile says Italian (the default): once signed in, the UI speaks it.
    sign_in(person, bob.email, PASSWORD)
    expect(person.page.locator("html")).to_have_attribute("lang", "it")
    expect_signed_in(person, TEXT["it"]["sign_out"])
    # Signed-in pages hold the live inbox stream open (never network-idle): a screenshot only.
    person.screenshot("auth-signed-in")


def test_sign_in_and_sign_up_pages_in_each_language_and_on_a_phone(people):
    for language, phone in (("it", False), ("en", False), ("it", True), ("en", True)):
        person = people(language, phone=phone)
        person.page.goto("/sign-in")
        expect(person.page.get_by_role("heading", level=1)).to_have_text(TEXT[language]["sign_in"])
        check_page(person, "auth-sign-in")
        person.page.get_by_role("main").get_by_role("link", name=TEXT[language]["sign_up"]).click()
        expect(person.page.get_by_label(TEXT[language]["name"])).to_be_visible()
        check_page(person, "auth-sign-up")


def test_the_language_follows_the_member_to_another_browser(people, member):
    bob = member("Bob")
    at_work = people("it")
    sign_in(at_work, bob.email, PASSWORD)
    expect(at_work.page.locator("html")).to_have_attribute("lang", "it")
    at_work.page.get_by_label("Lingua", exact=True).select_option("en")
    expect(at_work.page.locator("html")).to_have_attribute("lang", "en")
    at_work.screenshot("auth-signed-in")

    def saved_language() -> str:
        return bob.get("/profiles/me").json()["profile"]["language"]

    for _ in range(50):  # saved in the background
        if saved_language() == "en":
            break
        at_work.page.wait_for_timeout(100)
    assert saved_language() == "en"

    # At home, a browser that remembers Italian: signed in, it switches to Bob's English.
    at_home = people("it")
    sign_in(at_home, bob.email, PASSWORD)
    expect(at_home.page.locator("html")).to_have_attribute("lang", "en")
    expect(at_home.page.get_by_label("Language", exact=True)).to_have_value("en")
    assert LANGUAGE_NAMES["en"] in at_home.page.get_by_label("Language", exact=True).inner_text()
