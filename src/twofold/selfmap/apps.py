from django.apps import AppConfig


class SelfmapConfig(AppConfig):
    name = "twofold.selfmap"
    label = "selfmap"
