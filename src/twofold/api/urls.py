from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from twofold.api.base import TokenAuth, install_error_handlers

api = NinjaAPI(
    title="Twofold API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
    description=(
        "Authenticate with a personal API token from Settings → API tokens: "
        "`Authorization: Bearer tf_…`. Errors always have the shape "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
)
install_error_handlers(api)


def _app_routers():
    """Each Twofold app with an api.py module contributes its `router`."""
    for app in apps.get_app_configs():
        if not app.name.startswith("twofold."):
            continue
        try:
            module = import_module(f"{app.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.api":
                raise
            continue
        yield module.router


for router in _app_routers():
    api.add_router("", router)
