"""Loads feelings.toml: families and words, upserted by their stable id and word."""

from __future__ import annotations

from twofold.content.loader import content_loader
from twofold.feelings.models import FeelingFamily, FeelingWord

SCALE = range(-2, 3)  # pleasantness and energy
TIERS = {1, 2}


def vocabulary_problems(data: dict) -> list[str]:
    """What is wrong with the vocabulary file, in words; empty when it is fine."""
    problems = []
    families = [family["id"] for family in data.get("family", [])]
    if len(families) != len(set(families)):
        problems.append("a family id is used twice")
    seen: set[str] = set()
    for feeling in data.get("feeling", []):
        word = feeling.get("word", "")
        if not word or word != word.strip().lower():
            problems.append(f"{word!r}: words are lowercase, without spaces around them")
        if word in seen:
            problems.append(f"{word!r} appears twice")
        seen.add(word)
        if feeling.get("family") not in families:
            problems.append(f"{word!r}: unknown family {feeling.get('family')!r}")
        if feeling.get("tier") not in TIERS:
            problems.append(f"{word!r}: tier must be 1 or 2")
        if feeling.get("pleasantness") not in SCALE or feeling.get("energy") not in SCALE:
            problems.append(f"{word!r}: pleasantness and energy go from -2 to 2")
    for family in families:
        if not any(f.get("family") == family and f.get("tier") == 1 for f in data.get("feeling", [])):
            problems.append(f"family {family!r} has no everyday (tier 1) word")
    return problems


@content_loader("feelings.toml")
def load_feelings(data: dict) -> int:
    problems = vocabulary_problems(data)
    if problems:
        raise ValueError("feelings.toml: " + "; ".join(problems))
    families = [
        FeelingFamily(slug=f["id"], label=f["label"], description=f.get("description", ""), position=index)
        for index, f in enumerate(data["family"])
    ]
    FeelingFamily.objects.bulk_create(
        families, update_conflicts=True, unique_fields=["slug"], update_fields=["label", "description", "position"]
    )
    family_ids = dict(FeelingFamily.objects.values_list("slug", "id"))
    words = [
        FeelingWord(
            word=f["word"],
            family_id=family_ids[f["family"]],
            tier=f["tier"],
            pleasantness=f["pleasantness"],
            energy=f["energy"],
            hint=f.get("hint", ""),
            position=index,
        )
        for index, f in enumerate(data["feeling"])
    ]
    FeelingWord.objects.bulk_create(
        words,
        update_conflicts=True,
        unique_fields=["word"],
        update_fields=["family", "tier", "pleasantness", "energy", "hint", "position"],
    )
    # The database mirrors the file. Check-ins keep their own sealed copy of the word, so
    # dropping a word from the file never changes anyone's history.
    FeelingWord.objects.exclude(word__in=[w.word for w in words]).delete()
    FeelingFamily.objects.exclude(slug__in=[f.slug for f in families]).delete()
    return len(words)
