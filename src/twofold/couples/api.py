from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from twofold.accounts.api import CoupleOut, couple_out
from twofold.api.base import ErrorOut, require_api_keys
from twofold.couples import services

router = Router(tags=["couple"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class InviteOut(Schema):
    id: int
    created_at: datetime
    expires_at: datetime


class NewInviteOut(InviteOut):
    url: str = Field(description="The single-use link. Shown only in this response.")
    code: str = Field(description="The short code to type instead. Shown only in this response.")


class AcceptIn(Schema):
    token: str = Field("", max_length=100, description="The token from the invitation link.")
    code: str = Field("", max_length=20, description="Or the short code, like K7QF-M2XP.")


class CoupleIn(Schema):
    name: str = Field(max_length=80)
    timezone: str = Field(max_length=64)


@router.post("/invites", response={201: NewInviteOut, **ERRORS}, summary="Invite a partner")
def create_invite(request: HttpRequest):
    new = services.create_invite(request.user)
    invite = new.invite
    body = NewInviteOut(
        id=invite.pk, created_at=invite.created_at, expires_at=invite.expires_at, url=new.url, code=new.code
    )
    return Status(201, body)


@router.get("/invites", response=list[InviteOut], summary="Your open invitations")
def list_invites(request: HttpRequest):
    invite = services.open_invite(request.user)
    return [invite] if invite else []


@router.delete("/invites/{int:invite_id}", response={204: None, **ERRORS}, summary="Withdraw an invitation")
def revoke_invite(request: HttpRequest, invite_id: int):
    services.revoke_invite(request.user, invite_id)
    return Status(204, None)


@router.post("/invites/accept", response={200: CoupleOut, **ERRORS}, summary="Accept an invitation")
def accept_invite(request: HttpRequest, payload: AcceptIn):
    services.accept_invite(request.user, token=payload.token, code=payload.code)
    return Status(200, couple_out(request))


@router.get("/couple", response={200: CoupleOut, **ERRORS}, summary="Your couple")
def get_couple(request: HttpRequest):
    couple = couple_out(request)
    if couple is None:
        raise services.CoupleError("not_paired", "You are not paired right now.")
    return Status(200, couple)


@router.put("/couple", response={200: CoupleOut, **ERRORS}, summary="Rename the couple or change its timezone")
def update_couple(request: HttpRequest, payload: CoupleIn):
    services.update_couple(require_api_keys(request), request.user, name=payload.name, timezone_name=payload.timezone)
    return Status(200, couple_out(request))


@router.post("/couple/unpair", response={204: None, **ERRORS}, summary="Unpair, at once and silently")
def unpair(request: HttpRequest):
    services.unpair(request.user)
    return Status(204, None)
