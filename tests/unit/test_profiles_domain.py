import pytest

from contracts.events import NotificationPreferences
from profiles.domain.model import Profile, ProfileRuleViolation, check_password_strength, normalise_email


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
