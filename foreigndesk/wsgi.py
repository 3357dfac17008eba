"""WSGI entry point: ``gunicorn foreigndesk.wsgi``.

Readers' requests for cached pages are answered before Django's middleware (see
``foreigndesk.core.pageserve``); everything else goes to Django. A body the answer left unread
is read before the answer goes out (``foreigndesk.core.unread_body``).
"""

import os

from django.core.wsgi import get_wsgi_application

from foreigndesk.core.pageserve import PageCacheApplication
from foreigndesk.core.unread_body import DrainUnreadBody

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
application = DrainUnreadBody(PageCacheApplication(get_wsgi_application()))
