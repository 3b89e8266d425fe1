"""The JSON API: token auth, the invite and pairing operations, and one error shape."""

import json

import pytest
from django.test import Client

from tests.helpers import api_client, make_person
from twofold.accounts.models import ApiToken
from twofold.couples import services

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: dict | str | None = None):
    data = body if isinstance(body, str) else json.dumps(body or {})
    return client.post(path, data, content_type="application/json")


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_openapi_schema_is_public_and_lists_the_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/invites", "/api/v1/invites/accept", "/api/v1/couple/unpair"} <= set(schema["paths"])


def test_me_without_or_with_a_bad_token_is_401(client, alice):
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")
    bad = Client(headers={"authorization": "Bearer tf_not-a-token"})
    assert_error(bad.get("/api/v1/me"), 401, "unauthorized")


def test_me_shows_the_person_and_their_partner_by_display_name(alice, bob):
    body = api_client(alice).get("/api/v1/me").json()
    assert body["display_name"] == "Alice" and body["email"] == "alice@example.org"
    assert body["couple"]["partner"] == {"display_name": "Bob"}


def test_a_revoked_token_stops_working(alice):
    client = api_client(alice)
    token = ApiToken.objects.for_user(alice).get()
    from twofold.accounts.services import revoke_api_token

    revoke_api_token(alice, token.pk)
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")


def test_invite_accept_and_unpair_through_the_api(alice):
    bob = make_person("Bob")
    created = post(api_client(alice), "/api/v1/invites")
    assert created.status_code == 201
    invite = created.json()
    assert invite["url"].startswith("http://testserver/invite/") and len(invite["code"]) == 9
    listed = api_client(alice).get("/api/v1/invites").json()
    assert [item["id"] for item in listed] == [invite["id"]] and "code" not in listed[0]

    accepted = post(api_client(bob), "/api/v1/invites/accept", {"code": invite["code"]})
    assert accepted.status_code == 200 and accepted.json()["partner"] == {"display_name": "Alice"}

    assert post(api_client(bob), "/api/v1/couple/unpair").status_code == 204
    assert services.partner_of(alice) is None
    assert_error(post(api_client(bob), "/api/v1/couple/unpair"), 409, "not_paired")


def test_accept_by_link_token(alice):
    bob = make_person("Bob")
    new = services.create_invite(alice)
    response = post(api_client(bob), "/api/v1/invites/accept", {"token": new.token})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{not json", 400, "bad_request"),
        ({"code": 12345}, 422, "invalid"),
        ({"code": "x" * 500}, 422, "invalid"),
        ({}, 400, "invite_invalid"),
        ({"code": "AAAA-AAAA"}, 400, "invite_invalid"),
        ({"token": "nope"}, 400, "invite_invalid"),
    ],
)
def test_bad_accept_input_gets_a_4xx_with_a_message(alice, body, status, code):
    assert_error(post(api_client(alice), "/api/v1/invites/accept", body), status, code)


def test_accepting_ones_own_invite_through_the_api_is_refused(alice):
    code = post(api_client(alice), "/api/v1/invites").json()["code"]
    error = assert_error(post(api_client(alice), "/api/v1/invites/accept", {"code": code}), 400, "own_invite")
    assert "your own invitation" in error["message"]


def test_another_persons_invite_answers_404(alice, erin):
    invite_id = post(api_client(alice), "/api/v1/invites").json()["id"]
    assert_error(api_client(erin).delete(f"/api/v1/invites/{invite_id}"), 404, "not_found")
    assert services.open_invite(alice) is not None
    assert api_client(alice).delete(f"/api/v1/invites/{invite_id}").status_code == 204
    assert services.open_invite(alice) is None


def test_couple_settings_through_the_api(alice, bob):
    client = api_client(bob)
    response = client.put(
        "/api/v1/couple",
        json.dumps({"name": "Us", "timezone": "Asia/Tokyo"}),
        content_type="application/json",
    )
    assert response.json()["timezone"] == "Asia/Tokyo"
    bad = client.put(
        "/api/v1/couple", json.dumps({"name": "Us", "timezone": "Nowhere"}), content_type="application/json"
    )
    assert_error(bad, 400, "invalid_timezone")
    assert_error(api_client(make_person("Solo")).get("/api/v1/couple"), 409, "not_paired")


def test_unknown_api_path_is_a_json_404(alice):
    assert_error(api_client(alice).get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_a_json_405(alice):
    response = api_client(alice).delete("/api/v1/me")
    assert_error(response, 405, "method_not_allowed")
