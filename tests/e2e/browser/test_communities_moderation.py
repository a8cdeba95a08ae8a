"""Moderation in a real browser: members' reports hide an article from the community's news
until the owner restores it from the moderation section (Italian); a moderator hides a
reported topic with a reason, and finds it among the hidden ones (English). The reports are
sent through the API, as the report button does, by several members."""
from __future__ import annotations

from playwright.sync_api import expect
from pymongo import MongoClient
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_moderation import (
    hide,
    open_moderation,
    queue_item,
    report,
    restore,
    show,
)
from tests.e2e.browser.steps_moderation import text as mod_text
from tests.e2e.browser.steps_news import (
    expect_listed,
    open_community_news,
    open_platform_news,
)
from tests.e2e.browser.steps_news import text as news_text
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def community_with(owner, members: list, name: str) -> str:
    created = owner.post("/communities/communities", json={
        "name": name, "description": "Innovazione nel distretto.", "visibility": "public",
        "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    for person in members:
        joined = person.post(f"/communities/communities/{community_id}/members")
        assert joined.status_code == 201, joined.text
    return community_id


def test_reports_hide_an_article_until_the_owner_restores_it_in_italian(people, member):
    marker = new_id()[-8:]
    bianca, carla = member("Bianca Titolare"), member("Carla Lettrice")
    reporters = [member(f"Segnalatore {i}") for i in range(3)]
    community_id = community_with(bianca, [carla, *reporters], f"Distretto e segnalazioni {marker}")
    title = f"Offerta imperdibile {marker}"
    written = bianca.post(f"/communities/communities/{community_id}/news", json={
        "title": title, "summary": "Sconti per tutti.", "body": "Compra **ora**.", "category": "other",
        "submit": True})
    assert written.status_code == 201, written.text
    news_id = written.json()["id"]

    reader = people("it")
    sign_in(reader, carla.email, PASSWORD)
    open_community_news(reader, community_id)
    expect_listed(reader, title)

    hidden = [report(r, community_id, "news", news_id, words=f"Pubblicità {i}")["content_hidden"]
              for i, r in enumerate(reporters)]
    assert hidden == [False, False, True]  # the third distinct member reaches the threshold
    open_platform_news(reader)  # away and back: the list loads afresh
    open_community_news(reader, community_id)
    expect(reader.page.get_by_text(news_text(reader)["empty"])).to_be_visible()  # its only article is hidden

    owner = people("it")
    sign_in(owner, bianca.email, PASSWORD)
    open_moderation(owner, community_id)
    t = mod_text(owner)
    item = queue_item(owner, title)
    expect(item.get_by_text(t["pending"], exact=True)).to_be_visible()
    expect(item.get_by_text(t["reports"].format(n=3), exact=True)).to_be_visible()
    expect(item.get_by_text("Pubblicità 2")).to_be_visible()
    expect(item.get_by_role("link", name=title)).to_have_attribute("href", f"/communities/{community_id}/news/{news_id}")
    check_page(owner, "moderation-queue-it")
    restore(owner, title)
    expect(owner.page.get_by_text(t["empty"])).to_be_visible()
    check_page(owner, "moderation-restored-it")

    open_platform_news(reader)
    open_community_news(reader, community_id)
    expect_listed(reader, title)
    # The reports are closed: the same members cannot bring it down again, new ones would have to.
    again = reporters[0].post(f"/communities/communities/{community_id}/reports",
                              json={"kind": "news", "content_id": news_id, "category": "spam", "text": ""})
    assert again.status_code == 409


def test_a_moderator_hides_a_reported_topic_with_a_reason_in_english(people, member, platform):
    marker = new_id()[-8:]
    olga, walter, mario = member("Olga Owner", "en"), member("Walter Moderator", "en"), member("Mario Writer", "en")
    reporters = [member(f"Reporter {i}", "en") for i in range(2)]
    community_id = community_with(olga, [walter, mario, *reporters], f"Space district {marker}")
    with MongoClient(platform.mongo_url) as mongo:  # stand-in for the role API (the access capability's)
        mongo["communities"]["memberships"].update_one({"community_id": community_id, "user_id": walter.user_id},
                                                       {"$set": {"role": "moderator"}, "$inc": {"version": 1}})
    title = f"Cheap satellites {marker}"
    posted = mario.post(f"/communities/communities/{community_id}/posts",
                        json={"title": title, "body": "Buy them at my shop."})
    assert posted.status_code == 201, posted.text
    post_id = posted.json()["id"]
    for r in reporters:
        assert report(r, community_id, "post", post_id)["content_hidden"] is False  # two: under the threshold

    moderator = people("en", phone=True)
    sign_in(moderator, walter.email, PASSWORD)
    open_moderation(moderator, community_id)
    t = mod_text(moderator)
    item = queue_item(moderator, title)
    expect(item.get_by_text(t["kind_post"], exact=True)).to_be_visible()
    expect(item.get_by_text(t["reports"].format(n=2), exact=True)).to_be_visible()
    check_page(moderator, "moderation-queue-en-phone")
    item.get_by_role("button", name=t["hide"], exact=True).click()  # no reason yet: told, nothing sent
    expect(item.get_by_text(t["reason_missing"])).to_be_visible()
    hide(moderator, title, "Advertising is not allowed here.")
    show(moderator, "decided")
    decided = queue_item(moderator, title)
    expect(decided.get_by_text(t["hidden"], exact=True)).to_be_visible()
    expect(decided.get_by_text("Advertising is not allowed here.")).to_be_visible()
    check_page(moderator, "moderation-decided-en-phone")

    listed = [p["id"] for p in reporters[0].get(f"/communities/communities/{community_id}/posts").json()["items"]]
    assert post_id not in listed  # members no longer see it
