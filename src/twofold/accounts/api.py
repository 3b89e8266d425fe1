from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from twofold.couples.services import active_couple, couple_name, partner_of

router = Router(tags=["me"])


class PartnerOut(Schema):
    display_name: str


class CoupleOut(Schema):
    id: int
    name: str | None
    timezone: str
    partner: PartnerOut | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    timezone: str
    couple: CoupleOut | None


def couple_out(request: HttpRequest) -> CoupleOut | None:
    couple = active_couple(request.user)
    if couple is None:
        return None
    partner = partner_of(request.user)
    return CoupleOut(
        id=couple.pk,
        name=couple_name(getattr(request, "_twofold_keychain", None), couple),
        timezone=couple.timezone,
        partner=PartnerOut(display_name=partner.display_name) if partner else None,
    )


@router.get("/me", response=MeOut, summary="The signed-in person and their couple")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        timezone=user.timezone,
        couple=couple_out(request),
    )
