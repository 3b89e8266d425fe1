from django.conf import settings
from django.http import HttpRequest


def twofold(request: HttpRequest) -> dict:
    return {"quick_exit_url": settings.TWOFOLD_QUICK_EXIT_URL}
