from django.conf import settings
from django.http import HttpRequest

NEUTRAL_NAME = "Notes"


def is_discreet(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.discreet)


def app_name(request: HttpRequest) -> str:
    """What the app calls itself on this screen: a neutral name in discreet mode."""
    return NEUTRAL_NAME if is_discreet(request) else "Twofold"


def twofold(request: HttpRequest) -> dict:
    return {
        "quick_exit_url": settings.TWOFOLD_QUICK_EXIT_URL,
        "discreet": is_discreet(request),
        "app_name": app_name(request),
    }
