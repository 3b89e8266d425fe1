"""Quiet reflection pages: the timer, the note afterwards, and the month's rhythm."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold.core.unlock import keys_required
from twofold.lib.keyring import keychain_from_session
from twofold.reflection import services
from twofold.reflection.forms import FinishForm, NoteForm, SittingForm
from twofold.reflection.models import ReflectionSitting
from twofold.reflection.prompts import prompt_text
from twofold.reflection.services import ReflectionError


def _sitting_or_404(request: HttpRequest, sitting_id: int) -> ReflectionSitting:
    try:
        return services.sitting_of(request.user, sitting_id)
    except ReflectionError as error:
        raise Http404 from error


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- the timer


@login_required
@require_GET
def timer(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the sound setting, the last sitting's prompt.
    prompt = services.prompt_for_next_sitting(request.user)
    form = SittingForm(initial={"sound": services.sound_on(request.user), "prompt_key": prompt.key})
    return render(request, "reflection/timer.html", {"form": form, "prompt": prompt.text})


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    form = SittingForm(request.POST)
    error = None
    if form.is_valid():
        try:
            sitting = services.start_sitting(request.user, form.minutes, form.cleaned_data["prompt_key"] or None)
        except ReflectionError as refused:
            error = refused.message
        else:
            services.set_sound(request.user, form.cleaned_data["sound"])
            if not _is_htmx(request):
                return redirect("reflection:sitting", sitting.pk)
            # The timer starts in the same page, so the sound unlocked by the tap can ring.
            response = render(request, "reflection/sitting.html#running", _running(sitting, form.cleaned_data["sound"]))
            response["HX-Push-Url"] = reverse("reflection:sitting", args=[sitting.pk])
            return response
    prompt = prompt_text(form.data.get("prompt_key", "")) or services.prompt_for_next_sitting(request.user).text
    context = {"form": form, "prompt": prompt, "error": error}
    template = "reflection/timer.html#setup" if _is_htmx(request) else "reflection/timer.html"
    return render(request, template, context, status=400)


def _running(sitting: ReflectionSitting, sound: bool) -> dict:
    planned_ms = sitting.planned_minutes * 60_000
    elapsed_ms = int((timezone.now() - sitting.started_at).total_seconds() * 1000)
    remaining_ms = max(0, planned_ms - elapsed_ms)
    return {
        "sitting": sitting,
        "prompt": prompt_text(sitting.prompt_key),
        "sound": sound,
        "planned_ms": planned_ms,
        "remaining_ms": remaining_ms,
        "remaining_label": clock(remaining_ms),
        "ends_at": sitting.started_at + timedelta(minutes=sitting.planned_minutes),
    }


def clock(milliseconds: int) -> str:
    """Minutes and seconds left, rounded up as a countdown shows them: 9:59, 0:05."""
    seconds = -(-milliseconds // 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


@login_required
@require_GET
def sitting(request: HttpRequest, sitting_id: int) -> HttpResponse:
    found = _sitting_or_404(request, sitting_id)
    if found.finished:
        return redirect("reflection:note", found.pk)
    return render(request, "reflection/sitting.html", _running(found, services.sound_on(request.user)))


@login_required
@require_POST
def finish(request: HttpRequest, sitting_id: int) -> HttpResponse:
    form = FinishForm(request.POST)
    minutes = form.cleaned_data["minutes"] if form.is_valid() else None
    try:
        found = services.finish_sitting(request.user, sitting_id, minutes)
    except ReflectionError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
        if error.code == "already_finished":
            return redirect("reflection:note", sitting_id)
        return redirect("reflection:sitting", sitting_id)
    return redirect("reflection:note", found.pk)


# --- the note afterwards


@login_required
@require_http_methods(["GET", "POST"])
@keys_required
def note(request: HttpRequest, sitting_id: int) -> HttpResponse:
    found = _sitting_or_404(request, sitting_id)
    if not found.finished:
        return redirect("reflection:sitting", found.pk)
    form = NoteForm(request.POST or None, initial={"note": services.open_note(request.keys, found) or ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_note(request.keys, request.user, found.pk, form.cleaned_data["note"])
        except ReflectionError as error:
            form.add_error("note", error.message)
        else:
            messages.success(request, _("Your note is saved. Only you can read it."))
            day = services.local_day(found.started_at, services.zone_of(request.user))
            return redirect("reflection:rhythm_month", day.year, day.month)
    context = {"sitting": found, "prompt": prompt_text(found.prompt_key), "form": form}
    return render(request, "reflection/note.html", context, status=400 if form.errors else 200)


# --- the month's rhythm


@dataclass(frozen=True)
class DayCell:
    day: date
    sat: bool
    today: bool


@login_required
@require_GET
def rhythm(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    # Queries: session, user, the month's ended sittings. Notes open with the key already held.
    today = services.local_today(request.user)
    if year is None or month is None:
        year, month = today.year, today.month
    if (
        not 1 <= month <= 12
        or not services.FIRST_YEAR <= year <= services.LAST_YEAR
        or (year, month) > (today.year, today.month)
    ):
        raise Http404
    sittings = services.finished_in_month(request.user, year, month)
    found = services.rhythm_of(sittings, request.user, year, month)
    earlier, later = services.shift_month(year, month, -1), services.shift_month(year, month, 1)
    chain = keychain_from_session(request)
    rows = [{"sitting": item, "note": services.open_note(chain, item) if chain else None} for item in sittings]
    context = {
        "weeks": _weeks(year, month, set(found.days), today),
        "weekdays": _weekday_names(),
        "month_name": formats.date_format(date(year, month, 1), "F Y"),
        "summary": _summary(len(found.days), (year, month) == (today.year, today.month), date(year, month, 1)),
        "days_sat": len(found.days),
        "rows": rows,
        "locked": chain is None,
        # Neighbouring months: none before the person joined, none in the future.
        "previous": _month_link(earlier) if earlier >= services.earliest_month(request.user) else None,
        "next": _month_link(later) if later <= (today.year, today.month) else None,
        "zone": services.zone_of(request.user),
    }
    return render(request, "reflection/rhythm.html", context)


def _weeks(year: int, month: int, days: set[int], today: date) -> list[list[DayCell | None]]:
    """Monday-first weeks of the month; days of other months are left empty."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [DayCell(day, day.day in days, day == today) if day.month == month else None for day in week] for week in weeks
    ]


def _weekday_names() -> list[tuple[str, str]]:
    """(short, full) names, Monday first, in the active language."""
    week = [date(2024, 1, 1) + timedelta(days=index) for index in range(7)]  # 1 January 2024 was a Monday
    return [(formats.date_format(day, "D"), formats.date_format(day, "l")) for day in week]


def _summary(count: int, this_month: bool, first: date) -> str:
    month_name = formats.date_format(first, "F Y")
    if this_month:
        if count == 0:
            return _("No sittings this month so far. The timer is here whenever you want a quiet moment.")
        return ngettext(
            "You sat quietly on %(count)d day this month.", "You sat quietly on %(count)d days this month.", count
        ) % {"count": count}
    if count == 0:
        return _("No sittings in %(month)s.") % {"month": month_name}
    return ngettext(
        "You sat quietly on %(count)d day in %(month)s.", "You sat quietly on %(count)d days in %(month)s.", count
    ) % {"count": count, "month": month_name}


def _month_link(target: tuple[int, int]) -> dict:
    year, month = target
    return {
        "url": reverse("reflection:rhythm_month", args=[year, month]),
        "name": formats.date_format(date(year, month, 1), "F Y"),
    }
