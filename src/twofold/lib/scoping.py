"""One way in to scoped data: every couple- or person-scoped query names who is asking.

A model opts in with ``objects = ScopedManager()`` and ``scope = "couple"`` (the row carries
``couple_id``) or ``scope = "user"`` (the row carries ``user_id``). ``Model.objects.all()`` and
friends raise ``ScopeError``: the only way to query is ``Model.objects.for_user(user)``, which
narrows to what that person may see. Fetching another person's object through it therefore
finds nothing, and views answer 404, never 403.

Housekeeping that really needs every row (the tick loop, the admin) uses the explicit
``Model.unscoped`` manager, which makes such code easy to find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from twofold.accounts.models import User


class ScopeError(RuntimeError):
    """A scoped model was queried without saying on whose behalf."""


class ScopedManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        raise ScopeError(f"{self.model.__name__} is scoped: use {self.model.__name__}.objects.for_user(user).")

    def for_user(self, user: User) -> models.QuerySet:
        """Rows the person may see: their own, or their active couple's."""
        queryset = models.QuerySet(self.model, using=self._db)
        if user is None or not user.is_authenticated:
            return queryset.none()
        scope = getattr(self.model, "scope", None)
        if scope == "user":
            return queryset.filter(user_id=user.pk)
        if scope == "couple":
            from twofold.couples.models import Membership

            return queryset.filter(couple_id__in=Membership.active_couple_ids(user))
        raise ScopeError(f"{self.model.__name__} must set scope = 'user' or 'couple'.")

    def create(self, **kwargs: Any) -> models.Model:
        # Creation names its owner explicitly, so it does not need a scope.
        return models.QuerySet(self.model, using=self._db).create(**kwargs)
