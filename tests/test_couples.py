"""Inviting, accepting and unpairing, through the pages a person uses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.helpers import keys_of, make_person, signed_in
from twofold.couples import services
from twofold.couples.models import Couple, Invite, Membership

pytestmark = pytest.mark.django_db


def invite_from(user):
    return services.create_invite(user)


def test_invite_link_and_code_are_long_random_and_stored_only_as_hashes(alice):
    new = invite_from(alice)
    assert len(new.token) >= 43  # 256 bits, URL-safe base64
    assert len(new.code) == 9 and new.code[4] == "-"
    invite = Invite.unscoped.get(pk=new.invite.pk)
    assert new.token not in invite.token_hash and new.code not in invite.code_hash
    assert invite.expires_at - invite.created_at == timedelta(hours=72)


def test_partner_accepts_through_the_link_and_both_see_each_other(alice):
    bob = make_person("Bob")
    new = invite_from(alice)
    response = signed_in(bob).get(f"/invite/{new.token}/")
    assert b"Share Twofold with Alice?" in response.content
    response = signed_in(bob).post(f"/invite/{new.token}/", follow=True)
    assert b"You and Alice are now paired." in response.content
    assert services.partner_of(bob) == alice
    assert "Bob" in signed_in(alice).get("/").content.decode()


def test_partner_accepts_by_typing_the_code_in_any_case(alice):
    bob = make_person("Bob")
    new = invite_from(alice)
    typed = new.code.lower().replace("-", " ")
    signed_in(bob).post("/partner/join/", {"code": typed})
    assert services.partner_of(bob) == alice


def test_couple_takes_the_inviters_timezone(alice):
    alice.timezone = "America/Chicago"
    alice.save()
    bob = make_person("Bob")
    couple = services.accept_invite(bob, token=invite_from(alice).token)
    assert couple.timezone == "America/Chicago"


def test_the_invitee_must_actively_accept(alice):
    bob = make_person("Bob")
    new = invite_from(alice)
    signed_in(bob).get(f"/invite/{new.token}/")
    assert services.partner_of(bob) is None


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda invite: Invite.unscoped.filter(pk=invite.pk).update(expires_at=timezone.now()), "expired"),
        (lambda invite: Invite.unscoped.filter(pk=invite.pk).update(revoked_at=timezone.now()), "withdrawn"),
    ],
)
def test_expired_or_revoked_invites_say_why_and_change_nothing(alice, spoil, message):
    bob = make_person("Bob")
    new = invite_from(alice)
    spoil(new.invite)
    page = signed_in(bob).get(f"/invite/{new.token}/")
    assert page.status_code == 410 and message in page.content.decode()
    response = signed_in(bob).post(f"/invite/{new.token}/")
    assert response.status_code == 410
    response = signed_in(bob).post("/partner/join/", {"code": new.code}, follow=True)
    assert message in response.content.decode()
    assert Couple.objects.count() == 0


def test_malformed_link_and_wrong_code_give_a_clear_message(alice):
    bob = make_person("Bob")
    page = signed_in(bob).get("/invite/not-a-real-token/")
    assert page.status_code == 404 and b"copied whole" in page.content
    response = signed_in(bob).post("/partner/join/", {"code": "AAAA-AAAA"}, follow=True)
    assert b"doesn&#x27;t match an invitation" in response.content
    response = signed_in(bob).post("/partner/join/", {"code": ""}, follow=True)
    assert b"Enter the code your partner gave you." in response.content
    assert Couple.objects.count() == 0


def test_a_third_person_using_the_link_after_acceptance_is_refused(alice):
    bob, erin = make_person("Bob"), make_person("Erin")
    new = invite_from(alice)
    signed_in(bob).post(f"/invite/{new.token}/")
    page = signed_in(erin).post(f"/invite/{new.token}/")
    assert page.status_code == 410 and b"already been accepted" in page.content
    with pytest.raises(services.CoupleError) as error:
        services.accept_invite(erin, code=new.code)
    assert error.value.code == "invite_used"
    assert services.partner_of(erin) is None and services.partner_of(alice) == bob


def test_accepting_ones_own_invite_is_refused(alice):
    new = invite_from(alice)
    page = signed_in(alice).get(f"/invite/{new.token}/")
    assert b"This is your own invitation" in page.content
    response = signed_in(alice).post("/partner/join/", {"code": new.code}, follow=True)
    assert b"This is your own invitation" in response.content
    assert Membership.objects.count() == 0


def test_double_submitted_accept_pairs_once_and_says_so(alice):
    bob = make_person("Bob")
    new = invite_from(alice)
    client = signed_in(bob)
    client.post("/partner/join/", {"code": new.code})
    second = client.post("/partner/join/", {"code": new.code}, follow=True)
    assert b"You have already accepted this invitation." in second.content
    assert Couple.objects.count() == 1 and Membership.objects.count() == 2


def test_someone_already_paired_cannot_accept_another_invite(alice, bob):
    erin = make_person("Erin")
    new = invite_from(erin)
    response = signed_in(bob).post("/partner/join/", {"code": new.code}, follow=True)
    assert b"You are already paired" in response.content
    assert services.partner_of(bob) == alice and services.partner_of(erin) is None


def test_an_open_invite_closes_when_its_author_pairs_with_someone_else(charlie):
    erin, bob = make_person("Erin"), make_person("Bob")
    erins_invite = invite_from(erin)
    services.accept_invite(erin, token=invite_from(charlie).token)
    response = signed_in(bob).post("/partner/join/", {"code": erins_invite.code}, follow=True)
    assert b"withdrawn" in response.content
    assert services.partner_of(erin) == charlie and services.partner_of(bob) is None


def test_a_new_invite_revokes_the_previous_one(alice):
    first = invite_from(alice)
    invite_from(alice)
    bob = make_person("Bob")
    with pytest.raises(services.CoupleError) as error:
        services.accept_invite(bob, token=first.token)
    assert error.value.code == "invite_revoked"


def test_revoking_stops_link_and_code(alice):
    new = invite_from(alice)
    response = signed_in(alice).post(f"/partner/invite/{new.invite.pk}/revoke/", follow=True)
    assert b"no longer work" in response.content
    bob = make_person("Bob")
    with pytest.raises(services.CoupleError):
        services.accept_invite(bob, code=new.code)


def test_emailed_invite_reads_the_same_whether_or_not_the_address_has_an_account(alice, erin):
    client = signed_in(alice)
    known = client.post("/partner/invite/", {"email": erin.email})
    unknown = client.post("/partner/invite/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda page: page.content.decode().split("invite-url")[0]  # noqa: E731
    assert strip(known).replace(erin.email, "") == strip(unknown).replace("nobody@example.org", "")
    assert [m.to for m in mail.outbox] == [[erin.email], ["nobody@example.org"]]
    assert "/invite/" in mail.outbox[1].body


def test_bad_email_for_the_invite_sends_nothing(alice):
    response = signed_in(alice).post("/partner/invite/", {"email": "not an address"}, follow=True)
    assert b"doesn&#x27;t look right" in response.content
    assert not mail.outbox and Invite.objects.for_user(alice).count() == 0


def test_guessing_codes_is_throttled(alice):
    bob = make_person("Bob")
    new = invite_from(alice)
    for _ in range(services.CODE_ATTEMPTS_PER_HOUR):
        with pytest.raises(services.CoupleError):
            services.accept_invite(bob, code="ZZZZ-ZZZZ")
    with pytest.raises(services.CoupleError) as error:
        services.accept_invite(bob, code=new.code)
    assert error.value.code == "too_many_attempts"


def test_unpairing_is_immediate_silent_and_leaves_both_solo(alice, bob):
    page = signed_in(bob).get("/partner/unpair/")
    assert b"Unpair from Alice?" in page.content
    response = signed_in(bob).post("/partner/unpair/", follow=True)
    assert b"You are no longer paired" in response.content
    assert services.partner_of(alice) is None and services.partner_of(bob) is None
    assert not mail.outbox
    assert b"On your own for now" in signed_in(alice).get("/").content


def test_unpairing_twice_says_so_and_changes_nothing(alice, bob):
    client = signed_in(bob)
    client.post("/partner/unpair/")
    second = client.post("/partner/unpair/", follow=True)
    assert b"You are not paired right now." in second.content


def test_a_new_couple_after_unpairing_is_a_new_couple(alice, bob):
    old = services.active_couple(alice)
    services.unpair(alice)
    erin = make_person("Erin")
    new = services.accept_invite(erin, token=invite_from(alice).token)
    assert new.pk != old.pk


def test_couple_name_and_timezone_can_be_changed_and_bad_timezone_is_refused(alice, bob):
    client = signed_in(bob)
    client.post("/partner/settings/", {"name": "Us", "timezone": "Asia/Tokyo"})
    couple = services.active_couple(alice)
    assert (services.couple_name(keys_of(alice), couple), couple.timezone) == ("Us", "Asia/Tokyo")
    response = client.post("/partner/settings/", {"name": "Them", "timezone": "Mars/Olympus"})
    assert response.status_code == 400 and b"Select a valid choice" in response.content
    assert services.couple_name(keys_of(alice), services.active_couple(alice)) == "Us"


def test_invite_link_survives_sign_up_and_is_offered_after_login(client, alice):
    new = invite_from(alice)
    page = client.get(f"/invite/{new.token}/")
    assert b"Alice invited you to Twofold" in page.content
    bob = make_person("Bob")
    client.force_login(bob)
    today = client.get("/")
    assert b"Alice invited you to share Twofold." in today.content
