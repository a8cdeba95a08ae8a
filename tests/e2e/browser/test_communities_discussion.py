"""Discussion in a real browser: a member starts a topic mentioning another, they reply in a
thread (a reply to a reply nests under it), the author edits (an "edited" trace) and a reply is
removed (a "removed" trace, the answer to it kept), the owner closes the topic and reopens it.
Italian and English, a phone too."""
from __future__ import annotations

from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_discussion import (
    answer_reply,
    back_to_topics,
    close_topic,
    edit_topic,
    open_discussion,
    open_topic,
    remove_reply,
    reopen_topic,
    reply_to_topic,
    reply_with,
    start_topic,
    text,
    thread,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def community_with(owner, *members, visibility: str = "public", name: str = "Agora") -> str:
    created = owner.post("/communities/communities", json={
        "name": f"{name} {new_id()[-8:]}", "description": "Where the district talks.", "visibility": visibility,
        "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    for person in members:
        joined = person.post(f"/communities/communities/{community_id}/members")
        assert joined.status_code == 201, joined.text
    return community_id


def test_members_discuss_in_a_thread_and_the_owner_closes_it_in_italian(people, member):
    marker = new_id()[-8:]
    bianca, aldo, carla = member("Bianca Titolare"), member("Aldo Autore"), member("Carla Lettrice")
    community_id = community_with(bianca, aldo, carla)
    title = f"Linea pilota {marker}"

    writer = people("it")
    sign_in(writer, aldo.email, PASSWORD)
    open_discussion(writer, community_id)
    check_page(writer, "discussion-list-member")
    start_topic(writer, title, "Chi partecipa? Serve **un partner** per i test.", mentioning="Carla Lettrice")
    topic = writer.page.get_by_role("article")
    expect(topic.locator("strong", has_text="un partner")).to_be_visible()
    expect(topic.get_by_role("link", name="@Carla Lettrice")).to_be_visible()  # the mention, linked to her profile
    check_page(writer, "discussion-topic-new")

    reader = people("it", phone=True)
    sign_in(reader, carla.email, PASSWORD)
    open_discussion(reader, community_id)
    open_topic(reader, title)
    reply_to_topic(reader, "Io ci sono, con il nostro banco prova.")
    check_page(reader, "discussion-topic-replied-phone")

    writer.page.reload()
    expect(reply_with(writer, "banco prova")).to_be_visible()
    answer_reply(writer, "banco prova", "Perfetto, ti scrivo entro venerdì.")
    answer = reply_with(writer, "entro venerdì")
    assert "ms-4" in (answer.get_attribute("class") or "")  # nested under the reply it answers
    edit_topic(writer, "Chi partecipa? Servono **due partner** per i test.")
    expect(writer.page.get_by_role("article").locator("strong", has_text="due partner")).to_be_visible()
    expect(writer.page.get_by_role("article").get_by_text(text(writer)["edited"]).first).to_be_visible()
    check_page(writer, "discussion-topic-edited")

    reader.page.reload()
    remove_reply(reader, "banco prova")
    expect(reply_with(reader, "entro venerdì")).to_be_visible()  # the answer to it stays
    check_page(reader, "discussion-reply-removed-phone")

    owner = people("it")
    sign_in(owner, bianca.email, PASSWORD)
    open_discussion(owner, community_id)
    open_topic(owner, title)
    expect(owner.page.get_by_role("button", name=text(owner)["edit"], exact=True)).to_have_count(0)  # not hers
    close_topic(owner)
    expect(owner.page.get_by_text(text(owner)["closed"], exact=True).first).to_be_visible()
    check_page(owner, "discussion-topic-closed")

    reader.page.reload()
    expect(reader.page.get_by_text(text(reader)["closed_notice"])).to_be_visible()
    expect(reader.page.get_by_label(text(reader)["reply_label"], exact=True)).to_have_count(0)
    expect(thread(reader).get_by_role("button", name=text(reader)["answer"], exact=True)).to_have_count(0)

    reopen_topic(owner)
    reader.page.reload()
    reply_to_topic(reader, "Riaperto: aggiungo i dati.")


def test_a_private_communitys_discussion_in_english(people, member):
    marker = new_id()[-8:]
    olga, mario = member("Olga Owner", "en"), member("Mario Member", "en")
    community_id = community_with(olga, visibility="private", name="Steering group")
    asked = mario.post(f"/communities/communities/{community_id}/members")
    assert asked.status_code == 201, asked.text
    approved = olga.post(f"/communities/communities/{community_id}/members/{mario.user_id}/approve")
    assert approved.status_code == 200, approved.text
    title = f"Work programme 2027 {marker}"

    host = people("en")
    sign_in(host, olga.email, PASSWORD)
    open_discussion(host, community_id)
    start_topic(host, title, "Comments on the draft, please: [the draft](https://example.org/draft).")
    link = host.page.get_by_role("article").get_by_role("link", name="the draft")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    check_page(host, "discussion-topic-new-en")

    guest = people("en", phone=True)
    sign_in(guest, mario.email, PASSWORD)
    open_discussion(guest, community_id)
    open_topic(guest, title)
    reply_to_topic(guest, "Section 3 needs the budget table.")
    check_page(guest, "discussion-topic-replied-en-phone")
    back_to_topics(guest)
    listed = guest.page.get_by_role("list", name=text(guest)["topics"]).get_by_role("article").filter(has_text=title)
    expect(listed.get_by_text(text(guest)["one_reply"])).to_be_visible()
    check_page(guest, "discussion-list-en-phone")

    host.page.reload()
    close_topic(host)
    back_to_topics(host)
    item = host.page.get_by_role("list", name=text(host)["topics"]).get_by_role("article").filter(has_text=title)
    expect(item.get_by_text(text(host)["closed"], exact=True)).to_be_visible()
    check_page(host, "discussion-list-closed-en")
