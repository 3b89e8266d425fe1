"""The self-knowledge map in the API: items, sharing one at a time, and the partner's shared map."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from twofold.accounts.api import PartnerOut
from twofold.api.base import ErrorOut, require_api_keys
from twofold.couples.services import partner_of
from twofold.selfmap import services
from twofold.selfmap.models import DETAIL_MAX, SECTION_WORDS, TEXT_MAX, WHEN_MAX, MapItem, Section
from twofold.selfmap.services import Entry, MapError

router = Router(tags=["self-knowledge map"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 423: ErrorOut}


class SectionOut(Schema):
    id: str
    label: str
    prompt: str
    text_label: str
    detail_label: str
    has_when: bool = Field(description="Only formative events have an approximate time.")


class ItemIn(Schema):
    section: str = Field(description="One of the ids from GET /map/sections.")
    text: str = Field(max_length=TEXT_MAX)
    detail: str = Field("", max_length=DETAIL_MAX, description="Markdown subset.")
    when: str = Field("", max_length=WHEN_MAX, description="Formative events only, free text: “age 12”.")


class ItemUpdateIn(Schema):
    text: str = Field(max_length=TEXT_MAX)
    detail: str = Field("", max_length=DETAIL_MAX)
    when: str = Field("", max_length=WHEN_MAX)


class SharedItemOut(Schema):
    section: str
    text: str
    detail: str
    when: str


class ItemOut(SharedItemOut):
    id: int
    shared: bool = Field(description="Whether the partner can see this item now.")
    created_at: datetime


class SharePreviewOut(Schema):
    partner: PartnerOut
    shared: bool
    item: SharedItemOut = Field(description="Exactly what the partner sees (or would see).")


class SharedSectionOut(Schema):
    section: str
    label: str
    items: list[SharedItemOut]


class PartnerMapOut(Schema):
    partner: PartnerOut
    sections: list[SharedSectionOut] = Field(description="Only the sections with shared items.")


def _item_out(entry: Entry) -> ItemOut:
    return ItemOut(
        id=entry.pk,
        section=entry.section,
        text=entry.text,
        detail=entry.detail,
        when=entry.when,
        shared=entry.shared,
        created_at=entry.created_at,
    )


def _shared_out(entry: Entry) -> SharedItemOut:
    return SharedItemOut(section=entry.section, text=entry.text, detail=entry.detail, when=entry.when)


def _own(request: HttpRequest, item_id: int) -> MapItem:
    return get_object_or_404(MapItem.objects.for_user(request.user).select_related("shared"), pk=item_id)


def _partner_or_409(request: HttpRequest):
    partner = partner_of(request.user)
    if partner is None:
        raise MapError("not_paired", _("You are not paired right now."))
    return partner


@router.get("/map/sections", response=list[SectionOut], summary="The map's sections")
def list_sections(request: HttpRequest):
    return [
        SectionOut(
            id=value,
            label=str(label),
            prompt=str(SECTION_WORDS[value].prompt),
            text_label=str(SECTION_WORDS[value].text_label),
            detail_label=str(SECTION_WORDS[value].detail_label),
            has_when=SECTION_WORDS[value].has_when,
        )
        for value, label in Section.choices
    ]


@router.get("/map/items", response={200: list[ItemOut], **ERRORS}, summary="Your map items, oldest first")
def list_items(request: HttpRequest):
    chain = require_api_keys(request)
    return Status(200, [_item_out(services.open_item(chain, item)) for item in services.my_items(request.user)])


@router.post("/map/items", response={201: ItemOut, **ERRORS}, summary="Add a map item (private)")
def create_item(request: HttpRequest, payload: ItemIn):
    chain = require_api_keys(request)
    item = services.add_item(chain, request.user, **payload.dict())
    return Status(201, _item_out(services.open_item(chain, item)))


@router.get("/map/items/{int:item_id}", response={200: ItemOut, **ERRORS}, summary="One of your map items")
def get_item(request: HttpRequest, item_id: int):
    return Status(200, _item_out(services.open_item(require_api_keys(request), _own(request, item_id))))


@router.put(
    "/map/items/{int:item_id}",
    response={200: ItemOut, **ERRORS},
    summary="Change a map item",
    description="If the item is shared, what the partner sees changes with it.",
)
def update_item(request: HttpRequest, item_id: int, payload: ItemUpdateIn):
    chain = require_api_keys(request)
    item = services.update_item(chain, request.user, _own(request, item_id), **payload.dict())
    return Status(200, _item_out(services.open_item(chain, _own(request, item.pk))))


@router.delete("/map/items/{int:item_id}", response={204: None, **ERRORS}, summary="Delete a map item")
def delete_item(request: HttpRequest, item_id: int):
    services.delete_item(request.user, _own(request, item_id))
    return Status(204, None)


@router.get(
    "/map/items/{int:item_id}/share",
    response={200: SharePreviewOut, **ERRORS},
    summary="Preview what your partner sees of an item",
)
def share_preview(request: HttpRequest, item_id: int):
    chain = require_api_keys(request)
    item = _own(request, item_id)
    partner = _partner_or_409(request)
    return Status(
        200,
        SharePreviewOut(
            partner=PartnerOut(display_name=partner.display_name),
            shared=services.is_shared(item),
            item=_shared_out(services.preview(chain, item)),
        ),
    )


@router.post("/map/items/{int:item_id}/share", response={201: ItemOut, **ERRORS}, summary="Share an item")
def share_item(request: HttpRequest, item_id: int):
    chain = require_api_keys(request)
    services.share_item(chain, request.user, _own(request, item_id))
    return Status(201, _item_out(services.open_item(chain, _own(request, item_id))))


@router.delete("/map/items/{int:item_id}/share", response={204: None, **ERRORS}, summary="Stop sharing an item")
def unshare_item(request: HttpRequest, item_id: int):
    services.unshare_item(request.user, _own(request, item_id))
    return Status(204, None)


@router.get("/map/partner", response={200: PartnerMapOut, **ERRORS}, summary="What your partner shares of their map")
def partner_map(request: HttpRequest):
    shown = services.partner_map(require_api_keys(request), request.user)
    if shown.partner is None:
        raise MapError("not_paired", _("You are not paired right now."))
    sections = [
        SharedSectionOut(section=group.section, label=str(group.label), items=[_shared_out(e) for e in group.entries])
        for group in shown.sections
    ]
    return Status(200, PartnerMapOut(partner=PartnerOut(display_name=shown.partner.display_name), sections=sections))
