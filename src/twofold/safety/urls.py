from django.urls import path

from twofold.safety import views

# Mounted under settings/.
urlpatterns = [
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("security-log/", views.security_log, name="security_log"),
    path("safety-reset/", views.safety_reset, name="safety_reset"),
]
