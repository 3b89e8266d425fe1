"""What people write is sealed: it never appears in the clear anywhere the server keeps things."""

from __future__ import annotations

import json
import logging
import math
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.helpers import PASSWORD, api_client, keys_of, signed_in
from twofold.accounts.models import KeyMaterial, SecurityEvent
from twofold.couples import services as couples
from twofold.couples.models import Couple
from twofold.lib import keyring
from twofold.lib.crypto import CryptoError, random_key
from twofold.lib.keyring import KeyChain
from twofold.lib.sealed import MAX_PLAINTEXT_BYTES, Sealed, SealError

pytestmark = pytest.mark.django_db


def all_table_bytes() -> bytes:
    """Every row of every table, as the database returns it: a dump."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the database)
            for row in cursor.fetchall():
                for value in row:
                    chunks.append(bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode())
    return b"\n".join(chunks)


def raw_database_files() -> bytes:
    if connection.vendor != "sqlite":
        return b""
    name = Path(connection.settings_dict["NAME"])
    return b"".join(path.read_bytes() for path in name.parent.glob(name.name + "*"))


def cache_bytes() -> bytes:
    return b"".join(bytes(value) for value in getattr(cache, "_cache", {}).values())


@pytest.mark.django_db(transaction=True)  # committed, so the rows are really in the database file
def test_a_canary_written_through_pages_and_api_is_never_stored_or_logged_in_the_clear(alice, bob, caplog):
    caplog.set_level(logging.DEBUG)
    web_canary, api_canary = f"canary-web-{uuid.uuid4()}", f"canary-api-{uuid.uuid4()}"
    signed_in(alice).post("/partner/settings/", {"name": web_canary, "timezone": "UTC"})
    assert couples.couple_name(keys_of(bob), couples.active_couple(bob)) == web_canary
    api = api_client(bob)
    response = api.put("/api/v1/couple", json.dumps({"name": api_canary, "timezone": "UTC"}), "application/json")
    assert response.json()["name"] == api_canary
    assert api_canary in signed_in(alice).get("/partner/").content.decode()  # the two of them see it

    for canary in (web_canary, api_canary):
        needle = canary.encode()
        assert needle not in all_table_bytes()
        assert needle not in raw_database_files()
        assert needle not in cache_bytes()
        assert canary not in caplog.text
        assert all(canary not in message.body and canary not in message.subject for message in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_file_is_really_read(alice):
    # Guards the canary test: the raw file does hold plain metadata such as an e-mail address.
    if connection.vendor == "sqlite":
        assert alice.email.encode() in raw_database_files()


def test_plaintext_cannot_be_stored_in_a_sealed_field(alice, bob):
    couple = couples.active_couple(alice)
    couple.name = "in the clear"
    with pytest.raises(TypeError):
        couple.save()


def test_ciphertexts_moved_between_rows_fields_or_people_fail_loudly(alice, bob, charlie, dana):
    alice_keys, charlie_keys = keys_of(alice), keys_of(charlie)
    ours, theirs = couples.active_couple(alice), couples.active_couple(charlie)
    couples.update_couple(alice_keys, alice, name="ours", timezone_name="UTC")
    couples.update_couple(charlie_keys, charlie, name="theirs", timezone_name="UTC")
    ours.refresh_from_db()
    theirs.refresh_from_db()

    # Between rows of the same kind, even with a key that opens both places' keys.
    with pytest.raises(CryptoError):
        alice_keys.open(theirs.name, ours, "name")
    # Between fields.
    with pytest.raises(CryptoError):
        alice_keys.open(ours.name, ours, "timezone")
    # Between people: Alice holds no key of Charlie and Dana's couple.
    with pytest.raises(CryptoError):
        alice_keys.open(theirs.name, theirs, "name")
    # A single flipped byte.
    damaged = bytearray(ours.name.blob)
    damaged[-1] ^= 1
    with pytest.raises(CryptoError):
        alice_keys.open(Sealed(bytes(damaged)), ours, "name")
    # A changed key version in the header.
    relabelled = bytearray(ours.name.blob)
    relabelled[13] ^= 1
    with pytest.raises(CryptoError):
        alice_keys.open(Sealed(bytes(relabelled)), ours, "name")


def test_security_log_details_open_only_for_their_owner(alice, bob):
    from twofold.accounts import security

    event = security.record(alice, security.Kind.LOGIN, device="Firefox on Android")
    other = security.record(alice, security.Kind.LOGIN, device="Chrome on iPhone")
    assert keys_of(alice).open(event.detail, event, "detail") == {"device": "Firefox on Android"}
    with pytest.raises(CryptoError):
        keys_of(bob).open(event.detail, event, "detail")
    with pytest.raises(CryptoError):
        keys_of(alice).open(event.detail, other, "detail")


def test_a_database_dump_with_the_sessions_but_without_the_cookie_opens_nothing(alice, bob):
    client = signed_in(alice)
    client.post("/partner/settings/", {"name": "private name", "timezone": "UTC"})
    share = client.session[keyring.SESSION_KEY]["share"]
    couple = couples.active_couple(alice)
    guess = KeyChain(user_id=alice.pk, version=1, data_key=keyring._unb64(share))
    with pytest.raises(CryptoError):
        guess.couple_key(couple.pk)
    # The same session without its cookie half is locked.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = thief.get("/partner/").content.decode()
    assert "private name" not in page and "locked" in page


def test_signing_out_destroys_access(alice, bob):
    client = signed_in(alice)
    assert keyring.SESSION_KEY in client.session and client.cookies[keyring.COOKIE_NAME].value
    client.post("/accounts/logout/")
    assert keyring.SESSION_KEY not in client.session
    assert client.cookies[keyring.COOKIE_NAME].value == ""  # the browser is told to drop its half


def test_a_password_reset_opens_the_account_but_not_the_sealed_data_until_the_recovery_code(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="before the reset", timezone_name="UTC")
    client = Client()
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a brand new passphrase"
    client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})

    with pytest.raises(keyring.Locked):
        keyring.unlock_with_password(alice, new_password)
    assert client.post("/accounts/login/", {"login": alice.email, "password": new_password}).status_code == 302
    page = client.get("/partner/").content.decode()
    assert "before the reset" not in page
    assert client.get("/unlock/", follow=True).redirect_chain[-1][0] == "/settings/recover/"

    wrong = client.post("/settings/recover/", {"recovery_code": "AAAAA-AAAAA", "password": new_password})
    assert wrong.status_code == 400
    recovered = client.post("/settings/recover/", {"recovery_code": alice.recovery_code, "password": new_password})
    new_code = recovered.context["code"]
    assert new_code != alice.recovery_code
    assert "before the reset" in client.get("/partner/").content.decode()
    assert keyring.unlock_with_password(alice, new_password).version == 1
    with pytest.raises(keyring.Locked):
        keyring.unlock_with_recovery_code(alice, alice.recovery_code)  # the used code is replaced


def test_starting_afresh_destroys_old_sealed_data_and_gives_new_keys(erin):
    client = signed_in(erin)
    old_events = SecurityEvent.objects.for_user(erin).count()
    assert old_events > 0
    response = client.post("/settings/start-afresh/", {"password": PASSWORD, "confirm": "destroy"})
    assert response.status_code == 302 and response["Location"] == "/settings/recovery-code/"
    assert KeyMaterial.objects.get(user=erin).version == 2
    chain = keyring.unlock_with_password(erin, PASSWORD)
    assert chain.version == 2
    # The security log survives, but details sealed to the old keys no longer open.
    old = SecurityEvent.objects.for_user(erin).exclude(kind="started_afresh").exclude(detail=None).first()
    with pytest.raises(CryptoError):
        chain.open(old.detail, old, "detail")
    assert "details not available" in client.get("/settings/security-log/").content.decode()


def test_start_afresh_needs_the_password_and_the_word(erin):
    client = signed_in(erin)
    assert client.post("/settings/start-afresh/", {"password": PASSWORD, "confirm": "yes"}).status_code == 400
    assert client.post("/settings/start-afresh/", {"password": "nope", "confirm": "DESTROY"}).status_code == 400
    assert KeyMaterial.objects.get(user=erin).version == 1


def test_changing_the_password_rewraps_the_key_and_keeps_data_readable(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="kept", timezone_name="UTC")
    client = signed_in(alice)
    new_password = "another long passphrase"
    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    with pytest.raises(keyring.Locked):
        keyring.unlock_with_password(alice, PASSWORD)
    chain = keyring.unlock_with_password(alice, new_password)
    assert couples.couple_name(chain, couples.active_couple(alice)) == "kept"


def test_a_passkey_style_sign_in_asks_for_the_password_plainly(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="ours", timezone_name="UTC")
    client = signed_in(alice, unlocked=False)  # signed in without the password
    page = client.get("/partner/").content.decode()
    assert "locked" in page
    unlock = client.get("/unlock/").content.decode()
    assert "passkey" in unlock and "password" in unlock
    response = client.post("/unlock/?next=/partner/", {"password": PASSWORD, "next": "/partner/"})
    assert response.status_code == 302 and response["Location"] == "/partner/"


def test_idle_sessions_lock_and_the_password_unlocks_them(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="ours", timezone_name="UTC")
    client = signed_in(alice)
    session = client.session
    held = session[keyring.SESSION_KEY]
    held["seen"] -= 16 * 60
    session[keyring.SESSION_KEY] = held
    session.save()
    assert "locked" in client.get("/partner/").content.decode()
    assert client.post("/unlock/", {"password": "wrong"}).status_code == 400
    client.post("/unlock/", {"password": PASSWORD})
    assert "locked" not in client.get("/partner/").content.decode()


def test_api_tokens_open_the_data_key_and_only_a_hash_is_stored(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="via api", timezone_name="UTC")
    assert api_client(bob).get("/api/v1/couple").json()["name"] == "via api"


def test_new_recovery_code_on_demand_needs_reauthentication(alice):
    client = signed_in(alice)
    page = client.get("/settings/recovery-code/").content.decode()
    assert "The old code stops working" in page and alice.recovery_code[:5] not in page
    keyring.unlock_with_recovery_code(alice, alice.recovery_code)  # looking changed nothing
    made = client.post("/settings/recovery-code/", {"make": "1"}).content.decode()
    assert 'data-testid="recovery-code"' in made
    with pytest.raises(keyring.Locked):
        keyring.unlock_with_recovery_code(alice, alice.recovery_code)  # the old code is replaced
    session = client.session
    for method in session["account_authentication_methods"]:
        method["at"] -= 3600  # the sign-in was an hour ago
    session.save()
    response = client.post("/settings/recovery-code/", {"make": "1"})
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_rotating_server_keys_keeps_every_key_usable(alice, tmp_path, settings):
    from django.core.management import call_command

    from twofold.lib import serverkeys

    before = serverkeys.version_of(bytes(KeyMaterial.objects.get(user=alice).password_wrap))
    call_command("rotate_keys", retire=True)
    material = KeyMaterial.objects.get(user=alice)
    assert serverkeys.version_of(bytes(material.password_wrap)) == before + 1
    assert serverkeys.current_version() == before + 1
    assert keyring.unlock_with_password(alice, PASSWORD).version == 1
    assert keyring.unlock_with_recovery_code(alice, alice.recovery_code).version == 1


# --- property tests: sealing round-trips any value, and opens nowhere else

CHAIN = KeyChain(user_id=7, version=1, data_key=random_key())


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_round_trips(text):
    row = Couple()
    assert CHAIN.open(CHAIN.seal(text, row, "name"), row, "name") == text


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True)))
def test_any_number_round_trips(number):
    row = Couple()
    opened = CHAIN.open(CHAIN.seal(number, row, "n"), row, "n")
    assert (math.isnan(opened) and math.isnan(number)) if number != number else opened == number


@hypothesis_settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.text(max_size=20), st.one_of(st.text(max_size=50), st.integers(), st.booleans())))
def test_small_json_round_trips(value):
    row = Couple()
    assert CHAIN.open(CHAIN.seal(value, row, "data"), row, "data") == value


def test_text_at_the_size_limit_seals_and_beyond_it_refuses():
    row = Couple()
    largest = "é" * ((MAX_PLAINTEXT_BYTES - 2) // 6)  # JSON writes é as \\u00e9: six bytes
    assert CHAIN.open(CHAIN.seal(largest, row, "t"), row, "t") == largest
    with pytest.raises(SealError):
        CHAIN.seal("x" * MAX_PLAINTEXT_BYTES, row, "t")


def test_a_sealed_value_prints_as_nothing_readable():
    row = Couple()
    sealed = CHAIN.seal("secret words", row, "t")
    assert "secret" not in repr(sealed) and "secret" not in str(sealed)


def test_an_operator_account_made_on_the_command_line_gets_keys_at_first_sign_in(db):
    from twofold.accounts.models import User

    operator = User.objects.create_superuser("root@example.org", PASSWORD)
    client = Client()
    client.post("/accounts/login/", {"login": operator.email, "password": PASSWORD})
    assert KeyMaterial.objects.filter(user=operator).exists()
    assert keyring.unlock_with_password(operator, PASSWORD).version == 1


def test_guessing_the_password_on_the_unlock_page_is_throttled(alice):
    client = signed_in(alice, unlocked=False)
    for _ in range(10):
        client.post("/unlock/", {"password": "wrong"})
    refused = client.post("/unlock/", {"password": PASSWORD})
    assert refused.status_code == 400 and b"Too many wrong passwords" in refused.content
