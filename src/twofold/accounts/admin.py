"""The operator's view of accounts: who exists and whether they are active, never content.

There is no password field, no "log in as", and no way to read anything a person wrote.
"""

from django.contrib import admin

from twofold.accounts import security, services
from twofold.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fields = ["email", "display_name", "timezone", "is_active", "is_staff", "date_joined", "last_login"]
    readonly_fields = ["email", "display_name", "timezone", "date_joined", "last_login"]
    ordering = ["-date_joined"]

    actions = ["send_password_reset"]

    def has_add_permission(self, request) -> bool:
        return False  # people sign up themselves

    @admin.action(description="Send a password reset e-mail")
    def send_password_reset(self, request, queryset) -> None:
        """The operator can start a reset but never set a password. The person's sealed data
        stays locked until they enter their recovery code; their security log says who did it."""
        for user in queryset:
            services.operator_password_reset(request, user)
        self.message_user(request, f"Reset e-mails sent to {queryset.count()} people.")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            security.record(obj, security.Kind.OPERATOR, action="changed " + ", ".join(form.changed_data))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
