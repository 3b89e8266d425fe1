from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twofold.core.unlock import keys_required
from twofold.couples import services
from twofold.couples.forms import CodeForm, CoupleForm, InviteEmailForm
from twofold.couples.services import CoupleError
from twofold.lib.keyring import keychain_from_session


@login_required
def partner(request: HttpRequest) -> HttpResponse:
    couple = services.active_couple(request.user)
    context: dict = {"couple": couple}
    if couple:
        name = services.couple_name(keychain_from_session(request), couple)
        context["partner"] = services.partner_of(request.user)
        context["name_locked"] = name is None
        context["form"] = CoupleForm(initial={"name": name or "", "timezone": couple.timezone})
    else:
        context["open_invite"] = services.open_invite(request.user)
        context["code_form"] = CodeForm()
        context["email_form"] = InviteEmailForm()
        context["pending"] = services.pending_invite(request)
    return render(request, "couples/partner.html", context)


@login_required
@require_POST
def create_invite(request: HttpRequest) -> HttpResponse:
    form = InviteEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That e-mail address doesn't look right. Nothing was sent."))
        return redirect("partner")
    try:
        new_invite = services.create_invite(request.user)
    except CoupleError as error:
        messages.error(request, error.message)
        return redirect("partner")
    if form.cleaned_data["email"]:
        services.send_invite_email(new_invite, form.cleaned_data["email"])
        messages.success(request, _("The invitation is on its way."))
    # The link and code exist only now: show them on this response, never store them.
    return render(request, "couples/invite_created.html", {"new_invite": new_invite})


@login_required
@require_POST
def revoke_invite(request: HttpRequest, invite_id: int) -> HttpResponse:
    try:
        services.revoke_invite(request.user, invite_id)
    except CoupleError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was withdrawn. Its link and code no longer work."))
    return redirect("partner")


def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens, for people signed in or not."""
    found = services.find_invite_by_token(token)
    if found is None or not found.is_open:
        return render(request, "couples/invite_closed.html", {"invite": found}, status=404 if found is None else 410)
    if not request.user.is_authenticated:
        services.remember_pending_invite(request, token)
        return render(request, "couples/invite_welcome.html", {"invite": found})
    if request.method == "POST":
        return _accept(request, token=token)
    own = found.user_id == request.user.pk
    return render(request, "couples/invite_accept.html", {"invite": found, "token": token, "own": own})


@login_required
@require_POST
def join_with_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the code your partner gave you."))
        return redirect("partner")
    return _accept(request, code=form.cleaned_data["code"])


def _accept(request: HttpRequest, *, token: str = "", code: str = "") -> HttpResponse:
    try:
        services.accept_invite(request.user, token=token, code=code)
    except CoupleError as error:
        messages.error(request, error.message)
        return redirect("partner")
    services.forget_pending_invite(request)
    partner = services.partner_of(request.user)
    messages.success(request, _("You and %(name)s are now paired.") % {"name": partner.display_name})
    return redirect("today")


@login_required
def unpair(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.unpair(request.user)
        except CoupleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You are no longer paired. Everything you wrote yourself stays with you."))
        return redirect("today")
    partner = services.partner_of(request.user)
    if partner is None:
        messages.info(request, _("You are not paired right now."))
        return redirect("partner")
    return render(request, "couples/unpair_confirm.html", {"partner": partner})


@login_required
@require_POST
@keys_required
def update_couple(request: HttpRequest) -> HttpResponse:
    form = CoupleForm(request.POST)
    couple = services.active_couple(request.user)
    if couple is None:
        messages.error(request, _("You are not paired right now."))
        return redirect("partner")
    if form.is_valid():
        services.update_couple(
            request.keys,
            request.user,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, _("Saved."))
        return redirect("partner")
    partner = services.partner_of(request.user)
    return render(request, "couples/partner.html", {"couple": couple, "partner": partner, "form": form}, status=400)
