import pytest

from contracts.events import NotificationPreferences
from profiles.domain.model import Profile, ProfileRuleViolation, check_password_strength, normalise_email
from profiles.entrypoints.client_address import DEFAULT_TRUSTED_PROXIES, client_key, parse_networks


def test_email_is_normalised_and_checked():
    assert normalise_email("  Alice@Example.ORG ") == "alice@example.org"
    for bad in ("alice", "alice@", "@example.org", "a b@example.org"):
        with pytest.raises(ProfileRuleViolation):
            normalise_email(bad)


def test_password_strength():
    with pytest.raises(ProfileRuleViolation):
        check_password_strength("short", "a@example.org")
    with pytest.raises(ProfileRuleViolation):
        check_password_strength("a@example.org", "a@example.org")
    check_password_strength("a long passphrase", "a@example.org")


def test_profile_edit_bumps_version_and_carries_full_state():
    profile, first = Profile.start("u1", "  Alice   Rossi ", "tax@1")
    assert profile.display_name == "Alice Rossi" and first.version == 1
    edited, event = profile.edit(display_name="Alice Rossi", organisation=" PoliMi ", competences=["s3:aerospace"],
                                 interests=["s3:aerospace", "s3:aerospace", "nace:28"],
                                 notification_preferences=NotificationPreferences(proposals=False),
                                 taxonomy_version="tax@1")
    assert edited.version == 2 and edited.organisation == "PoliMi"
    assert event.interests == ["s3:aerospace", "nace:28"] and event.notification_preferences.proposals is False


def test_profile_limits():
    profile, _ = Profile.start("u1", "Alice", "tax@1")
    with pytest.raises(ProfileRuleViolation):
        profile.edit(display_name="", organisation=None, competences=[], interests=[],
                     notification_preferences=NotificationPreferences(), taxonomy_version="tax@1")
    with pytest.raises(ProfileRuleViolation):
        profile.edit(display_name="A", organisation=None, competences=[], interests=[f"x{i}" for i in range(51)],
                     notification_preferences=NotificationPreferences(), taxonomy_version="tax@1")


# -- who is signing in (sign-in throttling is per client) --------------------------------------
GATEWAY_NETWORKS = parse_networks(DEFAULT_TRUSTED_PROXIES)


def test_behind_the_gateway_the_client_is_the_entry_the_gateway_appended():
    assert client_key("10.0.3.7", ["198.51.100.4"], GATEWAY_NETWORKS) == "198.51.100.4"
    # Entries left of the gateway's are the client's own say: ignored, however many headers.
    assert client_key("10.0.3.7", ["1.2.3.4, 5.6.7.8", "198.51.100.4"], GATEWAY_NETWORKS) == "198.51.100.4"
    assert client_key("127.0.0.1", [], GATEWAY_NETWORKS) == "127.0.0.1"
    assert client_key("10.0.3.7", ["not an address"], GATEWAY_NETWORKS) == "10.0.3.7"


def test_a_direct_caller_cannot_choose_its_identity():
    assert client_key("192.0.2.10", ["198.51.100.4"], GATEWAY_NETWORKS) == "192.0.2.10"
    assert client_key("10.0.3.7", ["198.51.100.4"], ()) == "10.0.3.7"


def test_ipv6_clients_are_grouped_by_their_64_block():
    one = client_key("10.0.3.7", ["2001:db8:1:2::1"], GATEWAY_NETWORKS)
    assert one == client_key("10.0.3.7", ["2001:db8:1:2:ffff::9"], GATEWAY_NETWORKS) == "2001:db8:1:2::/64"
    assert client_key("10.0.3.7", ["2001:db8:1:3::1"], GATEWAY_NETWORKS) != one
    assert client_key("::ffff:10.0.3.7", ["::ffff:198.51.100.4"], GATEWAY_NETWORKS) == "198.51.100.4"
