"""WSGI entry point: ``gunicorn foreigndesk.wsgi``.

Readers' requests for cached pages are answered before Django's middleware (see
``foreigndesk.core.pageserve``); everything else goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

from foreigndesk.core.pageserve import PageCacheApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
application = PageCacheApplication(get_wsgi_application())
