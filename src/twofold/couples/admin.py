from django.contrib import admin

from twofold.couples.models import Couple, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "joined_at", "left_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    # The couple's name is theirs alone; the operator sees only dates.
    list_display = ["id", "created_at", "ended_at"]
    fields = ["created_at", "ended_at", "timezone"]
    readonly_fields = fields
    inlines = [MembershipInline]

    def has_add_permission(self, request) -> bool:
        return False
