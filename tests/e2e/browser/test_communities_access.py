"""Access types and invitations in a real browser. In Italian: a manager creates a private
community (the access types explained), invites someone by e-mail, and the invitee, not yet
registered, opens the link, signs up through it and lands in the community as a member. In
English: a closed community does not exist for a non-member (not listed, its address "not
found", nor through the API), while an invited member finds the invitation and accepts it."""
from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.browser.steps_communities import (
    community_path,
    expect_not_visible,
    fill_new_community,
    go_in_app,
    open_communities,
    search_communities,
    start_new_community,
    text,
)
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page

TEXT = {
    "it": {"invite_email": "Indirizzo e-mail", "invite": "Invita", "invite_link": "Link dell'invito",
           "invited_to": "Sei invitato in «{name}»", "sign_up_and_join": "Crea un account ed entra",
           "name": "Nome e cognome", "email": "E-mail", "password": "Password", "sign_up": "Registrati",
           "member": "Fai parte di questa comunità.", "closed_hint": "Solo su invito",
           "my_invitations": "I tuoi inviti", "accept": "Accetta l'invito in {name}",
           "accepted": "Benvenuto: ora sei membro di «{name}».", "invitations": "Inviti"},
    "en": {"invite_email": "E-mail address", "invite": "Invite", "invite_link": "Invitation link",
           "invited_to": "You are invited to “{name}”", "sign_up_and_join": "Create an account and join",
           "name": "Full name", "email": "E-mail", "password": "Password", "sign_up": "Sign up",
           "member": "You are a member of this community.", "closed_hint": "By invitation only",
           "my_invitations": "Your invitations", "accept": "Accept the invitation to {name}",
           "accepted": "Welcome: you are now a member of “{name}”.", "invitations": "Invitations"},
}


def test_a_manager_invites_by_e_mail_and_the_invitee_signs_up_through_the_link_in_italian(people, member):
    marker = new_id()[-8:]
    bob = member("Bob Gestore")
    name = f"Laboratorio su invito {marker}"
    t = TEXT["it"]

    manager = people("it")
    sign_in(manager, bob.email, PASSWORD)
    open_communities(manager)
    start_new_community(manager)
    page = manager.page
    expect(page.get_by_text(t["closed_hint"], exact=False)).to_be_visible()  # every access type explained
    fill_new_community(manager, name, "private", "Solo per i partner del progetto.", ("aerosp", "Aerospazio"))
    check_page(manager, "access-new-private")
    page.get_by_role("button", name=text(manager)["create"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # The invite form: an e-mail address, and a link to send.
    invitations = page.get_by_role("region", name=t["invitations"])
    newcomer_email = f"nuova.{marker}@example.org"
    invitations.get_by_label(t["invite_email"], exact=True).fill(newcomer_email)
    invitations.get_by_role("button", name=t["invite"], exact=True).click()
    link_field = invitations.get_by_label(t["invite_link"])
    expect(link_field).to_be_visible()
    link = link_field.input_value()
    assert "/invitations/accept?token=" in link, link
    expect(invitations.get_by_role("list").get_by_text(newcomer_email)).to_be_visible()
    check_page(manager, "access-invited-by-email")
    path = community_path(manager)

    # The newcomer, not registered: the link shows the community, then sign-up, then in.
    newcomer = people("it")
    target = urlparse(link)
    newcomer.page.goto(f"{target.path}?{target.query}")
    expect(newcomer.page.get_by_role("heading", name=t["invited_to"].format(name=name))).to_be_visible()
    check_page(newcomer, "access-invitation-link")
    newcomer.page.get_by_role("link", name=t["sign_up_and_join"]).click()
    main = newcomer.page.get_by_role("main")
    main.get_by_label(t["name"]).fill("Nadia Nuova")
    main.get_by_label(t["email"]).fill(newcomer_email)
    main.get_by_label(t["password"], exact=True).fill(PASSWORD)
    main.get_by_role("button", name=t["sign_up"]).click()
    expect(newcomer.page.get_by_role("heading", level=1)).to_have_text(name)
    expect(newcomer.page.get_by_text(t["member"])).to_be_visible()
    assert urlparse(newcomer.page.url).path == path
    check_page(newcomer, "access-joined-through-link")

    # The link is spent: opening it again says so.
    again = people("it")
    again.page.goto(f"{target.path}?{target.query}")
    expect(again.page.get_by_role("alert")).to_be_visible()
    assert bob.get(f"/communities{path}/invitations").json()["items"] == []


def test_a_closed_community_is_invisible_to_non_members_and_an_invited_member_joins_in_english(people, member):
    marker = new_id()[-8:]
    owner, guest, outsider = member("Olive Owner", "en"), member("Gina Guest", "en"), member("Oscar Outsider", "en")
    name, secret = f"Closed lab {marker}", f"Secret plan {marker}"
    t = TEXT["en"]
    created = owner.post("/communities/communities", json={
        "name": name, "description": secret, "visibility": "closed", "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    community_id = created.json()["id"]
    invited = owner.post(f"/communities/communities/{community_id}/invitations", json={"user_id": guest.user_id})
    assert invited.status_code == 201, invited.text

    # A non-member: not listed, the address says "not found", nothing through the API either.
    stranger = people("en")
    sign_in(stranger, outsider.email, PASSWORD)
    open_communities(stranger)
    search_communities(stranger, marker)
    expect(stranger.page.get_by_role("link", name=name)).to_have_count(0)
    expect_not_visible(stranger, f"/communities/{community_id}", [name, secret])
    check_page(stranger, "access-closed-not-found")
    for api_path in (f"/communities/communities/{community_id}", f"/communities/communities/{community_id}/members"):
        answer = outsider.get(api_path)
        assert answer.status_code == 404, (api_path, answer.text)
        assert name not in answer.text and secret not in answer.text
    assert outsider.get("/communities/communities", params={"text": marker}).json()["items"] == []

    # The invited member, on a phone: the invitation on the communities page, accepted there.
    invitee = people("en", phone=True)
    sign_in(invitee, guest.email, PASSWORD)
    open_communities(invitee)
    mine = invitee.page.get_by_role("region", name=t["my_invitations"])
    expect(mine.get_by_role("link", name=name)).to_be_visible()
    check_page(invitee, "access-my-invitations")
    mine.get_by_role("button", name=t["accept"].format(name=name)).click()
    expect(invitee.page.get_by_role("status").filter(has_text=t["accepted"].format(name=name))).to_be_visible()
    go_in_app(invitee, f"/communities/{community_id}")
    expect(invitee.page.get_by_role("heading", level=1)).to_have_text(name)
    expect(invitee.page.get_by_text(t["member"])).to_be_visible()
    check_page(invitee, "access-closed-member")
    assert outsider.get(f"/communities/communities/{community_id}").status_code == 404  # still invisible to him
