"""The OpenAPI schema and the interactive docs."""

import json

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/",
    "/api/v1/translations",
    "/api/v1/translations/{slug}",
    "/api/v1/outlets",
    "/api/v1/outlets/{slug}",
    "/api/v1/countries",
    "/api/v1/topics",
    "/api/v1/contributors",
    "/api/v1/contributors/{slug}",
    "/api/v1/search",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def parameters(schema, path):
    return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}


def test_schema_is_openapi_listing_every_path_as_read_only(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "foreigndesk API"
    assert set(schema["paths"]) == PATHS
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path


def test_schema_documents_filters_pagination_and_errors(schema):
    assert parameters(schema, "/api/v1/translations") == {
        "page",
        "page_size",
        "country",
        "outlet",
        "topic",
        "language",
        "published_after",
        "published_before",
    }
    for path in ("/api/v1/outlets", "/api/v1/countries", "/api/v1/topics", "/api/v1/contributors"):
        assert parameters(schema, path) == {"page", "page_size"}
    assert parameters(schema, "/api/v1/translations/{slug}") == {"slug"}
    responses = schema["paths"]["/api/v1/translations"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(responses)
    assert "ErrorOut" in schema["components"]["schemas"]
    detail = schema["components"]["schemas"]["TranslationDetail"]["properties"]
    assert {"blocks", "alignment", "corrections", "original"} <= set(detail)


def test_docs_page_points_at_the_schema(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/schema" in response.content
    # Its scripts and styles are the site's own static files, not a CDN's.
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
