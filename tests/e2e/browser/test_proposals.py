"""Proposals and expressions of interest in a real browser: Bob (Italian) publishes a proposal
shared with the EEN and revises it, Alice (English) finds it by words and by filters and
expresses interest, Bob accepts, both see it, Bob closes the proposal; an EEN offer shows its
origin on a phone."""
from __future__ import annotations

import random
import re
import time
from datetime import date, timedelta

from playwright.sync_api import expect

from servicekit.ids import new_id
from tests.e2e.browser import steps_proposals as steps
from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page

AEROSPACE = ("Aerospa", re.compile(r"^Aerospa"))  # "Aerospazio" / "Aerospace", the S3 area


def test_a_proposal_from_publishing_to_closing(people, member):
    bob, alice = member("Bob Rossi"), member("Alice Bianchi", language="en")
    word = f"Titanio{new_id()[-8:]}"
    title = f"Staffe in titanio stampate in 3D {word}"
    b, a = people("it"), people("en")

    # Bob publishes, shared with the EEN.
    sign_in(b, bob.email, PASSWORD)
    steps.open_proposals(b)
    check_page(b, "proposals-list")
    steps.start_new_proposal(b)
    check_page(b, "proposals-new")
    steps.publish_proposal(b, title, "Staffe leggere per cabine di aerei, prodotte per fusione laser.",
                           description="Tecnologia brevettata.\n\nCerchiamo un partner industriale.",
                           topic=AEROSPACE, share_with_een=True)
    steps.expect_export_published(b)
    check_page(b, "proposals-detail-author")

    # He revises it; a change made meanwhile elsewhere is not overwritten unseen (If-Match → 412).
    steps.open_edit(b)
    check_page(b, "proposals-edit")
    proposal_id = b.page.url.rsplit("/", 2)[-2]
    etag = bob.get(f"/proposals/proposals/{proposal_id}").headers["etag"]
    elsewhere = bob.gateway.patch(f"/proposals/proposals/{proposal_id}", headers={**bob.auth, "If-Match": etag},
                                  json={"description": "Tecnologia brevettata, pronta per l'industria."})
    assert elsewhere.status_code == 200, elsewhere.text
    steps.fill_proposal(b, summary="Staffe leggere in titanio per cabine di aerei e satelliti.")
    steps.save_edit(b, expect_saved=False)
    expect(b.page.get_by_role("alert").filter(has_text=steps.text(b)["changed_meanwhile"])).to_be_visible()
    b.page.get_by_role("button", name=steps.text(b)["reload"]).click()
    expect(b.page.get_by_label(steps.text(b)["description"], exact=True)).to_have_value(
        "Tecnologia brevettata, pronta per l'industria.")
    steps.fill_proposal(b, summary="Staffe leggere in titanio per cabine di aerei e satelliti.")
    steps.save_edit(b)
    expect(b.page.get_by_text("Staffe leggere in titanio per cabine di aerei e satelliti.")).to_be_visible()

    # Alice finds it by words, then by kind, origin and topic, and expresses interest.
    sign_in(a, alice.email, PASSWORD)
    steps.open_proposals(a)
    steps.search_proposals(a, words=word)
    expect(steps.result(a, title)).to_have_count(1)
    expect(steps.result(a, title)).to_contain_text("Technology offer")
    check_page(a, "proposals-search")
    steps.search_proposals(a, words=word, kind="technology_request")
    expect(a.page.get_by_role("status").filter(has_text="No proposal matches")).to_be_visible()
    steps.search_proposals(a, words=word, kind="technology_offer", source="local", topic=AEROSPACE)
    expect(steps.result(a, title)).to_have_count(1)
    steps.open_proposal(a, title)
    expect(a.page.get_by_text("Aerospace", exact=True)).to_be_visible()
    check_page(a, "proposals-detail")
    steps.express_interest(a, title, "We machine titanium for aircraft interiors: let's talk.")

    # Bob sees it among the interests he received and accepts it.
    steps.open_interests(b, "received")
    steps.expect_interest_status(b, "Alice Bianchi", "pending")
    check_page(b, "proposals-interests-received")
    steps.accept_interest(b, "Alice Bianchi")
    steps.expect_interest_status(b, "Alice Bianchi", "accepted")

    # Alice sees it accepted, among those she sent and on the proposal.
    steps.open_interests(a, "sent")
    steps.expect_interest_status(a, title, "accepted")
    check_page(a, "proposals-interests-sent")

    # Bob closes the proposal; Alice can no longer express interest in it.
    steps.open_proposal(b, title)
    steps.close_proposal(b)
    expect(b.page.get_by_text(steps.text(b)["closed_badge"], exact=True)).to_be_visible()
    expect(b.page.get_by_role("link", name=steps.text(b)["edit"], exact=True)).to_have_count(0)
    check_page(b, "proposals-closed-author")
    steps.open_proposal(a, title)
    expect(a.page.get_by_text(steps.text(a)["mine_accepted"])).to_be_visible()
    expect(a.page.get_by_text("This proposal is closed: the proposer found what they were looking for.",
                              exact=False)).to_be_visible()


def test_an_een_offer_shows_its_origin_and_new_proposals_work_on_a_phone(people, member, gateway, operator_token):
    day = date(2020, 1, 1) + timedelta(days=random.randrange(2000))  # the POD's format: type, country, date, seq
    reference = f"TODE{day:%Y%m%d}{random.randrange(1000):03d}"
    title = f"Low-power soil sensors {reference}"
    ingested = gateway.post("/een/offers", headers={"Authorization": f"Bearer {operator_token}"}, json={
        "reference": reference, "type": "TO", "title": title,
        "summary": "Wireless soil moisture sensors for precision irrigation.",
        "technology_keywords": ["01003008"], "market_keywords": [], "nace_codes": [], "country": "DE"})
    assert ingested.status_code == 201, ingested.text
    carla = member("Carla Verdi")
    deadline = time.monotonic() + 20
    while not carla.get("/proposals/proposals", params={"source": "een", "text": reference}).json()["items"]:
        assert time.monotonic() < deadline, "the EEN offer never became a proposal"
        time.sleep(0.2)

    p = people("it", phone=True)
    sign_in(p, carla.email, PASSWORD)
    steps.open_proposals(p)
    steps.search_proposals(p, words=reference, source="een")
    expect(steps.result(p, title)).to_contain_text(f"EEN · {reference}")
    check_page(p, "proposals-een-list")
    steps.open_proposal(p, title)
    expect(p.page.get_by_text(f"EEN · {reference}")).to_be_visible()
    expect(p.page.get_by_text("Questa opportunità proviene dalla banca dati")).to_be_visible()
    check_page(p, "proposals-een-detail")

    # The form and an English phone: the same pages fit 360 px.
    dan = member("Dan Smith", language="en")
    e = people("en", phone=True)
    sign_in(e, dan.email, PASSWORD)
    steps.open_proposals(e)
    steps.start_new_proposal(e)
    check_page(e, "proposals-new")
    steps.open_interests(e, "received")
    expect(e.page.get_by_text("You have not received any expression of interest yet.")).to_be_visible()
    check_page(e, "proposals-interests-empty")
