"""Translations carry a copy of their original's outlet and of the outlet's country: it follows
every path that can change either (a translation created or given another original, an
original given another outlet, an outlet moved to another country; at intake, in the admin, by
a save of any fields), the data migration fills it, deletes cannot leave it dangling, and the
outlet's and country's listings and the API list what the plain join lists after each."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foreigndesk.core.models import Country
from foreigndesk.intake.actions import create_original, outlet_named
from foreigndesk.intake.models import Original, Outlet
from foreigndesk.newsroom import published, transitions
from foreigndesk.newsroom.actions import create_translation
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.provenance import refresh_provenance
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .conftest import translation_in

pytestmark = pytest.mark.django_db


def copy(translation: Translation) -> tuple[int | None, str | None]:
    """The stored copy of a translation: (outlet id, country code)."""
    return Translation.objects.values_list("outlet_id", "country_id").get(pk=translation.pk)


def truth(translation: Translation) -> tuple[int | None, str | None]:
    """What the copy must be, read through the original."""
    return Translation.objects.values_list(
        "original__outlet_id", "original__outlet__country_id"
    ).get(pk=translation.pk)


def assert_every_copy_true() -> None:
    rows = Translation.objects.values_list(
        "pk", "outlet_id", "country_id", "original__outlet_id", "original__outlet__country_id"
    )
    assert [row for row in rows if row[1:3] != row[3:5]] == []


def assert_listings_are_the_plain_join() -> None:
    """Every country's and outlet's listing, and the API's filters, list what the join through
    the original lists."""
    assert_every_copy_true()

    def plain(**join: object) -> list[int]:
        rows = Translation.objects.published().filter(**join).order_by("-published_at", "-id")
        return list(rows.values_list("id", flat=True))

    for country in Country.objects.all():
        want = plain(original__outlet__country=country)
        assert list(published.in_country(country).values_list("id", flat=True)) == want
        api = published.published_translations(country=country.code.lower())
        assert list(api.values_list("id", flat=True)) == want
    for outlet in Outlet.objects.all():
        want = plain(original__outlet=outlet)
        assert list(published.from_outlet(outlet).values_list("id", flat=True)) == want
        api = published.published_translations(outlet=outlet.slug)
        assert list(api.values_list("id", flat=True)) == want


@pytest.fixture
def places(db) -> SimpleNamespace:
    """Two countries, an outlet in each, and a published translation from each outlet."""
    factories.country("DE", "Germany")
    factories.country("FR", "France")
    berlin = factories.outlet("Berliner Blatt", country_code="DE")
    paris = factories.outlet("Le Matin", country_code="FR")
    return SimpleNamespace(
        berlin=berlin,
        paris=paris,
        german=factories.translation(original_obj=factories.original(outlet_obj=berlin)),
        french=factories.translation(original_obj=factories.original(outlet_obj=paris)),
    )


def test_a_new_translation_copies_its_originals_outlet_and_country(places):
    assert copy(places.german) == (places.berlin.pk, "DE")
    assert copy(places.french) == (places.paris.pk, "FR")
    # Written with the row itself, so the instance holds it too.
    assert (places.german.outlet_id, places.german.country_id) == (places.berlin.pk, "DE")
    assert_listings_are_the_plain_join()


def test_translations_of_no_original_no_outlet_or_no_country_copy_what_there_is(places):
    unplaced = factories.outlet("Unplaced Weekly", country_code=None)
    cases = [
        factories.translation(),
        factories.translation(original_obj=factories.original(outlet_obj=None)),
        factories.translation(original_obj=factories.original(outlet_obj=unplaced)),
    ]
    assert [copy(row) for row in cases] == [(None, None), (None, None), (unplaced.pk, None)]
    assert_listings_are_the_plain_join()


def test_intake_and_the_translation_action_give_the_copy(places):
    original = create_original(
        title="Hafen im Wandel",
        language_code="de",
        outlet=places.berlin,
        url="https://berliner-blatt.example/hafen",
        blocks=[{"kind": "paragraph", "text": "Der Hafen wandelt sich."}],
    )
    translation = create_translation(
        original=original,
        language_code="en",
        title="The port changes",
        slug="the-port-changes",
        blocks=[{"kind": "paragraph", "text": "The port changes."}],
        state=State.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert copy(translation) == (places.berlin.pk, "DE")
    assert list(published.from_outlet(places.berlin)).count(translation) == 1
    assert_listings_are_the_plain_join()


def test_an_outlet_found_at_intake_gets_its_country_and_its_translations_follow(places):
    found = factories.outlet("Rhein-Kurier", country_code=None)
    translation = factories.translation(original_obj=factories.original(outlet_obj=found))
    assert copy(translation) == (found.pk, None)
    assert list(published.in_country(Country.objects.get(code="DE"))) == [places.german]

    # A bilingual page's dateline names the outlet and its country.
    outlet_named(name="Rhein-Kurier", url="", country=Country.objects.get(code="DE"))

    assert copy(translation) == (found.pk, "DE")
    assert set(published.in_country(Country.objects.get(code="DE"))) == {
        places.german,
        translation,
    }
    assert_listings_are_the_plain_join()


@pytest.mark.parametrize("fields", [None, ["outlet"], ["outlet", "title"]], ids=str)
def test_an_original_given_another_outlet_moves_its_translations(places, fields):
    second = factories.translation(original_obj=places.german.original)
    original = Original.objects.get(pk=places.german.original_id)
    original.outlet = places.paris
    original.save(update_fields=fields)

    assert copy(places.german) == copy(second) == (places.paris.pk, "FR")
    assert list(published.from_outlet(places.berlin)) == []
    assert set(published.in_country(Country.objects.get(code="FR"))) == {
        places.german,
        second,
        places.french,
    }
    assert_listings_are_the_plain_join()


def test_an_original_taken_from_its_outlet_takes_its_translations_off_the_listings(places):
    original = Original.objects.get(pk=places.german.original_id)
    original.outlet = None
    original.save()
    assert copy(places.german) == (None, None)
    assert list(published.in_country(Country.objects.get(code="DE"))) == []
    assert_listings_are_the_plain_join()


def test_an_original_saved_without_its_outlet_among_the_fields_writes_no_copy(places):
    original = Original.objects.get(pk=places.german.original_id)
    original.title = "Neuer Titel"
    with CaptureQueriesContext(connection) as queries:
        original.save(update_fields=["title"])
    written = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert [sql for sql in written if "newsroom_translation" in sql] == []
    assert copy(places.german) == (places.berlin.pk, "DE")


def row_version(translation: Translation) -> object:
    """What changes whenever the translation's row is written: where its row lies on PostgreSQL
    (even an UPDATE to the same values leaves a new one), the connection's count of rows
    written on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT ctid::text FROM newsroom_translation WHERE id = %s", [translation.pk]
            )
        else:
            cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


def test_a_save_that_moves_nothing_rewrites_no_translation(places):
    original = Original.objects.get(pk=places.german.original_id)
    before = row_version(places.german)
    original.title = "Neuer Titel"
    original.save()
    places.berlin.profile = "A Berlin daily."
    places.berlin.save()
    after = row_version(places.german)
    if connection.vendor == "postgresql":
        assert after == before
    else:
        assert after - before == 2  # the original's row and the outlet's, no translation's
    assert copy(places.german) == (places.berlin.pk, "DE")

    original.outlet = places.paris
    original.save()
    assert row_version(places.german) != after
    assert_listings_are_the_plain_join()


def test_an_original_given_another_outlet_in_the_admin_moves_its_translations(admin_client, places):
    original = places.german.original
    data = {
        "title": original.title,
        "language": original.language_id,
        "outlet": places.paris.pk,
        "url": original.url,
        "published_on": original.published_on.isoformat(),
        "blocks": "Erster Absatz.",
        "retrieved_copy": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/intake/original/{original.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Original.objects.get(pk=original.pk).outlet_id == places.paris.pk
    assert copy(places.german) == (places.paris.pk, "FR")
    assert_listings_are_the_plain_join()


@pytest.mark.parametrize("fields", [None, ["country"]], ids=str)
def test_an_outlet_moved_to_another_country_moves_its_translations(places, fields):
    draft = factories.translation(
        original_obj=factories.original(outlet_obj=places.berlin), state=State.IN_REVIEW
    )
    places.berlin.country = Country.objects.get(code="FR")
    places.berlin.save(update_fields=fields)

    # The draft too, so that it is listed in the right country once published.
    assert copy(places.german) == copy(draft) == (places.berlin.pk, "FR")
    assert list(published.in_country(Country.objects.get(code="DE"))) == []
    assert set(published.in_country(Country.objects.get(code="FR"))) == {
        places.german,
        places.french,
    }
    assert_listings_are_the_plain_join()


def test_an_outlet_moved_to_another_country_in_the_admin_moves_its_translations(
    admin_client, places
):
    outlet = places.berlin
    data = {
        "name": outlet.name,
        "slug": outlet.slug,
        "country": "FR",
        "profile": "",
        "confirmed": "on",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/intake/outlet/{outlet.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert copy(places.german) == (outlet.pk, "FR")
    assert_listings_are_the_plain_join()


@pytest.mark.parametrize("fields", [None, ["original"], ["original", "outlet", "country"]], ids=str)
def test_a_translation_given_another_original_follows_it(places, fields):
    translation = Translation.objects.get(pk=places.german.pk)
    translation.original = factories.original(outlet_obj=places.paris)
    translation.save(update_fields=fields)
    assert copy(translation) == (places.paris.pk, "FR")
    assert (translation.outlet_id, translation.country_id) == (places.paris.pk, "FR")
    assert_listings_are_the_plain_join()


def test_a_translation_saved_without_its_original_among_the_fields_keeps_its_copy(places):
    translation = Translation.objects.get(pk=places.german.pk)
    translation.title = "Retitled"
    with CaptureQueriesContext(connection) as queries:
        translation.save(update_fields=["title"])
    assert not any("intake_original" in query["sql"] for query in queries.captured_queries)
    assert copy(translation) == (places.berlin.pk, "DE")


def test_a_translation_given_another_original_in_the_admin_follows_it(admin_client, places):
    other = factories.original(outlet_obj=places.paris)
    data = factories.admin_form_data(places.german, original=other.pk)
    response = admin_client.post(f"/admin/newsroom/translation/{places.german.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert copy(places.german) == (places.paris.pk, "FR")
    assert_listings_are_the_plain_join()


def test_the_workflows_moves_list_and_unlist_by_the_translations_own_state(desk):
    translation = translation_in(State.APPROVED, desk)
    germany = Country.objects.get(code="DE")
    outlet = translation.original.outlet
    assert copy(translation) == (outlet.pk, "DE")
    assert list(published.in_country(germany)) == []

    at = timezone.now() + datetime.timedelta(hours=2)
    transitions.schedule(actor=desk.editor, translation=translation, at=at)
    assert list(published.from_outlet(outlet)) == []
    assert transitions.publish_due(now=at + datetime.timedelta(minutes=1)) == [translation.pk]
    # Published for a time still to come: listed once it has come.
    assert list(published.from_outlet(outlet)) == []
    assert list(published.in_country(germany)) == []
    assert copy(translation) == (outlet.pk, "DE")
    assert_listings_are_the_plain_join()

    Translation.objects.filter(pk=translation.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert list(published.from_outlet(outlet)) == [translation]
    assert list(published.in_country(germany)) == [translation]

    transitions.withdraw(actor=desk.editor, translation=translation, reason="Retracted.")
    assert list(published.from_outlet(outlet)) == []
    assert list(published.in_country(germany)) == []
    assert_listings_are_the_plain_join()

    transitions.restore(actor=desk.editor, translation=translation)
    assert list(published.in_country(germany)) == [translation]
    transitions.correct(actor=desk.editor, translation=translation, text="A date was wrong.")
    assert list(published.from_outlet(outlet)) == [translation]
    assert_listings_are_the_plain_join()


def test_a_publication_time_moved_reorders_the_listings(places):
    places.german.published_at = places.french.published_at - datetime.timedelta(days=3)
    places.german.save()
    places.paris.country = Country.objects.get(code="DE")
    places.paris.save()
    germany = Country.objects.get(code="DE")
    assert list(published.in_country(germany)) == [places.french, places.german]
    assert_listings_are_the_plain_join()


def test_deletes_leave_no_copy_behind(places):
    germany = Country.objects.get(code="DE")
    doomed = factories.translation(original_obj=places.french.original)
    doomed.delete()
    assert list(published.from_outlet(places.paris)) == [places.french]

    # What a copy names cannot go while the original names it: refused, nothing changed.
    with pytest.raises(ProtectedError):
        places.berlin.delete()
    with pytest.raises(ProtectedError):
        Original.objects.get(pk=places.german.original_id).delete()
    with pytest.raises(ProtectedError):
        germany.delete()
    assert copy(places.german) == (places.berlin.pk, "DE")
    assert list(published.in_country(germany)) == [places.german]

    # Once its articles have moved to another outlet, an outlet can go.
    original = Original.objects.get(pk=places.german.original_id)
    original.outlet = places.paris
    original.save()
    Outlet.objects.filter(pk=places.berlin.pk).delete()
    assert copy(places.german) == (places.paris.pk, "FR")
    assert_listings_are_the_plain_join()


def test_the_migration_and_the_refresh_fill_copies_that_were_never_written(places):
    unplaced = factories.outlet("Unplaced Weekly", country_code=None)
    rows = [
        places.german,
        places.french,
        factories.translation(original_obj=factories.original(outlet_obj=unplaced)),
        factories.translation(
            original_obj=factories.original(outlet_obj=places.paris), state=State.IN_REVIEW
        ),
        factories.translation(),
    ]
    right = {row.pk: copy(row) for row in rows}
    assert right[rows[2].pk] == (unplaced.pk, None)
    # As the rows were before the copy existed.
    Translation.objects.update(outlet=None, country=None)
    assert list(published.in_country(Country.objects.get(code="DE"))) == []
    migration = importlib.import_module(
        "foreigndesk.newsroom.migrations.0010_translation_provenance"
    )
    migration.copy_provenance(apps, SimpleNamespace(connection=connection))
    assert {row.pk: copy(row) for row in rows} == right
    assert_listings_are_the_plain_join()

    Translation.objects.update(outlet=unplaced, country="FR")
    assert refresh_provenance() == len(rows)
    assert {row.pk: copy(row) for row in rows} == right
    assert_listings_are_the_plain_join()
