"""Logins: wrong passwords are throttled with a 429, passwords can be reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings

from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def _login(client, username, password):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR="10.9.8.7",
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_after_too_many_wrong_passwords_even_the_right_one_waits(client):
    editor = factories.editor("mina")
    editor.set_password("the-right-password-2026")
    editor.save()
    for _ in range(4):
        assert _login(client, "mina", "wrong").status_code == 200  # the form again, with an error
    locked = _login(client, "mina", "wrong")
    assert locked.status_code == 429
    assert b"Too many login attempts" in locked.content
    refused = _login(client, "mina", "the-right-password-2026")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_success_forgets_earlier_failures(client):
    editor = factories.editor("omar")
    editor.set_password("the-right-password-2026")
    editor.save()
    for _ in range(3):
        _login(client, "omar", "wrong")
    assert _login(client, "omar", "the-right-password-2026").status_code == 302
    client.logout()
    for _ in range(3):
        assert _login(client, "omar", "wrong").status_code == 200


def test_a_password_is_reset_by_e_mail(client):
    editor = factories.editor("lena", email="lena@desk.example")
    editor.set_password("a-forgotten-password-1")  # Django mails only accounts with a password
    editor.save()
    assert b"admin/password_reset/" in client.get(LOGIN).content
    response = client.post("/admin/password_reset/", {"email": "lena@desk.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase-77", "new_password2": "a-new-long-passphrase-77"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("a-new-long-passphrase-77")


def test_a_weak_new_password_is_refused(client):
    editor = factories.editor("ivo", email="ivo@desk.example")
    editor.set_password("a-forgotten-password-2")
    editor.save()
    client.post("/admin/password_reset/", {"email": "ivo@desk.example"})
    link = re.search(r"https?://[^/\s]+(/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert b"too common" in response.content or b"entirely numeric" in response.content
    editor.refresh_from_db()
    assert not editor.check_password("12345678")


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
