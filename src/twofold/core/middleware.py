from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
