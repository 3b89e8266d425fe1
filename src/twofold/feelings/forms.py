from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twofold.feelings.models import INTENSITY_LABELS, NOTE_MAX, REPLY_MAX, FeelingFamily

INTENSITY_MESSAGE = _("Choose how strongly, from 1 (a little) to 5 (very).")


def word_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every word, grouped under its family (two queries)."""
    return [
        (family.label, [(word.word, word.word) for word in family.words.all()])
        for family in FeelingFamily.objects.prefetch_related("words")
    ]


def intensity_choices() -> list[tuple[int, str]]:
    return [(value, f"{value} · {label}") for value, label in INTENSITY_LABELS.items()]


class CheckInForm(forms.Form):
    word = forms.ChoiceField(
        label=_("The word that fits best"),
        choices=word_choices,
        error_messages={
            "required": _("Choose the word that fits best."),
            "invalid_choice": _("Choose a feeling word from the list."),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("How strongly?"),
        choices=intensity_choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": INTENSITY_MESSAGE, "invalid_choice": INTENSITY_MESSAGE},
    )
    note = forms.CharField(
        label=_("What is behind it? (optional)"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Only you can read it. Simple formatting works: *emphasis*, lists, links."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=REPLY_MAX,
        help_text=_("Acknowledge rather than fix. For example: “It makes sense that you felt … when …”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a few words first.")},
    )
