from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twofold.accounts import services
from twofold.accounts.forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from twofold.accounts.models import ApiToken
from twofold.accounts.services import AccountError
from twofold.core.unlock import keys_required, recent_auth_required


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.update_profile(
                request.user,
                display_name=form.cleaned_data["display_name"],
                timezone_name=form.cleaned_data["timezone"],
                idle_lock_minutes=form.cleaned_data["idle_lock_minutes"],
                discreet=form.cleaned_data["discreet"],
            )
            messages.success(request, _("Saved."))
            return redirect("profile")
        request.user.refresh_from_db()  # the form wrote its draft onto the instance
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@keys_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token = services.create_api_token(request.keys, form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.for_user(request.user).filter(revoked_at__isnull=True)
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.revoke_api_token(request.user, token_id)
    except AccountError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token was revoked. Apps using it are signed out."))
    return redirect("api_tokens")


def revert_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail to the old address. It works without signing in, on purpose:
    whoever changed the address may also have changed the password."""
    if request.method != "POST":
        return render(request, "accounts/revert_email.html", {"token": token})
    try:
        services.revert_email(token)
    except AccountError as error:
        return render(request, "accounts/revert_email.html", {"error": error.message}, status=400)
    return render(request, "accounts/revert_email.html", {"done": True})


@login_required
@recent_auth_required
@keys_required
def export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/export.html")
    data = services.export_zip(request, request.keys)
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="twofold-export-{stamp}.zip"'
    return response


@login_required
@recent_auth_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(request.user, form.cleaned_data["password"])
        except AccountError as error:
            form.add_error("password", error.message)
        else:
            logout(request)
            return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete_account.html", {"form": form}, status=400 if form.errors else 200)
