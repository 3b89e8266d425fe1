from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from twofold.couples.services import open_invite, partner_of, pending_invite


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return today(request)
    return render(request, "core/welcome.html", {"open_signup": settings.TWOFOLD_OPEN_SIGNUP})


@login_required
def today(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, active couple id, partner; open invite or pending invite.
    partner = partner_of(request.user)
    context = {
        "partner": partner,
        "open_invite": None if partner else open_invite(request.user),
        "pending": None if partner else pending_invite(request),
    }
    return render(request, "core/today.html", context)


@login_required
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/settings.html")


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("twofold/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("twofold/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("twofold/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    data = {
        "name": "Twofold",
        "short_name": "Twofold",
        "description": _("A private space for two."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbf8f4",
        "theme_color": "#9e4257",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    # Served from the root so that it may control every page.
    response = render(
        request,
        "core/sw.js",
        {"offline_url": "/offline/", "assets": [static("twofold/app.css"), static("twofold/app.js")]},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/offline.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
