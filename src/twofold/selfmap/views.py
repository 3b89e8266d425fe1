"""The map's pages. Thin: every write is a call into services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twofold.core.unlock import keys_required
from twofold.couples.services import partner_of
from twofold.selfmap import services
from twofold.selfmap.forms import MapItemForm
from twofold.selfmap.models import SECTION_WORDS, MapItem, Section
from twofold.selfmap.services import MapError


def _own_item(request: HttpRequest, pk: int) -> MapItem:
    return get_object_or_404(MapItem.objects.for_user(request.user).select_related("shared"), pk=pk)


def _back_to(item: MapItem) -> str:
    return f"{reverse('selfmap:index')}#item-{item.pk}"


@login_required
@keys_required
def index(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the items with their shared copies, the partner.
    sections = services.my_map(request.keys, request.user)
    context = {
        "sections": sections,
        "is_empty": not any(group.entries for group in sections),
        "partner": partner_of(request.user),
    }
    return render(request, "selfmap/index.html", context)


@login_required
@keys_required
def add(request: HttpRequest, section: str) -> HttpResponse:
    if section not in Section.values:
        raise Http404
    form = MapItemForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_item(request.keys, request.user, section=section, **form.cleaned_data)
        except MapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Added to your map. Only you can see it."))
            return redirect(_back_to(item))
    context = {"form": form, "section": section, "label": Section(section).label, "words": SECTION_WORDS[section]}
    return render(request, "selfmap/item_form.html", context, status=400 if form.errors else 200)


@login_required
@keys_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    entry = services.open_item(request.keys, item)
    initial = {"text": entry.text, "detail": entry.detail, "when": entry.when}
    form = MapItemForm(request.POST or None, initial=initial, section=item.section)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.keys, request.user, item, **form.cleaned_data)
        except MapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(_back_to(item))
    context = {
        "form": form,
        "item": item,
        "entry": entry,
        "section": item.section,
        "label": Section(item.section).label,
        "words": SECTION_WORDS[item.section],
        "partner": partner_of(request.user) if entry.shared else None,
    }
    return render(request, "selfmap/item_form.html", context, status=400 if form.errors else 200)


@login_required
@keys_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    if request.method == "POST":
        services.delete_item(request.user, item)
        messages.success(request, _("Deleted from your map."))
        return redirect("selfmap:index")
    entry = services.open_item(request.keys, item)
    partner = partner_of(request.user) if entry.shared else None
    return render(request, "selfmap/delete_confirm.html", {"item": item, "entry": entry, "partner": partner})


@login_required
@keys_required
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows exactly what the partner will see; POST shares it."""
    item = _own_item(request, pk)
    partner = partner_of(request.user)
    if request.method == "POST":
        try:
            services.share_item(request.keys, request.user, item)
        except MapError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Shared with %(name)s. You can stop sharing at any time.") % {"name": partner})
        return redirect(_back_to(item))
    context = {
        "item": item,
        "entry": services.preview(request.keys, item),
        "already_shared": services.is_shared(item),
        "section_label": Section(item.section).label,
        "partner": partner,
    }
    return render(request, "selfmap/share_preview.html", context)


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int) -> HttpResponse:
    # No keys needed: stopping sharing must work at any moment, even when locked.
    item = _own_item(request, pk)
    if services.unshare_item(request.user, item):
        messages.success(request, _("No longer shared. Your partner can no longer see it."))
    return redirect(_back_to(item))


@login_required
@keys_required
def partner_map(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the partner, their shared copies, the couple key and key material.
    shown = services.partner_map(request.keys, request.user)
    return render(request, "selfmap/partner.html", {"partner": shown.partner, "sections": shown.sections})
