from ninja import NinjaAPI

from twofold.accounts.api import router as accounts_router
from twofold.api.base import TokenAuth, install_error_handlers
from twofold.couples.api import router as couples_router

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
api.add_router("", accounts_router)
api.add_router("", couples_router)
