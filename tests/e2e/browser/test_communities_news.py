"""News in a real browser: the Region's news desk publishes platform news (highlighted, with a
cover) and schedules an article that appears on time; in a community that validates news,
an author submits, the owner approves and members read it. Italian and English, a phone too."""
from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import expect
from pymongo import MongoClient
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_news import (
    back_to_list,
    expect_listed,
    fill_article,
    grant_platform_operator,
    list_titles,
    next_minute_at_least,
    open_article,
    open_community_news,
    open_platform_news,
    png,
    save,
    start_article,
    text,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def test_the_news_desk_publishes_and_schedules_platform_news_in_english(people, member, platform, tmp_path):
    marker = new_id()[-8:]
    olga, mario = member("Olga Desk", "en"), member("Mario Reader", "en")
    grant_platform_operator(platform, olga.email)
    cover = tmp_path / "cover.png"
    cover.write_bytes(png())

    desk = people("en")
    sign_in(desk, olga.email, PASSWORD)
    open_platform_news(desk)
    check_page(desk, "news-platform-list-operator")
    start_article(desk)
    check_page(desk, "news-platform-editor")
    desk.page.get_by_role("button", name=text(desk)["save_publish"]).click()  # empty: told, nothing sent
    expect(desk.page.get_by_text(text(desk)["title_missing"])).to_be_visible()

    top = f"Regional call for pilots {marker}"
    fill_article(desk, top, "**Apply** by Friday: [the portal](https://example.org).",
                 summary="Up to €50,000 for SMEs.", category="call_for_funding", cover=cover, highlighted=True)
    check_page(desk, "news-platform-editor-filled")
    save(desk, "save_publish")
    article = desk.page.get_by_role("article")
    expect(article.get_by_role("heading", level=1)).to_have_text(top)
    expect(article.locator("strong", has_text="Apply")).to_be_visible()
    expect(article.get_by_text(text(desk)["highlighted"], exact=True)).to_be_visible()
    expect(article.locator("img")).to_be_visible()  # the cover, fetched with the session's token
    check_page(desk, "news-platform-article")

    # A scheduled article: on the writers' "Scheduled" list, not on the readers' one yet.
    back_to_list(desk)
    later_title = f"Success story of the week {marker}"
    at = next_minute_at_least(10)
    start_article(desk)
    fill_article(desk, later_title, "A start-up from Bari now flies its satellites.", category="success_story",
                 publish_at=at)
    save(desk, "save_publish")
    expect(desk.page.get_by_role("article").get_by_text(text(desk)["scheduled"], exact=True)).to_be_visible()
    back_to_list(desk)
    desk.page.get_by_label(text(desk)["status"]).select_option("scheduled")
    expect_listed(desk, later_title)
    check_page(desk, "news-platform-scheduled")

    # A reader on a phone: the highlighted article first; the scheduled one appears at its time.
    reader = people("en", phone=True)
    sign_in(reader, mario.email, PASSWORD)
    open_platform_news(reader)
    expect_listed(reader, top)
    assert list_titles(reader)[0] == top  # highlighted first
    assert later_title not in list_titles(reader)
    check_page(reader, "news-platform-list-phone")
    open_article(reader, top)
    expect(reader.page.get_by_role("button", name=text(reader)["withdraw"])).to_have_count(0)  # not theirs
    check_page(reader, "news-platform-article-phone")

    wait_ms = max(0.0, (at - datetime.now(UTC)).total_seconds()) * 1000 + 1500
    reader.page.wait_for_timeout(wait_ms)
    back_to_list(reader)
    expect_listed(reader, later_title)
    # The scheduler announced it too (the job runs every second on this platform).
    published = mario.get("/communities/news", params={"limit": 100}).json()["items"]
    assert any(n["title"] == later_title and n["phase"] == "live" for n in published)


def test_an_author_submits_and_the_owner_approves_community_news_in_italian(people, member, platform):
    marker = new_id()[-8:]
    bianca, aldo, carla = member("Bianca Titolare"), member("Aldo Autore"), member("Carla Lettrice")
    created = bianca.post("/communities/communities", json={
        "name": f"Spazio e innovazione {marker}", "description": "Notizie dal distretto aerospaziale.",
        "visibility": "public", "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    for person in (aldo, carla):
        joined = person.post(f"/communities/communities/{community_id}/members")
        assert joined.status_code == 201, joined.text
    # Stand-in for the community settings and role API (the access capability's): Aldo is an
    # author, and the community's news waits for a manager.
    with MongoClient(platform.mongo_url) as mongo:
        db = mongo["communities"]
        db["memberships"].update_one({"community_id": community_id, "user_id": aldo.user_id},
                                     {"$set": {"role": "author"}, "$inc": {"version": 1}})
        db["communities"].update_one({"_id": community_id}, {"$set": {"news_requires_validation": True}})

    title = f"Bando per le PMI aerospaziali {marker}"
    writer = people("it")
    sign_in(writer, aldo.email, PASSWORD)
    open_community_news(writer, community_id)
    check_page(writer, "news-community-list-author")
    start_article(writer)
    fill_article(writer, title, "Domande **entro venerdì**.", summary="Fino a 50.000 euro.",
                 category="call_for_funding")
    check_page(writer, "news-community-editor")
    save(writer, "save_submit")
    expect(writer.page.get_by_text(text(writer)["waiting"])).to_be_visible()
    check_page(writer, "news-community-waiting")

    reader = people("it", phone=True)
    sign_in(reader, carla.email, PASSWORD)
    open_community_news(reader, community_id)
    expect(reader.page.get_by_text(text(reader)["empty"])).to_be_visible()  # not before a manager approves

    owner = people("it")
    sign_in(owner, bianca.email, PASSWORD)
    open_community_news(owner, community_id)
    owner.page.get_by_label(text(owner)["status"]).select_option("to_validate")
    expect_listed(owner, title)
    open_article(owner, title)
    owner.page.get_by_role("button", name=text(owner)["approve"]).click()
    expect(owner.page.get_by_role("status").filter(has_text=text(owner)["approved"])).to_be_visible()
    check_page(owner, "news-community-approved")

    open_platform_news(reader)  # away and back: the list loads afresh
    open_community_news(reader, community_id)
    expect_listed(reader, title)
    open_article(reader, title)
    expect(reader.page.get_by_role("article").locator("strong", has_text="entro venerdì")).to_be_visible()
    check_page(reader, "news-community-article-phone")
