"""The whole slice as two people walk it, each in a browser context of their own, without curl:
Alice and Bob sign up, Alice picks her interests with the descriptor picker, Bob creates a
community and Alice joins it, Bob publishes a proposal, Alice's open inbox shows it live (no
reload), Alice expresses interest, Bob accepts, both see the status.

Once in Italian on a desktop, and once in English with Alice on a 360×740 phone."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from servicekit.ids import new_id
from tests.e2e.browser import steps_communities as communities
from tests.e2e.browser import steps_inbox as inbox
from tests.e2e.browser import steps_profile as profile
from tests.e2e.browser import steps_proposals as proposals
from tests.e2e.browser.steps_auth import sign_up
from tests.e2e.conftest import PASSWORD
from tests.support.browser import check_page

AEROSPACE = {"it": "Aerospazio", "en": "Aerospace"}


@pytest.mark.parametrize(("language", "alice_on_a_phone"), [("it", False), ("en", True)])
def test_two_people_walk_the_slice(people, language, alice_on_a_phone):
    marker = new_id()[-8:]
    area = AEROSPACE[language]
    a, b = people(language, phone=alice_on_a_phone), people(language)

    # Both sign up from the home page, in their language.
    for person, name in ((a, "Alice Rossi"), (b, "Bob Bianchi")):
        person.page.goto("/")
        check_page(person, "slice-home")
        sign_up(person, name, f"{name.split()[0].lower()}.{marker}@example.org", PASSWORD, language)
        check_page(person, "slice-home-signed-in")

    # Alice picks her interests with the picker, by searching, and saves them.
    profile.open_my_profile(a)
    profile.pick_interests(a, [("aerospaz" if language == "it" else "aerospace", area)])
    profile.save_profile(a)
    check_page(a, "slice-profile")

    # Bob creates a public community on it; Alice finds it and joins.
    community = f"{area} {marker}"
    communities.open_communities(b)
    communities.create_community(b, community, "public", topic=("aerosp", area))
    check_page(b, "slice-community-owner")
    communities.join_community(a, community)
    check_page(a, "slice-community-member")

    # Alice keeps her inbox open; Bob publishes a proposal on the same area.
    inbox.open_inbox(a)
    inbox.expect_badge(a, 0)
    title = f"{'Partner per centine alari' if language == 'it' else 'Partner for wing ribs'} {marker}"
    proposals.open_proposals(b)
    proposals.start_new_proposal(b)
    published = time.monotonic()
    proposals.publish_proposal(b, title, "Thermoplastic composites" if language == "en" else "Compositi termoplastici",
                               topic=("aerosp", re.compile(rf"^{area}")), kind="technology_request")
    check_page(b, "slice-proposal-author")

    # It appears in Alice's open inbox, and the unread count with it, without a reload.
    inbox.expect_notification(a, title, unread=True)
    inbox.expect_badge(a, 1)
    print(f"\n{language}: Bob's publish click -> Alice's inbox shows it: {time.monotonic() - published:.2f} s "
          "(publish round trip included)")
    check_page(a, "slice-inbox-live")

    # Alice follows the notification to the proposal and expresses interest.
    inbox.notification(a, title).get_by_role("link", name=title).click()
    expect(a.page.get_by_role("heading", level=1)).to_have_text(title)
    proposals.express_interest(a, title, "Our lab works on thermoplastic composites.")
    check_page(a, "slice-proposal-interested")

    # Bob accepts it among the interests he received; both see it accepted.
    proposals.open_interests(b, "received")
    proposals.accept_interest(b, "Alice Rossi")
    proposals.expect_interest_status(b, "Alice Rossi", "accepted")
    check_page(b, "slice-interests-received")
    proposals.open_interests(a, "sent")
    proposals.expect_interest_status(a, title, "accepted")
    check_page(a, "slice-interests-sent")
