"""Feelings in the API: the vocabulary, private check-ins, the month, and sharing one check-in."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from twofold.accounts.api import PartnerOut
from twofold.api.base import ErrorOut, require_api_keys
from twofold.couples.services import partner_of
from twofold.feelings import services
from twofold.feelings.models import INTENSITY_MAX, INTENSITY_MIN, NOTE_MAX, REPLY_MAX, CheckIn, FeelingFamily
from twofold.feelings.services import Entry, FeelingsError

router = Router(tags=["feelings"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 423: ErrorOut}


class WordOut(Schema):
    word: str
    tier: int = Field(description="1: everyday word, shown first; 2: a finer word.")
    pleasantness: int
    energy: int
    hint: str


class FamilyOut(Schema):
    id: str
    label: str
    description: str
    words: list[WordOut]


class CheckInIn(Schema):
    word: str = Field(max_length=40, description="A word from GET /feelings/vocabulary.")
    intensity: int = Field(ge=INTENSITY_MIN, le=INTENSITY_MAX, description="1 (a little) to 5 (very).")
    note: str = Field("", max_length=NOTE_MAX, description="What is behind the feeling (Markdown subset).")


class SharedFeelingOut(Schema):
    checked_at: datetime
    word: str
    family: str
    family_label: str
    intensity: int
    intensity_label: str
    note: str


class ReplyOut(Schema):
    text: str
    updated_at: datetime


class CheckInOut(SharedFeelingOut):
    id: int
    shared: bool = Field(description="Whether the partner can see this check-in now.")
    reply: ReplyOut | None = Field(description="The partner's reply, when shared and answered.")


class SharePreviewOut(Schema):
    partner: PartnerOut
    shared: bool
    checkin: SharedFeelingOut = Field(description="Exactly what the partner sees (or would see).")


class DayOut(Schema):
    date: date
    count: int


class CountOut(Schema):
    name: str
    count: int


class HistoryOut(Schema):
    month: str
    days: list[DayOut] = Field(description="Days of the month (in your timezone) with check-ins.")
    families: list[CountOut] = Field(description="Most frequent first.")
    words: list[CountOut] = Field(description="The five most used words.")
    total: int
    previous: str
    next: str | None


class SharedCheckInOut(SharedFeelingOut):
    id: int = Field(description="The shared copy's id, to reply to.")
    reply: ReplyOut | None


class SharedListOut(Schema):
    partner: PartnerOut | None
    from_partner: list[SharedCheckInOut]
    mine: list[SharedCheckInOut]


class ReplyIn(Schema):
    text: str = Field(max_length=REPLY_MAX)


def _feeling(entry: Entry) -> dict:
    return {
        "checked_at": entry.checked_at,
        "word": entry.word,
        "family": entry.family,
        "family_label": entry.family_label,
        "intensity": entry.intensity,
        "intensity_label": entry.intensity_label,
        "note": entry.note,
    }


def _reply_out(reply: services.Reply | None) -> ReplyOut | None:
    return ReplyOut(text=reply.text, updated_at=reply.updated_at) if reply else None


def _checkin_out(request: HttpRequest, checkin: CheckIn, labels: dict[str, str] | None = None) -> CheckInOut:
    chain = require_api_keys(request)
    entry = services.open_checkin(chain, checkin, labels or services.family_labels(), services.zone_of(request.user))
    shared = services.related(checkin, "shared")
    reply = services.open_reply(chain, request.user, shared) if shared else None
    return CheckInOut(id=entry.pk, shared=entry.shared, reply=_reply_out(reply), **_feeling(entry))


def _own(request: HttpRequest, checkin_id: int) -> CheckIn:
    return get_object_or_404(services.own_checkins(request.user), pk=checkin_id)


@router.get("/feelings/vocabulary", response=list[FamilyOut], summary="Families and feeling words")
def vocabulary(request: HttpRequest):
    return [
        FamilyOut(
            id=family.slug,
            label=family.label,
            description=family.description,
            words=[
                WordOut(word=w.word, tier=w.tier, pleasantness=w.pleasantness, energy=w.energy, hint=w.hint)
                for w in family.words.all()
            ],
        )
        for family in FeelingFamily.objects.prefetch_related("words")
    ]


@router.get(
    "/feelings/checkins", response={200: list[CheckInOut], **ERRORS}, summary="Your check-ins of a month, newest first"
)
def list_checkins(request: HttpRequest, month: str | None = Query(None, description="YYYY-MM; default this month")):
    year, number = services.parse_month(month, request.user, strict=True)
    start, end = services.month_bounds(year, number, services.zone_of(request.user))
    labels = services.family_labels()
    rows = services.own_checkins(request.user).filter(checked_at__gte=start, checked_at__lt=end)
    return Status(200, [_checkin_out(request, row, labels) for row in rows.order_by("-checked_at", "-id")])


@router.post("/feelings/checkins", response={201: CheckInOut, **ERRORS}, summary="Log a feeling (private)")
def create_checkin(request: HttpRequest, payload: CheckInIn):
    checkin = services.log_feeling(require_api_keys(request), request.user, **payload.dict())
    return Status(201, _checkin_out(request, _own(request, checkin.pk)))


@router.get("/feelings/checkins/{int:checkin_id}", response={200: CheckInOut, **ERRORS}, summary="One check-in")
def get_checkin(request: HttpRequest, checkin_id: int):
    return Status(200, _checkin_out(request, _own(request, checkin_id)))


@router.put(
    "/feelings/checkins/{int:checkin_id}",
    response={200: CheckInOut, **ERRORS},
    summary="Change a check-in",
    description="If it is shared, what the partner sees changes with it.",
)
def update_checkin(request: HttpRequest, checkin_id: int, payload: CheckInIn):
    services.update_checkin(require_api_keys(request), request.user, _own(request, checkin_id), **payload.dict())
    return Status(200, _checkin_out(request, _own(request, checkin_id)))


@router.delete("/feelings/checkins/{int:checkin_id}", response={204: None, **ERRORS}, summary="Delete a check-in")
def delete_checkin(request: HttpRequest, checkin_id: int):
    services.delete_checkin(request.user, _own(request, checkin_id))
    return Status(204, None)


@router.get(
    "/feelings/checkins/{int:checkin_id}/share",
    response={200: SharePreviewOut, **ERRORS},
    summary="Preview what your partner sees of a check-in",
)
def share_preview(request: HttpRequest, checkin_id: int):
    checkin = _own(request, checkin_id)
    partner = partner_of(request.user)
    if partner is None:
        raise FeelingsError("not_paired", _("You are not paired right now."))
    entry = services.open_checkin(
        require_api_keys(request), checkin, services.family_labels(), services.zone_of(request.user)
    )
    body = SharePreviewOut(
        partner=PartnerOut(display_name=partner.display_name),
        shared=entry.shared,
        checkin=SharedFeelingOut(**_feeling(entry)),
    )
    return Status(200, body)


@router.post(
    "/feelings/checkins/{int:checkin_id}/share", response={201: CheckInOut, **ERRORS}, summary="Share a check-in"
)
def share_checkin(request: HttpRequest, checkin_id: int):
    services.share_checkin(require_api_keys(request), request.user, _own(request, checkin_id))
    return Status(201, _checkin_out(request, _own(request, checkin_id)))


@router.delete(
    "/feelings/checkins/{int:checkin_id}/share", response={204: None, **ERRORS}, summary="Stop sharing a check-in"
)
def unshare_checkin(request: HttpRequest, checkin_id: int):
    services.unshare_checkin(request.user, _own(request, checkin_id))
    return Status(204, None)


@router.get("/feelings/history", response={200: HistoryOut, **ERRORS}, summary="Your month: days and plain counts")
def history(request: HttpRequest, month: str | None = Query(None, description="YYYY-MM; default this month")):
    year, number = services.parse_month(month, request.user, strict=True)
    shown = services.month_history(require_api_keys(request), request.user, year, number)
    body = HistoryOut(
        month=shown.key,
        days=[DayOut(date=group.day, count=len(group.entries)) for group in reversed(shown.days)],
        families=[CountOut(name=name, count=count) for name, count in shown.families],
        words=[CountOut(name=name, count=count) for name, count in shown.words],
        total=shown.total,
        previous=shown.previous,
        next=shown.next,
    )
    return Status(200, body)


def _shared_out(item: services.SharedEntry) -> SharedCheckInOut:
    return SharedCheckInOut(id=item.entry.pk, reply=_reply_out(item.reply), **_feeling(item.entry))


@router.get(
    "/feelings/shared", response={200: SharedListOut, **ERRORS}, summary="Check-ins shared between the two of you"
)
def shared(request: HttpRequest):
    chain = require_api_keys(request)
    partner = partner_of(request.user)
    if partner is None:
        return Status(200, SharedListOut(partner=None, from_partner=[], mine=[]))
    labels = services.family_labels()
    body = SharedListOut(
        partner=PartnerOut(display_name=partner.display_name),
        from_partner=[_shared_out(i) for i in services.shared_list(chain, request.user, mine=False, labels=labels)],
        mine=[_shared_out(i) for i in services.shared_list(chain, request.user, mine=True, labels=labels)],
    )
    return Status(200, body)


def _shared_with_me(request: HttpRequest, shared_id: int):
    found = services.shared_with_me(request.user, shared_id)
    if found is None:
        raise FeelingsError("not_found", _("That shared feeling was not found."), status=404)
    return found


@router.put(
    "/feelings/shared/{int:shared_id}/reply",
    response={200: ReplyOut, **ERRORS},
    summary="Reply to a feeling your partner shared (or change your reply)",
)
def set_reply(request: HttpRequest, shared_id: int, payload: ReplyIn):
    chain = require_api_keys(request)
    reply = services.set_reply(chain, request.user, _shared_with_me(request, shared_id), payload.text)
    return Status(200, ReplyOut(text=chain.open(reply.text, reply, "text"), updated_at=reply.updated_at))


@router.delete("/feelings/shared/{int:shared_id}/reply", response={204: None, **ERRORS}, summary="Remove your reply")
def delete_reply(request: HttpRequest, shared_id: int):
    services.delete_reply(request.user, _shared_with_me(request, shared_id))
    return Status(204, None)
