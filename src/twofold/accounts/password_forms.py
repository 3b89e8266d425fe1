"""allauth's password forms, with the data key kept in step (ACCOUNT_FORMS points here)."""

from allauth.account import forms as allauth_forms

from twofold.accounts import services


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """Changing the password re-wraps the data key under the new one; nothing is re-encrypted."""

    def save(self) -> None:
        services.change_password(self.user, self.cleaned_data["oldpassword"], self.cleaned_data["password1"])
        super().save()


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """A reset opens the account but not the sealed data: that needs the recovery code."""

    def save(self) -> None:
        super().save()
        services.after_password_reset(self.user)
