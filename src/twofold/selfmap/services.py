"""Every write to the self-knowledge map, and the reads that open it.

The owner's items are sealed under their data key. Sharing one item seals a separate copy
under the couple key; nothing else about the map (how many items, when they were written) ever
reaches the partner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from twofold.couples.models import Membership
from twofold.couples.services import partner_of
from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.markdown import render
from twofold.selfmap.models import (
    DETAIL_MAX,
    SECTION_WORDS,
    TEXT_MAX,
    WHEN_MAX,
    MapItem,
    Section,
    SharedMapItem,
)

if TYPE_CHECKING:
    from datetime import datetime

    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain


class MapError(ServiceError):
    """A map request that cannot be carried out; nothing was changed."""


@dataclass
class Entry:
    """An opened map item (or shared copy), ready for a page or the API."""

    pk: int
    section: str
    text: str
    detail: str = ""
    when: str = ""
    shared: bool = False
    created_at: datetime | None = None

    @property
    def detail_html(self) -> SafeString:
        return render(self.detail)


@dataclass
class SectionGroup:
    section: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def words(self):
        return SECTION_WORDS[self.section]


# --- input


def _clean(value: str | None, limit: int, what: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise MapError("empty", _("Write something for %(what)s first.") % {"what": what})
    if len(text) > limit:
        raise MapError(
            "too_long",
            _("%(what)s can be at most %(limit)d characters; this is %(length)d. Nothing was saved.")
            % {"what": what.capitalize(), "limit": limit, "length": len(text)},
        )
    return text


@dataclass(frozen=True)
class ItemInput:
    text: str
    detail: str
    when: str


def clean_input(section: str, text: str | None, detail: str | None, when: str | None) -> ItemInput:
    if section not in Section.values:
        raise MapError("unknown_section", _("Choose one of the map's sections."))
    return ItemInput(
        text=_clean(text, TEXT_MAX, _("the item"), required=True),
        detail=_clean(detail, DETAIL_MAX, _("the detail")),
        # Only formative events carry an approximate time.
        when=_clean(when, WHEN_MAX, _("the time")) if SECTION_WORDS[section].has_when else "",
    )


def _seal_fields(row, values: ItemInput, seal) -> None:
    """Seal the three fields into ROW with SEAL (private or shared); empty optional ones stay empty."""
    row.text = seal(values.text, row, "text")
    row.detail = seal(values.detail, row, "detail") if values.detail else None
    row.when = seal(values.when, row, "when") if values.when else None


# --- writes


def add_item(chain: KeyChain, user: User, *, section: str, text: str, detail: str = "", when: str = "") -> MapItem:
    values = clean_input(section, text, detail, when)
    item = MapItem(user=user, section=section)  # the uid exists now, so the fields can be sealed to it
    _seal_fields(item, values, chain.seal)
    item.save()
    return item


@transaction.atomic
def update_item(chain: KeyChain, user: User, item: MapItem, *, text: str, detail: str = "", when: str = "") -> MapItem:
    """Change an item; if it is shared, what the partner sees changes with it (the form says so)."""
    _check_owner(user, item)
    values = clean_input(item.section, text, detail, when)
    _seal_fields(item, values, chain.seal)
    item.updated_at = timezone.now()
    item.save(update_fields=["text", "detail", "when", "updated_at"])
    shared = SharedMapItem.objects.for_user(user).filter(item=item).first()
    if shared is not None:
        _seal_shared_copy(chain, shared, values)
        shared.save(update_fields=["text", "detail", "when"])
    return item


def delete_item(user: User, item: MapItem) -> None:
    """Delete an item and, with it, any shared copy."""
    _check_owner(user, item)
    item.delete()


@transaction.atomic
def share_item(chain: KeyChain, user: User, item: MapItem) -> SharedMapItem:
    """Share one item with the partner: a copy sealed under the couple key."""
    _check_owner(user, item)
    couple_id = Membership.active_couple_id(user)
    if couple_id is None:
        raise MapError("not_paired", _("Sharing needs a partner. Invite yours first."))
    entry = open_item(chain, item)
    SharedMapItem.unscoped.filter(item=item).exclude(couple_id=couple_id).delete()  # a stale copy, if any
    shared = SharedMapItem.unscoped.filter(item=item).first() or SharedMapItem(
        couple_id=couple_id, item=item, user=user, section=item.section
    )
    _seal_shared_copy(chain, shared, ItemInput(entry.text, entry.detail, entry.when))
    shared.save()
    return shared


def unshare_item(user: User, item: MapItem) -> bool:
    """Stop sharing at once: the partner's copy is deleted. True if something was shared."""
    _check_owner(user, item)
    deleted, _details = SharedMapItem.unscoped.filter(item=item).delete()
    return bool(deleted)


def drop_couple_copies(couple_id: int) -> None:
    """The couple ended: every shared copy goes, so each keeps only what they wrote."""
    SharedMapItem.unscoped.filter(couple_id=couple_id).delete()


def _seal_shared_copy(chain: KeyChain, shared: SharedMapItem, values: ItemInput) -> None:
    _seal_fields(shared, values, lambda value, row, name: chain.seal_shared(value, row, name, shared.couple_id))


def _check_owner(user: User, item: MapItem) -> None:
    # Views and the API look items up through the scoped manager; this guards any other caller.
    if item.user_id != user.pk:
        raise MapError("not_found", _("That item was not found."), status=404)


# --- reads


def _open(chain: KeyChain, row: MapItem | SharedMapItem, name: str) -> str:
    value = getattr(row, name)
    return chain.open(value, row, name) if value is not None else ""


def open_item(chain: KeyChain, item: MapItem) -> Entry:
    return Entry(
        pk=item.pk,
        section=item.section,
        text=_open(chain, item, "text"),
        detail=_open(chain, item, "detail"),
        when=_open(chain, item, "when"),
        shared=is_shared(item),
        created_at=item.created_at,
    )


def is_shared(item: MapItem) -> bool:
    try:
        return item.shared is not None
    except SharedMapItem.DoesNotExist:
        return False


def open_shared(chain: KeyChain, shared: SharedMapItem) -> Entry:
    return Entry(
        pk=shared.pk,
        section=shared.section,
        text=_open(chain, shared, "text"),
        detail=_open(chain, shared, "detail"),
        when=_open(chain, shared, "when"),
        shared=True,
    )


def _grouped(entries: list[Entry], keep_empty: bool) -> list[SectionGroup]:
    groups = {value: SectionGroup(value, label) for value, label in Section.choices}
    for entry in entries:
        groups[entry.section].entries.append(entry)
    return [group for group in groups.values() if keep_empty or group.entries]


def my_items(user: User):
    """The person's items with their shared copy, if any, in one query."""
    return MapItem.objects.for_user(user).select_related("shared").order_by("created_at", "id")


def my_map(chain: KeyChain, user: User) -> list[SectionGroup]:
    """Every section, each with the person's items in the order they were written (one query)."""
    return _grouped([open_item(chain, item) for item in my_items(user)], keep_empty=True)


@dataclass
class PartnerMap:
    partner: User | None
    sections: list[SectionGroup]

    @property
    def is_empty(self) -> bool:
        return not self.sections


def partner_map(chain: KeyChain, user: User) -> PartnerMap:
    """What the partner currently shares, grouped by section: nothing else (two queries)."""
    partner = partner_of(user)
    if partner is None:
        return PartnerMap(None, [])
    copies = SharedMapItem.objects.for_user(user).filter(user=partner).order_by("item__created_at", "item_id")
    entries = []
    for shared in copies:
        try:
            entries.append(open_shared(chain, shared))
        except CryptoError:
            continue  # sealed under a couple key this person no longer holds (they started afresh)
    return PartnerMap(partner, _grouped(entries, keep_empty=False))


def preview(chain: KeyChain, item: MapItem) -> Entry:
    """Exactly what the partner would see if this item were shared now."""
    entry = open_item(chain, item)
    return Entry(pk=item.pk, section=entry.section, text=entry.text, detail=entry.detail, when=entry.when)


# --- export


def export(user: User, chain: KeyChain) -> dict:
    """The person's own map (never the partner's), as JSON items and Markdown."""
    groups = my_map(chain, user)
    items = [
        {
            "section": entry.section,
            "text": entry.text,
            "detail": entry.detail,
            "when": entry.when,
            "shared_with_partner": entry.shared,
            "created_at": entry.created_at.isoformat() if entry.created_at else None,
        }
        for group in groups
        for entry in group.entries
    ]
    lines = ["# Self-knowledge map", ""]
    for group in groups:
        lines += [f"## {group.label}", ""]
        for entry in group.entries:
            when = f" ({entry.when})" if entry.when else ""
            lines.append(f"- **{entry.text}**{when}")
            if entry.detail:
                lines += ["", *[f"  {line}" for line in entry.detail.splitlines()], ""]
        if not group.entries:
            lines.append("_Nothing yet._")
        lines.append("")
    return {"name": "self-knowledge-map", "items": items, "markdown": "\n".join(lines)}
