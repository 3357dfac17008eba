"""A person's two-factor login: enrol an authenticator app (scan, then confirm with a code), or
remove it (with a code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from foreigndesk.accounts.actions import enrol_authenticator, remove_authenticator
from foreigndesk.accounts.two_factor import (
    SESSION_ENROLLED,
    TwoFactorError,
    confirmed_device,
    manual_key,
    must_enrol,
    new_key,
    provisioning_uri,
    qr_svg,
)

from ..access import desk_page
from ..two_factor_forms import AuthenticatorCodeForm

#: The secret offered for enrolment, kept in the session until a code confirms it.
ENROLMENT_KEY = "two_factor_enrolment_key"


def _page(
    request: HttpRequest,
    form: AuthenticatorCodeForm | None = None,
    remove_form: AuthenticatorCodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    device = confirmed_device(user)
    context: dict[str, object] = {
        "device": device,
        "required": must_enrol(user),
        "form": form or AuthenticatorCodeForm(),
        "remove_form": remove_form or AuthenticatorCodeForm(),
        "next": request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, ""),
    }
    if device is None:
        key = request.session.get(ENROLMENT_KEY) or new_key()
        request.session[ENROLMENT_KEY] = key
        context["qr_code"] = qr_svg(provisioning_uri(user, key))
        context["manual_key"] = manual_key(user, key)
    return render(request, "desk/two_factor.html", context, status=status)


@desk_page()
def two_factor(request: HttpRequest) -> HttpResponse:
    """The enrolment page; its form confirms the app with the first code it shows."""
    if request.method != "POST":
        return _page(request)
    form = AuthenticatorCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        device = enrol_authenticator(
            user=request.user,
            key=request.session.get(ENROLMENT_KEY, ""),
            code=form.cleaned_data["code"],
        )
    except TwoFactorError as error:
        form.add_error("code", str(error))
        return _page(request, form=form, status=400)
    request.session.pop(ENROLMENT_KEY, None)
    request.session[SESSION_ENROLLED] = True
    otp_login(request, device)
    messages.success(
        request, "Two-factor login is on: each login now asks for a code from your app."
    )
    target = request.POST.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("desk:two_factor")


@desk_page()
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove the person's authenticator, proven by its current code."""
    form = AuthenticatorCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, remove_form=form, status=400)
    try:
        remove_authenticator(user=request.user, code=form.cleaned_data["code"])
    except TwoFactorError as error:
        form.add_error("code", str(error))
        return _page(request, remove_form=form, status=400)
    request.session[SESSION_ENROLLED] = False
    messages.success(request, "Two-factor login is off: a login asks for the password only.")
    return redirect("desk:two_factor")
