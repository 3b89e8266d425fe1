from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "twofold.safety"
    label = "safety"

    def ready(self) -> None:
        from twofold.safety import signals  # noqa: F401 (connects the receivers)
