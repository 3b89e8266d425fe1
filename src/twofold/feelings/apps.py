from django.apps import AppConfig


class FeelingsConfig(AppConfig):
    name = "twofold.feelings"
    label = "feelings"
