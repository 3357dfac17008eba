"""The API fuzzed from its own OpenAPI schema with schemathesis: whatever a client sends to any
operation (valid and invalid parameters, odd strings, huge numbers), the answer is never a
server error, and its status, content type, headers and body are the ones the schema documents.

The API is lenient where the schema is strict in two ways that these checks leave alone: an
empty parameter (``?page_size=``) counts as absent, and an empty search (``q=``, which the
schema allows) is answered with a 400 naming ``q``.

The budget is fixed and derandomized (the same examples every run), so that the test is
repeatable and stays well under a minute.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from foreigndesk.testing import factories

#: Examples generated for each API operation.
EXAMPLES_PER_OPERATION = 50

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


#: The schema as the running API serves it (no database needed to serve it).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema", get_wsgi_application())


@pytest.fixture
def archive(db: Any) -> Iterator[None]:
    """A small published archive for the operations to find (and not find) things in.

    The WSGI application is called directly, so that the end of each request would close the
    database connection, and with it the test's transaction on PostgreSQL: as Django's test
    client does, the connection is left open while the test runs."""
    for number, (country, topic) in enumerate((("DE", "Energy"), ("PL", "Transport"))):
        factories.translation(
            original_obj=factories.original(
                outlet_obj=factories.outlet(f"Fuzz Outlet {number}", country_code=country),
                authors=[f"Fuzz Author {number}"],
            ),
            title=f"A fuzzed article {number}",
            slug=f"a-fuzzed-article-{number}",
            translators=[factories.contributor(f"Fuzz Translator {number}")],
            topics=[factories.topic(topic)],
            published_at=timezone.now() - datetime.timedelta(days=number + 1),
        )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_api_operation_answers_as_documented_and_never_500(case: Any, archive: None) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/translations/a%0Ab",
        "/api/v1/outlets/%0B",
        "/api/v1/contributors/line%0Abreak",
        "/api/v1/nothing%0Ahere",
    ],
)
def test_api_addresses_no_pattern_can_match_answer_the_apis_json_404(address: str) -> None:
    response = Client().get(address)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "/api/v1/ lists the endpoints" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_other_addresses_keep_the_readers_404_page() -> None:
    response = Client().get("/no-such%0Apage/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
