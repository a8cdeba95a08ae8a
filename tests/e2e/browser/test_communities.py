"""Communities in a real browser: create, find, join, post, ask to join a private one and be let
in; a private community is listed but shows none of its content to someone outside it, in the
UI or the API. (Closed communities and invitations: test_communities_access.py.)"""
from __future__ import annotations

from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_communities import (
    approve_request,
    change_role,
    create_community,
    expect_locked,
    expect_post,
    fill_new_community,
    join_community,
    leave_community,
    open_communities,
    open_community,
    request_to_join,
    search_communities,
    start_new_community,
    text,
    write_post,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page


def test_public_and_private_communities_in_italian(people, member):
    marker = new_id()[-8:]
    bob, alice, carol = member("Bob"), member("Alice"), member("Carol")
    public_name, private_name = f"Robotica collaborativa {marker}", f"Laboratorio riservato {marker}"
    secret_title, secret_body = f"Piano riservato {marker}", "Il prototipo sarà pronto a marzo."

    # Bob creates a public community and a private one, and starts a discussion in the private one.
    bob_page = people("it")
    sign_in(bob_page, bob.email, PASSWORD)
    open_communities(bob_page)
    check_page(bob_page, "communities-list")
    start_new_community(bob_page)
    check_page(bob_page, "communities-new")
    bob_page.page.get_by_role("button", name="Crea la comunità").click()  # empty: told what is missing, nothing sent
    expect(bob_page.page.get_by_text("Scrivi un nome da 3 a 120 caratteri.")).to_be_visible()
    expect(bob_page.page.get_by_role("alert").filter(has_text="Scegli da uno a 20 temi.")).to_be_visible()
    fill_new_community(bob_page, public_name, "public", "Robot che lavorano accanto alle persone.\n\nBenvenuti!",
                       ("aerosp", "Aerospazio"))
    check_page(bob_page, "communities-new-filled")
    bob_page.page.get_by_role("button", name="Crea la comunità").click()
    expect(bob_page.page.get_by_role("heading", level=1)).to_have_text(public_name)
    expect(bob_page.page.get_by_role("list", name="Temi")).to_contain_text("Aerospazio")
    check_page(bob_page, "communities-community-owner")
    open_communities(bob_page)
    private_path = create_community(bob_page, private_name, "private", "Solo per i partner del progetto.")
    write_post(bob_page, secret_title, secret_body)
    check_page(bob_page, "communities-community-private")

    # Alice finds both by search (a private community is listed), joins the open one and writes a post.
    alice_page = people("it")
    sign_in(alice_page, alice.email, PASSWORD)
    open_communities(alice_page)
    search_communities(alice_page, marker)
    expect(alice_page.page.get_by_role("link", name=public_name)).to_be_visible()
    expect(alice_page.page.get_by_role("link", name=private_name)).to_be_visible()
    check_page(alice_page, "communities-search")
    join_community(alice_page, public_name)
    write_post(alice_page, f"Cerco partner {marker}", "Qualcuno lavora sulla visione artificiale?")
    expect(alice_page.page.get_by_role("region", name="Membri (2)").get_by_role("link", name="Bob")).to_be_visible()
    check_page(alice_page, "communities-community-member")

    # Bob sees Alice's post.
    open_community(bob_page, public_name)
    expect_post(bob_page, f"Cerco partner {marker}")
    expect(bob_page.page.get_by_role("article").get_by_role("link", name="Alice")).to_be_visible()

    # Alice opens the private community: she asks to join and waits.
    request_to_join(alice_page, private_path)
    expect(alice_page.page.get_by_text(secret_title)).to_have_count(0)
    check_page(alice_page, "communities-pending")

    # Bob approves; Alice then finds it among hers and reads its posts.
    approve_request(bob_page, private_name, "Alice")
    check_page(bob_page, "communities-requests")
    change_role(bob_page, "Alice", "moderator")
    open_communities(alice_page)
    search_communities(alice_page, marker)
    alice_page.page.get_by_role("link", name=private_name).click()
    expect(alice_page.page.get_by_role("heading", level=1)).to_have_text(private_name)
    expect_post(alice_page, secret_title)
    expect(alice_page.page.get_by_text(secret_body)).to_be_visible()
    expect(alice_page.page.get_by_text("Sei un moderatore di questa comunità.")).to_be_visible()

    # Carol, outside it, sees it listed but none of its content: not in the UI (on her phone) ...
    carol_page = people("it", phone=True)
    sign_in(carol_page, carol.email, PASSWORD)
    open_communities(carol_page)
    search_communities(carol_page, marker)
    expect(carol_page.page.get_by_role("link", name=public_name)).to_be_visible()
    expect(carol_page.page.get_by_role("link", name=private_name)).to_be_visible()
    check_page(carol_page, "communities-list")
    expect_locked(carol_page, private_path, [secret_title, secret_body])
    check_page(carol_page, "communities-private-outsider")
    # ... nor through the API.
    community_id = private_path.rsplit("/", 1)[-1]
    for path in (f"/communities/communities/{community_id}/posts", f"/communities/communities/{community_id}/members"):
        answer = carol.get(path)
        assert answer.status_code == 403, (path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert secret_title not in answer.text
    listed = carol.get("/communities/communities", params={"text": marker}).json()["items"]
    assert sorted(c["name"] for c in listed) == sorted([public_name, private_name])

    # On a phone, the public community's page reads well too.
    open_communities(carol_page)
    search_communities(carol_page, public_name)
    carol_page.page.get_by_role("link", name=public_name).click()
    expect_post(carol_page, f"Cerco partner {marker}")
    check_page(carol_page, "communities-community")


def test_join_and_leave_in_english(people, member):
    marker = new_id()[-8:]
    dave, erin = member("Dave", language="en"), member("Erin", language="en")
    name = f"Circular textiles {marker}"

    dave_page = people("en")
    sign_in(dave_page, dave.email, PASSWORD)
    open_communities(dave_page)
    check_page(dave_page, "communities-list")
    start_new_community(dave_page)
    check_page(dave_page, "communities-new")
    open_communities(dave_page)
    create_community(dave_page, name, "public", "Recycling fibres into new fabrics.", ("textile", "Sustainable and smart fashion"))
    check_page(dave_page, "communities-community-owner")

    erin_page = people("en", phone=True)
    sign_in(erin_page, erin.email, PASSWORD)
    open_communities(erin_page)
    search_communities(erin_page, f"no such words {marker}")
    expect(erin_page.page.get_by_role("status").filter(has_text=text(erin_page)["empty"])).to_be_visible()
    join_community(erin_page, name)
    check_page(erin_page, "communities-community-member")
    erin_page.page.get_by_role("button", name="Leave the community", exact=True).click()
    expect(erin_page.page.get_by_role("dialog")).to_contain_text(f"Leave “{name}”?")
    erin_page.page.wait_for_timeout(400)  # the dialog's fade-in, for the screenshot
    check_page(erin_page, "communities-leave-confirm")
    erin_page.page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(erin_page.page.get_by_role("dialog")).to_be_hidden()
    expect(erin_page.page.get_by_text("You are a member of this community.")).to_be_visible()
    leave_community(erin_page)
    expect(erin_page.page.get_by_role("button", name="Join the community")).to_be_visible()
    assert erin.get("/communities/communities", params={"text": marker, "mine": "true"}).json()["items"] == []
