"""Consultations in a real browser: a community's owner opens a consultation with questions of
every kind (Italian); a member answers it (told first what a required question needs), then
changes the answer; the owner sees the results as charts with their numbers and downloads the
CSV. Platform-wide (English): the Region opens an anonymous consultation, a member answers on
a phone, the Region closes it and sees the chart; the export carries no identity."""
from __future__ import annotations

from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_consultations import (
    add_question,
    bars,
    choose,
    download_csv,
    fill_consultation,
    open_community_consultations,
    open_consultation,
    open_platform_consultations,
    question,
    save_and_publish,
    send_answer,
    start_consultation,
    text,
    unchoose,
    write,
)
from tests.e2e.browser.steps_news import grant_platform_operator
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page

SECTOR, PRIORITIES, USEFUL, IDEAS = ("Il tuo settore?", "Le priorità del programma?", "Quanto è utile la S3?",
                                     "Che cosa proponi?")


def test_an_owner_consults_the_members_and_sees_the_results_in_italian(people, member):
    marker = new_id()[-8:]
    bianca, carla = member("Bianca Titolare"), member("Carla Socia")
    created = bianca.post("/communities/communities", json={
        "name": f"Distretto aerospaziale {marker}", "description": "Il cluster regionale dell'aerospazio.",
        "visibility": "private", "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    asked = carla.post(f"/communities/communities/{community_id}/members")
    assert asked.status_code == 201, asked.text
    approved = bianca.post(f"/communities/communities/{community_id}/members/{carla.user_id}/approve")
    assert approved.status_code in (200, 201), approved.text

    owner = people("it")
    sign_in(owner, bianca.email, PASSWORD)
    open_community_consultations(owner, community_id)
    check_page(owner, "consultations-community-empty-owner")
    start_consultation(owner)
    title = f"Programma di lavoro S3 2027 {marker}"
    fill_consultation(owner, title, "Diteci che cosa **finanziare** nel 2027.", results_public=True)
    add_question(owner, 1, "single_choice", SECTOR, options=["Aerospazio", "Agroalimentare"], required=True)
    add_question(owner, 2, "multiple_choice", PRIORITIES, options=["Competenze", "Digitale", "Transizione verde"],
                 max_selections=2)
    add_question(owner, 3, "scale", USEFUL, required=True)
    add_question(owner, 4, "long_text", IDEAS)
    check_page(owner, "consultations-community-editor")
    save_and_publish(owner, title)
    check_page(owner, "consultations-community-published")

    answering = people("it", phone=True)
    sign_in(answering, carla.email, PASSWORD)
    open_community_consultations(answering, community_id)
    open_consultation(answering, title)
    t = text(answering)
    answering.page.get_by_role("button", name=t["submit"]).click()  # nothing chosen: told what is missing
    expect(answering.page.get_by_role("alert").filter(has_text=t["invalid"])).to_be_visible()
    expect(question(answering, SECTOR).get_by_text(t["missing"])).to_be_visible()
    expect(question(answering, PRIORITIES).get_by_text(t["at_most"])).to_be_visible()
    check_page(answering, "consultations-answer-missing-phone")
    choose(answering, SECTOR, "Aerospazio")
    choose(answering, PRIORITIES, "Competenze", "Digitale")
    choose(answering, USEFUL, "4")
    write(answering, IDEAS, "=Più laboratori condivisi")
    send_answer(answering)
    check_page(answering, "consultations-answered-phone")
    # Changing the answer: the form keeps what was sent.
    expect(answering.page.get_by_role("heading", name=t["edit_answer"])).to_be_visible()
    unchoose(answering, PRIORITIES, "Digitale")
    choose(answering, PRIORITIES, "Transizione verde")
    choose(answering, USEFUL, "5")
    send_answer(answering, update=True)

    open_community_consultations(owner, community_id)
    open_consultation(owner, title)
    expect(owner.page.get_by_role("heading", name=t["results"])).to_be_visible()
    assert bars(owner, SECTOR) == {"Aerospazio": "1 (100%)", "Agroalimentare": "0 (0%)"}
    assert bars(owner, PRIORITIES) == {"Competenze": "1 (100%)", "Digitale": "0 (0%)", "Transizione verde": "1 (100%)"}
    assert bars(owner, USEFUL)["5"] == "1 (100%)"
    expect(owner.page.get_by_text("=Più laboratori condivisi")).to_be_visible()
    check_page(owner, "consultations-community-results")
    header, *rows = download_csv(owner)
    assert header[0] == "respondent_id" and header[3] == f"1. {SECTOR}"
    assert rows == [[carla.user_id, rows[0][1], rows[0][2], "Aerospazio", "Competenze; Transizione verde", "5",
                     "'=Più laboratori condivisi"]]


def test_the_region_runs_an_anonymous_platform_consultation_in_english(people, member, platform):
    marker = new_id()[-8:]
    olga, mario = member("Olga Region", "en"), member("Mario Answer", "en")
    grant_platform_operator(platform, olga.email)

    region = people("en")
    sign_in(region, olga.email, PASSWORD)
    open_platform_consultations(region)
    start_consultation(region)
    title = f"S3 mid-term review {marker}"
    prompt = "Which area should grow first?"
    fill_consultation(region, title, "The Region asks its ecosystem.", anonymous=True, results_public=True)
    add_question(region, 1, "single_choice", prompt, options=["Aerospace", "Agrifood", "Health"], required=True)
    add_question(region, 2, "short_text", "One word for the S3")
    save_and_publish(region, title)
    check_page(region, "consultations-platform-published")

    phone = people("en", phone=True)
    sign_in(phone, mario.email, PASSWORD)
    open_platform_consultations(phone)
    check_page(phone, "consultations-platform-list-phone")
    open_consultation(phone, title)
    choose(phone, prompt, "Health")
    write(phone, "One word for the S3", "Together")
    send_answer(phone)
    expect(phone.page.get_by_text(text(phone)["answered"], exact=True)).to_be_visible()
    check_page(phone, "consultations-platform-answered-phone")

    open_platform_consultations(region)
    open_consultation(region, title)
    region.page.get_by_role("button", name=text(region)["close"]).click()
    expect(region.page.get_by_role("status").filter(has_text=text(region)["closed"])).to_be_visible()
    assert bars(region, prompt) == {"Aerospace": "0 (0%)", "Agrifood": "0 (0%)", "Health": "1 (100%)"}
    check_page(region, "consultations-platform-results")
    header, *rows = download_csv(region)
    assert header == [f"1. {prompt}", "2. One word for the S3"]
    assert rows == [["Health", "Together"]]

    # The results are public after closing: the participant sees the chart too.
    open_platform_consultations(phone)
    open_consultation(phone, title)
    assert bars(phone, prompt)["Health"] == "1 (100%)"
    check_page(phone, "consultations-platform-results-phone")
