from django.urls import path

from twofold.reflection import views

app_name = "reflection"
urlpatterns = [
    path("", views.timer, name="timer"),
    path("start/", views.start, name="start"),
    path("sittings/<int:sitting_id>/", views.sitting, name="sitting"),
    path("sittings/<int:sitting_id>/finish/", views.finish, name="finish"),
    path("sittings/<int:sitting_id>/note/", views.note, name="note"),
    path("rhythm/", views.rhythm, name="rhythm"),
    path("rhythm/<int:year>/<int:month>/", views.rhythm, name="rhythm_month"),
]
