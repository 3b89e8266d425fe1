"""Every URL and API operation, tried as every member of the cast.

Nobody sees what is not theirs: another person's object answers 404, a signed-out visitor is
sent to sign in, and no page shows the name of someone outside the viewer's own couple.
The foundation's routes are listed here; each app lists its own in tests/access_cases_<app>.py
(see tests/access.py). The coverage tests below fail until every route is listed somewhere.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import ACTORS, SIGN_IN, Case, api, web
from tests.helpers import api_client, keys_of, signed_in
from twofold.accounts.services import create_api_token
from twofold.couples import services
from twofold.safety.models import DeviceSession

pytestmark = pytest.mark.django_db

COUPLE_OF = {"alice": {"alice", "bob"}, "bob": {"alice", "bob"}, "charlie": {"charlie", "dana"}}
COUPLE_OF["dana"] = COUPLE_OF["charlie"]


def foundation_objects(cast) -> dict[str, str]:
    erin_invite = services.create_invite(cast["erin"])
    alice_elsewhere = signed_in(cast["alice"]).session.session_key
    return {
        "erin_invite": str(erin_invite.invite.pk),
        "erin_token": erin_invite.token,
        "alice_token": str(create_api_token(keys_of(cast["alice"]), "laptop").token.pk),
        # another device of Alice's, signed in
        "alice_session": str(DeviceSession.objects.for_user(cast["alice"]).get(session_key=alice_elsewhere).pk),
        "revert_token": "not-a-valid-token",
    }


CASES = [
    web("GET", "/", **{"*": 200}),
    web("GET", "/settings/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/profile/", anonymous=SIGN_IN, **{"*": 200}),
    web(
        "POST",
        "/settings/profile/",
        {"display_name": "X", "timezone": "UTC", "idle_lock_minutes": 15},
        anonymous=SIGN_IN,
        **{"*": 302},
    ),
    web("GET", "/settings/api-tokens/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/settings/api-tokens/", {"name": "phone"}, anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/settings/api-tokens/{alice_token}/revoke/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", "/unlock/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/unlock/", {"password": "wrong"}, anonymous=SIGN_IN, **{"*": 400}),
    web("GET", "/settings/recovery-code/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/recover/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/start-afresh/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/sessions/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/settings/sessions/{alice_session}/end/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("POST", "/settings/sessions/end-others/", anonymous=SIGN_IN, **{"*": 302}),
    web("GET", "/settings/security-log/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/safety-reset/", anonymous=SIGN_IN, **{"*": 200}),
    web(
        "POST",
        "/settings/safety-reset/",
        {
            "current_password": "wrong",
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
        anonymous=SIGN_IN,
        **{"*": 400},
    ),
    web("GET", "/settings/export/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/settings/export/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/settings/delete-account/", anonymous=SIGN_IN, **{"*": 200}),
    web(
        "POST", "/settings/delete-account/", {"password": "wrong", "confirm": "DELETE"}, anonymous=SIGN_IN, **{"*": 400}
    ),
    web("GET", "/account/revert-email/{revert_token}/", **{"*": 200}),
    web("POST", "/account/revert-email/{revert_token}/", **{"*": 400}),
    web("GET", "/partner/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/partner/invite/", anonymous=SIGN_IN, erin=200, olive=200, **{"*": 302}),
    web("POST", "/partner/invite/{erin_invite}/revoke/", anonymous=SIGN_IN, erin=302, **{"*": 404}),
    web("POST", "/partner/join/", {"code": "ZZZZ-ZZZZ"}, anonymous=SIGN_IN, **{"*": 302}),
    web("POST", "/partner/settings/", {"name": "Us", "timezone": "UTC"}, anonymous=SIGN_IN, **{"*": 302}),
    web("GET", "/partner/unpair/", anonymous=SIGN_IN, erin=302, olive=302, **{"*": 200}),
    web("POST", "/partner/unpair/", anonymous=SIGN_IN, **{"*": 302}),
    Case("GET", "/invite/{erin_token}/", {"*": 200}, shows_inviter=True),
    Case("POST", "/invite/{erin_token}/", {"anonymous": 200, "*": 302}, shows_inviter=True),
    web("GET", "/operator/", olive=200, **{"*": 302}),
    web("GET", "/manifest.webmanifest", **{"*": 200}),
    web("GET", "/sw.js", **{"*": 200}),
    web("GET", "/offline/", **{"*": 200}),
    web("GET", "/healthz", **{"*": 200}),
    api("GET", "/me", **{"*": 200}),
    api("POST", "/invites", erin=201, olive=201, **{"*": 409}),
    api("GET", "/invites", **{"*": 200}),
    api("DELETE", "/invites/{erin_invite}", erin=204, **{"*": 404}),
    api("POST", "/invites/accept", {"token": "{erin_token}"}, erin=400, olive=200, **{"*": 409}),
    api("GET", "/couple", erin=409, olive=409, **{"*": 200}),
    api("PUT", "/couple", {"name": "Us", "timezone": "UTC"}, erin=409, olive=409, **{"*": 200}),
    api("POST", "/couple/unpair", erin=409, olive=409, **{"*": 204}),
]


def _app_case_modules() -> list:
    folder = Path(__file__).parent
    return [importlib.import_module(f"tests.{path.stem}") for path in sorted(folder.glob("access_cases_*.py"))]


APP_MODULES = _app_case_modules()
ALL_CASES = CASES + [case for module in APP_MODULES for case in module.CASES]
# Which function makes the objects a case's {placeholders} name: its own module's.
OBJECT_MAKER = {id(case): foundation_objects for case in CASES} | {
    id(case): getattr(module, "make_objects", None) for module in APP_MODULES for case in module.CASES
}


@pytest.fixture
def world(cast, case) -> dict:
    # Only the case's own module makes its objects (and loads what its pages need): making
    # every app's objects for each of the ~1,000 runs would dominate the suite's time.
    maker = OBJECT_MAKER[id(case)]
    return {"cast": cast, "values": maker(cast) if maker else {}}


def fill(world: dict, text: str) -> str:
    return text.format(**world["values"])


def client_for(world: dict, actor: str, case: Case) -> Client:
    if actor == "anonymous":
        return Client()
    user = world["cast"][actor]
    return api_client(user) if case.api else signed_in(user)


def request(client: Client, world: dict, case: Case):
    path = fill(world, case.path)
    body = {key: fill(world, str(value)) for key, value in case.body.items()}
    if case.api:
        return client.generic(case.method, path, json.dumps(body), content_type="application/json")
    return client.generic(case.method, path, body) if case.method == "GET" else client.post(path, body)


def foreign_names(world: dict, actor: str) -> set[str]:
    own = COUPLE_OF.get(actor, {actor})
    return {user.display_name for name, user in world["cast"].items() if name not in own and name != "olive"}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: f"{case.method} {case.path}")
def test_access(world, case, actor):
    response = request(client_for(world, actor, case), world, case)
    assert response.status_code == case.status_for(actor), response.content[:300]
    if response.status_code == 302 and actor == "anonymous" and not case.api:
        assert "/login/" in response["Location"]
    is_page = response.get("Content-Type", "").startswith(("text/html", "application/json"))
    if response.status_code == 200 and is_page and not case.shows_inviter and actor != "olive":
        html = response.content.decode()
        for name in foreign_names(world, actor):
            assert f">{name}<" not in html and f'"{name}"' not in html, f"{name} leaked to {actor}"


def _twofold_routes(resolver: URLResolver, prefix: str = "") -> set[str]:
    routes = set()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("accounts/", "operator/", "api/")):
                continue  # allauth and the admin are tried below; the API through its schema
            routes |= _twofold_routes(entry, route)
        elif isinstance(entry, URLPattern):
            routes.add("/" + route)
    return routes


def _shape(path: str) -> str:
    """A route with every parameter, <int:pk> or {alice_entry}, replaced by one marker."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "<*>", path)


def test_every_page_route_is_in_the_matrix():
    listed = {_shape(case.path) for case in ALL_CASES if not case.api}
    assert {_shape(route) for route in _twofold_routes(get_resolver())} - listed == set()


def test_every_api_operation_is_in_the_matrix(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {(method.upper(), _shape(path)) for path, methods in schema["paths"].items() for method in methods}
    listed = {(case.method, _shape(case.path)) for case in ALL_CASES if case.api}
    assert operations - listed == set()


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"])
def test_account_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]
