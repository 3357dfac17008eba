"""A web worker loads only what serving pages needs: the heavy libraries of the importers, the
related-articles computation, the quality checks, the exchange formats and the API wait for first
use."""

from __future__ import annotations

import json
import subprocess
import sys

#: Loaded on first use only, each some megabytes per worker (NumPy alone about 17 MB).
HEAVY = (
    "numpy",
    "scipy",
    "sklearn",
    "lingua",
    "trafilatura",
    "datasketch",
    "dateparser",
    "pycountry",
    "segno",
    "translate",
    "babel",
    # The parsers of imported pages, exports and files (lxml and nh3 some 6 MB together).
    "lxml",
    "nh3",
    "charset_normalizer",
    # The API's framework and its validation (some 13 MB together), for API requests only.
    "ninja",
    "pydantic",
)


def _heavy_loaded(tmp_path, then: str = "") -> list[str]:
    """The heavy modules a fresh interpreter holds once it has loaded the WSGI application and
    its URL configuration (as the first request does, importing every view module), then run
    ``then``. A fresh interpreter: this test session has long since imported most of them."""
    probe = (
        "import json, sys\n"
        "import foreigndesk.wsgi\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        f"{then}\n"
        f"tops = {set(HEAVY)!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in tops)))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "foreigndesk.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
        "FOREIGNDESK_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_wsgi_application_and_its_views_load_no_heavy_library(tmp_path):
    assert _heavy_loaded(tmp_path) == []


def test_a_heavy_library_is_loaded_where_it_is_used(tmp_path):
    """The probe does see a library once something needs it (reading a date, comparing texts)."""
    loaded = _heavy_loaded(
        tmp_path,
        "from foreigndesk.intake.lines import parse_date\n"
        "assert parse_date('3 March 2024').year == 2024\n"
        "from foreigndesk.intake.dedupe import decode, encode, minhash\n"
        "made = minhash('one two three four five six seven')\n"
        "assert decode(encode(made)).jaccard(made) == 1.0",
    )
    assert "dateparser" in loaded
    assert "numpy" in loaded


def test_the_parsers_of_imports_are_loaded_when_a_page_is_read(tmp_path):
    loaded = _heavy_loaded(
        tmp_path,
        "from foreigndesk.intake.extract import check_nesting, sanitize_html\n"
        "check_nesting('<p>One</p>')\n"
        "assert sanitize_html('<p>One<script>x</script></p>') == '<p>One</p>'",
    )
    assert "lxml" in loaded
    assert "nh3" in loaded


def test_the_api_is_loaded_by_the_first_request_under_its_address(tmp_path):
    """Reader pages and their reversed addresses leave it out; a request under /api/v1/ (here
    one the API answers without the database) brings it in."""
    loaded = _heavy_loaded(
        tmp_path,
        "from django.test import Client\n"
        "from django.urls import reverse\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "assert client.get('/robots.txt').status_code == 200\n"
        "assert reverse('reader:countries') == '/countries/'\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('ninja', 'pydantic')]\n"
        "assert client.get('/api/v1/schema').status_code == 200",
    )
    assert "ninja" in loaded
    assert "pydantic" in loaded
