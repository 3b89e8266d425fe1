from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from twofold.core.context import NEUTRAL_NAME, is_discreet
from twofold.core.today import cards_for
from twofold.core.unlock import recovery_reminder
from twofold.couples.services import open_invite, partner_of, pending_invite


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return today(request)
    return render(request, "core/welcome.html", {"open_signup": settings.TWOFOLD_OPEN_SIGNUP})


@login_required
def today(request: HttpRequest) -> HttpResponse:
    if recovery_reminder(request):
        return redirect("recovery_code")  # the recovery code is shown once, right after sign-up
    # Queries: session, user, partner (the active couple is a subquery); when on one's own also
    # the open invite.
    partner = partner_of(request.user)
    context = {
        "cards": cards_for(request),
        "partner": partner,
        "open_invite": None if partner else open_invite(request.user),
        "pending": None if partner else pending_invite(request),
    }
    return render(request, "core/today.html", context)


@login_required
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/settings.html")


NEUTRAL_ICONS = [
    {"src": "twofold/icons/neutral-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "twofold/icons/neutral-512.png", "sizes": "512x512", "type": "image/png"},
]


@require_GET
@cache_control(private=True, max_age=300)
def manifest(request: HttpRequest) -> JsonResponse:
    if is_discreet(request):
        icons = [{**icon, "src": static(icon["src"])} for icon in NEUTRAL_ICONS]
        data = {"name": NEUTRAL_NAME, "short_name": NEUTRAL_NAME, "start_url": "/", "scope": "/"}
        data |= {"display": "standalone", "background_color": "#f4f4f4", "theme_color": "#f4f4f4"}
        return JsonResponse({**data, "icons": icons}, content_type="application/manifest+json")
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
