"""Facet values: the most frequent shown, with labels read only for those that can be shown."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foreigndesk.core.cache import forget_remembered
from foreigndesk.search import selectors
from foreigndesk.search.selectors import FACET_LIMIT, SearchParams
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlets():
    # Named so that the order by label differs from the order of creation (and of ids).
    return [factories.outlet(f"Outlet {chr(ord('z') - number)}") for number in range(20)]


def every_value(counts, outlets):
    """The outlet facet as labelling every counted value gives it: most frequent first, ties
    by label, FACET_LIMIT of them."""
    by_id = {str(outlet.pk): outlet for outlet in outlets}
    values = [
        (by_id[key].slug, by_id[key].name, count) for key, count in counts.items() if key in by_id
    ]
    values.sort(key=lambda value: (-value[2], value[1]))
    return values[:FACET_LIMIT]


def shown(facets):
    return [(value.value, value.label, value.count) for value in facets["outlet"]]


def test_ties_at_the_last_place_are_ordered_by_label(outlets):
    # Ten values ahead, then ten tied for the last two places.
    counts = {str(outlet.pk): 50 - n if n < 10 else 5 for n, outlet in enumerate(outlets)}
    with CaptureQueriesContext(connection) as queries:
        facets = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(facets) == every_value(counts, outlets)
    assert len(facets["outlet"]) == FACET_LIMIT
    assert len(queries) == 1


def test_only_values_that_can_be_shown_are_labelled(outlets):
    counts = {str(outlet.pk): 100 - n for n, outlet in enumerate(outlets)}
    with CaptureQueriesContext(connection) as queries:
        facets = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(facets) == every_value(counts, outlets)
    (query,) = queries
    assert str(outlets[FACET_LIMIT - 1].pk) in query["sql"]
    assert str(outlets[FACET_LIMIT].pk) not in query["sql"].split("IN", 1)[1]


def test_a_value_deleted_since_it_was_counted_gives_its_place_to_the_next(outlets):
    counts = {str(outlet.pk): 100 - n for n, outlet in enumerate(outlets)}
    counts["987654"] = 1000  # the most frequent names nothing any more
    with CaptureQueriesContext(connection) as queries:
        facets = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(facets) == every_value(counts, outlets)
    assert shown(facets)[-1][0] == outlets[FACET_LIMIT - 1].slug
    assert len(queries) == 2


def test_few_values_are_all_shown(outlets):
    counts = {str(outlet.pk): 3 for outlet in outlets[:5]}
    facets = selectors._facets({"outlet": counts, "year": {"2025": 2, "2026": 1}}, SearchParams())
    assert shown(facets) == every_value(counts, outlets)
    assert [value.value for value in facets["year"]] == ["2026", "2025"]


def test_labels_read_once_are_kept_until_a_change_retires_every_page(
    outlets, settings, django_capture_on_commit_callbacks
):
    settings.BOX_CACHE_SECONDS = 60
    cache.clear()
    forget_remembered()
    counts = {str(outlet.pk): 100 - n for n, outlet in enumerate(outlets[:5])}
    first = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    with CaptureQueriesContext(connection) as queries:
        again = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(again) == shown(first) == every_value(counts, outlets)
    assert len(queries) == 0

    # Renaming an outlet retires every page, and the labels kept with them.
    renamed = outlets[0]
    with django_capture_on_commit_callbacks(execute=True):
        renamed.name = "Outlet renamed"
        renamed.save()
    facets = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(facets)[0] == (renamed.slug, "Outlet renamed", 100)

    # An outlet created since retires no page: it is read when its articles first show.
    created = factories.outlet("Outlet created")
    counts[str(created.pk)] = 1000
    with CaptureQueriesContext(connection) as queries:
        facets = selectors._facets({"outlet": counts}, SearchParams(q="x"))
    assert shown(facets)[0] == (created.slug, "Outlet created", 1000)
    assert len(queries) == 1
