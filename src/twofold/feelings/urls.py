from django.urls import path

from twofold.feelings import views

app_name = "feelings"
urlpatterns = [
    path("", views.checkin, name="checkin"),
    path("history/", views.history, name="history"),
    path("shared/", views.shared, name="shared"),
    path("shared/<int:pk>/reply/", views.reply, name="reply"),
    path("shared/<int:pk>/reply/delete/", views.delete_reply, name="delete_reply"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/unshare/", views.unshare, name="unshare"),
]
