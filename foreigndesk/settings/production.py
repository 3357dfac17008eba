"""Production overrides: secrets required, secure cookies, compressed hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, SECRET_KEY, env_bool

if not os.environ.get("SECRET_KEY") or SECRET_KEY.startswith("foreigndesk-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

DEBUG = False
# The demo desk (invented articles and logins) has no place on a real desk.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "foreigndesk.demo"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
