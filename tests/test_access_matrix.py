"""Every URL and API operation, tried as every member of the cast.

Nobody sees what is not theirs: another person's object answers 404, a signed-out visitor is
sent to sign in, and no page shows the name of someone outside the viewer's own couple.
Later issues add their URLs and operations to CASES; the coverage tests below fail until
every route is listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.helpers import api_client, keys_of, signed_in
from twofold.accounts.services import create_api_token
from twofold.couples import services

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "alice", "bob", "charlie", "dana", "erin", "olive"]
PAIRED = {"alice", "bob", "charlie", "dana"}
COUPLE_OF = {"alice": {"alice", "bob"}, "bob": {"alice", "bob"}, "charlie": {"charlie", "dana"}}
COUPLE_OF["dana"] = COUPLE_OF["charlie"]


@dataclass
class World:
    cast: dict
    erin_invite: services.NewInvite
    alice_token_id: int

    def fill(self, path: str) -> str:
        return path.format(
            erin_invite=self.erin_invite.invite.pk,
            erin_token=self.erin_invite.token,
            alice_token=self.alice_token_id,
            revert_token="not-a-valid-token",
        )


@dataclass
class Case:
    method: str
    path: str
    expect: dict[str, int]  # actor -> status; "*" for everyone else
    body: dict = field(default_factory=dict)
    api: bool = False
    shows_inviter: bool = False  # the invite page names its author to whoever holds the link

    def status_for(self, actor: str) -> int:
        return self.expect.get(actor, self.expect["*"])


def web(method: str, path: str, body: dict | None = None, **expect: int) -> Case:
    return Case(method, path, expect, body or {})


def api(method: str, path: str, body: dict | None = None, **expect: int) -> Case:
    return Case(method, "/api/v1" + path, {"anonymous": 401, **expect}, body or {}, api=True)


SIGN_IN = 302
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


@pytest.fixture
def world(cast) -> World:
    return World(
        cast=cast,
        erin_invite=services.create_invite(cast["erin"]),
        alice_token_id=create_api_token(keys_of(cast["alice"]), "laptop").token.pk,
    )


def client_for(world: World, actor: str, case: Case) -> Client:
    if actor == "anonymous":
        return Client()
    user = world.cast[actor]
    return api_client(user) if case.api else signed_in(user)


def request(client: Client, world: World, case: Case):
    path = world.fill(case.path)
    body = {key: world.fill(str(value)) for key, value in case.body.items()}
    if case.api:
        return client.generic(case.method, path, json.dumps(body), content_type="application/json")
    return client.generic(case.method, path, body) if case.method == "GET" else client.post(path, body)


def foreign_names(world: World, actor: str) -> set[str]:
    own = COUPLE_OF.get(actor, {actor})
    return {user.display_name for name, user in world.cast.items() if name not in own and name != "olive"}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method} {case.path}")
def test_access(world, case, actor):
    response = request(client_for(world, actor, case), world, case)
    assert response.status_code == case.status_for(actor), response.content[:300]
    if response.status_code == 302 and actor == "anonymous" and not case.api:
        assert "/login/" in response["Location"]
    if response.status_code == 200 and not case.shows_inviter and actor != "olive":
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


def _normalise(path: str) -> str:
    for name in ("erin_invite", "alice_token"):
        path = path.replace("{" + name + "}", "<int:>")
    return path.replace("{erin_token}", "<str:>").replace("{revert_token}", "<str:>")


def test_every_page_route_is_in_the_matrix():
    listed = {_normalise(case.path) for case in CASES if not case.api}
    routes = {
        r.replace("<int:token_id>", "<int:>").replace("<int:invite_id>", "<int:>")
        for r in _twofold_routes(get_resolver())
    }
    routes = {r.replace("<str:token>", "<str:>") for r in routes}
    assert routes - listed == set()


def test_every_api_operation_is_in_the_matrix(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        (method.upper(), path.replace("{invite_id}", "{erin_invite}"))
        for path, methods in schema["paths"].items()
        for method in methods
    }
    listed = {(case.method, case.path) for case in CASES if case.api}
    assert operations - listed == set()


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"])
def test_account_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]
