from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from twofold.accounts.models import User


class SafetyResetForm(forms.Form):
    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("One that nobody else knows or could guess, your partner included."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data["new_password2"]
        if first and first != second:
            raise forms.ValidationError(_("The two new passwords don't match."))
        return second

    def clean(self) -> dict:
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if not new or "new_password2" not in cleaned:
            return cleaned
        # Whoever this reset locks out may know the current password.
        if new == cleaned.get("current_password"):
            self.add_error("new_password1", _("Choose a password different from your current one."))
        else:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned
