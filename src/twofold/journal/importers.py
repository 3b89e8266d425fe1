"""Reading journals exported from jrnl and from Day One (their JSON exports).

Everything is checked before anything is stored: a file with one bad entry is refused whole,
with a message that says which entry and what is wrong.

jrnl (``jrnl --format json``)::

    {"tags": {"@work": 2}, "entries": [{"title": "...", "body": "...", "date": "2021-03-04",
     "time": "09:15", "tags": ["@work"], "starred": false}]}

Times are the writer's local time, so they are read in the person's timezone.

Day One (JSON export, ``Journal.json`` inside the zip)::

    {"metadata": {"version": "1.0"}, "entries": [{"uuid": "...",
     "creationDate": "2021-03-04T09:15:00Z", "timeZone": "Europe/London", "text": "...",
     "tags": ["work"], "starred": false}]}
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

from twofold.journal.models import TITLE_MAX
from twofold.journal.services import EntryInput, JournalError

MAX_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 10_000
FORMATS = {"jrnl": "jrnl", "dayone": "Day One"}
STARRED_TAG = "starred"


def refuse(message: str) -> JournalError:
    return JournalError("bad_import", message)


def load_json(raw: bytes | str) -> Any:
    """The parsed file; refuses files over 20 MB and anything that is not JSON."""
    if len(raw) > MAX_BYTES:
        raise refuse(_("This file is larger than 20 MB. Export a shorter period and import it in parts."))
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise refuse(_("This file isn't valid JSON. Choose the .json file from the export.")) from error


def parse(fmt: str, data: Any) -> list[EntryInput]:
    """Entries from a parsed export. Raises JournalError naming the first problem."""
    if fmt not in FORMATS:
        raise refuse(_("Choose jrnl or Day One as the format."))
    if isinstance(data, (str, bytes)):
        data = load_json(data)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise refuse(_("This doesn't look like a %(app)s export: it has no list of entries.") % {"app": FORMATS[fmt]})
    items = data["entries"]
    if not items:
        raise refuse(_("This export holds no entries."))
    if len(items) > MAX_ENTRIES:
        raise refuse(
            _("This export holds %(count)s entries; at most %(limit)s can be imported at once.")
            % {"count": f"{len(items):,}", "limit": f"{MAX_ENTRIES:,}"}
        )
    reader = _jrnl_entry if fmt == "jrnl" else _dayone_entry
    entries = []
    for number, item in enumerate(items, start=1):
        try:
            if not isinstance(item, dict):
                raise refuse(_("it is not an entry."))
            entries.append(reader(item))
        except JournalError as error:
            raise refuse(_("Entry %(number)s: %(problem)s") % {"number": number, "problem": error.message}) from error
    return entries


def _text(item: dict, name: str, required: bool = True) -> str:
    value = item.get(name)
    if value is None and not required:
        return ""
    if value is None:
        raise refuse(_("“%(field)s” is missing.") % {"field": name})
    if not isinstance(value, str):
        raise refuse(_("“%(field)s” must be text.") % {"field": name})
    return value


def _tags(item: dict) -> list[str]:
    tags = item.get("tags")
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise refuse(_("“tags” must be a list of words."))
    starred = item.get("starred", False)
    if not isinstance(starred, bool):
        raise refuse(_("“starred” must be true or false."))
    return [*tags, STARRED_TAG] if starred else tags


def _jrnl_entry(item: dict) -> EntryInput:
    day_text, clock_text = _text(item, "date"), _text(item, "time", required=False) or "00:00"
    try:
        day = date.fromisoformat(day_text)
        moment = datetime.combine(day, datetime.strptime(clock_text, "%H:%M").time())
    except ValueError as error:
        raise refuse(_("the date or time isn't in the form 2021-03-04 and 09:15.")) from error
    title, body = _text(item, "title").strip(), _text(item, "body").strip("\n")
    if len(title) > TITLE_MAX:  # jrnl's title is the first sentence, which can run long
        title, body = "", f"{title}\n\n{body}".strip()
    return EntryInput(title=title, body=body, tags=_tags(item), written_at=moment)  # naive: local time


def _dayone_entry(item: dict) -> EntryInput:
    created = _text(item, "creationDate")
    try:
        moment = datetime.fromisoformat(created)
    except ValueError as error:
        raise refuse(_("“creationDate” isn't a date and time like 2021-03-04T09:15:00Z.")) from error
    zone = _zone(item.get("timeZone"))
    if moment.tzinfo is None and zone is not None:
        moment = moment.replace(tzinfo=zone)  # otherwise read in the person's own timezone
    return EntryInput(body=_text(item, "text"), tags=_tags(item), written_at=moment)


def _zone(name: Any) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
