"""Production overrides: secrets required, secure cookies, compressed hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, SECRET_KEY, SITE_URL, env_bool

if not os.environ.get("SECRET_KEY") or SECRET_KEY.startswith("foreigndesk-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
if len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not SITE_URL:
    # Canonical URLs, feeds and e-mails must not take their address from a request's Host.
    raise ImproperlyConfigured(
        "Set FOREIGNDESK_SITE_URL (https://desk.example.org) for production."
    )

DEBUG = False
# The demo desk (invented articles and logins) has no place on a real desk.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "foreigndesk.demo"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every page over HTTPS, remembered by browsers for a year (HSTS). The load balancer's health
# check may still ask over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a promise to browser vendors that is slow to undo: the desk opts in itself.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
