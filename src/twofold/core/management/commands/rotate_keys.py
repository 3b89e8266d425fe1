from django.core.management.base import BaseCommand
from django.db import transaction

from twofold.accounts.models import ApiToken, KeyMaterial
from twofold.lib import serverkeys
from twofold.lib.keyring import rewrap_outer

BATCH = 200


class Command(BaseCommand):
    help = (
        "Rotate the server-held wrapping key without downtime: make a new key version, re-wrap "
        "every stored key wrap's outer layer under it (people's data is not re-encrypted), and "
        "with --retire delete the old versions afterwards."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--retire", action="store_true", help="Delete old key versions when done.")

    def handle(self, *args, retire: bool = False, **options) -> None:
        version = serverkeys.add_version()
        self.stdout.write(f"New server key version {version}.")
        rewrapped = 0
        for model, fields in ((KeyMaterial, ["password_wrap", "recovery_wrap"]), (ApiToken, ["key_wrap"])):
            manager = model._base_manager
            for pk in manager.values_list("pk", flat=True).iterator():
                # One small transaction per row: web requests keep working throughout.
                with transaction.atomic():
                    row = manager.select_for_update().get(pk=pk)
                    changed = [name for name in fields if rewrap_outer(row, name, version)]
                    if changed:
                        row.save(update_fields=changed)
                        rewrapped += len(changed)
        self.stdout.write(f"Re-wrapped {rewrapped} stored keys.")
        if retire:
            retired = serverkeys.retire_except(version)
            self.stdout.write(f"Retired versions: {retired or 'none'}.")
