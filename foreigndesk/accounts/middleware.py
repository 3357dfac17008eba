"""The second factor, enforced on every page behind a login (the desk, the admin, the desk's
search and previews): a session that has not given a code is refused there when it should have.

- A person with an enrolled authenticator whose session gave no code (it began elsewhere than
  the login pages) is logged out and sent to log in again.
- A person whose role must use two factors (``REQUIRE_2FA_ROLES``) and has no authenticator yet
  is sent to the enrolment page, and may use nothing else behind the login until enrolled.

The reader site, the API and the login pages themselves are not concerned.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from foreigndesk.core.links import path_for

from .two_factor import must_enrol, session_enrolled

#: URL names of the pages behind a login (their paths and everything under them).
GUARDED = ("desk:home", "admin:index", "search:desk")
#: Reachable while a code is still owed: logging in and out, resetting a password.
LOGIN_PAGES = ("admin:login", "admin:logout", "login_code", "admin_password_reset")
#: Where a person who must enrol does so.
ENROL_PAGES = ("desk:two_factor",)


class TwoFactorMiddleware:
    """Sends a login without its second factor to the code or to the enrolment page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: asking who the user is reads the session, which would make every
        # reader page vary by cookie and keep it out of shared caches.
        if not self._guarded(request) or self._starts_with(request.path, LOGIN_PAGES):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified():  # type: ignore[union-attr]
            if session_enrolled(request):
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if must_enrol(user) and not self._starts_with(request.path, ENROL_PAGES):
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('desk:two_factor')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _starts_with(path: str, names: tuple[str, ...]) -> bool:
        return path.startswith(tuple(path_for(name) for name in names))

    def _guarded(self, request: HttpRequest) -> bool:
        if self._starts_with(request.path, GUARDED):
            return True
        # Previews of unpublished work: one address per translation, guarded by their prefix.
        preview = path_for("reader:preview", pk=1).rsplit("1/", 1)[0]
        return request.path.startswith(preview)
