"""The frame every page shares, in a real browser: languages, navigation on a phone, 404."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import check_page


def test_home_in_italian_and_english(people):
    for language, heading in (("it", "Benvenuto su Open Innovation Lombardia"),
                              ("en", "Welcome to Open Innovation Lombardia")):
        person = people(language)
        person.page.goto("/")
        expect(person.page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(person.page.locator("html")).to_have_attribute("lang", language)
        check_page(person, "home")


def test_switching_language_is_remembered(people):
    person = people("it")
    person.page.goto("/")
    person.page.get_by_label("Lingua").select_option("en")
    expect(person.page.get_by_role("heading", level=1)).to_have_text("Welcome to Open Innovation Lombardia")
    person.page.reload()
    expect(person.page.get_by_label("Language")).to_have_value("en")


def test_the_phone_menu_opens_and_leads_to_a_section(people):
    person = people("en", phone=True)
    person.page.goto("/")
    menu = person.page.get_by_role("button", name="Open the navigation menu")
    expect(menu).to_be_visible()
    menu.click()
    navigation = person.page.get_by_role("navigation", name="Main navigation")
    navigation.get_by_role("link", name="Communities").click()
    # Communities are for members: a visitor is asked to sign in first, and comes back after.
    expect(person.page).to_have_url(re.compile(r"/sign-in"))
    expect(navigation.get_by_role("link", name="Communities")).to_be_hidden()  # the menu closed
    check_page(person, "home-menu")


def test_an_unknown_path_is_the_404_page(people):
    person = people("en")
    person.page.goto("/no/such/page")
    expect(person.page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(person, "not-found")
