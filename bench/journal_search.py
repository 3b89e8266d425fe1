"""Search time over one person's journal: 2,000 entries of ~1,500 characters each.

Search opens every entry in memory (no plaintext index), so this measures fetching the rows
and opening title, body and tags of each. Production settings, SQLite in a fresh data folder.
Run: uv run python bench/journal_search.py
"""

from __future__ import annotations

import random
import re
import statistics
import time

from _setup import django_with_fresh_database, make_person

ENTRIES = 2_000
BODY_CHARS = 1_500
RUNS = 10
TARGET_MS = 300

VOCABULARY = """
morning evening walk coffee rain window quiet tired glad worried work friend sister mother father
garden kitchen bus train letter phone music song film book chapter memory school teacher lesson
patience anger calm tender restless hopeful proud ashamed grateful lonely laughed cried listened
noticed remembered wondered decided forgot promised waited talked wrote read cooked cleaned slept
the a and but because when while after before with without about under over into through again
today yesterday tomorrow week month year always never sometimes often rarely slowly suddenly
"""
WORDS = re.findall(r"[a-z]+", VOCABULARY)
TAGS = ["work", "family", "health", "friends", "gratitude", "dreams", "travel", "money", "home"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def body_text(rng: random.Random) -> str:
    paragraphs, length = [], 0
    while length < BODY_CHARS:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:BODY_CHARS]


def main() -> None:
    django_with_fresh_database()
    from datetime import timedelta

    from django.utils import timezone

    from twofold.journal import services
    from twofold.journal.models import JournalEntry
    from twofold.lib import keyring

    password = "a long bench passphrase"
    user = make_person("bench@example.org", password)
    chain = keyring.unlock_with_password(user, password)
    rng = random.Random(7)
    now = timezone.now()
    entries = [
        services.EntryInput(
            title=sentence(rng)[:60] if rng.random() < 0.7 else "",
            body=body_text(rng),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            theme=rng.choice(["", "growth", "feelings"]),
            written_at=now - timedelta(hours=index * 9),
        )
        for index in range(ENTRIES)
    ]
    services.import_entries(chain, user, entries)  # sealed one by one, stored in batches
    rows = list(JournalEntry.objects.for_user(user)[:50])
    sizes = [len(services.open_entry(chain, row).body) for row in rows[:50]]

    # A fresh key chain per run, as each request has: nothing is cached between searches.
    filters = services.Filters(query="grateful Garden")
    timings, found = [], 0
    for _ in range(RUNS):
        chain = keyring.KeyChain(user_id=user.pk, version=chain.version, data_key=chain.data_key)
        started = time.perf_counter()
        found = len(services.search(chain, user, filters))
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(f"Journal search over {ENTRIES:,} entries (~{statistics.mean(sizes):,.0f} characters each), {RUNS} runs:")
    print(f"  median {median:.0f} ms, min {min(timings):.0f} ms, max {max(timings):.0f} ms; {found} entries matched")
    print(f"  target under {TARGET_MS} ms: {'met' if median < TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
