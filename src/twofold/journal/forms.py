from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twofold.journal import importers, services
from twofold.journal.models import BODY_MAX, Theme
from twofold.journal.services import EntryInput, JournalError

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
THEME_CHOICES = [("", _("No theme")), *Theme.choices]


def _checked(cleaner, value):
    """Run a service rule, so the page and the API refuse the same things with the same words."""
    try:
        return cleaner(value)
    except JournalError as error:
        raise forms.ValidationError(error.message, code=error.code) from error


class EntryForm(forms.Form):
    # No maxlength on the fields: a browser would cut pasted text silently. The limits are
    # checked on the server, with a message, and the text comes back in the form.
    title = forms.CharField(label=_("Title (optional)"), required=False)
    body = forms.CharField(
        label=_("Your entry"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-limit": BODY_MAX}),
        help_text=_("Plain text, or Markdown: *emphasis*, **bold**, lists, > quotes and links."),
    )
    tags = forms.CharField(label=_("Tags (optional)"), required=False, help_text=_("Separate tags with commas."))
    theme = forms.ChoiceField(label=_("Theme"), choices=THEME_CHOICES, required=False)
    written_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    prompt = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_title(self) -> str:
        return _checked(services.clean_title, self.cleaned_data["title"])

    def clean_body(self) -> str:
        return _checked(services.clean_body, self.cleaned_data["body"])

    def clean_tags(self) -> list[str]:
        return _checked(services.clean_tags, services.parse_tags(self.cleaned_data["tags"]))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("title") and not (data.get("body") or "").strip():
            raise forms.ValidationError(_("Write something first: a title or a few words."), code="empty")
        return data

    def entry_input(self) -> EntryInput:
        data = self.cleaned_data
        return EntryInput(
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            theme=data["theme"],
            written_at=data["written_on"],
            prompt_key=data["prompt"],
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("Any theme")), *Theme.choices], required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def filters(self) -> services.Filters:
        if not self.is_valid():
            return services.Filters()
        data = self.cleaned_data
        return services.Filters(query=data["q"], theme=data["theme"], date_from=data["start"], date_to=data["end"])


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Exported from"),
        choices=[("jrnl", _("jrnl (jrnl --format json)")), ("dayone", _("Day One (JSON export)"))],
        widget=forms.RadioSelect,
        initial="jrnl",
    )
    file = forms.FileField(
        label=_("Export file (.json)"),
        help_text=_("Up to 20 MB and 10,000 entries. For Day One, unzip the export and choose Journal.json."),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importers.MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 20 MB. Export a shorter period and import it in parts.")
            )
        return upload
