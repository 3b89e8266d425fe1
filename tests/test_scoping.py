"""Scoped data can only be queried on someone's behalf."""

import pytest

from tests.helpers import keys_of
from twofold.accounts.models import ApiToken
from twofold.accounts.services import create_api_token
from twofold.couples import services
from twofold.couples.models import Invite
from twofold.lib.scoping import ScopeError

pytestmark = pytest.mark.django_db


def test_querying_scoped_rows_without_a_person_raises():
    with pytest.raises(ScopeError):
        Invite.objects.all()
    with pytest.raises(ScopeError):
        ApiToken.objects.filter(name="x")


def test_a_person_sees_only_their_own_rows(alice, erin):
    services.create_invite(erin)
    create_api_token(keys_of(erin), "phone")
    assert Invite.objects.for_user(alice).count() == 0
    assert ApiToken.objects.for_user(alice).count() == 0
    assert Invite.objects.for_user(erin).count() == 1


def test_signed_out_visitors_see_nothing(erin):
    from django.contrib.auth.models import AnonymousUser

    services.create_invite(erin)
    assert Invite.objects.for_user(AnonymousUser()).count() == 0
