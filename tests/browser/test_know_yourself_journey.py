"""Know yourself, in a real browser: an entry from a prompt, and a map shared one item at a time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD, make_person, pair
from twofold.content.loader import load_all

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

STRENGTHS = ["Patient with slow mornings", "Remembers what people said", "Good at fixing bikes"]


def sign_in(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Hello, "))).to_be_visible()


def test_alice_writes_from_a_prompt_and_shares_one_strength_with_bob(site, new_page):
    load_all()
    alice, bob = make_person("Alice"), make_person("Bob")
    pair(alice, bob)

    page = new_page()
    sign_in(page, site, alice.email)
    prompt = page.locator("#journal-card blockquote").inner_text()
    page.get_by_role("link", name="Write about today's prompt").click()
    expect(page.get_by_text(prompt).first).to_be_visible()
    page.get_by_label("Your entry").fill("Slow mornings with tea, and the quiet before work.")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_text("Slow mornings with tea").first).to_be_visible()

    for strength in STRENGTHS:
        page.goto(site + "/map/add/strengths/")
        page.get_by_label("A strength").fill(strength)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(strength, exact=True)).to_be_visible()
    page.locator("li.map-item", has_text=STRENGTHS[1]).get_by_role("link", name="Share with Bob…").click()
    expect(page.get_by_role("heading", name="Share with Bob?")).to_be_visible()
    page.get_by_role("button", name="Share with Bob").click()
    expect(page.locator("li.map-item", has_text=STRENGTHS[1]).get_by_text("Bob can see this")).to_be_visible()

    bobs = new_page()
    sign_in(bobs, site, bob.email)
    bobs.goto(site + "/map/partner/")
    expect(bobs.get_by_text(STRENGTHS[1])).to_be_visible()
    for private in (STRENGTHS[0], STRENGTHS[2]):
        expect(bobs.get_by_text(private)).to_have_count(0)
    expect(bobs.get_by_text("Slow mornings with tea")).to_have_count(0)

    page.goto(site + "/map/")
    page.locator("li.map-item", has_text=STRENGTHS[1]).get_by_role("button", name="Stop sharing").click()
    bobs.reload()
    expect(bobs.get_by_text(STRENGTHS[1])).to_have_count(0)
