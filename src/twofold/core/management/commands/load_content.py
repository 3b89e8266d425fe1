from django.core.management.base import BaseCommand

from twofold.content.loader import load_all


class Command(BaseCommand):
    help = "Load the content library (TOML files in twofold/content) into the database. Idempotent."

    def handle(self, *args, **options) -> None:
        for name, count in load_all().items():
            if options["verbosity"] >= 1:
                self.stdout.write(f"{name}: {count} items")
