"""TMX files of the memory: an export re-imports to the same memory, and every kind of bad file is
refused whole, with a message naming the problem, leaving the memory as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from foreigndesk.testing import factories
from foreigndesk.workbench.memory import NewEntry, add_entries, lookup
from foreigndesk.workbench.models import MemoryEntry, MemoryWord
from foreigndesk.workbench.tmx import export_tmx, import_tmx

pytestmark = pytest.mark.django_db

PAIRS = [
    ("Пожар в порту потушили к утру.", "The fire in the port was out by morning."),
    ("Министр «не видит проблемы».", "The minister “sees no problem”."),
    ("Цены выросли на 3,5 %.", "Prices rose by 3.5%."),
]


@pytest.fixture
def languages() -> None:
    for code in ("ru", "en", "de"):
        factories.language(code)


def memory_of(pair: tuple[str, str] = ("ru", "en")) -> list[tuple[str, str]]:
    return sorted(
        MemoryEntry.objects.filter(
            source_language_id=pair[0], target_language_id=pair[1]
        ).values_list("source", "target")
    )


def tmx_file(units: str, *, srclang: str = "ru", declaration: str = "") -> str:
    declaration = declaration or '<?xml version="1.0" encoding="UTF-8"?>'
    return (
        f'{declaration}\n<tmx version="1.4"><header creationtool="desk" '
        f'creationtoolversion="1" segtype="sentence" o-tmf="desk" adminlang="en" '
        f'srclang="{srclang}" datatype="plaintext"/><body>{units}</body></tmx>'
    )


def unit(source: str, target: str, *, source_lang: str = "ru", target_lang: str = "en") -> str:
    return (
        f'<tu><tuv xml:lang="{source_lang}"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="{target_lang}"><seg>{target}</seg></tuv></tu>'
    )


def test_export_then_import_gives_the_same_memory(languages: None) -> None:
    add_entries([NewEntry("ru", "en", s, t, "desk") for s, t in PAIRS])
    add_entries([NewEntry("de", "en", "Der Hafen ist zu.", "The port is closed.", "desk")])
    before = memory_of()
    exported = export_tmx(source_language="ru", target_language="en")
    assert b'<tmx version="1.4">' in exported
    assert b'srclang="ru"' in exported
    assert b"Der Hafen" not in exported  # one pair per file
    # Into the same memory: nothing is new.
    assert import_tmx(exported, name="ru-en.tmx").added == 0
    # Into an empty one: the same entries, indexed, matched as before.
    MemoryEntry.objects.all().delete()
    result = import_tmx(exported, name="ru-en.tmx")
    assert (result.units, result.added, result.pairs) == (3, 3, {"ru>en": 3})
    assert memory_of() == before
    assert MemoryWord.objects.filter(pair="ru>en").exists()
    match = lookup("Пожар в порту потушили к утру.", source_language="ru", target_language="en")
    assert match[0].exact
    assert match[0].where == "imported TMX file ru-en.tmx"


def test_import_maps_region_tags_and_skips_units_without_translation(languages: None) -> None:
    data = tmx_file(
        unit("Цены выросли.", "Prices rose.", target_lang="en-GB")
        + '<tu><tuv xml:lang="ru"><seg>Без перевода.</seg></tuv></tu>'
        + unit("Цены упали.", "Die Preise sanken.", target_lang="DE")
    )
    result = import_tmx(data.encode(), name="mixed.tmx")
    assert (result.units, result.added, result.untranslated) == (3, 2, 1)
    assert result.pairs == {"ru>en": 1, "ru>de": 1}
    assert memory_of(("ru", "de")) == [("Цены упали.", "Die Preise sanken.")]


def test_a_declared_encoding_is_read(languages: None) -> None:
    data = tmx_file(
        unit("Straße gesperrt.", "Road closed.", source_lang="de"),
        srclang="de",
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
    ).encode("latin-1")
    assert import_tmx(data, name="latin.tmx").added == 1
    assert memory_of(("de", "en")) == [("Straße gesperrt.", "Road closed.")]


BAD: list[tuple[str, Any, str]] = [
    ("empty", b"  \n", "is empty"),
    ("not xml", b"%PDF-1.7 binary \x00\x01", "not well-formed XML"),
    ("broken", tmx_file(unit("Цены.", "Prices."))[:-20].encode(), "not well-formed XML"),
    ("html", b'<?xml version="1.0"?><html><body>x</body></html>', "not a TMX file"),
    (
        "undeclared latin-1",
        tmx_file(
            unit("Grüße aus Köln, schöne Straße.", "Greetings.", source_lang="de"), srclang="de"
        )
        .replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>')
        .encode("latin-1"),
        "not in UTF-8 and declares no other encoding",
    ),
    (
        "wrongly declared",
        tmx_file(
            unit("Пожар.", "Fire."), declaration='<?xml version="1.0" encoding="US-ASCII"?>'
        ).encode(),
        "not in US-ASCII, the encoding it declares",
    ),
    (
        "unknown encoding",
        tmx_file(unit("a", "b"), declaration='<?xml version="1.0" encoding="x-klingon"?>').encode(),
        "not a known encoding",
    ),
    (
        "unknown language",
        tmx_file(unit("Цены.", "Prices.") + unit("Цены.", "Hinnad.", target_lang="et")).encode(),
        "languages the desk does not know: “et” (unit 2)",
    ),
    ("no units", tmx_file("").encode(), "no translation units"),
]


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[case for case, _, _ in BAD])
def test_bad_files_are_refused_whole(languages: None, case: str, data: bytes, message: str) -> None:
    add_entries([NewEntry("ru", "en", "Старая запись.", "An old entry.", "desk")])
    before = (memory_of(), MemoryWord.objects.count())
    with pytest.raises(ValidationError) as refused:
        import_tmx(data, name="bad.tmx")
    assert message in refused.value.messages[0]
    assert "“bad.tmx”" in refused.value.messages[0]
    assert (memory_of(), MemoryWord.objects.count()) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(languages: None, settings: Any) -> None:
    settings.FOREIGNDESK_MEMORY_TMX_MAX_BYTES = 1000
    data = tmx_file("".join(unit(f"Цены {n}.", f"Prices {n}.") for n in range(40))).encode()
    with pytest.raises(ValidationError, match="may be at most 1000"):
        import_tmx(data, name="big.tmx")
    assert not MemoryEntry.objects.exists()
