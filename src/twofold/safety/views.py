"""The safety pages: where you are signed in, your security log, and the safety reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from twofold.accounts.models import SecurityEvent
from twofold.core.unlock import keys_required
from twofold.lib.crypto import CryptoError
from twofold.lib.keyring import KeyChain
from twofold.lib.timeutil import zone_of
from twofold.safety import services
from twofold.safety.forms import SafetyResetForm
from twofold.safety.services import SafetyError, on_the_hour

LOG_PAGE_SIZE = 50
DETAIL_LABELS = {
    "device": gettext_lazy("Device"),
    "action": gettext_lazy("What happened"),
    "name": gettext_lazy("Name"),
    "ended": gettext_lazy("Sessions signed out"),
    "ended_device": gettext_lazy("Signed out"),
    "revoked_tokens": gettext_lazy("API tokens revoked"),
}


# --- sessions


@dataclass(frozen=True)
class SessionRow:
    id: int
    device: str
    started: str
    last_active: str
    this_device: bool


def coarse_day(moment: datetime, zone: ZoneInfo, today: date) -> str:
    """ "today", "yesterday" or a date: never a time of day."""
    day = timezone.localtime(moment, zone).date()
    if day == today:
        return _("today")
    if day == today - timedelta(days=1):
        return _("yesterday")
    return formats.date_format(day, "j F Y")


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the person's sessions that are still live.
    zone = zone_of(request.user)
    today = timezone.localdate(timezone=zone)
    rows = [
        SessionRow(
            id=row.pk,
            device=row.device or _("Unknown device"),
            started=coarse_day(row.created_at, zone, today),
            last_active=coarse_day(row.last_seen_at, zone, today),
            this_device=row.session_key == request.session.session_key,
        )
        for row in services.live_sessions(request.user)
    ]
    rows.sort(key=lambda row: not row.this_device)  # this device first, the rest by last activity
    return render(request, "safety/sessions.html", {"sessions": rows})


@login_required
@require_POST
def end_session(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        services.end_session(request, session_id)
    except SafetyError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("That session is signed out."))
    return redirect("sessions")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = services.end_other_sessions(request)
    if ended:
        text = ngettext("%(count)d other session is signed out.", "%(count)d other sessions are signed out.", ended)
        messages.success(request, text % {"count": ended})
    else:
        messages.info(request, _("You were not signed in anywhere else."))
    return redirect("sessions")


# --- the security log


@dataclass(frozen=True)
class LogEntry:
    kind: str
    when: str
    details: list[tuple[str, str]] | None  # None: sealed details that cannot be opened


@login_required
@keys_required
def security_log(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, count of events, this page of events, the person's key material
    # (read once; it opens every detail). The same however many events there are.
    page = Paginator(SecurityEvent.objects.for_user(request.user), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    zone = zone_of(request.user)
    entries = [_log_entry(request.keys, event, zone) for event in page]
    return render(request, "safety/security_log.html", {"page": page, "entries": entries})


def _log_entry(chain: KeyChain, event: SecurityEvent, zone: ZoneInfo) -> LogEntry:
    when = on_the_hour(timezone.localtime(event.created_at, zone))
    return LogEntry(
        kind=event.get_kind_display(),
        when=formats.date_format(when, "j M Y, H:i"),
        details=_details(chain, event),
    )


def _details(chain: KeyChain, event: SecurityEvent) -> list[tuple[str, str]] | None:
    if event.detail is None:
        return []
    try:
        opened = chain.open(event.detail, event, "detail")
    except CryptoError:
        return None  # sealed to keys from before the person started afresh
    if not isinstance(opened, dict):
        return [("", str(opened))]
    return [
        (str(DETAIL_LABELS.get(key, key.replace("_", " ").capitalize())), str(value)) for key, value in opened.items()
    ]


# --- the safety reset


@login_required
def safety_reset(request: HttpRequest) -> HttpResponse:
    form = SafetyResetForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unlocked = services.safety_reset(
                request, form.cleaned_data["current_password"], form.cleaned_data["new_password1"]
            )
        except SafetyError as error:
            form.add_error("current_password", error.message)
        else:
            messages.success(request, _reset_checklist(unlocked))
            return redirect("recovery_code")
    return render(request, "safety/safety_reset.html", {"form": form}, status=400 if form.errors else 200)


def _reset_checklist(unlocked: bool) -> str:
    """What is left after the reset; the message shows on the recovery code page it leads to."""
    done = _("Safety reset done: every other session is signed out and your password is new.")
    if unlocked:
        next_step = _("Next, save your new recovery code.")
    else:
        next_step = _("Your private data is still locked since an earlier password reset: open it with your code.")
    then = format_html(
        _(
            'Then <a href="{mfa}">review two-factor sign-in</a> and <a href="{email}">review your '
            "e-mail address</a>, and remove anything you did not add yourself."
        ),
        mfa=reverse("mfa_index"),
        email=reverse("account_email"),
    )
    return format_html("{} {} {}", done, next_step, then)
