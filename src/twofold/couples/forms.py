from django import forms
from django.utils.translation import gettext_lazy as _

from twofold.accounts.forms import timezone_choices


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("Eight letters and digits, like K7QF-M2XP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class InviteEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your partner's e-mail address"),
        required=False,
        help_text=_("Optional. We send the link and the code there and keep no copy of the address."),
    )


class CoupleForm(forms.Form):
    name = forms.CharField(
        label=_("A name for the two of you"),
        max_length=80,
        required=False,
        help_text=_("Only the two of you see this."),
    )
    timezone = forms.ChoiceField(
        label=_("Your shared timezone"),
        choices=timezone_choices,
        help_text=_("Used for date nights, talk times and reminders."),
    )
