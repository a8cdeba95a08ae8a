"""The whole community journey of issue 9 in one walk through the web client, on a desktop:
a manager (in Italian) creates a private community and invites someone by e-mail; the
newcomer (in English) signs up through the invitation link; they discuss, the member shares
a document and uploads a new version of it; the manager schedules an event, the member
registers and takes the address of their calendar feed, which a calendar app reads without
signing in; the manager opens a consultation, the member answers, the manager sees the
chart; members' reports hide a topic until the manager restores it in the moderation tab."""
from __future__ import annotations

from icalendar import Calendar
from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser import steps_calendar as calendar
from tests.e2e.browser import steps_consultations as consultations
from tests.e2e.browser import steps_discussion as discussion
from tests.e2e.browser import steps_documents as documents
from tests.e2e.browser import steps_moderation as moderation
from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_communities import create_community, open_communities
from tests.e2e.browser.steps_journey import (
    invite_by_email,
    join_private,
    sign_up_through_invitation,
)
from tests.e2e.conftest import PASSWORD
from tests.support import document_samples as samples
from tests.support.browser import check_page


def test_a_private_community_from_invitation_to_moderation(people, member, gateway, tmp_path):
    marker = new_id()[-8:]
    bianca = member("Bianca Gestrice")
    name = f"Filiera dell'idrogeno {marker}"
    topic = f"Piano di lavoro {marker}"
    event = f"Laboratorio sull'idrogeno {marker}"
    consultation = f"Priorità del 2027 {marker}"
    prompt = "Su che cosa lavoriamo prima?"

    # -- the manager, in Italian: a private community, an invitation by e-mail
    manager = people("it")
    sign_in(manager, bianca.email, PASSWORD)
    open_communities(manager)
    path = create_community(manager, name, "private", "I partner della filiera regionale dell'idrogeno.")
    community_id = path.rsplit("/", 1)[1]
    check_page(manager, "journey-community-created")
    newcomer_email = f"nina.{marker}@example.org"
    link = invite_by_email(manager, newcomer_email)
    check_page(manager, "journey-invited")

    # -- the newcomer, in English: signs up through the link and is in
    nina = people("en")
    sign_up_through_invitation(nina, link, name, "Nina Newcomer", newcomer_email, PASSWORD)
    check_page(nina, "journey-joined")
    assert bianca.get(f"/communities/communities/{community_id}/invitations").json()["items"] == []  # spent

    # -- they discuss: the manager opens a topic, the member replies
    discussion.open_discussion(manager, community_id)
    discussion.start_topic(manager, topic, "Raccogliamo qui le **attività** del primo semestre.")
    calendar.open_platform_events(nina)  # away and back: the topic list loads afresh
    discussion.open_discussion(nina, community_id)
    discussion.open_topic(nina, topic)
    reply = "We can host the electrolyser tests in our lab."
    discussion.reply_to_topic(nina, reply)
    check_page(nina, "journey-thread")
    discussion.open_discussion(manager, community_id)
    discussion.open_topic(manager, topic)
    expect(discussion.reply_with(manager, reply)).to_be_visible()

    # -- the member shares a document and uploads a new version
    first, second = tmp_path / "work-plan.pdf", tmp_path / "work-plan-rev2.pdf"
    first.write_bytes(samples.PDF + b"% version one\n")
    second.write_bytes(samples.PDF + b"% version two\n")
    doc = f"Work plan {marker}"
    documents.open_documents(nina, community_id)
    documents.share(nina, first, title=doc)
    documents.expect_document(nina, doc, version=1, type_label="PDF")
    documents.upload_version(nina, doc, second)
    documents.expect_document(nina, doc, version=2, type_label="PDF")
    documents.show_versions(nina, doc, 2)
    check_page(nina, "journey-document-versions")

    # -- an event: the manager schedules it, the member registers and takes the feed address
    calendar.open_community_events(manager, community_id)
    calendar.start_event(manager)
    calendar.fill_event(manager, event, days=5, place="Torino, Environment Park")
    calendar.submit_event(manager)
    check_page(manager, "journey-event")
    calendar.open_community_events(nina, community_id)
    calendar.open_event(nina, event)
    calendar.register(nina)
    check_page(nina, "journey-event-registered")
    calendar.open_platform_events(nina)
    nina.page.get_by_role("button", name=calendar.text(nina)["feed_create"]).click()
    address = nina.page.get_by_label(calendar.text(nina)["feed_url"])
    expect(address).to_be_visible()
    url = address.input_value()
    assert "/api/communities/calendar/feed/" in url and url.endswith(".ics"), url
    check_page(nina, "journey-calendar-feed")
    feed = gateway.get("/" + url.split("/api/", 1)[1])  # a calendar app: no sign-in
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar"), feed.text
    assert event in [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]

    # -- a consultation: the manager opens it, the member answers, the manager sees the chart
    consultations.open_community_consultations(manager, community_id)
    consultations.start_consultation(manager)
    consultations.fill_consultation(manager, consultation, "Diteci da dove **cominciare**.")
    consultations.add_question(manager, 1, "single_choice", prompt, options=["Elettrolizzatori", "Stoccaggio"],
                               required=True)
    consultations.save_and_publish(manager, consultation)
    consultations.open_community_consultations(nina, community_id)
    consultations.open_consultation(nina, consultation)
    consultations.choose(nina, prompt, "Stoccaggio")
    consultations.send_answer(nina)
    check_page(nina, "journey-consultation-answered")
    consultations.open_community_consultations(manager, community_id)
    consultations.open_consultation(manager, consultation)
    assert consultations.bars(manager, prompt) == {"Elettrolizzatori": "0 (0%)", "Stoccaggio": "1 (100%)"}
    check_page(manager, "journey-consultation-results")

    # -- moderation: an advert, reported by three members, is hidden until the manager restores it
    spammer, *reporters = [member(f"Socio {i}") for i in range(4)]
    join_private(bianca, community_id, spammer, *reporters)
    advert = f"Pannelli solari in offerta {marker}"
    posted = spammer.post(f"/communities/communities/{community_id}/posts",
                          json={"title": advert, "body": "Chiamatemi per un preventivo."})
    assert posted.status_code == 201, posted.text
    post_id = posted.json()["id"]
    hidden = [moderation.report(r, community_id, "post", post_id, words=f"Pubblicità {i}")["content_hidden"]
              for i, r in enumerate(reporters)]
    assert hidden == [False, False, True]
    discussion.open_discussion(nina, community_id)
    expect(nina.page.get_by_role("list", name=discussion.text(nina)["topics"]).get_by_role(
        "link", name=topic)).to_be_visible()
    expect(nina.page.get_by_role("link", name=advert)).to_have_count(0)  # hidden from members

    moderation.open_moderation(manager, community_id)
    t = moderation.text(manager)
    item = moderation.queue_item(manager, advert)
    expect(item.get_by_text(t["pending"], exact=True)).to_be_visible()
    expect(item.get_by_text(t["reports"].format(n=3), exact=True)).to_be_visible()
    check_page(manager, "journey-moderation-queue")
    moderation.restore(manager, advert)
    expect(manager.page.get_by_text(t["empty"])).to_be_visible()
    check_page(manager, "journey-moderation-restored")

    calendar.open_platform_events(nina)  # away and back: the topic list loads afresh
    discussion.open_discussion(nina, community_id)
    expect(nina.page.get_by_role("list", name=discussion.text(nina)["topics"]).get_by_role(
        "link", name=advert)).to_be_visible()
    listed = [p["id"] for p in reporters[0].get(f"/communities/communities/{community_id}/posts").json()["items"]]
    assert post_id in listed
