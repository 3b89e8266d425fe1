from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from twofold.safety import services


def device_sessions(get_response: Callable[[HttpRequest], HttpResponse]):
    """Keep each signed-in session's row for the sessions page up to date.

    It runs after the view, so a sign-in or a new session key during the request is seen at
    once; most requests cost nothing (see services.note_session).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            services.note_session(request, user)
        return response

    return middleware
