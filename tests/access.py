"""The vocabulary of the access matrix (tests/test_access_matrix.py).

Each app lists its routes in a module `tests/access_cases_<app>.py` with:

- ``CASES``: a list of ``web(...)`` / ``api(...)`` cases, the expected status per actor
  (``"*"`` for everyone not named), paths with ``{placeholders}``;
- optionally ``make_objects(cast) -> dict[str, str]``: creates the objects the placeholders name
  (for example ``{"alice_entry": str(entry.pk)}``), given the cast of users by first name.

The matrix collects every such module, fills the placeholders and tries each case as each
actor. Routes missing from every module make the coverage tests fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIGN_IN = 302
ACTORS = ["anonymous", "alice", "bob", "charlie", "dana", "erin", "olive"]


@dataclass
class Case:
    method: str
    path: str
    expect: dict[str, int]  # actor -> status; "*" for everyone else
    body: dict = field(default_factory=dict)
    api: bool = False
    shows_inviter: bool = False  # the invite page names its author to whoever holds the link

    def status_for(self, actor: str) -> int:
        return self.expect.get(actor, self.expect["*"])


def web(method: str, path: str, body: dict | None = None, **expect: int) -> Case:
    return Case(method, path, expect, body or {})


def api(method: str, path: str, body: dict | None = None, **expect: int) -> Case:
    return Case(method, "/api/v1" + path, {"anonymous": 401, **expect}, body or {}, api=True)
