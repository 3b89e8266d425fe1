from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from twofold.accounts.adapter import remember_device
from twofold.lib import keyring


def private_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    """Keep signed-in pages out of shared caches and the browser's disk cache."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store, private")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        remember_device(request, response)
        return response

    return middleware


def key_cookie(get_response: Callable[[HttpRequest], HttpResponse]):
    """Carry the cookie half of the data key, and help it through cross-site arrivals.

    The cookie is SameSite=Strict, so a link followed from another site (a mail app) arrives
    without it. Such a first visit gets a page that reloads itself, as a same-site request.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.method == "GET"
            and request.headers.get("Sec-Fetch-Site") == "cross-site"
            and request.headers.get("Sec-Fetch-Mode") == "navigate"
            and keyring.COOKIE_NAME not in request.COOKIES
            and keyring.SESSION_KEY in request.session
        ):
            return HttpResponse('<!DOCTYPE html><meta http-equiv="refresh" content="0"><title>Twofold</title>')
        response = get_response(request)
        share = getattr(request, "_twofold_cookie_share", None)
        if share:
            response.set_cookie(
                keyring.COOKIE_NAME,
                share,
                max_age=settings.SESSION_COOKIE_AGE,
                httponly=True,
                secure=settings.KEY_COOKIE_SECURE,
                samesite="Strict",
            )
        elif share == "":
            response.delete_cookie(keyring.COOKIE_NAME, samesite="Strict")
        return response

    return middleware


API_PREFIX = "/api/"
PLAIN_ERRORS = {
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "This operation does not accept that method."),
    500: ("server_error", "Something went wrong on the server. Nothing was changed."),
}


def api_errors(get_response: Callable[[HttpRequest], HttpResponse]):
    """Give the API's few non-JSON errors (unknown path, wrong method, crash) the JSON shape."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code, message = PLAIN_ERRORS.get(response.status_code, ("error", "The request failed."))
        body = {"error": {"code": code, "message": message, "fields": {}}}
        replacement = JsonResponse(body, status=response.status_code)
        if "Allow" in response:
            replacement["Allow"] = response["Allow"]
        return replacement

    return middleware
