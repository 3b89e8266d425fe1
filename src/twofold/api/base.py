"""The JSON API's shared parts: token authentication and one error shape for every failure.

Every error answers ``{"error": {"code": "...", "message": "...", "fields": {...}}}``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from twofold.accounts.services import AccountError, authenticate_api_token
from twofold.lib.errors import ServiceError
from twofold.lib.keyring import KeyChain


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = authenticate_api_token(token)
        if found is None:
            return None
        request.user, request._twofold_keychain = found
        return request.user


# Refusals because of the current state are conflicts; everything else is a plain bad request.
def require_api_keys(request: HttpRequest) -> KeyChain:
    """The token's key chain; a token made before the person started afresh has none."""
    chain = getattr(request, "_twofold_keychain", None)
    if chain is None:
        raise AccountError("locked", "This token cannot open private data. Make a new token.")
    return chain


STATUS_FOR_CODE = {
    "locked": 423,
    "not_found": 404,
    "too_many_attempts": 429,
    "already_paired": 409,
    "already_accepted": 409,
    "not_paired": 409,
    "invite_used": 409,
    "invite_revoked": 409,
    "invite_expired": 409,
    "invite_closed": 409,
}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, fields=None
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in errors:
        location = [str(part) for part in item.get("loc", []) if part not in {"body", "payload", "query", "path"}]
        fields.setdefault(".".join(location) or "request", []).append(item.get("msg", "Invalid value."))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        return error_response(
            api,
            request,
            422,
            "invalid",
            "Some fields are missing or invalid.",
            _validation_fields(exc.errors),
        )

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return error_response(api, request, 401, "unauthorized", "A valid API token is required.")

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return error_response(api, request, 404, "not_found", "Not found.")

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        code = "bad_request" if exc.status_code == 400 else "error"
        return error_response(api, request, exc.status_code, code, str(exc))

    @api.exception_handler(ServiceError)
    def on_service_error(request, exc: ServiceError):
        status = STATUS_FOR_CODE.get(exc.code, exc.status)
        return error_response(api, request, status, exc.code, exc.message)
