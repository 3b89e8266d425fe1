"""A new couple's first evening: sign up, verify, invite, accept, and later unpair."""

from __future__ import annotations

import quopri
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

PASSWORD = "evening walk by the river"


def latest_link(outbox: Path, to: str, pattern: str) -> str:
    for message in sorted(outbox.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        text = quopri.decodestring(message.read_bytes()).decode()
        if f"To: {to}" in text:
            match = re.search(pattern, text)
            if match:
                return match.group(0)
    raise AssertionError(f"no e-mail to {to} in {list(outbox.glob('*'))}")


def sign_up_and_verify(page: Page, outbox: Path, name: str, email: str) -> None:
    page.fill("input[name=display_name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    expect(page.get_by_text(re.compile("verif", re.I)).first).to_be_visible()
    page.goto(latest_link(outbox, email, r"http://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    # The recovery code is shown once, and must be typed back before going on.
    expect(page.get_by_role("heading", name="Save your recovery code")).to_be_visible()
    code = page.get_by_test_id("recovery-code").input_value()
    assert re.fullmatch(r"([A-Z0-9]{5}-){4}[A-Z0-9]{5}", code)
    page.get_by_label("Type the last group of your recovery code").fill(code.rsplit("-", 1)[1].lower())
    page.get_by_role("button", name="I have saved it").click()
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def test_a_new_couple_pairs_up_and_unpairs(site, outbox, new_page):
    alice = new_page()
    alice.goto(site + "/accounts/signup/")
    sign_up_and_verify(alice, outbox, "Alice", "alice@example.org")

    alice.get_by_role("link", name="Invite your partner").click()
    alice.get_by_role("button", name="Make an invitation").click()
    invite_url = alice.get_by_test_id("invite-url").input_value()
    expect(alice.get_by_test_id("invite-code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))

    bob = new_page()
    bob.goto(invite_url)
    expect(bob.get_by_role("heading", name="Alice invited you to Twofold")).to_be_visible()
    bob.get_by_role("link", name="Create an account").click()
    sign_up_and_verify(bob, outbox, "Bob", "bob@example.org")
    bob.get_by_role("link", name="Review the invitation").click()
    bob.get_by_role("button", name="Accept").click()
    expect(bob.get_by_text("You and Alice are now paired.")).to_be_visible()
    expect(bob.get_by_test_id("partner-name")).to_have_text("Alice")

    alice.goto(site + "/")
    expect(alice.get_by_test_id("partner-name")).to_have_text("Bob")

    bob.get_by_role("link", name="Partner").click()
    bob.get_by_role("link", name="Unpair…").click()
    bob.get_by_role("button", name="Unpair now").click()
    expect(bob.get_by_text("You are no longer paired.")).to_be_visible()

    alice.goto(site + "/")
    expect(alice.get_by_role("heading", name="On your own for now")).to_be_visible()
    expect(alice.get_by_test_id("partner-name")).to_have_count(0)


def test_quick_exit_leaves_for_a_neutral_page_and_back_does_not_return(site, outbox, new_page, settings):
    settings.TWOFOLD_QUICK_EXIT_URL = site + "/offline/"  # a stand-in for a neutral site
    page = new_page()
    page.goto(site + "/accounts/signup/")
    sign_up_and_verify(page, outbox, "Erin", "erin@example.org")
    page.goto(site + "/settings/")
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(site + "/offline/")
    page.go_back()
    assert "/settings/" not in page.url
    page.goto(site + "/settings/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(site + "/offline/")


def test_offline_the_app_shows_its_offline_page_and_caches_no_private_page(site, outbox, new_page):
    page = new_page()
    page.goto(site + "/accounts/signup/")
    sign_up_and_verify(page, outbox, "Dana", "dana@example.org")
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller === null ? "
        "navigator.serviceWorker.ready.then(() => true) : true"
    )
    page.reload()  # now controlled by the service worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    cached = page.evaluate(
        "caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert "/offline/" in cached and not any(path in {"/", "/settings/", "/partner/"} for path in cached)
    page.context.set_offline(True)
    page.goto(site + "/partner/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
