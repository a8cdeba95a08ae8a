"""My profile and a member's public page, in a real browser: descriptors picked by searching
(in either language) and by browsing, saved with If-Match, shown as labels; erasing the account."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_profile import (
    TEXT, browse_and_pick, chosen, erase_account, open_my_profile, open_public_profile, pick_interests,
    remove_chosen, save_profile,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def test_my_profile_in_italian(people, member, gateway):
    giulia = member("Giulia")
    person = people("it")
    sign_in(person, giulia.email, PASSWORD)
    open_my_profile(person)
    page = person.page

    # Searching in Italian and in English, labels always shown in Italian; browsing NACE.
    pick_interests(person, [("agroalimentare", "Agroalimentare"), ("aerospace", "Aerospazio")])
    browse_and_pick(person, ["Settori economici", "Attività manifatturiere"], "Industrie alimentari")
    pick_interests(person, [("attivita manifatturiere", "Attività manifatturiere")])  # accents not needed
    remove_chosen(person, "Attività manifatturiere")
    pick_interests(person, [("software", "Software")], field="competences")
    page.get_by_label("Organizzazione").fill("Cascina Verde S.r.l.")
    check_page(person, "profile-my")
    save_profile(person)

    saved = giulia.get("/profiles/me").json()["profile"]
    assert saved["interests"] == ["s3:agrifood", "s3:aerospace", "nace:10"]
    assert saved["organisation"] == "Cascina Verde S.r.l."
    assert len(saved["competences"]) == 1 and saved["competences"][0].startswith("een-")

    # Someone (the same member, elsewhere) changes the profile: saving here is refused, reload shows theirs.
    etag = giulia.get("/profiles/me").headers["etag"]
    assert giulia.put("/profiles/me/profile", headers={"If-Match": etag}, json={
        "display_name": "Giulia R.", "interests": ["s3:agrifood"]}).status_code == 200
    page.get_by_label("Organizzazione").fill("Altro")
    page.get_by_role("button", name="Salva il profilo").click()
    expect(page.get_by_role("alert").filter(has_text=TEXT["it"]["stale"])).to_be_visible()
    page.get_by_role("button", name="Ricarica il profilo").click()
    expect(page.get_by_label("Nome visualizzato")).to_have_value("Giulia R.")
    expect(chosen(person).get_by_role("listitem")).to_have_count(1)

    # The public page shows the descriptors as labels.
    open_public_profile(person, "Giulia R.")
    expect(page.get_by_role("list", name="Interessi").get_by_text("Agroalimentare")).to_be_visible()
    check_page(person, "profile-member")

    person.page.goto("/members/0190c0de-0000-7000-8000-000000000000")  # a reload keeps the session
    expect(page.get_by_role("heading", level=1)).to_have_text("Membro non trovato")
    check_page(person, "profile-member-404")


def test_my_profile_in_english_and_erasing_it(people, member, gateway):
    john = member("John", language="en")  # signing in puts the page in the member's own language
    person = people("en")
    sign_in(person, john.email, PASSWORD)
    open_my_profile(person)
    pick_interests(person, [("agroalimentare", "Agrifood")])  # Italian typed, English shown
    browse_and_pick(person, ["Lombardy S3", "Aerospace"], "The whole category “Aerospace”",
                    shown="Aerospace")
    save_profile(person)
    assert john.get("/profiles/me").json()["profile"]["interests"] == ["s3:agrifood", "s3:aerospace"]
    check_page(person, "profile-my")
    open_public_profile(person, "John")
    expect(person.page.get_by_role("list", name="Interests").get_by_text("Agrifood")).to_be_visible()
    check_page(person, "profile-member")

    open_my_profile(person)
    erase_account(person, john.email)
    check_page(person, "profile-erased")
    assert gateway.post("/profiles/sessions", json={"email": john.email, "password": PASSWORD}).status_code == 401
    # Signed out: the member-only link is gone from the navbar.
    expect(person.page.get_by_role("link", name="My profile")).to_have_count(0)


def test_my_profile_on_a_phone(people, member):
    anna = member("Anna")
    person = people("it", phone=True)
    sign_in(person, anna.email, PASSWORD)
    open_my_profile(person)
    pick_interests(person, [("mobilita", "Mobilità sostenibile")])
    browse_and_pick(person, ["Aree di specializzazione S3"], "Aerospazio")
    check_page(person, "profile-my")
    save_profile(person)
    open_public_profile(person, "Anna")
    check_page(person, "profile-member")
