"""Sealed areas need the person's keys: unlocking, the recovery code, and starting afresh."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from twofold.accounts import services
from twofold.accounts.forms import ConfirmRecoveryForm, PasswordForm, RecoverForm, StartAfreshForm
from twofold.accounts.services import RECOVERY_NEEDED, RECOVERY_PENDING, AccountError
from twofold.lib import keyring, throttle

UNLOCK_ATTEMPTS = 10  # wrong passwords per person per window, inside a signed-in session
UNLOCK_WINDOW = 15 * 60


def keys_required(view):
    """Run the view with request.keys, or send the person to unlock first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        chain = keyring.keychain_from_session(request)
        if chain is None:
            target = reverse("recover" if request.session.get(RECOVERY_NEEDED) else "unlock")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        request.keys = chain
        return view(request, *args, **kwargs)

    return wrapper


def recent_auth_required(view):
    """Sensitive pages need a sign-in or re-authentication within the last few minutes.

    allauth's own decorator counts only explicit re-authentication; right after signing up or
    in, asking for the password again would only be friction.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        records = get_authentication_records(request, request.user)
        latest = max((record.get("at", 0) for record in records), default=0)
        if time.time() - latest > settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
            return redirect(f"{reverse('account_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def unlock(request: HttpRequest) -> HttpResponse:
    if request.session.get(RECOVERY_NEEDED):
        return redirect("recover")
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.count(f"unlock:{request.user.pk}", UNLOCK_WINDOW) >= UNLOCK_ATTEMPTS:
            form.add_error("password", _("Too many wrong passwords. Please wait a few minutes."))
        elif not request.user.check_password(form.cleaned_data["password"]):
            throttle.allow(f"unlock:{request.user.pk}", UNLOCK_ATTEMPTS, UNLOCK_WINDOW)
            form.add_error("password", _("That password isn't right."))
        elif services.unlock(request, request.user, form.cleaned_data["password"]):
            return redirect(_next_url(request))
        else:
            return redirect("recover")
    status = 400 if form.errors else 200
    return render(request, "core/unlock.html", {"form": form, "next": _next_url(request)}, status=status)


@login_required
@keys_required
def recovery_code(request: HttpRequest) -> HttpResponse:
    """Show a new recovery code once, then ask for its last group to make sure it was saved.

    Right after sign-up (or a recovery) the code is still owed; making a new one on demand
    later needs a recent sign-in.
    """
    if not request.session.get(RECOVERY_PENDING):
        return recent_auth_required(_recovery_code)(request)
    return _recovery_code(request)


def _recovery_code(request: HttpRequest) -> HttpResponse:
    owed = request.session.get(RECOVERY_PENDING)
    if request.method == "GET" and not owed:
        # Asked for on purpose: say first that the old code will stop working.
        return render(request, "core/recovery_code_new.html")
    if request.method == "POST" and "last_group" in request.POST:
        form = ConfirmRecoveryForm(request.POST)
        if form.is_valid() and services.confirm_recovery_code(request, request.keys, form.cleaned_data["last_group"]):
            messages.success(request, _("Your recovery code is saved. Keep it somewhere safe and private."))
            return redirect("today")
        messages.error(request, _("That doesn't match the last group. Here is a new code to save instead."))
    code = services.new_recovery_code(request, request.keys)
    return render(request, "core/recovery_code.html", {"code": code, "form": ConfirmRecoveryForm()})


@login_required
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.recover(
                request, request.user, form.cleaned_data["recovery_code"], form.cleaned_data["password"]
            )
        except AccountError as error:
            field = "password" if error.code == "wrong_password" else "recovery_code"
            form.add_error(field, error.message)
        else:
            messages.success(request, _("Your private data is unlocked again. Here is your new recovery code."))
            return render(request, "core/recovery_code.html", {"code": code, "form": ConfirmRecoveryForm()})
    return render(request, "core/recover.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def start_afresh(request: HttpRequest) -> HttpResponse:
    form = StartAfreshForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_afresh(request, request.user, form.cleaned_data["password"])
        except AccountError as error:
            form.add_error("password", error.message)
        else:
            messages.success(request, _("You have started afresh with new keys."))
            return redirect("recovery_code")
    return render(request, "core/start_afresh.html", {"form": form}, status=400 if form.errors else 200)


def recovery_reminder(request: HttpRequest) -> bool:
    """True when the person still has to save a recovery code (Today sends them there)."""
    return bool(request.session.get(RECOVERY_PENDING))
