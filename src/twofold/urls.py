from django.contrib import admin
from django.urls import include, path

from twofold.accounts import views as account_views
from twofold.api.urls import api
from twofold.core import unlock as unlock_views
from twofold.core import views as core_views
from twofold.core.admin import lock_down_admin
from twofold.couples import views as couple_views

lock_down_admin()

urlpatterns = [
    path("", core_views.home, name="today"),
    path("settings/", core_views.settings_index, name="settings"),
    path("settings/profile/", account_views.profile, name="profile"),
    path("settings/api-tokens/", account_views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:token_id>/revoke/", account_views.revoke_api_token, name="revoke_api_token"),
    path("unlock/", unlock_views.unlock, name="unlock"),
    path("settings/recovery-code/", unlock_views.recovery_code, name="recovery_code"),
    path("settings/recover/", unlock_views.recover, name="recover"),
    path("settings/start-afresh/", unlock_views.start_afresh, name="start_afresh"),
    path("settings/export/", account_views.export, name="export"),
    path("settings/delete-account/", account_views.delete_account, name="delete_account"),
    path("settings/", include("twofold.safety.urls")),
    path("journal/", include("twofold.journal.urls")),
    path("map/", include("twofold.selfmap.urls")),
    path("feelings/", include("twofold.feelings.urls")),
    path("reflect/", include("twofold.reflection.urls")),
    path("account/revert-email/<str:token>/", account_views.revert_email, name="revert_email"),
    path("partner/", couple_views.partner, name="partner"),
    path("partner/invite/", couple_views.create_invite, name="create_invite"),
    path("partner/invite/<int:invite_id>/revoke/", couple_views.revoke_invite, name="revoke_invite"),
    path("partner/join/", couple_views.join_with_code, name="join_with_code"),
    path("partner/settings/", couple_views.update_couple, name="update_couple"),
    path("partner/unpair/", couple_views.unpair, name="unpair"),
    path("invite/<str:token>/", couple_views.invite, name="invite"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("operator/", admin.site.urls),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline, name="offline"),
    path("healthz", core_views.healthz, name="healthz"),
]
