from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "twofold.api"
    label = "api"
