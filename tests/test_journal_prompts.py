"""Reflection prompts: the content file, its idempotent loader, and the prompt of the day."""

from __future__ import annotations

import difflib
import itertools
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from tests.helpers import api_client, signed_in
from twofold.content.loader import load_all, read
from twofold.journal import services
from twofold.journal.content import load_prompts
from twofold.journal.models import Prompt, PromptOffer, Theme
from twofold.journal.today import prompt_card

pytestmark = pytest.mark.django_db

ITEMS = read("prompts.toml")["prompt"]
OFFERED = [item for item in ITEMS if item["theme"] != "quiet"]


@pytest.fixture
def prompts(db) -> int:
    return load_prompts(read("prompts.toml"))


def at(moment: datetime):
    """Freeze the clock the services read."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- the content file


def test_prompt_ids_are_unique_and_every_prompt_has_a_known_theme_a_topic_and_text():
    ids = [item["id"] for item in ITEMS]
    assert len(ids) == len(set(ids)) == 117
    for item in ITEMS:
        assert item["theme"] in Theme.values, item["id"]
        assert item["topic"].strip() and item["text"].strip(), item["id"]
        assert item["id"].startswith(item["theme"] + "-"), item["id"]


STOP_WORDS = {"a", "an", "the", "of", "to", "you", "your", "is", "are", "was", "were", "what", "when", "who"}
STOP_WORDS |= {"which", "how", "in", "on", "for", "and", "or", "that", "it", "do", "did"}


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z']+", text.lower()) if word not in STOP_WORDS}


def test_no_two_prompts_are_near_duplicates():
    for first, second in itertools.combinations(ITEMS, 2):
        a, b = first["text"].lower(), second["text"].lower()
        similarity = difflib.SequenceMatcher(None, a, b).ratio()
        overlap = len(_words(a) & _words(b)) / len(_words(a) | _words(b))
        assert similarity < 0.8 and overlap < 0.6, (first["id"], second["id"])


def test_loading_twice_changes_nothing(prompts, django_assert_num_queries):
    assert prompts == 117
    before = list(Prompt.objects.order_by("key").values())
    with django_assert_num_queries(1):  # reads the library, writes nothing
        assert load_prompts(read("prompts.toml")) == 117
    assert list(Prompt.objects.order_by("key").values()) == before
    assert load_all()["prompts.toml"] == 117
    assert list(Prompt.objects.order_by("key").values()) == before


def test_a_changed_text_updates_the_same_row(prompts):
    data = read("prompts.toml")
    data["prompt"][0]["text"] = "A reworded prompt."
    row_id = Prompt.objects.get(key=data["prompt"][0]["id"]).pk
    load_prompts(data)
    assert Prompt.objects.get(pk=row_id).text == "A reworded prompt."
    assert Prompt.objects.count() == 117


# --- the prompt of the day


def test_the_prompt_of_the_day_stays_the_same_all_day_and_changes_the_next(alice, prompts):
    morning = datetime(2024, 6, 3, 6, 0, tzinfo=UTC)
    with at(morning):
        first = services.prompt_of_the_day(alice)
    with at(morning + timedelta(hours=16)):  # 23:00 in London, the same day
        assert services.prompt_of_the_day(alice) == first
    with at(morning + timedelta(hours=18)):  # 01:00 the next day in London
        assert services.prompt_of_the_day(alice) != first


def test_the_day_follows_the_persons_timezone_across_a_dst_change(alice, prompts):
    # London springs forward on 31 March 2024: 23:30 UTC that day is already 00:30 on 1 April.
    with at(datetime(2024, 3, 31, 22, 30, tzinfo=UTC)):  # 23:30 BST, 31 March
        evening = services.prompt_of_the_day(alice)
    with at(datetime(2024, 3, 31, 23, 30, tzinfo=UTC)):  # 00:30 BST, 1 April
        after_midnight = services.prompt_of_the_day(alice)
    assert evening != after_midnight
    days = list(PromptOffer.objects.for_user(alice).order_by("id").values_list("offered_on", flat=True))
    assert [str(day) for day in days] == ["2024-03-31", "2024-04-01"]


def test_no_prompt_repeats_until_all_have_been_offered_and_quiet_ones_never_are(alice, prompts):
    start = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    seen = []
    for day in range(len(OFFERED)):
        with at(start + timedelta(days=day)):
            seen.append(services.prompt_of_the_day(alice).key)
    assert sorted(seen) == sorted(item["id"] for item in OFFERED)
    with at(start + timedelta(days=len(OFFERED))):
        next_round = services.prompt_of_the_day(alice)
    assert next_round.key != seen[-1] and next_round.theme != "quiet"
    assert PromptOffer.objects.for_user(alice).latest("id").round == 2


def test_another_one_gives_a_new_prompt_that_counts_as_offered(alice, prompts):
    first = services.prompt_of_the_day(alice)
    second = services.another_prompt(alice)
    assert second != first
    assert services.prompt_of_the_day(alice) == second  # the newest offer is today's prompt
    offered = [services.another_prompt(alice).key for _ in range(len(OFFERED) - 2)]
    assert len(set(offered) | {first.key, second.key}) == len(OFFERED)  # none came twice


def test_each_person_has_their_own_prompt_of_the_day(alice, bob, prompts):
    services.prompt_of_the_day(alice)
    services.another_prompt(alice)
    assert PromptOffer.objects.for_user(bob).count() == 0
    services.prompt_of_the_day(bob)
    assert PromptOffer.objects.for_user(bob).count() == 1


def test_without_a_loaded_library_there_is_no_prompt_and_no_card(alice):
    assert services.prompt_of_the_day(alice) is None
    page = signed_in(alice).get("/")
    assert page.status_code == 200 and b"Today's prompt" not in page.content


def test_today_shows_the_prompt_with_a_link_to_write_about_it_even_when_locked(alice, prompts):
    prompt = services.prompt_of_the_day(alice)
    page = signed_in(alice, unlocked=False).get("/").content.decode()
    assert prompt.text.replace("'", "&#x27;") in page
    assert f"/journal/new/?prompt={prompt.key}" in page and "Write about today's prompt" in page


def test_today_card_costs_one_query_once_the_prompt_is_chosen(alice, prompts, django_assert_num_queries):
    client = signed_in(alice)
    client.get("/")
    with django_assert_num_queries(1):  # the newest offer, with its prompt
        assert prompt_card(mock.Mock(user=alice))["prompt"]


def test_another_one_on_today_returns_to_the_card(alice, prompts):
    client = signed_in(alice)
    first = services.prompt_of_the_day(alice)
    response = client.post("/journal/prompts/another/", {"next": "/#journal-card"})
    assert response.status_code == 302 and response["Location"] == "/#journal-card"
    assert services.prompt_of_the_day(alice) != first
    outside = client.post("/journal/prompts/another/", {"next": "https://evil.example/"})
    assert outside["Location"] == "/journal/#prompt"


def test_a_new_entry_from_a_prompt_is_prefilled_with_it(alice, prompts):
    prompt = Prompt.objects.get(key="people-003")
    page = signed_in(alice).get(f"/journal/new/?prompt={prompt.key}").content.decode()
    assert prompt.text.replace("'", "&#x27;") in page
    assert f'name="prompt" value="{prompt.key}"' in page
    assert '<option value="people" selected>' in page


def test_prompts_can_be_browsed_by_theme(alice, prompts):
    page = signed_in(alice).get("/journal/prompts/?theme=values").content.decode()
    values = [item for item in ITEMS if item["theme"] == "values"]
    assert all(item["text"].replace("'", "&#x27;") in page for item in values)
    assert "strengths-001" not in page
    everything = signed_in(alice).get("/journal/prompts/").content.decode()
    assert everything.count("/journal/new/?prompt=") == 117


def test_prompt_api_gives_todays_prompt_another_one_and_the_library(alice, prompts):
    client = api_client(alice)
    today = client.get("/api/v1/journal/prompt").json()
    assert client.get("/api/v1/journal/prompt").json() == today
    another = client.post("/api/v1/journal/prompt/another").json()
    assert another["id"] != today["id"] and client.get("/api/v1/journal/prompt").json() == another
    strengths = client.get("/api/v1/journal/prompts?theme=strengths").json()
    assert len(strengths) == 14 and {item["theme"] for item in strengths} == {"strengths"}
    assert len(client.get("/api/v1/journal/prompts").json()) == 117
    assert client.get("/api/v1/journal/prompts?theme=nope").status_code == 400


def test_prompt_offers_hold_no_time_of_day():
    # Private metadata kept to the minimum: the day, never when exactly it was looked at.
    fields = {field.name for field in PromptOffer._meta.get_fields()}
    assert fields == {"id", "user", "prompt", "offered_on", "round"}
