"""A quiet sitting in a real browser: a one-minute timer, ended early, a note, the day marked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD, make_person
from twofold.reflection import services
from twofold.reflection.models import ReflectionSitting
from twofold.reflection.prompts import prompt_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


def test_a_one_minute_sitting_ended_early_with_a_note_marks_the_day(site, new_page):
    alice = make_person("Alice")
    page = new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", alice.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()

    page.get_by_role("link", name="Sit quietly").click()
    expect(page.get_by_role("heading", name="Quiet reflection")).to_be_visible()
    page.wait_for_load_state()  # the timer's script is in
    page.get_by_label("Minutes, for another length").fill("1")  # picks "Another length" too
    expect(page.get_by_role("radio", name="Another length")).to_be_checked()
    page.get_by_label("A soft bell when the time is up").check()
    page.get_by_role("button", name="Begin").click()

    countdown = page.get_by_test_id("countdown")
    expect(countdown).to_have_text(re.compile(r"^0:5\d$"), timeout=5_000)  # it runs
    sitting = ReflectionSitting.objects.for_user(alice).get()
    expect(page).to_have_url(f"{site}/reflect/sittings/{sitting.pk}/")
    expect(page.get_by_test_id("quiet-prompt")).to_have_text(prompt_text(sitting.prompt_key))

    page.get_by_role("button", name="Pause").click()
    held = countdown.inner_text()
    page.wait_for_timeout(1_500)
    expect(countdown).to_have_text(held)  # a pause holds the time
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()

    page.get_by_role("button", name="End now").click()
    expect(page.get_by_role("heading", name="After your sitting")).to_be_visible()
    expect(page.get_by_test_id("sat-for")).to_contain_text("You sat quietly for 1 minute")
    page.get_by_label("Anything you want to remember?").fill("The radiator ticks as it cools.")
    page.get_by_role("button", name="Save note").click()

    expect(page.get_by_role("heading", name="Your quiet rhythm")).to_be_visible()
    today = services.local_today(alice).day
    expect(page.locator(f'td[data-day="{today}"]')).to_have_class(re.compile(r"\bsat\b"))
    expect(page.get_by_test_id("rhythm-summary")).to_have_text("You sat quietly on 1 day this month.")
    expect(page.get_by_text("The radiator ticks as it cools.")).to_be_visible()
    assert services.sound_on(alice)
    assert problems == []
