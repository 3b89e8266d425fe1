import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from twofold.accounts import services
from twofold.accounts.models import ApiToken, User


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds: the name the partner sees and the person's zone."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        help_text=_("What your partner sees. A first name or a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    timezone = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_timezone(self) -> str:
        value = self.cleaned_data.get("timezone") or "UTC"
        return value if value in zoneinfo.available_timezones() else "UTC"

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["display_name", "timezone"])
        services.on_sign_up(request, user, self.cleaned_data["password1"])


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "timezone", "idle_lock_minutes", "discreet"]


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("What is this token for?")}
        help_texts = {"name": _("For example: my phone, a backup script.")}


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class RecoverForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        help_text=_("Five groups of five letters and digits. Dashes and case don't matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        help_text=_("Your private data will open with it from now on."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ConfirmRecoveryForm(forms.Form):
    last_group = forms.CharField(
        label=_("Type the last group of your recovery code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class StartAfreshForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.CharField(
        label=_("Type DESTROY to confirm"),
        help_text=_("Everything you wrote privately is destroyed. This cannot be undone."),
    )

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().upper() != "DESTROY":
            raise forms.ValidationError(_("Type DESTROY to confirm."))
        return self.cleaned_data["confirm"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.CharField(label=_("Type DELETE to confirm"))

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().upper() != "DELETE":
            raise forms.ValidationError(_("Type DELETE to confirm."))
        return self.cleaned_data["confirm"]
