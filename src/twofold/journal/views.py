"""The journal's pages. Thin: every write is a function in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from twofold.core.unlock import keys_required
from twofold.journal import importers, services
from twofold.journal.forms import EntryForm, ImportForm, SearchForm
from twofold.journal.models import JournalEntry, Theme
from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.markdown import render as render_markdown

PAGE_SIZE = 20


def _entry(request: HttpRequest, pk: int) -> JournalEntry:
    """The person's own entry, or 404: another person's entry does not exist for them."""
    return get_object_or_404(JournalEntry.objects.for_user(request.user).select_related("prompt"), pk=pk)


@login_required
@keys_required
def journal(request: HttpRequest) -> HttpResponse:
    """The list, newest first, 20 a page; with words, a theme or dates it becomes a search.

    Queries without a search: session, user, count, the page's entries, today's prompt offer
    (with its prompt), whether a new-entry draft exists. Never more with more entries.
    """
    search = SearchForm(request.GET)
    filters = search.filters()
    if filters.active:
        results = services.search(request.keys, request.user, filters)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        entries = page.object_list
    else:
        page = Paginator(services.entries_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
        entries = services.open_entries(request.keys, page.object_list)
    context = {
        "search": search,
        "filters": filters,
        "page": page,
        "entries": entries,
        "prompt": services.prompt_of_the_day(request.user),
        "has_draft": services.has_draft(request.user),
    }
    return render(request, "journal/journal.html", context)


def _editor(request: HttpRequest, form: EntryForm, *, entry=None, prompt=None, draft=None, status=200):
    context = {"form": form, "entry": entry, "prompt": prompt, "draft": draft}
    context["draft_url"] = reverse("journal:draft", args=[entry.pk]) if entry else reverse("journal:new_draft")
    context["discard_url"] = (
        reverse("journal:discard_draft", args=[entry.pk]) if entry else reverse("journal:discard_new_draft")
    )
    return render(request, "journal/editor.html", context, status=status)


def _from_draft(draft: services.Draft | None) -> dict:
    return {name: value for name, value in draft.content.items() if value} if draft else {}


@login_required
@keys_required
def new_entry(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EntryForm(request.POST)
        prompt = services.find_prompt(request.POST.get("prompt"))
        if form.is_valid():
            try:
                entry = services.create_entry(request.keys, request.user, form.entry_input())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved to your journal."))
                return redirect("journal:entry", entry.pk)
        return _editor(request, form, prompt=prompt, status=400)
    prompt = services.find_prompt(request.GET.get("prompt"))
    draft = services.get_draft(request.keys, request.user, None)
    initial = {"written_on": services.local_today(request.user)}
    if prompt:
        initial |= {"prompt": prompt.key, "theme": prompt.theme}
    initial |= _from_draft(draft)  # what was typed before wins: nothing typed is lost
    if draft and draft.content.get("prompt"):
        prompt = services.find_prompt(draft.content["prompt"])
    return _editor(request, EntryForm(initial=initial), prompt=prompt, draft=draft)


@login_required
@keys_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    try:
        opened = services.open_entry(request.keys, entry)
    except CryptoError:
        return render(request, "journal/unreadable.html", status=410)
    context = {"entry": opened, "body_html": render_markdown(opened.body), "prompt": entry.prompt}
    return render(request, "journal/entry.html", context)


@login_required
@keys_required
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    prompt = entry.prompt
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.update_entry(request.keys, request.user, entry, form.entry_input())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("journal:entry", entry.pk)
        return _editor(request, form, entry=entry, prompt=prompt, status=400)
    try:
        opened = services.open_entry(request.keys, entry)
    except CryptoError:
        return render(request, "journal/unreadable.html", status=410)
    draft = services.get_draft(request.keys, request.user, entry)
    initial = {
        "title": opened.title,
        "body": opened.body,
        "tags": ", ".join(opened.tags),
        "theme": opened.theme,
        "written_on": services.local_date(request.user, opened.written_at),
        "prompt": prompt.key if prompt else "",
    } | _from_draft(draft)
    return _editor(request, EntryForm(initial=initial), entry=entry, prompt=prompt, draft=draft)


@login_required
@keys_required
def delete_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if request.method == "POST":
        services.delete_entry(request.user, entry)
        messages.success(request, _("The entry is deleted."))
        return redirect("journal:journal")
    try:
        opened = services.open_entry(request.keys, entry)
    except CryptoError:
        opened = None
    return render(request, "journal/delete_confirm.html", {"entry": entry, "opened": opened})


# --- drafts: the editor's script posts the whole form here every few seconds while typing


def _save_draft(request: HttpRequest, entry: JournalEntry | None) -> JsonResponse:
    try:
        draft = services.save_draft(request.keys, request.user, entry, request.POST.dict())
    except ServiceError as error:
        return JsonResponse({"saved": False, "message": error.message}, status=error.status)
    when = formats.time_format(timezone.localtime(draft.updated_at, services.zone_of(request.user)), "H:i")
    return JsonResponse({"saved": True, "message": _("Draft saved at %(time)s.") % {"time": when}})


@login_required
@require_POST
@keys_required
def new_draft(request: HttpRequest) -> JsonResponse:
    return _save_draft(request, None)


@login_required
@require_POST
@keys_required
def entry_draft(request: HttpRequest, pk: int) -> JsonResponse:
    return _save_draft(request, _entry(request, pk))


@login_required
@require_POST
def discard_new_draft(request: HttpRequest) -> HttpResponse:
    services.discard_draft(request.user, None)
    messages.info(request, _("The unsaved text is discarded."))
    return redirect("journal:new")


@login_required
@require_POST
def discard_entry_draft(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    services.discard_draft(request.user, entry)
    messages.info(request, _("The unsaved changes are discarded."))
    return redirect("journal:edit", entry.pk)


# --- prompts


@login_required
def prompts(request: HttpRequest) -> HttpResponse:
    theme = request.GET.get("theme", "")
    if theme not in Theme.values:
        theme = ""
    context = {"prompts": services.prompts_by_theme(theme), "themes": Theme.choices, "theme": theme}
    return render(request, "journal/prompts.html", context)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_POST
def another_prompt(request: HttpRequest) -> HttpResponse:
    if services.another_prompt(request.user) is None:
        messages.info(request, _("There are no prompts to choose from yet."))
    return redirect(_next_url(request, reverse("journal:journal") + "#prompt"))


# --- import


@login_required
@keys_required
def import_journal(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            raw = form.cleaned_data["file"].read()
            count = services.import_export(request.keys, request.user, form.cleaned_data["format"], raw)
        except ServiceError as error:
            form.add_error("file", error.message)
        else:
            text = ngettext(
                "Imported %(count)s entry into your journal.", "Imported %(count)s entries into your journal.", count
            )
            messages.success(request, text % {"count": f"{count:,}"})
            return redirect("journal:journal")
    status = 400 if form.errors else 200
    return render(request, "journal/import.html", {"form": form, "limit": importers.MAX_ENTRIES}, status=status)
