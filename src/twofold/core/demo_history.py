"""A few weeks of believable history for the demo couple, written through the same services
people use (so everything is sealed exactly as in real use). Created once, with the couple."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from twofold.accounts.models import User
from twofold.feelings import services as feelings
from twofold.journal import services as journal
from twofold.lib.keyring import KeyChain
from twofold.reflection import services as reflection
from twofold.selfmap import services as selfmap

JOURNAL = {
    "Robin": [
        (
            20,
            "strengths",
            "What I bring to a bad day",
            "I noticed today that people come to me when things go sideways. "
            "I stay slow when everyone else speeds up. I used to think that was just being stubborn.",
        ),
        (
            13,
            "people",
            "My aunt's workshop",
            "She never explained anything twice, she just handed me the next tool. "
            "I think that is where I learned to try before I ask.",
        ),
        (
            6,
            "feelings",
            "",
            "Tense all afternoon and I could not say why. Writing it down: the deadline, "
            "and the phone call I keep postponing. Naming them made the knot smaller.",
        ),
        (
            1,
            "values",
            "Keeping small promises",
            "I would rather promise less and keep all of it. "
            "Jules laughed when I said that out loud, but in a warm way.",
        ),
    ],
    "Jules": [
        (
            18,
            "events",
            "The year we moved",
            "Nine years old, a new school in March. I learned to read a room "
            "before saying anything. Useful, and also tiring.",
        ),
        (
            9,
            "self-acceptance",
            "",
            "I was hard on myself about the presentation. It went fine. Would I talk to a friend like that? No.",
        ),
        (
            3,
            "strengths",
            "Noticing",
            "I remember the small things people mention once. "
            "Robin's favourite bakery closed and I knew before Robin said it.",
        ),
    ],
}
MAP = {
    "Robin": [("strengths", "Calm when things go wrong", True), ("strengths", "Good with my hands", False),
              ("growth", "Saying no without a long apology", False), ("people", "My aunt, who let me try", False)],
    "Jules": [("strengths", "Remembering what matters to people", True), ("events", "Moving schools at nine", False),
              ("values", "Honesty, even when it is awkward", False)],
}  # fmt: skip
FEELINGS = {
    "Robin": [(19, "calm", 3), (16, "tired", 4), (12, "glad", 3), (9, "tense", 4), (6, "relieved", 3),
              (4, "grateful", 4), (2, "restless", 2), (0, "content", 3)],
    "Jules": [(17, "curious", 3), (14, "lonely", 2), (10, "hopeful", 4), (7, "close", 4), (3, "tired", 3),
              (1, "glad", 4)],
}  # fmt: skip
SITTINGS = {"Robin": [18, 15, 11, 8, 5, 2], "Jules": [12, 4]}


def write_history(people: list[tuple[User, KeyChain]]) -> None:
    now = timezone.now()
    for user, chain in people:
        for days_ago, theme, title, body in JOURNAL[user.display_name]:
            data = journal.EntryInput(body=body, title=title, theme=theme, written_at=now - timedelta(days=days_ago))
            journal.create_entry(chain, user, data)
        for section, text, shared in MAP[user.display_name]:
            item = selfmap.add_item(chain, user, section=section, text=text)
            if shared:
                selfmap.share_item(chain, user, item)
        for days_ago, word, intensity in FEELINGS[user.display_name]:
            at = now - timedelta(days=days_ago, hours=3)
            feelings.log_feeling(chain, user, word=word, intensity=intensity, at=at)
        for days_ago in SITTINGS[user.display_name]:
            started = now - timedelta(days=days_ago, hours=12)
            sitting = reflection.start_sitting(user, 10, now=started)
            reflection.finish_sitting(user, sitting.pk, minutes=10, now=started + timedelta(minutes=10))
    (robin, robin_keys), (jules, jules_keys) = people
    shared = feelings.share_checkin(robin_keys, robin, feelings.own_checkins(robin).filter(
        checked_at__lt=now - timedelta(days=8)).first())  # fmt: skip
    feelings.set_reply(jules_keys, jules, shared, "That sounds like a heavy week. I'm glad you told me.")
