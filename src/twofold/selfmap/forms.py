from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twofold.selfmap.models import DETAIL_MAX, SECTION_WORDS, TEXT_MAX, WHEN_MAX

MARKDOWN_HELP = _("Optional. Simple formatting works: *emphasis*, **strong**, lists and links.")


class MapItemForm(forms.Form):
    """One map item; labels follow the section, and only formative events ask for a time."""

    text = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    when = forms.CharField(
        label=_("About when"),
        max_length=WHEN_MAX,
        required=False,
        help_text=_("Optional, in your own words: “age 12”, “2019”, “the summer we moved”."),
    )
    detail = forms.CharField(
        max_length=DETAIL_MAX, required=False, help_text=MARKDOWN_HELP, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        words = SECTION_WORDS[section]
        self.fields["text"].label = words.text_label
        self.fields["text"].help_text = _("Up to %(limit)d characters.") % {"limit": TEXT_MAX}
        self.fields["detail"].label = words.detail_label
        if not words.has_when:
            del self.fields["when"]
