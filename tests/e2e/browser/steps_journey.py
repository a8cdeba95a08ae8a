"""Steps of the whole-community journey that no capability's steps module has: the manager's
invitation by e-mail on the community page (the link it shows), the newcomer signing up
through that link, and people joining a private community through the API (asked, then
approved), by role and label in Italian or English."""
from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.support.browser import Person

TEXT = {
    "it": {"invitations": "Inviti", "invite_email": "Indirizzo e-mail", "invite": "Invita",
           "invite_link": "Link dell'invito", "invited_to": "Sei invitato in «{name}»",
           "sign_up_and_join": "Crea un account ed entra", "name": "Nome e cognome", "email": "E-mail",
           "password": "Password", "sign_up": "Registrati", "member": "Fai parte di questa comunità."},
    "en": {"invitations": "Invitations", "invite_email": "E-mail address", "invite": "Invite",
           "invite_link": "Invitation link", "invited_to": "You are invited to “{name}”",
           "sign_up_and_join": "Create an account and join", "name": "Full name", "email": "E-mail",
           "password": "Password", "sign_up": "Sign up", "member": "You are a member of this community."},
}


def text(person: Person) -> dict:
    return TEXT[person.language]


def invite_by_email(person: Person, email: str) -> str:
    """On the community's page, as a manager: invite an address; returns the link the page shows."""
    t = text(person)
    invitations = person.page.get_by_role("region", name=t["invitations"])
    invitations.get_by_label(t["invite_email"], exact=True).fill(email)
    invitations.get_by_role("button", name=t["invite"], exact=True).click()
    link_field = invitations.get_by_label(t["invite_link"])
    expect(link_field).to_be_visible()
    expect(invitations.get_by_role("list").get_by_text(email)).to_be_visible()
    link = link_field.input_value()
    assert "/invitations/accept?token=" in link, link
    return link


def sign_up_through_invitation(person: Person, link: str, community: str, name: str, email: str,
                               password: str) -> None:
    """Someone not registered yet opens the link (as from the e-mail), signs up from it and
    lands in the community as a member."""
    t, page = text(person), person.page
    target = urlparse(link)
    page.goto(f"{target.path}?{target.query}")
    expect(page.get_by_role("heading", name=t["invited_to"].format(name=community))).to_be_visible()
    page.get_by_role("link", name=t["sign_up_and_join"]).click()
    main = page.get_by_role("main")
    main.get_by_label(t["name"]).fill(name)
    main.get_by_label(t["email"]).fill(email)
    main.get_by_label(t["password"], exact=True).fill(password)
    main.get_by_role("button", name=t["sign_up"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(community)
    expect(page.get_by_text(t["member"])).to_be_visible()


def join_private(owner, community_id: str, *people) -> None:
    """Through the API: each asks to join, the owner approves."""
    for person in people:
        asked = person.post(f"/communities/communities/{community_id}/members")
        assert asked.status_code == 201, asked.text
        approved = owner.post(f"/communities/communities/{community_id}/members/{person.user_id}/approve")
        assert approved.status_code in (200, 201), approved.text
