"""WSGI entry point: ``gunicorn foreigndesk.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
application = get_wsgi_application()
