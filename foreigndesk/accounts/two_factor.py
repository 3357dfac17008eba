"""Two-factor logins: who has an authenticator app enrolled, who must enrol, and the codes.

A person enrols one TOTP device (an authenticator app, through a QR code); from then on a login
asks for the app's current code after the password. ``REQUIRE_2FA_ROLES`` names the roles
whose members must enrol before they may use the desk or the admin. Each code is accepted
once: django-otp remembers the last time step a device used.
"""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .roles import roles_of

#: Time steps either side of now whose codes are still accepted (a phone's clock may be off).
TOLERANCE = 1


#: In a session: whether its person had an authenticator when they logged in (or since, through
#: this session), so that pages behind the login need not ask the database on every request.
SESSION_ENROLLED = "two_factor_enrolled"


class TwoFactorError(Exception):
    """A code or an enrolment refused, with a message for the person."""


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The person's enrolled authenticator, if any."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def remember_enrolment(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At each login (``user_logged_in``), note in the session whether the person has an
    authenticator."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ENROLLED] = confirmed_device(user) is not None


def session_enrolled(request: Any) -> bool:
    """Whether the logged-in person of this session has an authenticator, from the session's
    note (the database is asked once for a session that has none)."""
    enrolled = request.session.get(SESSION_ENROLLED)
    if enrolled is None:
        enrolled = confirmed_device(request.user) is not None
        request.session[SESSION_ENROLLED] = enrolled
    return bool(enrolled)


def must_enrol(user: Any) -> bool:
    """Whether this person's role obliges them to use two factors (``REQUIRE_2FA_ROLES``)."""
    required = settings.REQUIRE_2FA_ROLES
    return bool(required and roles_of(user) & required)


def new_key() -> str:
    """A fresh secret for an authenticator app (hex, as django-otp stores it)."""
    return str(random_hex(20))


def provisioning_uri(user: Any, key: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key).config_url)


def manual_key(user: Any, key: str) -> str:
    """The secret in base32, for typing into an app that cannot scan."""
    uri = provisioning_uri(user, key)
    secret = uri.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as inline SVG markup (no script, no style: allowed by the CSP)."""
    import segno  # only enrolment draws a QR code: not loaded into every web worker

    return str(segno.make(uri, error="m").svg_inline(scale=4, title="QR code for your app"))


def clean_code(code: str) -> int:
    """The six digits of a code as typed (spaces allowed), or a TwoFactorError saying what is
    wrong with it."""
    digits = "".join(str(code or "").split())
    if not digits:
        raise TwoFactorError("Enter the six-digit code your authenticator app shows.")
    if not (digits.isascii() and digits.isdigit() and len(digits) == 6):
        raise TwoFactorError("A code is six digits, as your authenticator app shows it.")
    return int(digits)


def matching_step(key: str, code: str) -> int:
    """The time step at which ``code`` is the key's code (within the tolerance), for an
    enrolment's first code; a TwoFactorError when it is not."""
    token = clean_code(code)
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not totp.verify(token, tolerance=TOLERANCE):
        raise TwoFactorError(
            "That code does not match: check that your app shows this account and that the "
            "phone's clock is right, then enter the code it shows now."
        )
    return int(totp.t())


def verify_code(device: TOTPDevice, code: str) -> None:
    """Accept ``code`` from the device once, or raise a TwoFactorError: a wrong or already used
    code, or too many wrong codes in a row (django-otp then makes the person wait)."""
    token = clean_code(code)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = ""
        locked_until = (details or {}).get("locked_until")
        if locked_until is not None:
            seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
            wait = f" Wait {seconds} seconds, then try again."
        raise TwoFactorError(f"Too many wrong codes in a row.{wait}")
    if not device.verify_token(token):
        raise TwoFactorError(
            "That code is not right, or it was already used: enter the code your authenticator "
            "app shows now."
        )
