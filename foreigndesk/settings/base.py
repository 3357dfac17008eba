"""Project settings, read from the environment in this one place.

Every variable is documented in the README. The defaults give the embedded set-up: a SQLite file
under ``data/``, an in-process cache, the database-backed task queue.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything unrecognised is a configuration error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_intervals(name: str, default: str) -> dict[str, float]:
    """Read ``dotted.path=seconds`` pairs, comma-separated; an empty value means none."""
    intervals = {}
    for item in env_list(name, default):
        path, equals, seconds = item.partition("=")
        try:
            intervals[path.strip()] = float(seconds)
        except ValueError:
            equals = ""
        if not equals or not path.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not dotted.path=seconds")
    return intervals


DATA_DIR = Path(os.environ.get("FOREIGNDESK_DATA_DIR", BASE_DIR / "data"))
DEBUG = env_bool("DEBUG", False)
# A local, non-secret key serves the embedded set-up; the production settings refuse it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "foreigndesk-insecure-local-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

SITE_NAME = os.environ.get("FOREIGNDESK_SITE_NAME", "foreigndesk")
SITE_URL = os.environ.get("FOREIGNDESK_SITE_URL", "").rstrip("/")
SITE_TAGLINE = os.environ.get(
    "FOREIGNDESK_SITE_TAGLINE", "The world's press, translated, beside the original."
)
# The language the desk translates into; originals in it are not shown as foreign.
DESK_LANGUAGE = os.environ.get("FOREIGNDESK_LANGUAGE", "en")
# A claim with no save, comment or claim for this many hours goes back to the open queue.
FOREIGNDESK_CLAIM_HOURS = int(os.environ.get("FOREIGNDESK_CLAIM_HOURS", "72"))
# Originals of published translations are fetched again every this many days (0: never).
FOREIGNDESK_WATCH_DAYS = float(os.environ.get("FOREIGNDESK_WATCH_DAYS", "7"))
# Tasks `foreigndesk worker` enqueues at fixed intervals (seconds): the desk's schedule.
FOREIGNDESK_PERIODIC_TASKS = env_intervals(
    "FOREIGNDESK_PERIODIC_TASKS",
    "foreigndesk.newsroom.tasks.publish_due=60,foreigndesk.newsroom.tasks.expire_claims=300,"
    "foreigndesk.core.tasks.requeue_abandoned_tasks=300,"
    "foreigndesk.newsroom.tasks.watch_originals=60,"
    "foreigndesk.newsroom.tasks.refresh_archive_tables=86400,"
    "foreigndesk.reader.tasks.roll_week_views=300",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "foreigndesk.core",
    "foreigndesk.accounts",
    "foreigndesk.intake",
    "foreigndesk.newsroom",
    "foreigndesk.reader",
    "foreigndesk.workbench",
    "foreigndesk.desk",
    "foreigndesk.demo",
    "foreigndesk.search",
]

MIDDLEWARE = [
    # Requests under /api/v1/ resolve with the API's URL patterns: ninja loads only there.
    "foreigndesk.api.middleware.ApiUrlsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this login gave a second-factor code.
    "django_otp.middleware.OTPMiddleware",
    # Roles that must use two factors are sent to enrol before the desk or the admin.
    "foreigndesk.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A 404 on an address an imported archive had becomes a redirect to the article.
    "foreigndesk.reader.middleware.FormerAddressMiddleware",
    # A lost database connection answers "nothing was saved" (503), the person's text shown back.
    "foreigndesk.core.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a refused request (over its rate) into RATELIMIT_VIEW's 429.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "foreigndesk.urls"
#: django-ninja's templates and static files (its API docs page), found without importing it:
#: as an installed app it would be imported, with pydantic, by every process at start.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]
WSGI_APPLICATION = "foreigndesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "foreigndesk.core.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'foreigndesk.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The reader's queries compiled once (core.prepared) are also planned once per connection on
# PostgreSQL, whose planning took four times their run time (each new connection is told to
# plan its prepared statements for all values: core.prepared.plan_once_for_all_values). Django
# leaves prepared statements off for the sake of transaction-mode poolers; set
# DATABASE_PREPARED_STATEMENTS=0 behind one that cannot keep them (PgBouncer before 1.21, or
# without max_prepared_statements).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "foreigndesk"),
    }
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # Local memory keeps 300 entries unless told otherwise; the page cache's tag versions (a few
    # per article, a few bytes each) share them with pages and fragments, and at 300 the
    # article parts of a few hundred articles would push each other out.
    CACHES["default"]["OPTIONS"] = {
        "MAX_ENTRIES": int(os.environ.get("FOREIGNDESK_CACHE_MAX_ENTRIES", "3000"))
    }
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # django-redis (the "redis" extra): a Redis that cannot be reached is passed over, so
    # pages are served uncached rather than failing, each attempt bounded by this timeout.
    _cache_timeout = float(os.environ.get("FOREIGNDESK_CACHE_TIMEOUT", "0.5"))
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": _cache_timeout,
        "SOCKET_TIMEOUT": _cache_timeout,
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# A rate whose count the cache cannot give is not enforced (rather than refusing everyone).
RATELIMIT_FAIL_OPEN = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static", NINJA_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files are served by WhiteNoise straight from the apps in the embedded set-up; production
# runs collectstatic and serves the hashed, compressed copies (see settings.production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
warnings.filterwarnings("ignore", message="No directory at")

# Anonymous reader pages are cached whole for this long (0 turns the page cache off); any change
# readers could see retires them at once. Browsers and proxies may keep a page PAGE_CACHE_MAX_AGE.
PAGE_CACHE_SECONDS = int(os.environ.get("FOREIGNDESK_PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("FOREIGNDESK_PAGE_CACHE_MAX_AGE", "60"))
# For a cache tier in front (Varnish, a CDN): how long it may keep a page (s-maxage), serve it
# stale while fetching it again, and serve it stale while the site answers errors.
SHARED_CACHE_MAX_AGE = int(os.environ.get("FOREIGNDESK_SHARED_CACHE_MAX_AGE", "60"))
STALE_WHILE_REVALIDATE = int(os.environ.get("FOREIGNDESK_STALE_WHILE_REVALIDATE", "30"))
STALE_IF_ERROR = int(os.environ.get("FOREIGNDESK_STALE_IF_ERROR", "86400"))
# Cache tiers to purge when readers' pages change, shaped like CACHES (see core.frontend_cache).
FOREIGNDESK_FRONTEND_CACHES: dict[str, dict[str, object]] = {}
if os.environ.get("FOREIGNDESK_VARNISH_URL"):
    FOREIGNDESK_FRONTEND_CACHES["varnish"] = {
        "BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
        "LOCATION": os.environ["FOREIGNDESK_VARNISH_URL"],
    }
# "Hot this week" and the topic list are kept this long between changes (0: computed per page).
BOX_CACHE_SECONDS = int(os.environ.get("FOREIGNDESK_BOX_CACHE_SECONDS", "60"))
# Rendered parts of pages (an article's body, listed items) are kept this long between changes.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FOREIGNDESK_FRAGMENT_CACHE_SECONDS", "3600"))
# Each process writes its tally of reads to the database at most this often.
VIEWS_FLUSH_SECONDS = int(os.environ.get("FOREIGNDESK_VIEWS_FLUSH_SECONDS", "30"))

LOGIN_URL = "admin:login"

# Logins: after AXES_FAILURE_LIMIT wrong passwords from one address for one account (or from one
# address for any accounts), that address waits AXES_COOLOFF_TIME; it is answered with a 429.
# A person's own failures are forgotten when they log in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("FOREIGNDESK_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("FOREIGNDESK_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For to trust (0: none).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("FOREIGNDESK_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Two-factor logins (TOTP, an authenticator app): anyone may enrol on the desk's "Two-factor
# login" page, and is then asked for a code after the password. Members of these roles (e.g.
# "editor,admin") must enrol before they may use the desk or the admin.
REQUIRE_2FA_ROLES = frozenset(env_list("FOREIGNDESK_REQUIRE_2FA_ROLES", ""))
if REQUIRE_2FA_ROLES - {"translator", "editor", "admin"}:
    raise ImproperlyConfigured(
        "FOREIGNDESK_REQUIRE_2FA_ROLES names roles the desk does not have: "
        f"{', '.join(sorted(REQUIRE_2FA_ROLES - {'translator', 'editor', 'admin'}))} "
        "(its roles are translator, editor and admin)"
    )
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = SITE_NAME
# Between the password and the code, the password step is remembered this long (seconds).
TWO_FACTOR_PENDING_SECONDS = 300
# A login lasts a working day at most, and ends with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("FOREIGNDESK_SESSION_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Requests per client address (per person for imports) before a 429: the API, the search page,
# read beacons, the desk's import forms. "N/s", "N/m", "N/h".
RATE_LIMITS = {
    "api": os.environ.get("FOREIGNDESK_RATE_API", "300/m"),
    "search": os.environ.get("FOREIGNDESK_RATE_SEARCH", "60/m"),
    "hits": os.environ.get("FOREIGNDESK_RATE_HITS", "60/m"),
    "imports": os.environ.get("FOREIGNDESK_RATE_IMPORTS", "60/h"),
}
RATELIMIT_VIEW = "foreigndesk.core.ratelimits.too_many_requests"
# Behind a reverse proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("FOREIGNDESK_CLIENT_IP_HEADER") or None

# Notifications and password resets. The console backend prints them (development); set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "foreigndesk <desk@localhost>")

# No inline script anywhere (JSON-LD is data, not script); styles may be inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Intake: background tasks, safe fetching, language identification -------------------------
# Imports of URLs and pasted texts run as tasks in the database queue; `foreigndesk worker` runs
# them. Tests replace the backend with the immediate one.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still running after this long is taken to be abandoned by a dead worker and queued again.
TASK_LEASE_SECONDS = int(os.environ.get("FOREIGNDESK_TASK_LEASE_SECONDS", "1800"))

# Every outbound request goes through foreigndesk.core.http with these limits.
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", "5"))
FETCH_READ_TIMEOUT = float(os.environ.get("FETCH_READ_TIMEOUT", "15"))
# The largest TMX file an editor may import into the translation memory.
FOREIGNDESK_MEMORY_TMX_MAX_BYTES = int(
    os.environ.get("FOREIGNDESK_MEMORY_TMX_MAX_BYTES", str(20 * 1024 * 1024))
)
FETCH_MAX_REDIRECTS = 5
# Networks reachable despite the refusal rules (loopback, private...); empty in production.
FETCH_ALLOWED_NETWORKS = env_list("FETCH_ALLOWED_NETWORKS", "")
FETCH_USER_AGENT = f"foreigndesk ({SITE_URL or 'a translated-press desk'})"

# Shaped like CACHES: the identifier of the language of imported originals. Lingua restricted to
# the languages listed here (the full model would need over 1 GB of memory).
LANGUAGE_IDENTIFIERS = {
    "default": {
        "BACKEND": "foreigndesk.intake.language.LinguaIdentifier",
        "OPTIONS": {
            "languages": env_list(
                "FOREIGNDESK_SOURCE_LANGUAGES", "ar,de,en,es,fr,it,ja,pl,pt,ru,tr,uk,zh"
            ),
        },
    }
}

# --- Workbench: machine translation engines ----------------------------------------------------
# Shaped like CACHES: {"alias": {"BACKEND": "dotted.path", "OPTIONS": {...}}}. Empty unless an
# engine is configured, so no text leaves the desk by default. The variables below add entries;
# a settings file of one's own may also set it whole.


def machine_translation_engines(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The engines the environment configures: LibreTranslate when its URL is set, DeepL when its
    key is set; none otherwise."""
    configured: dict[str, dict[str, Any]] = {}
    try:
        timeout = float(environ.get("FOREIGNDESK_MT_TIMEOUT") or "20")
    except ValueError as error:
        raise ImproperlyConfigured("FOREIGNDESK_MT_TIMEOUT must be a number of seconds") from error
    if environ.get("FOREIGNDESK_LIBRETRANSLATE_URL"):
        # A typo must not pass for "the desk's own server": the workbench tells translators
        # whether their text leaves the desk.
        said = environ.get("FOREIGNDESK_LIBRETRANSLATE_THIRD_PARTY", "").lower()
        if said not in {"", "1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise ImproperlyConfigured(
                f"FOREIGNDESK_LIBRETRANSLATE_THIRD_PARTY must be true or false, not {said!r}"
            )
        third_party = said in {"1", "true", "yes", "on"}
        configured["libretranslate"] = {
            "BACKEND": "foreigndesk.workbench.engines.libretranslate.LibreTranslate",
            "OPTIONS": {
                "url": environ["FOREIGNDESK_LIBRETRANSLATE_URL"],
                "api_key": environ.get("FOREIGNDESK_LIBRETRANSLATE_API_KEY", ""),
                "timeout": timeout,
                # Someone else's server (libretranslate.com) rather than the desk's own.
                "third_party": third_party,
            },
        }
    if environ.get("FOREIGNDESK_DEEPL_API_KEY"):
        variants = {}
        for item in (environ.get("FOREIGNDESK_DEEPL_VARIANTS") or "").split(","):
            language, equals, variant = item.strip().partition("=")
            if not item.strip():
                continue
            if not equals or not language.strip() or not variant.strip():
                raise ImproperlyConfigured(
                    f"FOREIGNDESK_DEEPL_VARIANTS: {item.strip()!r} is not language=VARIANT "
                    "(such as en=EN-GB)"
                )
            variants[language.strip()] = variant.strip()
        configured["deepl"] = {
            "BACKEND": "foreigndesk.workbench.engines.deepl.DeepL",
            "OPTIONS": {
                "api_key": environ["FOREIGNDESK_DEEPL_API_KEY"],
                "url": environ.get("FOREIGNDESK_DEEPL_URL", ""),
                "timeout": timeout,
                "variants": variants,
            },
        }
    return configured


FOREIGNDESK_MT_ENGINES = machine_translation_engines(os.environ)
