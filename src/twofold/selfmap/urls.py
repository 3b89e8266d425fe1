from django.urls import path

from twofold.selfmap import views

app_name = "selfmap"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/<slug:section>/", views.add, name="add"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/unshare/", views.unshare, name="unshare"),
    path("partner/", views.partner_map, name="partner"),
]
