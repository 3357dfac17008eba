"""Two-factor logins through the real pages: enrolling an authenticator on the desk, the code
asked after the password (desk and admin), wrong, malformed and replayed codes, roles that must
enrol, removing an authenticator and resetting it by command."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from binascii import hexlify
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-desk-passphrase-9"
LOGIN = "/admin/login/"
CODE = "/admin/login/code/"
ENROL = "/desk/two-factor/"
REMOVE = "/desk/two-factor/remove/"

#: Wrong codes make a device wait (1 s, 2 s, 4 s...); tests that try a right code straight
#: after a wrong one turn the wait off, one test keeps it.
no_wait = override_settings(OTP_TOTP_THROTTLE_FACTOR=0)


@pytest.fixture(autouse=True)
def _steady_clock() -> None:
    """Start each test well inside a 30-second step, so that the codes a test computes for the
    step before, this one and the next all stay acceptable while it runs."""
    if time.time() % 30 > 24:
        time.sleep(30 - time.time() % 30 + 0.1)


def code_for(hex_key: str, offset: int = 0) -> str:
    """The code an authenticator app with this key shows now (``offset`` steps away)."""
    totp = TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6, drift=offset)
    totp.time = time.time()
    return f"{totp.token():06d}"


def person(kind: str, username: str) -> Any:
    user = getattr(factories, kind)(username) if kind != "admin" else None
    if user is None:
        user = factories.user(username, role="admin")
    user.set_password(PASSWORD)
    user.save()
    return user


def enrolled(kind: str, username: str) -> tuple[Any, str]:
    """A person with an authenticator enrolled through the desk page, and its key (hex). The
    enrolment spent the code of the step before this one."""
    user = person(kind, username)
    client = Client()
    client.force_login(user)
    key = key_on_page(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": code_for(key, -1)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return user, key


def key_on_page(html: str) -> str:
    """The key the enrolment page offers for typing, as hex."""
    shown = re.search(r'id="two-factor-key">([A-Z2-7 ]+)</code>', html).group(1)
    return hexlify(b32decode(shown.replace(" ", ""))).decode()


def log_in(client: Client, username: str, next_path: str = "/desk/") -> Any:
    return client.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_path})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --------------------------------------------------------------------------------------------
# Enrolling on the desk page.


def test_enrolling_shows_a_qr_code_and_takes_the_apps_code():
    user = person("translator", "tomas")
    client = Client()
    client.force_login(user)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Two-factor login is <strong>off</strong>" in html
    assert "<svg" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    key = key_on_page(html)
    # Reloading the page offers the same key (the app may have scanned it already).
    assert key_on_page(client.get(ENROL).content.decode()) == key

    response = client.post(ENROL, {"code": code_for(key)}, follow=True)
    assert response.status_code == 200
    assert "Two-factor login is on" in response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert device.key == key


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the six-digit code"),
        ("12ab56", "A code is six digits"),
        ("1234567", "A code is six digits"),
        ("WRONG", "A code is six digits"),
    ],
)
def test_a_malformed_code_is_refused_with_a_message_and_nothing_stored(typed, message):
    user = person("translator", f"tess-{len(typed)}-{typed[:2]}")
    client = Client()
    client.force_login(user)
    client.get(ENROL)
    response = client.post(ENROL, {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_wrong_code_does_not_enrol():
    user = person("translator", "teodor")
    client = Client()
    client.force_login(user)
    key = key_on_page(client.get(ENROL).content.decode())
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 400
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_an_enrolled_person_cannot_enrol_a_second_app():
    user, _ = enrolled("translator", "tilda")
    client = Client()
    client.force_login(user)
    # The session was not verified with a code: it is sent to log in again.
    assert client.get(ENROL).status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --------------------------------------------------------------------------------------------
# Logging in with a code.


@no_wait
def test_the_code_is_asked_after_the_password_and_only_the_right_one_logs_in():
    _, key = enrolled("editor", "elke")
    client = Client()
    response = log_in(client, "elke")
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert not logged_in(client)
    # Before the code, the desk is closed.
    assert client.get("/desk/")["Location"].startswith(LOGIN)

    page = client.get(CODE)
    assert page.status_code == 200
    assert "elke" in page.content.decode()
    wrong = client.post(CODE, {"code": f"{(int(code_for(key)) + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert not logged_in(client)

    right = client.post(CODE, {"code": code_for(key)})
    assert right.status_code == 302
    assert right["Location"] == "/desk/"
    assert logged_in(client)
    assert client.get("/desk/").status_code == 200


@no_wait
def test_a_code_already_used_is_refused():
    _, key = enrolled("editor", "emil")
    client = Client()
    log_in(client, "emil")
    code = code_for(key)
    assert client.post(CODE, {"code": code}).status_code == 302
    client.logout()

    log_in(client, "emil")
    replayed = client.post(CODE, {"code": code})
    assert replayed.status_code == 400
    assert "already used" in replayed.content.decode()
    assert not logged_in(client)
    # The code the enrolment spent is refused too; the next step's code is accepted.
    assert client.post(CODE, {"code": code_for(key, -1)}).status_code == 400
    assert client.post(CODE, {"code": code_for(key, 1)}).status_code == 302


def test_wrong_codes_in_a_row_make_the_person_wait():
    _, key = enrolled("editor", "elsa")
    client = Client()
    log_in(client, "elsa")
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    assert client.post(CODE, {"code": wrong}).status_code == 400
    at_once = client.post(CODE, {"code": code_for(key)})
    assert at_once.status_code == 400
    assert "Too many wrong codes in a row" in at_once.content.decode()
    assert not logged_in(client)
    time.sleep(1.2)
    assert client.post(CODE, {"code": code_for(key)}).status_code == 302


@no_wait
def test_the_admin_login_asks_for_the_code_too():
    _, key = enrolled("admin", "ada")
    client = Client()
    response = log_in(client, "ada", next_path="/admin/")
    assert response["Location"] == CODE
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    assert client.post(CODE, {"code": code_for(key)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_code_page_without_a_password_first_sends_to_the_login():
    person("editor", "enzo")
    client = Client()
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN
    assert not logged_in(client)


@no_wait
def test_a_password_given_too_long_ago_must_be_given_again():
    _, key = enrolled("editor", "enya")
    client = Client()
    log_in(client, "enya")
    with override_settings(TWO_FACTOR_PENDING_SECONDS=0):
        time.sleep(0.01)
        response = client.post(CODE, {"code": code_for(key)})
    assert response["Location"] == LOGIN
    assert not logged_in(client)


def test_a_person_without_an_authenticator_logs_in_with_the_password_alone():
    person("translator", "tobi")
    client = Client()
    response = log_in(client, "tobi")
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_a_session_that_gave_no_code_is_logged_out_of_the_desk():
    user, _ = enrolled("editor", "erik")
    client = Client()
    client.force_login(user)  # a login that did not pass through the code page
    response = client.get("/desk/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not logged_in(client)
    # The reader site does not care.
    assert Client().get("/").status_code == 200


# --------------------------------------------------------------------------------------------
# Roles that must enrol.

required = override_settings(REQUIRE_2FA_ROLES=frozenset({"editor", "admin"}))


@required
def test_a_role_that_must_enrol_is_sent_to_enrol_before_the_desk_and_the_admin():
    person("editor", "eva")
    client = Client()
    assert log_in(client, "eva")["Location"] == "/desk/"
    for path in ("/desk/", "/desk/queue/", "/admin/", "/search/desk/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{ENROL}?next="), path
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "Your role must use it" in page.content.decode()

    key = key_on_page(page.content.decode())
    enrolled_response = client.post(ENROL, {"code": code_for(key), "next": "/desk/queue/"})
    assert enrolled_response["Location"] == "/desk/queue/"
    assert client.get("/desk/").status_code == 200
    assert client.get("/admin/").status_code == 200


@required
def test_a_wrong_code_at_enrolment_keeps_where_the_person_was_going():
    person("editor", "ella")
    client = Client()
    log_in(client, "ella")
    page = client.get(f"{ENROL}?next=/desk/queue/").content.decode()
    key = key_on_page(page)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    refused = client.post(ENROL, {"code": wrong, "next": "/desk/queue/"})
    assert refused.status_code == 400
    assert 'name="next" value="/desk/queue/"' in refused.content.decode()
    assert client.post(ENROL, {"code": code_for(key), "next": "/desk/queue/"})["Location"] == (
        "/desk/queue/"
    )


@required
def test_roles_not_named_are_not_obliged():
    person("translator", "theo")
    client = Client()
    log_in(client, "theo")
    assert client.get("/desk/").status_code == 200


@required
def test_an_enrolment_elsewhere_cannot_be_redirected_off_site():
    person("editor", "edith")
    client = Client()
    log_in(client, "edith")
    key = key_on_page(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": code_for(key), "next": "https://elsewhere.example/"})
    assert response["Location"] == ENROL


# --------------------------------------------------------------------------------------------
# Removing and resetting.


@no_wait
def test_removing_the_authenticator_needs_a_current_code():
    _, key = enrolled("translator", "tara")
    client = Client()
    log_in(client, "tara")
    client.post(CODE, {"code": code_for(key)})
    assert "Two-factor login is <strong>on</strong>" in client.get(ENROL).content.decode()

    refused = client.post(REMOVE, {"code": "000000" if code_for(key, 1) != "000000" else "111111"})
    assert refused.status_code == 400
    assert "That code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user__username="tara").exists()

    assert client.post(REMOVE, {"code": code_for(key, 1)})["Location"] == ENROL
    assert not TOTPDevice.objects.filter(user__username="tara").exists()
    client.logout()
    assert log_in(Client(), "tara")["Location"] == "/desk/"


def test_the_reset_command_removes_a_persons_authenticator(capsys):
    enrolled("editor", "enno")
    call_command("reset_two_factor", "enno")
    assert "Removed 1 authenticator" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user__username="enno").exists()
    assert log_in(Client(), "enno")["Location"] == "/desk/"
    call_command("reset_two_factor", "enno")
    assert "had no authenticator" in capsys.readouterr().out


def test_the_reset_command_names_an_unknown_account():
    with pytest.raises(CommandError, match="no account named 'nobody-here'"):
        call_command("reset_two_factor", "nobody-here")
