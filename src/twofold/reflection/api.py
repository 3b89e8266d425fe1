"""Quiet reflection over the API: start and finish sittings, notes, the month's days, settings."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from twofold.api.base import ErrorOut, require_api_keys
from twofold.lib.keyring import KeyChain
from twofold.reflection import services
from twofold.reflection.models import ReflectionSitting
from twofold.reflection.prompts import prompt_text

router = Router(tags=["reflection"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 423: ErrorOut}


class SittingOut(Schema):
    id: int
    started_at: datetime
    planned_minutes: int
    minutes: int | None = Field(description="Minutes actually sat; null until the sitting has ended.")
    ended_at: datetime | None
    prompt_key: str
    prompt: str = Field(description="The quiet prompt's words.")
    note: str | None = Field(description="The private note, if any.")


class StartIn(Schema):
    minutes: int = Field(description="How long the sitting is planned to last, 1 to 120.")
    prompt_key: str | None = Field(None, max_length=40, description="A quiet prompt; the next in turn if left out.")


class FinishIn(Schema):
    minutes: int | None = Field(
        None, description="Minutes actually sat, pauses left out. Left out: the time since the start, up to the plan."
    )


class NoteIn(Schema):
    note: str = Field(max_length=5000, description="One line, at most 1,000 characters. Empty removes the note.")


class SittingQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class RhythmQuery(Schema):
    year: int | None = Field(None, ge=services.FIRST_YEAR, le=services.LAST_YEAR)
    month: int | None = Field(None, ge=1, le=12)


class RhythmOut(Schema):
    year: int
    month: int
    timezone: str
    days: list[int] = Field(description="Days of the month, in your timezone, on which you sat.")
    minutes: int


class SettingsIn(Schema):
    sound: bool = Field(description="A soft bell when the time is up.")


class SettingsOut(Schema):
    sound: bool


def sitting_out(chain: KeyChain, sitting: ReflectionSitting) -> SittingOut:
    return SittingOut(
        id=sitting.pk,
        started_at=sitting.started_at,
        planned_minutes=sitting.planned_minutes,
        minutes=sitting.minutes,
        ended_at=sitting.ended_at,
        prompt_key=sitting.prompt_key,
        prompt=prompt_text(sitting.prompt_key),
        note=services.open_note(chain, sitting),
    )


@router.post("/reflection/sittings", response={201: SittingOut, **ERRORS}, summary="Start a quiet sitting")
def start_sitting(request: HttpRequest, payload: StartIn):
    chain = require_api_keys(request)
    sitting = services.start_sitting(request.user, payload.minutes, payload.prompt_key or None)
    return Status(201, sitting_out(chain, sitting))


@router.get("/reflection/sittings", response={200: list[SittingOut], **ERRORS}, summary="Your sittings, newest first")
def list_sittings(request: HttpRequest, query: Query[SittingQuery]):
    chain = require_api_keys(request)
    sittings = ReflectionSitting.objects.for_user(request.user)[query.offset : query.offset + query.limit]
    return Status(200, [sitting_out(chain, sitting) for sitting in sittings])


@router.get("/reflection/sittings/{int:sitting_id}", response={200: SittingOut, **ERRORS}, summary="One sitting")
def get_sitting(request: HttpRequest, sitting_id: int):
    chain = require_api_keys(request)
    return Status(200, sitting_out(chain, services.sitting_of(request.user, sitting_id)))


@router.post(
    "/reflection/sittings/{int:sitting_id}/finish",
    response={200: SittingOut, **ERRORS},
    summary="End a sitting and log its minutes",
)
def finish_sitting(request: HttpRequest, sitting_id: int, payload: FinishIn):
    chain = require_api_keys(request)
    return Status(200, sitting_out(chain, services.finish_sitting(request.user, sitting_id, payload.minutes)))


@router.put(
    "/reflection/sittings/{int:sitting_id}/note",
    response={200: SittingOut, **ERRORS},
    summary="Add, change or remove a sitting's note",
)
def put_note(request: HttpRequest, sitting_id: int, payload: NoteIn):
    chain = require_api_keys(request)
    return Status(200, sitting_out(chain, services.save_note(chain, request.user, sitting_id, payload.note)))


@router.get("/reflection/rhythm", response={200: RhythmOut, **ERRORS}, summary="The days you sat in a month")
def rhythm(request: HttpRequest, query: Query[RhythmQuery]):
    today = services.local_today(request.user)
    year, month = query.year or today.year, query.month or today.month
    found = services.month_rhythm(request.user, year, month)
    return Status(
        200, RhythmOut(year=year, month=month, timezone=request.user.timezone, days=found.days, minutes=found.minutes)
    )


@router.get("/reflection/settings", response={200: SettingsOut, **ERRORS}, summary="Your timer settings")
def get_settings(request: HttpRequest):
    return Status(200, SettingsOut(sound=services.sound_on(request.user)))


@router.put("/reflection/settings", response={200: SettingsOut, **ERRORS}, summary="Change your timer settings")
def put_settings(request: HttpRequest, payload: SettingsIn):
    return Status(200, SettingsOut(sound=services.set_sound(request.user, payload.sound)))
