"""The site's URL patterns with the API at /api/v1/, for requests under that address (see
:mod:`foreigndesk.api.middleware`): the API's own names (``api:...``) reverse here, and every
other name as in :mod:`foreigndesk.urls`."""

from django.urls import path

from foreigndesk.api.api import api
from foreigndesk.api.middleware import API_ROOT
from foreigndesk.urls import handler404, handler500
from foreigndesk.urls import urlpatterns as site_patterns

urlpatterns = [path(API_ROOT.lstrip("/"), api.urls), *site_patterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
