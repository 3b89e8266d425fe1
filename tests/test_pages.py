"""Today, the layout every signed-in page shares, security headers and the PWA files."""

import re

import pytest
from django.urls import reverse

from tests.helpers import make_person, pair, signed_in

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "today",
    "settings",
    "profile",
    "api_tokens",
    "partner",
    "account_change_password",
    "mfa_index",
]


@pytest.fixture
def content(db):
    from twofold.content.loader import load_all

    load_all()


def test_today_for_a_couple_takes_four_queries_however_much_data_exists(content, alice, bob, django_assert_num_queries):
    client = signed_in(alice)
    client.get("/")  # the first view of the day picks the prompt of the day
    # session, user, partner (the active couple is a subquery), today's prompt offer
    with django_assert_num_queries(4):
        assert b"Bob" in client.get("/").content
    for index in range(20):
        pair(make_person(f"P{index}"), make_person(f"Q{index}"))
    with django_assert_num_queries(4):
        client.get("/")


def test_today_on_your_own_takes_five_queries(content, erin, django_assert_num_queries):
    client = signed_in(erin)
    client.get("/")
    # session, user, partner, open invite, today's prompt offer
    with django_assert_num_queries(5):
        assert b"On your own for now" in client.get("/").content


def test_signed_out_visitors_see_the_welcome_page(client):
    page = client.get("/")
    assert b"A private space for the two of you" in page.content
    assert b"Quick exit" not in page.content


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_every_signed_in_page_has_quick_exit_and_no_inline_script(alice, name):
    response = signed_in(alice).get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-quick-exit" in html and ">Quick exit<" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, tag
    assert " style=" not in html and "onclick=" not in html
    assert response["Cache-Control"].startswith("no-store")


def test_security_headers_and_csp(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_asset_comes_from_another_site(alice):
    html = signed_in(alice).get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def test_pwa_manifest_service_worker_and_offline_page(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and len(manifest["icons"]) == 3
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("text/javascript") and "/offline/" in worker.content.decode()
    assert client.get("/offline/").status_code == 200
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}
