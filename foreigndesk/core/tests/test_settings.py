import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.settings.base import env_bool, env_list


def test_env_bool(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("FALSE", False), ("", True)]:
        monkeypatch.setenv("SOME_FLAG", value)
        assert env_bool("SOME_FLAG", True) is expected
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS", "") == ["a.example", "b.example"]


def _production(**environment: str) -> subprocess.CompletedProcess[str]:
    # Nothing of the test run's own environment (DEBUG, hosts, keys set by other tests) leaks in.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(environment, DJANGO_SETTINGS_MODULE="foreigndesk.settings.production")
    return subprocess.run(
        [sys.executable, "-m", "foreigndesk", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


STRONG_KEY = "k3y-" + "".join(chr(ord("a") + (i * 7) % 26) for i in range(60))


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"FOREIGNDESK_SITE_URL": "https://desk.example"}, "Set SECRET_KEY"),
        (
            {"SECRET_KEY": "short", "FOREIGNDESK_SITE_URL": "https://desk.example"},
            "SECRET_KEY is too weak",
        ),
        ({"SECRET_KEY": STRONG_KEY}, "Set FOREIGNDESK_SITE_URL"),
    ],
)
def test_production_refuses_what_it_cannot_run_safely(environment, message):
    done = _production(**environment)
    assert done.returncode != 0
    assert message in done.stderr


def test_production_settings_pass_the_deployment_checks():
    done = _production(SECRET_KEY=STRONG_KEY, FOREIGNDESK_SITE_URL="https://desk.example")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def _check(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(environment, DJANGO_SETTINGS_MODULE="foreigndesk.settings.base")
    return subprocess.run(
        [sys.executable, "-m", "foreigndesk", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_roles_that_must_use_two_factors_are_the_desks_roles():
    accepted = _check(FOREIGNDESK_REQUIRE_2FA_ROLES="editor, admin")
    assert accepted.returncode == 0, accepted.stderr
    refused = _check(FOREIGNDESK_REQUIRE_2FA_ROLES="editor,chief")
    assert refused.returncode != 0
    assert "FOREIGNDESK_REQUIRE_2FA_ROLES names roles the desk does not have: chief" in (
        refused.stderr
    )


def test_a_django_redis_cache_is_passed_over_when_unreachable():
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(
        DJANGO_SETTINGS_MODULE="foreigndesk.settings.base",
        CACHE_BACKEND="django_redis.cache.RedisCache",
        CACHE_LOCATION="redis://127.0.0.1:6379/3",
        FOREIGNDESK_CACHE_TIMEOUT="0.25",
    )
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "foreigndesk",
            "shell",
            "-c",
            "from django.conf import settings; print(sorted(settings.CACHES['default']['OPTIONS']"
            ".items()), settings.RATELIMIT_FAIL_OPEN)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "('IGNORE_EXCEPTIONS', True)" in shown
    assert "('SOCKET_TIMEOUT', 0.25)" in shown
    assert shown.strip().endswith("True")


def _database_options(**environment: str) -> str:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(environment, DJANGO_SETTINGS_MODULE="foreigndesk.settings.base")
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_postgresql_prepares_statements_unless_a_pooler_forbids_them():
    url = "postgres://desk@127.0.0.1:5432/desk"
    assert "'prepare_threshold': 2" in _database_options(DATABASE_URL=url)
    off = _database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert "prepare_threshold" not in off
    assert "prepare_threshold" not in _database_options(DATABASE_URL="sqlite:////tmp/desk.db")
