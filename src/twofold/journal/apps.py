from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "twofold.journal"
    label = "journal"
