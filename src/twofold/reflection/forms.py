from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from twofold.reflection.services import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES, NOTE_MAX_CHARS, PRESET_MINUTES

CUSTOM = "custom"
MINUTES_MESSAGE = _("Enter a whole number of minutes from 1 to 120.")


def length_choices() -> list[tuple[str, str]]:
    presets = [
        (str(minutes), ngettext_lazy("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
        for minutes in PRESET_MINUTES
    ]
    return [*presets, (CUSTOM, _("Another length"))]


class SittingForm(forms.Form):
    length = forms.ChoiceField(
        label=_("How long?"),
        choices=length_choices,
        initial=str(DEFAULT_MINUTES),
        widget=forms.RadioSelect,
    )
    custom_minutes = forms.IntegerField(
        label=_("Minutes, for another length"),
        required=False,
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        help_text=_("From 1 to 120."),
        error_messages={"invalid": MINUTES_MESSAGE, "min_value": MINUTES_MESSAGE, "max_value": MINUTES_MESSAGE},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "data-custom-minutes": ""}),
    )
    sound = forms.BooleanField(
        label=_("A soft bell when the time is up"),
        required=False,
        help_text=_("Remembered for next time. Turn your sound on to hear it."),
    )
    prompt_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("length") == CUSTOM and data.get("custom_minutes") is None and "custom_minutes" not in self.errors:
            self.add_error("custom_minutes", _("Enter how many minutes you want to sit."))
        return data

    @property
    def minutes(self) -> int:
        data = self.cleaned_data
        return data["custom_minutes"] if data["length"] == CUSTOM else int(data["length"])


class FinishForm(forms.Form):
    # Filled in by the timer (time actually sat, pauses left out); empty without JavaScript.
    minutes = forms.IntegerField(required=False, min_value=MIN_MINUTES, max_value=MAX_MINUTES)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Anything you want to remember?"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        help_text=_("One line, only for you. Leave it empty to keep nothing."),
        error_messages={"max_length": _("Keep the note to 1,000 characters or fewer.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
