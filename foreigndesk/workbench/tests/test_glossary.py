"""The glossary's writes and files: TBX and CSV round trips, refused files that leave the
glossary as it was, stale and duplicate edits, and the helper's terms and report."""

from __future__ import annotations

from typing import Any

import pytest

from foreigndesk.testing import factories
from foreigndesk.workbench import glossary
from foreigndesk.workbench.glossary import Entry, GlossaryError
from foreigndesk.workbench.models import GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> tuple[str, str]:
    factories.language("ru")
    factories.language("en")
    return "ru", "en"


TERMS = [
    Entry("ключевая ставка", "key rate", "The central bank's main rate.", ()),
    Entry("Киев", "Kyiv", "", ("Kiev",)),
    Entry(
        "Госдума", "State Duma", "Not “the Duma” alone on first mention.", ("Duma", "parliament")
    ),
]


def stored(source: str = "ru", target: str = "en") -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [
        (term.source_term, term.target_term, term.note, tuple(term.forbidden_list))
        for term in glossary.pair_terms(source, target)
    ]


def fill(pair: tuple[str, str]) -> None:
    glossary.import_terms(
        actor=None, source_language=pair[0], target_language=pair[1], entries=TERMS
    )


@pytest.mark.parametrize("kind", ["tbx", "csv"])
def test_an_export_imports_again_to_the_same_glossary(pair: tuple[str, str], kind: str) -> None:
    fill(pair)
    before = stored()
    data = glossary.export_tbx(*pair) if kind == "tbx" else glossary.export_csv(*pair)
    GlossaryTerm.objects.all().delete()
    if kind == "tbx":
        entries = glossary.read_tbx(data, source_language="ru", target_language="en")
    else:
        entries = glossary.read_csv(data)
    added, changed = glossary.import_terms(
        actor=None, source_language="ru", target_language="en", entries=entries
    )
    assert (added, changed) == (3, 0)
    assert stored() == before
    assert ("Киев", "Kyiv", "", ("Kiev",)) in before


def test_the_tbx_marks_forbidden_variants_deprecated(pair: tuple[str, str]) -> None:
    fill(pair)
    text = glossary.export_tbx(*pair).decode()
    assert '<term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts' in text
    assert 'xml:lang="ru"' in text


def test_an_import_replaces_terms_already_there(pair: tuple[str, str]) -> None:
    fill(pair)
    entries = glossary.read_csv(
        "source,target,note,forbidden\nКиев,Kyiv,the capital,Kiev|Kiew\nМинфин,Finance Ministry,,\n".encode()
    )
    assert glossary.import_terms(
        actor=None, source_language="ru", target_language="en", entries=entries
    ) == (1, 1)
    assert ("Киев", "Kyiv", "the capital", ("Kiev", "Kiew")) in stored()
    assert len(stored()) == 4


BAD_FILES = [
    (
        "csv",
        "source,target\nКиев,Kyiv\nМинфин,Finance Ministry\nкиев,Kiev\n".encode(),
        "Line 4: “киев” is already in the file (line 2)",
    ),
    ("csv", "source,target\nКиев,Kyiv\n".encode("cp1251"), "not UTF-8 text (line 2"),
    ("csv", b"term,translation\nx,y\n", "The first line must name the columns"),
    ("csv", "source,target\nКиев,\n".encode(), "Line 2: the target term is empty"),
    ("csv", "source,target\nКиев,Kyiv,note,Kiev,extra\n".encode(), "Line 2 has 5 columns"),
    ("csv", b"", "The file is empty"),
    (
        "tbx",
        b"<?xml version='1.0' encoding='UTF-8'?><martif><text><body><termEntry>",
        "The TBX file cannot be read",
    ),
    (
        "tbx",
        "<?xml version='1.0' encoding='UTF-8'?><martif type='TBX' xml:lang='ru'><text><body><termEntry><langSet xml:lang='ru'><tig><term>Киев</term></tig></langSet><langSet xml:lang='en'><tig><term>Kyiv</term></tig></langSet></termEntry></body></text></martif>".encode(
            "cp1251"
        ),
        "The TBX file cannot be read",
    ),
    (
        "tbx",
        "<?xml version='1.0' encoding='UTF-8'?><martif type='TBX' xml:lang='ru'><text><body><termEntry><langSet xml:lang='ru'><tig><term>Киев</term></tig></langSet><langSet xml:lang='de'><tig><term>Kiew</term></tig></langSet></termEntry></body></text></martif>".encode(),
        "Term entry 1 (“Киев”) has no term in “en”",
    ),
    (
        "tbx",
        "<?xml version='1.0' encoding='UTF-8'?><martif type='TBX' xml:lang='ru'><text><body>"
        "<termEntry><langSet xml:lang='ru'><tig><term>Киев</term></tig></langSet><langSet xml:lang='en'><tig><term>Kyiv</term></tig></langSet></termEntry>"
        "<termEntry><langSet xml:lang='ru'><tig><term>Киев</term></tig></langSet><langSet xml:lang='en'><tig><term>Kiev</term></tig></langSet></termEntry>"
        "</body></text></martif>".encode(),
        "Term entry 2 (“Киев”): “Киев” is already in the file (term entry 1 (“киев”))",
    ),
]


def test_a_tbx_is_read_by_language_tag_whatever_its_order(pair: tuple[str, str]) -> None:
    data = (
        "<?xml version='1.0' encoding='UTF-8'?><martif type='TBX' xml:lang='en'><text><body>"
        "<termEntry><langSet xml:lang='en'><tig><term>Kyiv</term></tig></langSet>"
        "<langSet xml:lang='ru'><tig><term>Киев</term></tig></langSet></termEntry>"
        "</body></text></martif>"
    ).encode()
    (entry,) = glossary.read_tbx(data, source_language="ru", target_language="en")
    assert (entry.source_term, entry.target_term) == ("Киев", "Kyiv")
    with pytest.raises(GlossaryError, match=r"Term entry 1 \(“Kyiv”\) has no term in “uk”"):
        glossary.read_tbx(data, source_language="uk", target_language="en")


@pytest.mark.parametrize(("kind", "data", "problem"), BAD_FILES)
def test_a_bad_file_is_refused_whole_with_the_problem_named(
    pair: tuple[str, str], kind: str, data: bytes, problem: str
) -> None:
    fill(pair)
    before = stored()

    def read_and_import() -> None:
        if kind == "csv":
            entries = glossary.read_csv(data)
        else:
            entries = glossary.read_tbx(data, source_language="ru", target_language="en")
        glossary.import_terms(
            actor=None, source_language="ru", target_language="en", entries=entries
        )

    with pytest.raises(GlossaryError) as refusal:
        read_and_import()
    assert problem.casefold() in str(refusal.value).casefold()
    assert stored() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    pair: tuple[str, str], settings: Any
) -> None:
    settings.FOREIGNDESK_GLOSSARY_MAX_BYTES = 100
    data = ("source,target\n" + "".join(f"слово{i},word{i}\n" for i in range(20))).encode()
    with pytest.raises(GlossaryError, match="may have at most 100 bytes"):
        glossary.read_csv(data)
    with pytest.raises(GlossaryError, match="may have at most 100 bytes"):
        glossary.read_tbx(data, source_language="ru", target_language="en")


def test_a_term_changed_since_the_page_was_shown_is_not_overwritten(pair: tuple[str, str]) -> None:
    term = glossary.save_term(
        actor=None,
        source_language="ru",
        target_language="en",
        entry=Entry("Минфин", "Finance Ministry"),
    )
    seen = glossary.version_of(term)
    glossary.save_term(
        actor=None,
        source_language="ru",
        target_language="en",
        entry=Entry("Минфин", "Ministry of Finance"),
        term=term,
        seen=seen,
    )
    with pytest.raises(GlossaryError, match="was changed after you opened the page") as refusal:
        glossary.save_term(
            actor=None,
            source_language="ru",
            target_language="en",
            entry=Entry("Минфин", "finance ministry"),
            term=term,
            seen=seen,
        )
    assert refusal.value.kind == "conflict"
    with pytest.raises(GlossaryError, match="it was not deleted"):
        glossary.delete_term(actor=None, term_id=term.pk, seen=seen)
    assert stored() == [("Минфин", "Ministry of Finance", "", ())]


def test_a_second_term_with_the_same_source_is_refused(pair: tuple[str, str]) -> None:
    glossary.save_term(
        actor=None,
        source_language="ru",
        target_language="en",
        entry=Entry("Минфин", "Finance Ministry"),
    )
    with pytest.raises(GlossaryError, match="already has “минфин”"):
        glossary.save_term(
            actor=None,
            source_language="ru",
            target_language="en",
            entry=Entry("минфин", "the ministry"),
        )
    with pytest.raises(GlossaryError, match="two different languages"):
        glossary.save_term(
            actor=None, source_language="ru", target_language="ru", entry=Entry("Минфин", "Минфин")
        )
    with pytest.raises(GlossaryError, match="no language “xx”"):
        glossary.save_term(
            actor=None, source_language="xx", target_language="en", entry=Entry("a", "b")
        )
    assert len(stored()) == 1
