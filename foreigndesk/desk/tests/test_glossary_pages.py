"""The glossary's desk pages and the checks page: editors keep the glossary (add, change,
delete, import, export) with stale changes refused; translators read it; an editor makes a check
blocking, and a translation that fails it cannot be submitted; the workbench shows the terms of
each segment and what the checks find."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.desk.actions import make_move
from foreigndesk.newsroom.models import AuditEvent, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import IllegalMove
from foreigndesk.testing import factories
from foreigndesk.workbench import assist, glossary
from foreigndesk.workbench.models import CheckRule, GlossaryTerm
from foreigndesk.workbench.segments import current_segments, key_of

from .conftest import People, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def fr_en() -> None:
    factories.language("fr")
    factories.language("en")


def terms() -> list[tuple[str, str, str, str]]:
    return list(
        GlossaryTerm.objects.order_by("source_term").values_list(
            "source_term", "target_term", "note", "forbidden"
        )
    )


def test_an_editor_adds_changes_and_deletes_a_term(people: People, fr_en: None) -> None:
    editor = client_for(people.editor)
    assert editor.get(reverse("desk:glossary_add") + "?source=fr&target=en").status_code == 200
    response = editor.post(
        reverse("desk:glossary_add"),
        {
            "source": "fr",
            "target": "en",
            "source_term": "bac",
            "target_term": "ferry",
            "forbidden": "tub\nvat",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:glossary") + "?source=fr&target=en"
    assert terms() == [("bac", "ferry", "", "tub\nvat")]
    listing = editor.get(response["Location"]).content.decode()
    assert "ferry" in listing
    assert "tub, vat" in listing

    term = GlossaryTerm.objects.get()
    edit_url = reverse("desk:glossary_edit", args=[term.pk])
    tree = lxml_html.fromstring(editor.get(edit_url).content)
    seen = tree.xpath("//input[@name='seen']/@value")[0]
    change = {
        "source": "fr",
        "target": "en",
        "source_term": "bac",
        "target_term": "ferry boat",
        "seen": seen,
    }
    assert editor.post(edit_url, change).status_code == 302
    # The same page posted again is stale now: refused, nothing changed.
    stale = editor.post(edit_url, {**change, "target_term": "crossing"})
    assert stale.status_code == 409
    assert "was changed after you opened the page" in stale.content.decode()
    assert terms() == [("bac", "ferry boat", "", "")]
    refused = editor.post(reverse("desk:glossary_delete", args=[term.pk]), {"seen": seen})
    assert refused.status_code == 409
    fresh = glossary.version_of(GlossaryTerm.objects.get())
    assert (
        editor.post(reverse("desk:glossary_delete", args=[term.pk]), {"seen": fresh}).status_code
        == 302
    )
    assert terms() == []
    trail = list(AuditEvent.objects.filter(actor=people.editor).values_list("action", "comment"))
    assert trail == [
        ("glossary_add", "fr>en: bac → ferry"),
        ("glossary_change", "fr>en: bac → ferry boat"),
        ("glossary_delete", "fr>en: bac"),
    ]


def test_bad_term_forms_are_refused_with_the_problem_named(people: People, fr_en: None) -> None:
    editor = client_for(people.editor)
    glossary.save_term(
        actor=None, source_language="fr", target_language="en", entry=glossary.Entry("bac", "ferry")
    )
    for data, problem in [
        (
            {"source": "fr", "target": "en", "source_term": "", "target_term": "x"},
            "Write the term of the original.",
        ),
        (
            {"source": "fr", "target": "fr", "source_term": "quai", "target_term": "quai"},
            "A glossary pairs two different languages.",
        ),
        (
            {"source": "zz", "target": "en", "source_term": "quai", "target_term": "quay"},
            "“zz” is not a language of the desk.",
        ),
        (
            {"source": "fr", "target": "en", "source_term": "Bac", "target_term": "boat"},
            "The glossary already has “Bac”",
        ),
    ]:
        response = editor.post(reverse("desk:glossary_add"), data)
        assert response.status_code == 400, data
        assert problem in response.content.decode()
    assert terms() == [("bac", "ferry", "", "")]


def test_translators_read_the_glossary_but_do_not_change_it(people: People, fr_en: None) -> None:
    glossary.save_term(
        actor=None, source_language="fr", target_language="en", entry=glossary.Entry("bac", "ferry")
    )
    translator = client_for(people.translator)
    page = translator.get(reverse("desk:glossary") + "?source=fr&target=en")
    assert page.status_code == 200
    assert "ferry" in page.content.decode()
    assert "Add a term" not in page.content.decode()
    assert (
        translator.post(
            reverse("desk:glossary_add"),
            {"source": "fr", "target": "en", "source_term": "quai", "target_term": "quay"},
        ).status_code
        == 403
    )
    assert client_for(people.nobody).get(reverse("desk:glossary")).status_code == 403
    assert terms() == [("bac", "ferry", "", "")]


def test_import_and_export_through_the_pages(people: People, fr_en: None) -> None:
    editor = client_for(people.editor)
    upload = SimpleUploadedFile(
        "fr-en.csv",
        b"source,target,note,forbidden\nbac,ferry,the river ferry,tub\nquai,quay,,\n",
    )
    response = editor.post(
        reverse("desk:glossary_import"), {"source": "fr", "target": "en", "file": upload}
    )
    assert response.status_code == 302
    assert terms() == [("bac", "ferry", "the river ferry", "tub"), ("quai", "quay", "", "")]
    exported = editor.get(reverse("desk:glossary_export", args=["tbx"]) + "?source=fr&target=en")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="glossary-fr-en.tbx"'
    GlossaryTerm.objects.all().delete()
    again = SimpleUploadedFile("fr-en.tbx", exported.content)
    assert (
        editor.post(
            reverse("desk:glossary_import"), {"source": "fr", "target": "en", "file": again}
        ).status_code
        == 302
    )
    assert terms() == [("bac", "ferry", "the river ferry", "tub"), ("quai", "quay", "", "")]
    csv = client_for(people.translator).get(
        reverse("desk:glossary_export", args=["csv"]) + "?source=fr&target=en"
    )
    assert csv.content.decode().splitlines()[1] == "bac,ferry,the river ferry,tub"


def test_a_bad_file_through_the_page_is_named_and_changes_nothing(
    people: People, fr_en: None
) -> None:
    editor = client_for(people.editor)
    glossary.save_term(
        actor=None, source_language="fr", target_language="en", entry=glossary.Entry("bac", "ferry")
    )
    for name, data, problem in [
        (
            "double.csv",
            b"source,target\nquai,quay\nquai,wharf\n",
            "double.csv: Line 3: “quai” is already in the file (line 2)",
        ),
        ("broken.tbx", b"<martif><text>", "broken.tbx: The TBX file cannot be read"),
        (
            "latin.csv",
            "source,target\nécluse,lock\n".encode("latin-1"),
            "latin.csv: The file is not UTF-8 text",
        ),
        (
            "notes.txt",
            b"source,target\n",
            "“notes.txt” is neither a TBX (.tbx) nor a CSV (.csv) file.",
        ),
    ]:
        upload = SimpleUploadedFile(name, data)
        response = editor.post(
            reverse("desk:glossary_import"), {"source": "fr", "target": "en", "file": upload}
        )
        assert response.status_code == 400, name
        assert problem in response.content.decode(), name
    assert terms() == [("bac", "ferry", "", "")]


def test_an_editor_makes_a_check_blocking_and_the_translation_cannot_be_submitted(
    translation: Translation, people: People
) -> None:
    editor = client_for(people.editor)
    checks_page = editor.get(reverse("desk:checks")).content.decode()
    assert "Numbers and dates" in checks_page
    assert "Make it block submission" in checks_page
    assert (
        client_for(people.translator)
        .post(reverse("desk:check_rule", args=["empty"]), {"blocking": "1"})
        .status_code
        == 403
    )
    assert (
        editor.post(reverse("desk:check_rule", args=["nothing"]), {"blocking": "1"}).status_code
        == 404
    )
    assert (
        editor.post(reverse("desk:check_rule", args=["empty"]), {"blocking": "maybe"}).status_code
        == 400
    )
    assert not CheckRule.objects.exists()
    assert (
        editor.post(reverse("desk:check_rule", args=["empty"]), {"blocking": "1"}).status_code
        == 302
    )
    assert CheckRule.objects.get().blocking
    assert AuditEvent.objects.filter(action="check_rule", actor=people.editor).get().comment == (
        "empty: blocks submission"
    )

    # The quotation is not translated: the blocking check keeps the translation from review.
    with pytest.raises(IllegalMove, match="Segment 3 is not translated yet") as refusal:
        make_move(
            name="submit", actor=people.translator, translation=translation, seen=None, data={}
        )
    assert "These checks block submission" in str(refusal.value)
    translation.refresh_from_db()
    assert translation.state == State.IN_TRANSLATION

    segments, _ = current_segments(translation)
    quote = next(s for s in segments if "Nous attendions" in s.source)
    url = reverse("desk:segment_save", args=[translation.pk, quote.position])
    response = client_for(people.translator).post(
        url,
        {
            "key": key_of(quote),
            "version": quote.version,
            "revision": translation.revision,
            "target": "“We have waited two winters for this day,” the mayor says.",
            "step": "confirm",
        },
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert assist.submission_blockers(translation) == []
    make_move(name="submit", actor=people.translator, translation=translation, seen=None, data={})
    translation.refresh_from_db()
    assert translation.state == State.IN_REVIEW


def test_a_warning_check_does_not_block(translation: Translation, people: People) -> None:
    CheckRule.objects.create(check_id="empty", blocking=False)
    assert assist.submission_blockers(translation) == []


def test_the_workbench_shows_terms_and_findings_per_segment(
    translation: Translation, people: People
) -> None:
    glossary.save_term(
        actor=None,
        source_language="fr",
        target_language="en",
        entry=glossary.Entry("bac", "ferry", "The river ferry, not a tub."),
    )
    glossary.save_term(
        actor=None,
        source_language="fr",
        target_language="en",
        entry=glossary.Entry("départ", "departure"),
    )
    response = client_for(people.translator).get(reverse("desk:workbench", args=[translation.pk]))
    tree = lxml_html.fromstring(response.content)
    first = tree.get_element_by_id("s-0")
    assert "bac → ferry" in " ".join(first.text_content().split())
    last = next(
        li for li in tree.xpath("//li[@data-position]") if "dernier départ" in li.text_content()
    )
    checks = [li.get("data-check") for li in last.xpath(".//li[contains(@class,'finding')]")]
    # "The last crossing leaves at eight": the glossary's "departure" is not used.
    assert "glossary" in checks
    summary = tree.get_element_by_id("checks")
    assert "Paragraph 3 of the original has no counterpart in the translation." in (
        summary.text_content()
    )
    # The whole article's findings by segment, each linking to its segment.
    links = summary.xpath(".//details//a")
    assert any(
        a.get("href") == f"?at={last.get('data-position')}#s-{last.get('data-position')}"
        and "glossary translates “départ” as “departure”" in a.text_content()
        for a in links
    )
