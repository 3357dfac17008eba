"""Pseudonymous credit: a translator credited under a public name that is not their account's
is known to readers by that name only. Their login name, real name and e-mail address appear on
no public page, feed, sitemap, API answer, page metadata, search result or public export; and a
person with no published work has no public page at all."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from foreigndesk.accounts.models import Contributor
from foreigndesk.newsroom.models import Credit, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

#: The account behind the pseudonym: none of these may reach a reader.
LOGIN_NAME = "kwis7731"
FIRST_NAME = "Katarzyna"
LAST_NAME = "Wiśniewska-Ostrowska"
EMAIL = "k.private-mailbox@hidden-desk.example"
PSEUDONYM = "Anna Mróz"

EDITOR_LOGIN = "ed0419x"
EDITOR_EMAIL = "chief.private@hidden-desk.example"
EDITOR_PUBLIC = "The Desk Editor"


def _world() -> tuple[Translation, Contributor, Contributor]:
    account = factories.translator(
        LOGIN_NAME, full_name=f"{FIRST_NAME} {LAST_NAME}", email=EMAIL, contributor_profile=False
    )
    translator = Contributor.objects.create(
        user=account, name=PSEUDONYM, slug="anna-mroz", bio="Translates from Polish."
    )
    editor_account = factories.editor(
        EDITOR_LOGIN, full_name="Bogdan Zieliński", email=EDITOR_EMAIL
    )
    editor = Contributor.objects.create(
        user=editor_account, name=EDITOR_PUBLIC, slug="the-desk-editor"
    )
    article = factories.translation(
        original_obj=factories.original(
            title="Pociągi na wschód",
            language_code="pl",
            authors=["Jan Kowal"],
            outlet_obj=factories.outlet("Gazeta Kolejowa", country_code="PL"),
        ),
        title="Trains to the east run again",
        translators=[translator],
        editors=[editor],
        topics=[factories.topic("Transport")],
    )
    return article, translator, editor


def _public_addresses(article: Translation, translator: Contributor) -> list[str]:
    month = f"/{article.published_at:%Y}/{article.published_at:%m}/"
    outlet = article.original.outlet
    topic = article.topics.get()
    listings = [
        "/",
        month,
        f"/people/{translator.slug}/",
        f"/outlets/{outlet.slug}/",
        f"/countries/{outlet.country.slug}/",
        f"/topics/{topic.slug}/",
        f"/authors/{article.original.authors.get().pk}/",
    ]
    feeds = [f"{address}{kind}/" for address in listings for kind in ("rss", "atom")]
    return [
        f"{month}{article.slug}/",
        f"{month}{article.slug}/?mode=side",
        *listings,
        *feeds,
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=trains",
        f"/search/?q={PSEUDONYM}",
        "/api/v1/translations",
        f"/api/v1/translations/{article.slug}",
        "/api/v1/contributors",
        f"/api/v1/contributors/{translator.slug}",
        "/api/v1/search?q=trains",
        "/api/v1/schema",
    ]


def _leaks(text: str) -> list[str]:
    secrets = (LOGIN_NAME, FIRST_NAME, LAST_NAME, EMAIL, EDITOR_LOGIN, EDITOR_EMAIL, "Bogdan")
    lowered = text.lower()
    return [secret for secret in secrets if secret.lower() in lowered]


def test_public_pages_feeds_and_api_name_the_pseudonym_and_never_the_account(client: Client):
    article, translator, _ = _world()
    seen_pseudonym = []
    for address in _public_addresses(article, translator):
        response = client.get(address)
        assert response.status_code == 200, address
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        if address.startswith("/api/"):  # JSON may escape non-ASCII letters: read it back
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert not _leaks(text), f"{address} shows {_leaks(text)}"
        if PSEUDONYM in text:
            seen_pseudonym.append(address)
    # The public name is the credit readers see, in the page, its metadata, feeds and the API.
    month = f"/{article.published_at:%Y}/{article.published_at:%m}/"
    for address in (
        f"{month}{article.slug}/",
        f"/people/{translator.slug}/",
        f"/api/v1/translations/{article.slug}",
        f"/api/v1/contributors/{translator.slug}",
    ):
        assert address in seen_pseudonym, address


def test_the_article_metadata_credits_the_public_names(client: Client):
    article, _, _ = _world()
    month = f"/{article.published_at:%Y}/{article.published_at:%m}/"
    html = client.get(f"{month}{article.slug}/").content.decode()
    head = html.split("</head>", 1)[0]
    structured = html.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(structured)
    assert PSEUDONYM in json.dumps(data, ensure_ascii=False)
    assert not _leaks(head)
    assert not _leaks(structured)


def test_the_public_export_carries_public_names_only():
    _world()
    out = io.StringIO()
    call_command("export", stdout=out)
    text = out.getvalue()
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert records
    exported = json.dumps(records, ensure_ascii=False)
    assert PSEUDONYM in exported
    assert EDITOR_PUBLIC in exported
    assert not _leaks(exported)


@pytest.mark.parametrize("suffix", ["", "rss/", "atom/"])
def test_an_account_with_a_pseudonym_and_no_published_work_has_no_public_page(client, suffix):
    account = factories.translator("quiet01", full_name="Quiet Person", contributor_profile=False)
    volunteer = Contributor.objects.create(user=account, name="Not Yet Published", slug="nyp")
    draft = factories.translation(title="A draft", state=State.IN_TRANSLATION)
    Credit.objects.create(translation=draft, contributor=volunteer, role=Credit.Role.TRANSLATOR)
    response = client.get(f"/people/{volunteer.slug}/{suffix}")
    assert response.status_code == 404
    assert b"Not Yet Published" not in response.content
    assert b"quiet01" not in response.content
    api = client.get(f"/api/v1/contributors/{volunteer.slug}")
    assert api.status_code == 404
    assert "Not Yet Published" not in api.content.decode()
    listed = client.get("/api/v1/contributors").json()
    assert "Not Yet Published" not in json.dumps(listed)


def test_pages_seen_first_by_the_logged_in_translator_show_no_account_to_anyone(client: Client):
    article, translator, _ = _world()
    month = f"/{article.published_at:%Y}/{article.published_at:%m}/"
    addresses = [f"{month}{article.slug}/", f"/people/{translator.slug}/", "/"]
    own = Client()
    own.force_login(translator.user)
    for address in addresses:
        mine = own.get(address).content.decode()
        assert not _leaks(mine), address
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200
        assert not _leaks(response.content.decode()), address
