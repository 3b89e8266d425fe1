from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "twofold.reflection"
    label = "reflection"
