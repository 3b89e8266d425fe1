from django.apps import AppConfig


class FeelingsConfig(AppConfig):
    name = "twofold.feelings"
    label = "feelings"

    def ready(self) -> None:
        from twofold.accounts.export import EXPORTERS
        from twofold.couples.signals import couple_ended
        from twofold.feelings import services

        if services.export not in EXPORTERS:
            EXPORTERS.append(services.export)
        couple_ended.connect(_drop_shared_copies, dispatch_uid="feelings-drop-shared-copies")


def _drop_shared_copies(sender, couple_id: int, **kwargs) -> None:
    from twofold.feelings.services import drop_couple_copies

    drop_couple_copies(couple_id)
