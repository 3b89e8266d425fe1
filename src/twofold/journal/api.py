"""The journal over the API: entries, search, drafts, prompts and imports. Every operation
needs the token's keys, and another person's entry answers 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from twofold.api.base import ErrorOut, require_api_keys
from twofold.journal import services
from twofold.journal.models import JournalEntry, Prompt
from twofold.journal.services import EntryInput, JournalError, OpenEntry
from twofold.lib.crypto import CryptoError

router = Router(tags=["journal"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 410: ErrorOut, 422: ErrorOut, 423: ErrorOut}
PAGE_SIZE = 20


class EntryOut(Schema):
    id: int
    written_at: datetime
    theme: str = Field(description="One of the prompt themes, or empty.")
    prompt: str | None = Field(description="The id of the prompt the entry answers, if any.")
    title: str
    body: str = Field(description="Markdown (the safe subset: no HTML, no images).")
    tags: list[str]


class EntryPageOut(Schema):
    items: list[EntryOut]
    page: int
    pages: int
    count: int


class EntryIn(Schema):
    title: str = Field("", description="Up to 200 characters.")
    body: str = Field("", description="Up to 100,000 characters of Markdown.")
    tags: list[str] = []
    theme: str = ""
    written_at: datetime | date | None = Field(
        None, description="When it was written; a date, or a time without offset, is read in your timezone."
    )

    @field_validator("written_at", mode="before")
    @classmethod
    def date_or_moment(cls, value: Any) -> Any:
        """A bare date is a date; anything longer is a moment (even one at midnight)."""
        if isinstance(value, str):
            try:
                return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
            except ValueError:
                return value  # let the schema say what is wrong
        return value


class NewEntryIn(EntryIn):
    prompt: str = Field("", description="The id of the prompt this entry answers; its theme is used by default.")


class DraftIn(Schema):
    title: str = ""
    body: str = ""
    tags: list[str] | str = []
    theme: str = ""
    written_on: str = ""
    prompt: str = ""


class DraftOut(Schema):
    title: str
    body: str
    tags: str = Field(description="As typed: separated by commas.")
    theme: str
    written_on: str
    prompt: str
    updated_at: datetime


class PromptOut(Schema):
    id: str
    theme: str
    topic: str
    text: str


class ImportIn(Schema):
    format: Literal["jrnl", "dayone"]
    data: dict[str, Any] | str = Field(description="The export: its parsed JSON, or the file's text.")


class ImportOut(Schema):
    imported: int


def entry_out(entry: OpenEntry, prompt_keys: dict[int, str]) -> EntryOut:
    return EntryOut(
        id=entry.id,
        written_at=entry.written_at,
        theme=entry.theme,
        prompt=prompt_keys.get(entry.prompt_id) if entry.prompt_id else None,
        title=entry.title,
        body=entry.body,
        tags=entry.tags,
    )


def _keys_of_prompts(entries: list[OpenEntry]) -> dict[int, str]:
    ids = {entry.prompt_id for entry in entries if entry.prompt_id}
    return dict(Prompt.objects.filter(pk__in=ids).values_list("pk", "key")) if ids else {}


def _own_entry(request: HttpRequest, entry_id: int) -> JournalEntry:
    return get_object_or_404(JournalEntry.objects.for_user(request.user), pk=entry_id)


def prompt_out(prompt: Prompt) -> PromptOut:
    return PromptOut(id=prompt.key, theme=prompt.theme, topic=prompt.topic, text=prompt.text)


@router.get("/journal/entries", response={200: EntryPageOut, **ERRORS}, summary="Your journal entries, newest first")
def list_entries(
    request: HttpRequest,
    q: str = "",
    theme: str = "",
    start: date | None = None,
    end: date | None = None,
    page: int = 1,
):
    """20 a page. `q` matches every word, ignoring case, in titles, bodies and tags; `theme`,
    `start` and `end` (dates in your timezone, inclusive) narrow the list."""
    chain = require_api_keys(request)
    filters = services.Filters(query=q, theme=services.clean_theme(theme), date_from=start, date_to=end)
    if filters.active:
        paginator = Paginator(services.search(chain, request.user, filters), PAGE_SIZE)
        current = paginator.get_page(page)
        entries = list(current.object_list)
    else:
        paginator = Paginator(services.entries_of(request.user), PAGE_SIZE)
        current = paginator.get_page(page)
        entries = services.open_entries(chain, current.object_list)
    keys = _keys_of_prompts(entries)
    items = [entry_out(entry, keys) for entry in entries]
    return EntryPageOut(items=items, page=current.number, pages=paginator.num_pages, count=paginator.count)


@router.post("/journal/entries", response={201: EntryOut, **ERRORS}, summary="Write an entry")
def create_entry(request: HttpRequest, payload: NewEntryIn):
    chain = require_api_keys(request)
    data = EntryInput(**payload.dict(exclude={"prompt"}), prompt_key=payload.prompt)
    entry = services.create_entry(chain, request.user, data)
    return Status(201, entry_out(services.open_entry(chain, entry), {entry.prompt_id: payload.prompt}))


@router.get("/journal/entries/{entry_id}", response={200: EntryOut, **ERRORS}, summary="One entry")
def get_entry(request: HttpRequest, entry_id: int):
    chain = require_api_keys(request)
    entry = _own_entry(request, entry_id)
    try:
        opened = services.open_entry(chain, entry)
    except CryptoError as error:
        message = _("This entry was sealed with keys you no longer have.")
        raise JournalError("unreadable", message, status=410) from error
    return Status(200, entry_out(opened, _keys_of_prompts([opened])))


@router.put("/journal/entries/{entry_id}", response={200: EntryOut, **ERRORS}, summary="Change an entry")
def update_entry(request: HttpRequest, entry_id: int, payload: EntryIn):
    """Every field is replaced; the prompt an entry answers stays."""
    chain = require_api_keys(request)
    entry = services.update_entry(chain, request.user, _own_entry(request, entry_id), EntryInput(**payload.dict()))
    opened = services.open_entry(chain, entry)
    return Status(200, entry_out(opened, _keys_of_prompts([opened])))


@router.delete("/journal/entries/{entry_id}", response={204: None, **ERRORS}, summary="Delete an entry for good")
def delete_entry(request: HttpRequest, entry_id: int):
    require_api_keys(request)
    services.delete_entry(request.user, _own_entry(request, entry_id))
    return Status(204, None)


# --- drafts: one for the new-entry editor, one for each entry being edited


def _draft_out(draft: services.Draft | None) -> DraftOut:
    if draft is None:
        raise JournalError("not_found", _("There is no draft."), status=404)
    return DraftOut(**draft.content, updated_at=draft.updated_at)


@router.get("/journal/draft", response={200: DraftOut, **ERRORS}, summary="The unsaved new entry")
def get_new_draft(request: HttpRequest):
    return Status(200, _draft_out(services.get_draft(require_api_keys(request), request.user, None)))


@router.put("/journal/draft", response={200: DraftOut, **ERRORS}, summary="Keep the unsaved new entry")
def save_new_draft(request: HttpRequest, payload: DraftIn):
    chain = require_api_keys(request)
    services.save_draft(chain, request.user, None, payload.dict())
    return Status(200, _draft_out(services.get_draft(chain, request.user, None)))


@router.delete("/journal/draft", response={204: None, **ERRORS}, summary="Discard the unsaved new entry")
def discard_new_draft(request: HttpRequest):
    require_api_keys(request)
    services.discard_draft(request.user, None)
    return Status(204, None)


@router.get("/journal/entries/{entry_id}/draft", response={200: DraftOut, **ERRORS}, summary="Unsaved changes")
def get_entry_draft(request: HttpRequest, entry_id: int):
    chain = require_api_keys(request)
    return Status(200, _draft_out(services.get_draft(chain, request.user, _own_entry(request, entry_id))))


@router.put("/journal/entries/{entry_id}/draft", response={200: DraftOut, **ERRORS}, summary="Keep unsaved changes")
def save_entry_draft(request: HttpRequest, entry_id: int, payload: DraftIn):
    chain = require_api_keys(request)
    entry = _own_entry(request, entry_id)
    services.save_draft(chain, request.user, entry, payload.dict())
    return Status(200, _draft_out(services.get_draft(chain, request.user, entry)))


@router.delete("/journal/entries/{entry_id}/draft", response={204: None, **ERRORS}, summary="Discard unsaved changes")
def discard_entry_draft(request: HttpRequest, entry_id: int):
    require_api_keys(request)
    services.discard_draft(request.user, _own_entry(request, entry_id))
    return Status(204, None)


# --- prompts


@router.get("/journal/prompt", response={200: PromptOut, **ERRORS}, summary="Today's prompt")
def todays_prompt(request: HttpRequest):
    """The same all day (your timezone); no prompt repeats until every one has been offered."""
    require_api_keys(request)
    prompt = services.prompt_of_the_day(request.user)
    if prompt is None:
        raise JournalError("not_found", _("The prompt library is not loaded."), status=404)
    return Status(200, prompt_out(prompt))


@router.post("/journal/prompt/another", response={200: PromptOut, **ERRORS}, summary="Another prompt for today")
def another_prompt(request: HttpRequest):
    require_api_keys(request)
    prompt = services.another_prompt(request.user)
    if prompt is None:
        raise JournalError("not_found", _("The prompt library is not loaded."), status=404)
    return Status(200, prompt_out(prompt))


@router.get("/journal/prompts", response={200: list[PromptOut], **ERRORS}, summary="All reflection prompts")
def list_prompts(request: HttpRequest, theme: str = ""):
    require_api_keys(request)
    return Status(200, [prompt_out(prompt) for prompt in services.prompts_by_theme(services.clean_theme(theme))])


# --- import


@router.post("/journal/import", response={201: ImportOut, **ERRORS}, summary="Import a jrnl or Day One export")
def import_journal(request: HttpRequest, payload: ImportIn):
    """All or nothing: a file with any problem imports nothing and the error names it.

    Up to 10,000 entries. The server accepts request bodies up to its upload limit (2.5 MB by
    default); larger exports go through the import page, which takes files up to 20 MB."""
    chain = require_api_keys(request)
    return Status(201, ImportOut(imported=services.import_export(chain, request.user, payload.format, payload.data)))
