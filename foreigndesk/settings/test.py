"""Settings for the test suite: same database choice (``DATABASE_URL``), fast hashing."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
# Tests that exercise the page cache or the read tally switch them on themselves.
PAGE_CACHE_SECONDS = 0
BOX_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
VIEWS_FLUSH_SECONDS = 3600

# Tasks run synchronously, in the request or command that enqueued them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FETCH_ALLOWED_NETWORKS: list[str] = []  # each test that needs its loopback server allows it
# Django's test client logs in without a request, which django-axes refuses; the login
# throttling tests switch it on.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rates no test reaches by accident; the rate-limit tests lower them.
RATE_LIMITS = {"api": "100000/m", "search": "100000/m", "hits": "100000/m", "imports": "100000/h"}
# No engine from the developer's environment: a test that needs one configures a loopback server.
FOREIGNDESK_MT_ENGINES = {}
