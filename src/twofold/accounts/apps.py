from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "twofold.accounts"
    label = "accounts"

    def ready(self) -> None:
        from twofold.accounts import signals  # noqa: F401 (connects the receivers)
