from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from twofold.accounts.adapter import remember_device


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
