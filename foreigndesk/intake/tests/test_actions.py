"""Imports end to end: URL through the loopback server, files, pasted texts, duplicates, refusals."""

from __future__ import annotations

import pytest

from foreigndesk.intake import actions, import_requests
from foreigndesk.intake.models import ImportRequest, Original, Outlet, OutletDomain
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

from .conftest import DATA

pytestmark = pytest.mark.django_db

GERMAN_PAGE = (DATA / "de-abendpost.html").read_bytes()


def test_import_from_url_creates_a_suggested_original_with_an_unconfirmed_outlet(web):
    url = web.add("/wirtschaft/rhein", Route(GERMAN_PAGE))
    original = actions.import_from_url(url=url)
    assert original.state == Original.State.SUGGESTED
    assert original.language_id == "de"
    assert original.title.startswith("Niedrigwasser am Rhein")
    assert [a.name for a in original.authors.all()] == ["Anna Keller"]
    assert original.published_on.isoformat() == "2026-11-02"
    # The page's canonical link decides the URL kept for duplicate checks, tracking removed.
    assert (
        original.canonical_url == "https://abendpost.example/wirtschaft/2026/11/niedrigwasser-rhein"
    )
    assert original.url == url
    assert original.outlet.name == "Rheinische Abendpost"
    assert original.outlet.confirmed is False
    assert original.outlet.country is None
    assert list(original.outlet.domains.values_list("domain", flat=True)) == ["127.0.0.1"]
    assert "<script" not in original.retrieved_copy
    assert original.text_signature
    assert original.text_bands.count() == 32


def test_a_known_domain_finds_its_outlet(web):
    outlet = factories.outlet("Abendpost", country_code="DE")
    OutletDomain.objects.create(outlet=outlet, domain="127.0.0.1")
    original = actions.import_from_url(url=web.add("/a", Route(GERMAN_PAGE)))
    assert original.outlet == outlet
    assert Outlet.objects.count() == 1


def test_outlet_matched_by_the_pages_canonical_domain(db):
    outlet = factories.outlet("Setonaikai Nippo", country_code="JP")
    OutletDomain.objects.create(outlet=outlet, domain="setonaikai-nippo.example")
    original = actions.import_from_file(
        data=(DATA / "ja-shiomi.html").read_bytes(), filename="a.html"
    )
    assert original.outlet == outlet  # found by the page's canonical address
    assert original.language_id == "ja"


def test_outlet_matched_by_a_parent_domain_only(db):
    from foreigndesk.intake.selectors import outlet_for_url

    outlet = factories.outlet("Abendpost", country_code="DE")
    OutletDomain.objects.create(outlet=outlet, domain="abendpost.example")
    assert outlet_for_url("https://news.abendpost.example/a") == outlet
    assert outlet_for_url("https://www.abendpost.example/a") == outlet
    assert outlet_for_url("https://notabendpost.example/a") is None
    assert outlet_for_url("https://example/a") is None


def test_the_same_url_is_reported_instead_of_imported_twice(web, django_assert_max_num_queries):
    url = web.add("/a", Route(GERMAN_PAGE))
    first = actions.import_from_url(url=url)
    with pytest.raises(actions.DuplicateOriginal) as caught:
        actions.import_from_url(url=url)
    assert caught.value.existing == first
    assert Original.objects.count() == 1
    assert web.requests == ["/a"]  # the known address was not even fetched again


def test_the_same_canonical_url_under_another_address_is_a_duplicate(web):
    actions.import_from_url(url=web.add("/a", Route(GERMAN_PAGE)))
    with pytest.raises(actions.DuplicateOriginal, match="Already in the desk"):
        actions.import_from_url(url=web.add("/b?utm_source=feed", Route(GERMAN_PAGE)))
    assert Original.objects.count() == 1


def test_near_identical_text_is_a_duplicate(db):
    actions.import_from_file(data=(DATA / "fr-text.txt").read_bytes(), filename="riz.txt")
    edited = (DATA / "fr-text.txt").read_text("utf-8").replace("deux semaines", "trois semaines")
    with pytest.raises(actions.DuplicateOriginal, match="same text"):
        actions.import_from_text(text=edited)
    assert Original.objects.count() == 1


def test_a_different_article_is_not_a_duplicate(db):
    actions.import_from_file(data=(DATA / "fr-text.txt").read_bytes(), filename="riz.txt")
    actions.import_from_file(data=(DATA / "ru-undeclared.txt").read_bytes(), filename="egypt.txt")
    assert Original.objects.count() == 2


def test_import_file_with_undeclared_encoding(db):
    original = actions.import_from_file(
        data=(DATA / "ru-undeclared.txt").read_bytes(), filename="x.txt"
    )
    assert original.language_id == "ru"
    assert original.language.name == "Russian"
    assert original.outlet is None


def test_arabic_language_is_created_right_to_left(db):
    original = actions.import_from_file(
        data=(DATA / "ar-water.html").read_bytes(), filename="a.html"
    )
    assert original.language_id == "ar"
    assert original.language.is_rtl


def test_pasted_text(db):
    original = actions.import_from_text(text=(DATA / "fr-text.txt").read_text("utf-8"))
    assert original.language_id == "fr"
    assert original.state == Original.State.SUGGESTED


# Bad input: a clear message naming the problem, and the database unchanged.
URL_REFUSALS = {
    "refused-address": ("http://10.0.0.1/x", None, "private address"),
    "metadata-address": ("http://169.254.169.254/latest", None, "link-local"),
    "timeout": ("/slow", Route(GERMAN_PAGE, delay=1.2), "time limit"),
    "too-large": ("/big", Route(b"<p>" + b"x" * 3000 + b"</p>"), "over the limit"),
    "content-type": (
        "/pic",
        Route(b"\x89PNG....", content_type="image/png"),
        "not an HTML or text page",
    ),
    "empty-page": ("/empty", Route(b""), "empty"),
    "no-article": ("/login", Route((DATA / "no-article.html").read_bytes()), "No article"),
    "binary-as-html": ("/bin", Route(b"%PDF-1.4 \x00\x01\x02"), "PDF"),
    "not-found": ("/gone", Route(b"gone", status=404), "404"),
}


@pytest.mark.parametrize(
    ("path", "route", "message"), URL_REFUSALS.values(), ids=URL_REFUSALS.keys()
)
def test_url_refusals_leave_the_database_unchanged(web, settings, unchanged, path, route, message):
    settings.FETCH_READ_TIMEOUT = 0.4
    settings.FETCH_MAX_BYTES = 2000
    url = web.add(path, route) if route else path
    with pytest.raises(actions.IntakeError, match=message):
        actions.import_from_url(url=url)


FILE_REFUSALS = {
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
    "nul-bytes": (b"Title\n\nSome text\x00\x00\x00 with nul bytes " * 5, "binary"),
    "undecidable-encoding": (bytes([0x80 + (i * 37) % 0x7F for i in range(600)]), "encoding"),
    "empty": (b"  \n\n ", "empty"),
    "no-article-html": ((DATA / "no-article.html").read_bytes(), "No article"),
    "title-only-text": (b"Just a title\n", "No article"),
    "unknown-language": (
        b"12345 678\n\n90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90",
        "language",
    ),
}


@pytest.mark.parametrize(("data", "message"), FILE_REFUSALS.values(), ids=FILE_REFUSALS.keys())
def test_file_refusals_leave_the_database_unchanged(unchanged, data, message):
    with pytest.raises(actions.IntakeError, match=message):
        actions.import_from_file(
            data=data, filename="input.txt" if b"<html" not in data else "a.html"
        )


def test_a_duplicate_leaves_the_database_unchanged(db):
    actions.import_from_file(data=(DATA / "fr-text.txt").read_bytes(), filename="riz.txt")
    from foreigndesk.testing.fixtures import snapshot

    before = snapshot()
    with pytest.raises(actions.DuplicateOriginal):
        actions.import_from_file(data=(DATA / "fr-text.txt").read_bytes(), filename="riz.txt")
    assert snapshot() == before


def test_request_import_runs_the_task_and_keeps_the_result(web, django_capture_on_commit_callbacks):
    editor = factories.contributor("Ruth Calder").user
    editor.is_superuser = True
    editor.save()
    url = web.add("/a", Route(GERMAN_PAGE))
    with django_capture_on_commit_callbacks(execute=True):
        request = import_requests.request_import(user=editor, kind="url", url=url)
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.DONE
    assert "Niedrigwasser" in request.message
    assert request.original.suggested_by == editor


def test_request_import_keeps_the_error_for_the_requester(web, django_capture_on_commit_callbacks):
    editor = factories.contributor("Ruth Calder").user
    editor.is_superuser = True
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = import_requests.request_import(user=editor, kind="url", url="http://192.168.0.1/")
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.FAILED
    assert "private address" in request.message
    assert not Original.objects.exists()


def test_request_import_needs_the_permission(db):
    from django.core.exceptions import PermissionDenied

    reader = factories.contributor("Someone").user
    with pytest.raises(PermissionDenied):
        import_requests.request_import(user=reader, kind="paste", text="Title\n\nText")
    assert not ImportRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_imports_from_the_database(settings, web):
    """With the database queue of production: the request waits until `foreigndesk worker` runs."""
    import io

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    editor = factories.contributor("Ruth Calder").user
    editor.is_superuser = True
    editor.save()
    url = web.add("/a", Route(GERMAN_PAGE))
    # The worker closes database connections as it goes: hence a test with real transactions.
    request = import_requests.request_import(user=editor, kind="url", url=url)
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.WAITING
    assert not Original.objects.exists()
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=io.StringIO()
    )
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.DONE
    assert request.original.title.startswith("Niedrigwasser")


def test_originals_stored_before_intake_are_recognised(db):
    """The data migration gave existing originals canonical URLs and signatures."""
    from django.apps import apps as django_apps

    from foreigndesk.intake.migrations import __name__ as migrations_package

    fill = __import__(
        f"{migrations_package}.0003_fill_duplicate_signatures", fromlist=["fill"]
    ).fill
    existing = factories.original(
        title="Le riz de la vallée du fleuve Sénégal menacé par des pompes à bout de souffle",
        language_code="fr",
        url="https://www.soleil.example/riz?utm_source=x",
        blocks=[
            {"kind": "paragraph", "text": block}
            for block in (DATA / "fr-text.txt").read_text("utf-8").split("\n\n")[1:]
        ],
    )
    fill(django_apps, None)
    existing.refresh_from_db()
    assert existing.canonical_url == "https://soleil.example/riz"
    with pytest.raises(actions.DuplicateOriginal):
        actions.import_from_file(data=(DATA / "fr-text.txt").read_bytes(), filename="riz.txt")


def test_a_page_nested_a_hundred_thousand_deep_is_refused_at_once(unchanged):
    page = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * 100_000
        + "<p>"
        + "Ein Absatz, der tief vergraben liegt. " * 5
        + "</p>"
        + "</div>" * 100_000
        + "</body></html>"
    ).encode()
    with pytest.raises(actions.IntakeError, match="nests its elements more than 200 deep"):
        actions.import_from_file(data=page, filename="deep.html")
