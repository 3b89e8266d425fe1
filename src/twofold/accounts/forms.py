import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

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


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "timezone"]


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("What is this token for?")}
        help_texts = {"name": _("For example: my phone, a backup script.")}
