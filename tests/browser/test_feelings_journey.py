"""Feelings in a real browser on a phone-sized screen: three taps from Today, then shared and answered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD, make_person, pair
from twofold.content.loader import read
from twofold.feelings.content import load_feelings
from twofold.feelings.models import CheckIn

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def sign_in(page, site_url: str, user) -> None:
    page.goto(site_url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name=f"Hello, {user.display_name}")).to_be_visible()


def test_three_taps_from_today_log_a_feeling_which_the_partner_can_answer_once_shared(site, new_page):
    load_feelings(read("feelings.toml"))
    alice, bob = make_person("Alice"), make_person("Bob")
    pair(alice, bob)
    page = new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in(page, site, alice)

    page.get_by_role("link", name="Tired", exact=True).click()  # tap 1
    page.get_by_text("drained", exact=True).click()  # tap 2
    expect(page.get_by_role("radio", name="drained", exact=False).first).to_be_checked()
    expect(page.get_by_role("button", name="strongly")).to_be_in_viewport()  # brought under the thumb
    page.get_by_role("button", name="strongly").click()  # tap 3

    expect(page.get_by_role("heading", name="Drained")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Saved. Only you can see it.")
    assert CheckIn.objects.for_user(alice).count() == 1

    page.get_by_role("link", name="Share with Bob…").click()
    expect(page.get_by_text("This is exactly what Bob will see.")).to_be_visible()
    page.get_by_role("button", name="Share with Bob").click()
    expect(page.get_by_text("Bob can see this")).to_be_visible()

    partner = new_page()
    sign_in(partner, site, bob)
    partner.goto(site + "/feelings/shared/")
    expect(partner.get_by_text("drained", exact=True)).to_be_visible()
    partner.get_by_label("Your reply").fill("That sounds like a long day. I'm here.")
    partner.get_by_role("button", name="Send reply").click()
    expect(partner.get_by_role("status")).to_contain_text("Your reply was sent.")

    page.reload()
    expect(page.get_by_text("That sounds like a long day. I'm here.")).to_be_visible()
    assert problems == []
