from django.urls import path

from twofold.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.journal, name="journal"),
    path("new/", views.new_entry, name="new"),
    path("new/draft/", views.new_draft, name="new_draft"),
    path("new/draft/discard/", views.discard_new_draft, name="discard_new_draft"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.edit_entry, name="edit"),
    path("<int:pk>/draft/", views.entry_draft, name="draft"),
    path("<int:pk>/draft/discard/", views.discard_entry_draft, name="discard_draft"),
    path("<int:pk>/delete/", views.delete_entry, name="delete"),
    path("prompts/", views.prompts, name="prompts"),
    path("prompts/another/", views.another_prompt, name="another_prompt"),
    path("import/", views.import_journal, name="import"),
]
