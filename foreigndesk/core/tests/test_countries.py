"""Countries as pages name them: ISO names, the abbreviations sites use, and regions."""

from __future__ import annotations

import pytest

from foreigndesk.core.actions import country_named, is_region
from foreigndesk.core.models import Country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "code", "stored"),
    [
        ("U.A.E.", "AE", "United Arab Emirates"),
        ("UAE", "AE", "United Arab Emirates"),
        ("S. Korea", "KR", "South Korea"),
        ("South Korea", "KR", "South Korea"),
        ("U.K.", "GB", "United Kingdom"),
        ("U.S.", "US", "United States"),
        ("USA", "US", "United States"),
        ("Russia", "RU", "Russia"),
        ("Germany", "DE", "Germany"),
        ("Brazil", "BR", "Brazil"),
        ("JP", "JP", "JP"),
    ],
)
def test_countries_as_sites_write_them(name, code, stored):
    country = country_named(name)
    assert country is not None
    assert (country.code, country.name) == (code, stored)


def test_an_alias_finds_the_country_already_in_the_desk():
    existing = country_named("United Kingdom")
    assert country_named("U.K.") == existing
    assert Country.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["Pan Arab", "Pan-Arab", "Europe", "Latin America", "Africa", "Middle East", "World"]
)
def test_a_region_is_no_country(name):
    assert is_region(name)
    assert country_named(name) is None
    assert not Country.objects.exists()


@pytest.mark.parametrize("name", ["", "Atlantis", "Narnia Republic"])
def test_unknown_names_give_none(name):
    assert not is_region(name)
    assert country_named(name) is None
