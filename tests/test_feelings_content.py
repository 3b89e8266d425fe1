"""The feelings vocabulary: its rules, and a loader that can run again and again."""

from __future__ import annotations

import copy

import pytest

from twofold.content.loader import load_all, read
from twofold.feelings.content import load_feelings, vocabulary_problems
from twofold.feelings.models import FeelingFamily, FeelingWord


@pytest.fixture(scope="module")
def data() -> dict:
    return read("feelings.toml")


def test_the_vocabulary_follows_its_rules(data):
    words = [feeling["word"] for feeling in data["feeling"]]
    families = {family["id"] for family in data["family"]}
    assert len(words) >= 100
    assert len(words) == len(set(words))
    assert {feeling["family"] for feeling in data["feeling"]} <= families
    assert vocabulary_problems(data) == []


def test_every_family_starts_with_everyday_words_and_has_finer_ones(data):
    for family in data["family"]:
        tiers = [feeling["tier"] for feeling in data["feeling"] if feeling["family"] == family["id"]]
        assert tiers.count(1) >= 3 and tiers.count(2) >= 3, family["id"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["feeling"].append(dict(d["feeling"][0])), "appears twice"),
        (lambda d: d["feeling"][0].update(family="bliss"), "unknown family"),
        (lambda d: d["feeling"][0].update(tier=3), "tier must be 1 or 2"),
        (lambda d: d["feeling"][0].update(energy=7), "from -2 to 2"),
        (lambda d: d["feeling"][0].update(word="Glad"), "lowercase"),
    ],
)
def test_a_broken_vocabulary_is_refused_before_anything_is_loaded(db, data, change, problem):
    broken = copy.deepcopy(data)
    change(broken)
    assert any(problem in text for text in vocabulary_problems(broken))
    with pytest.raises(ValueError, match=problem):
        load_feelings(broken)
    assert not FeelingWord.objects.exists()


def test_loading_twice_changes_nothing_and_updates_by_id(db, data):
    assert load_feelings(data) == len(data["feeling"])
    first = dict(FeelingWord.objects.values_list("word", "id"))
    assert load_feelings(data) == len(data["feeling"])
    assert dict(FeelingWord.objects.values_list("word", "id")) == first  # same rows, not new ones
    assert FeelingFamily.objects.count() == len(data["family"])

    edited = copy.deepcopy(data)
    edited["family"][0]["label"] = "Gladness"
    edited["feeling"][0]["hint"] = "a new hint"
    removed = edited["feeling"].pop()["word"]
    load_feelings(edited)
    assert FeelingFamily.objects.get(slug=data["family"][0]["id"]).label == "Gladness"
    assert FeelingWord.objects.get(word=data["feeling"][0]["word"]).hint == "a new hint"
    assert not FeelingWord.objects.filter(word=removed).exists()
    assert FeelingWord.objects.get(word=data["feeling"][1]["word"]).pk == first[data["feeling"][1]["word"]]


def test_the_content_command_loads_the_feelings(db, data):
    assert load_all()["feelings.toml"] == len(data["feeling"])
    assert FeelingWord.objects.filter(tier=1).count() >= 50
