"""Writes of reference data: languages, countries, and unique slugs for any record.

Every app that meets a language code or a country's name (an import, a load of an export, the
demo) goes through these, so a language is created once, with its English name and direction.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from unidecode import unidecode

from .models import Country, Language

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "sd", "ckb"})

#: Names that pycountry does not know by these words.
LANGUAGE_ALIASES = {"farsi": "fa", "greek": "el", "chinese": "zh", "mandarin": "zh"}

#: Countries as sites write them, where pycountry finds nothing or, by fuzzy search, the wrong
#: country ("U.S." would be the Virgin Islands). Keys are lower case, dots and spaces kept.
COUNTRY_ALIASES = {
    "u.s.": "US", "u.s.a.": "US", "us": "US", "usa": "US", "united states": "US", "america": "US",
    "u.k.": "GB", "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "u.a.e.": "AE", "uae": "AE", "emirates": "AE",
    "s. korea": "KR", "south korea": "KR", "korea": "KR", "n. korea": "KP", "north korea": "KP",
    "russia": "RU", "iran": "IR", "syria": "SY", "turkey": "TR", "vietnam": "VN", "taiwan": "TW",
    "d.r. congo": "CD", "drc": "CD", "ivory coast": "CI",
}  # fmt: skip

#: Regions that outlets belong to when they belong to no single country.
REGIONS = frozenset({
    "pan arab", "pan-arab", "arab world", "middle east", "gulf", "europe", "european union", "eu",
    "latin america", "south america", "central america", "caribbean", "africa", "west africa",
    "east africa", "north africa", "asia", "central asia", "south asia", "southeast asia",
    "balkans", "baltics", "scandinavia", "nordic", "international", "global", "world",
})  # fmt: skip


def unique_slug(model: Any, base: str, *, field: str = "slug", limit: int = 200) -> str:
    """A slug for ``base`` (romanised) that no row of ``model`` has yet."""
    base = (slugify(unidecode(base)) or "item")[: limit - 8]
    slug, number = base, 2
    while model.objects.filter(**{field: slug}).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def language_for_code(code: str) -> Language:
    """The Language row for a BCP 47 code, created with its English name when missing."""
    import pycountry  # its tables are large: loaded by the first lookup, not by the web workers

    existing = Language.objects.filter(code=code).first()
    if existing:
        return existing
    primary = code.split("-")[0]
    record = pycountry.languages.get(alpha_2=primary) or pycountry.languages.get(alpha_3=primary)
    name = getattr(record, "name", code).split(" (")[0] if record else code
    if Language.objects.filter(name=name).exists():
        name = f"{name} ({code})"
    return Language.objects.create(
        code=code,
        name=name,
        direction=Language.RTL if primary in RTL_LANGUAGES else Language.LTR,
    )


def language_code_named(name: str) -> str | None:
    """The code of a language written out in English ("Russian", "Farsi"), or None."""
    import pycountry  # its tables are large: loaded by the first lookup, not by the web workers

    if not name:
        return None
    existing = Language.objects.filter(name__iexact=name).first()
    if existing:
        return existing.code
    if name.lower() in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[name.lower()]
    try:
        record = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(record, "alpha_2", None)


def country_for_code(code: str, name: str) -> Country:
    """The Country of an ISO 3166 code, created under ``name`` when missing."""
    existing = Country.objects.filter(code=code).first()
    if existing:
        return existing
    if Country.objects.filter(name=name).exists():
        name = f"{name} ({code})"
    return Country.objects.create(code=code, name=name, slug=unique_slug(Country, name, limit=100))


def _country_key(name: str) -> str:
    return " ".join(name.lower().split())


def is_region(name: str) -> bool:
    """Whether a page names a region ("Pan Arab", "Latin America") where a country would be."""
    return _country_key(name) in REGIONS


def country_named(name: str) -> Country | None:
    """The Country a page names ("Germany", "Deutschland", "DE", "U.A.E."), created when it
    exists in ISO 3166 but not yet in the desk; None when the name is unknown or a region."""
    import pycountry  # its tables are large: loaded by the first lookup, not by the web workers

    if not name or is_region(name):
        return None
    existing = Country.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    alias = COUNTRY_ALIASES.get(_country_key(name))
    if alias:
        # An abbreviation ("U.A.E.", "UK") makes a poor name for a country's page.
        if "." in name or name.isupper():
            record = pycountry.countries.get(alpha_2=alias)
            name = getattr(record, "common_name", None) or record.name
        return country_for_code(alias, name)
    try:
        record = pycountry.countries.lookup(name)
    except LookupError:
        try:
            record = pycountry.countries.search_fuzzy(name)[0]
        except LookupError:
            return None
    return country_for_code(record.alpha_2, name)
