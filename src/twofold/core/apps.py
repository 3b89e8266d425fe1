from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "twofold.core"
    label = "core"
