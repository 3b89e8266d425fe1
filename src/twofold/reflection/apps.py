from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "twofold.reflection"
    label = "reflection"

    def ready(self) -> None:
        from twofold.accounts.export import EXPORTERS
        from twofold.reflection.export import export_sittings

        if export_sittings not in EXPORTERS:
            EXPORTERS.append(export_sittings)
