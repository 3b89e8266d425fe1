from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "twofold.journal"
    label = "journal"

    def ready(self) -> None:
        from twofold.accounts.export import EXPORTERS
        from twofold.journal.export import journal_section

        if journal_section not in EXPORTERS:
            EXPORTERS.append(journal_section)
