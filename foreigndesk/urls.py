"""Top-level URLs: the reader site at the root, the admin under /admin/ (the API's, under
/api/v1/, are added by ``foreigndesk.api.urls`` for the requests there)."""

import sys

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import defaults

from foreigndesk.accounts import views as account_views
from foreigndesk.api.middleware import API_ROOT
from foreigndesk.core.middleware import database_unavailable, is_database_unreachable
from foreigndesk.reader.sitemaps import SITEMAPS
from foreigndesk.reader.views import healthz, robots_txt
from foreigndesk.reader.views import not_found as reader_not_found

admin.site.site_header = "foreigndesk"
admin.site.site_title = "foreigndesk desk"
admin.site.index_title = "The desk"

urlpatterns = [
    # The admin's login page (the desk's too) asks for an authenticator's code after the
    # password when the account has one: it comes before the admin's own.
    path("admin/login/", account_views.login, name="login"),
    path("admin/login/code/", account_views.login_code, name="login_code"),
    # Password reset by e-mail, through Django's own views and the admin's templates (the admin's
    # login page offers it once "admin_password_reset" exists).
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("desk/", include("foreigndesk.desk.urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("search/", include("foreigndesk.search.urls")),
    path("", include("foreigndesk.reader.urls")),
]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Addresses under the API answer its JSON 404; all others the reader's page."""
    if request.path.startswith(API_ROOT):
        from foreigndesk.api.api import address_not_found

        return address_not_found(request)
    return reader_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """A lost database connection answers its 503 page; any other error Django's 500."""
    if is_database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)


handler404 = "foreigndesk.urls.not_found"
handler500 = "foreigndesk.urls.server_error"
