"""The login pages of the desk and the admin: the password, then (for a person with an
authenticator app) its current code.

The password step does not log in a person who has enrolled an authenticator: it remembers who
gave the right password for a few minutes (``TWO_FACTOR_PENDING_SECONDS``) and asks for the
code; only the right code logs them in. Wrong passwords are counted by django-axes as before;
wrong codes by the device's own throttling.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from .two_factor import TwoFactorError, confirmed_device, verify_code

#: The session's memory of a right password awaiting its code.
PENDING = "two_factor_pending"


class PasswordStep(LoginView):
    """Django's login view, stopping before the login when the account has an authenticator."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_success_url(),
        }
        return HttpResponseRedirect(reverse("login_code"))


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """The admin's login page (and so the desk's), with the code asked for afterwards."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index"))
    context = {
        **site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index")
    request.session.pop(PENDING, None)
    return PasswordStep.as_view(
        extra_context=context,
        authentication_form=AdminAuthenticationForm,
        template_name="admin/login.html",
    )(request)


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _pending_user(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("since", 0)) > settings.TWO_FACTOR_PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user is not None else None


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the authenticator's current code, accepted once."""
    found = _pending_user(request)
    if found is None:
        # No password given in the last few minutes: start again.
        return HttpResponseRedirect(reverse("admin:login"))
    user, pending = found
    device = confirmed_device(user)
    if device is None:
        return HttpResponseRedirect(reverse("admin:login"))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            verify_code(device, form.cleaned_data["code"])
        except TwoFactorError as error:
            form.add_error("code", str(error))
            status = 400
        else:
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return HttpResponseRedirect(pending["next"])
    elif request.method == "POST":
        status = 400
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor login",
        "subtitle": None,
        "form": form,
        "username": user.get_username(),
    }
    return render(request, "registration/login_code.html", context, status=status)
