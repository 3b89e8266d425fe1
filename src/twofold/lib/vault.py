"""Where sealed data lives, so account-wide operations find all of it.

Each model holding sealed data registers here with the field that names its owner. Start
afresh and account deletion destroy what a person owns; export gathers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from twofold.accounts.models import User


@dataclass(frozen=True)
class Holder:
    model: type[models.Model]
    owner_field: str
    label: str


HOLDERS: list[Holder] = []


def register(model: type[models.Model], owner_field: str = "user", label: str = "") -> None:
    HOLDERS.append(Holder(model, owner_field, label or model._meta.verbose_name_plural))


def owned_by(holder: Holder, user: User) -> models.QuerySet:
    return holder.model._base_manager.filter(**{holder.owner_field: user})


def destroy_private_data(user: User) -> int:
    """Delete every sealed row the person owns (their old keys can no longer open it)."""
    deleted = 0
    for holder in HOLDERS:
        count, _ = owned_by(holder, user).delete()
        deleted += count
    return deleted


def after_new_keys(user: User) -> None:
    """A person with new keys gets a new couple key shared with their partner, if paired."""
    from twofold.couples.models import CoupleKey, Membership
    from twofold.lib import keyring

    couple_id = Membership.active_couple_id(user)
    if couple_id is None:
        return
    members = list(
        Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).values_list("user_id", flat=True)
    )
    latest = CoupleKey.objects.filter(couple_id=couple_id).order_by("-version").first()
    keyring.create_couple_key(couple_id, members, version=(latest.version + 1) if latest else 1)
