"""Feelings pages. Thin: every write is a call into services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twofold.core.unlock import keys_required
from twofold.couples.services import partner_of
from twofold.feelings import services
from twofold.feelings.forms import CheckInForm, ReplyForm
from twofold.feelings.models import INTENSITY_LABELS, CheckIn, FeelingFamily, FeelingWord
from twofold.feelings.services import FeelingsError


def _own(request: HttpRequest, pk: int) -> CheckIn:
    return get_object_or_404(services.own_checkins(request.user), pk=pk)


def _entry(request: HttpRequest, checkin: CheckIn) -> services.Entry:
    return services.open_checkin(request.keys, checkin, services.family_labels(), services.zone_of(request.user))


# --- checking in: family, word, intensity (three taps)


@login_required
@keys_required
def checkin(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _log(request)
    family = FeelingFamily.objects.filter(slug=request.GET.get("family", "")).first()
    if family is None:
        return render(request, "feelings/checkin_families.html", {"families": FeelingFamily.objects.all()})
    return _words_step(request, family, CheckInForm())


def _words_step(request: HttpRequest, family: FeelingFamily, form: CheckInForm, status: int = 200) -> HttpResponse:
    words = list(FeelingWord.objects.filter(family=family))
    context = {
        "family": family,
        "form": form,
        "everyday": [word for word in words if word.tier == 1],
        "finer": [word for word in words if word.tier != 1],
        "chosen": form.data.get("word", ""),
        "intensities": list(INTENSITY_LABELS.items()),
    }
    return render(request, "feelings/checkin_words.html", context, status=status)


def _log(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            saved = services.log_feeling(request.keys, request.user, **form.cleaned_data)
        except FeelingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved. Only you can see it."))
            return redirect("feelings:detail", pk=saved.pk)
    family = FeelingFamily.objects.filter(slug=request.POST.get("family", "")).first()
    if family is None:
        word = FeelingWord.objects.select_related("family").filter(word=request.POST.get("word", "")).first()
        family = word.family if word else FeelingFamily.objects.first()
    if family is None:  # no vocabulary loaded at all
        raise Http404
    return _words_step(request, family, form, status=400)


# --- one check-in


@login_required
@keys_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _own(request, pk)
    entry = _entry(request, checkin)
    shared = services.related(checkin, "shared")
    context = {
        "checkin": checkin,
        "entry": entry,
        "partner": partner_of(request.user),
        "reply": services.open_reply(request.keys, request.user, shared) if shared else None,
    }
    return render(request, "feelings/detail.html", context)


@login_required
@keys_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _own(request, pk)
    entry = _entry(request, checkin)
    initial = {"word": entry.word, "intensity": entry.intensity, "note": entry.note}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_checkin(request.keys, request.user, checkin, **form.cleaned_data)
        except FeelingsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("feelings:detail", pk=checkin.pk)
    partner = partner_of(request.user) if entry.shared else None
    context = {"form": form, "checkin": checkin, "entry": entry, "partner": partner}
    return render(request, "feelings/edit.html", context, status=400 if form.errors else 200)


@login_required
@keys_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _own(request, pk)
    entry = _entry(request, checkin)
    if request.method == "POST":
        services.delete_checkin(request.user, checkin)
        messages.success(request, _("Deleted."))
        return redirect(f"{reverse('feelings:history')}?month={entry.checked_at:%Y-%m}")
    partner = partner_of(request.user) if entry.shared else None
    return render(request, "feelings/delete_confirm.html", {"checkin": checkin, "entry": entry, "partner": partner})


@login_required
@keys_required
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows exactly what the partner will see; POST shares it."""
    checkin = _own(request, pk)
    partner = partner_of(request.user)
    if request.method == "POST":
        try:
            services.share_checkin(request.keys, request.user, checkin)
        except FeelingsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Shared with %(name)s. You can stop sharing at any time.") % {"name": partner})
        return redirect("feelings:detail", pk=checkin.pk)
    entry = _entry(request, checkin)
    # The partner sees the time in their own zone; the preview shows it in this person's.
    return render(request, "feelings/share_preview.html", {"checkin": checkin, "entry": entry, "partner": partner})


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int) -> HttpResponse:
    # No keys needed: stopping sharing must work at any moment, even when locked.
    checkin = _own(request, pk)
    if services.unshare_checkin(request.user, checkin):
        messages.success(request, _("No longer shared. Your partner can no longer see it."))
    return redirect("feelings:detail", pk=checkin.pk)


# --- history


@login_required
@keys_required
def history(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the month's check-ins (with shared copies and replies), family labels.
    year, month = services.parse_month(request.GET.get("month"), request.user)
    shown = services.month_history(request.keys, request.user, year, month)
    weekdays = [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)]
    return render(request, "feelings/history.html", {"month": shown, "weekdays": weekdays})


# --- sharing between the two of them


@login_required
@keys_required
def shared(request: HttpRequest) -> HttpResponse:
    return _shared_page(request)


def _shared_page(request: HttpRequest, bound: tuple[int, ReplyForm] | None = None) -> HttpResponse:
    """Both lists; BOUND is a reply form that failed, shown again with its text and errors."""
    # Queries: session, user, partner, family labels, partner's copies (with replies), the couple key,
    # key material, own copies (with replies).
    partner = partner_of(request.user)
    labels = services.family_labels() if partner else {}
    from_partner = services.shared_list(request.keys, request.user, mine=False, labels=labels) if partner else []
    for item in from_partner:
        if bound and bound[0] == item.entry.pk:
            item.form = bound[1]
        else:
            initial = {"text": item.reply.text} if item.reply else None
            item.form = ReplyForm(initial=initial, auto_id=f"reply-{item.entry.pk}-%s")
    context = {
        "partner": partner,
        "from_partner": from_partner,
        "mine": services.shared_list(request.keys, request.user, mine=True, labels=labels) if partner else [],
    }
    return render(request, "feelings/shared.html", context, status=400 if bound else 200)


def _shared_with_me(request: HttpRequest, pk: int):
    found = services.shared_with_me(request.user, pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
@keys_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    target = _shared_with_me(request, pk)
    form = ReplyForm(request.POST, auto_id=f"reply-{target.pk}-%s")
    if form.is_valid():
        try:
            services.set_reply(request.keys, request.user, target, form.cleaned_data["text"])
        except FeelingsError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect(f"{reverse('feelings:shared')}#shared-{target.pk}")
    return _shared_page(request, bound=(target.pk, form))


@login_required
@require_POST
def delete_reply(request: HttpRequest, pk: int) -> HttpResponse:
    target = _shared_with_me(request, pk)
    if services.delete_reply(request.user, target):
        messages.success(request, _("Your reply was removed."))
    return redirect(f"{reverse('feelings:shared')}#shared-{target.pk}")
