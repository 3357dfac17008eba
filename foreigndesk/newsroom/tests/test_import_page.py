"""``foreigndesk import-page``: a published bilingual page becomes an original and its translation."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foreigndesk.core.models import Country
from foreigndesk.intake.models import Original, Outlet
from foreigndesk.newsroom import page_import
from foreigndesk.newsroom.models import Credit, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.testing.fixtures import snapshot

from .conftest import DATA

pytestmark = pytest.mark.django_db
PAGES = DATA / "pages"


def run(name: str, *flags: str) -> str:
    out = io.StringIO()
    call_command("import_page", str(PAGES / name), *flags, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_creates_everything_the_page_says():
    output = run("ru-samara-desk.html", "--publish")
    translation = Translation.objects.get()
    original = translation.original
    assert output.startswith(f"Created translation #{translation.pk} “Samara region may cut")
    assert translation.state == State.PUBLISHED
    assert translation.published_at
    assert translation.title == "Samara region may cut three commuter train routes"
    assert translation.editor_note.startswith("The Samara Provincial Duma")
    assert original.language_id == "ru"
    assert original.state == Original.State.ACCEPTED
    assert original.outlet.name == "Volzhskaya Nedelya"
    assert original.outlet.country == Country.objects.get(code="RU")
    assert list(original.outlet.domains.values_list("domain", flat=True)) == [
        "volzhnedelya.example"
    ]
    assert [a.name for a in original.authors.all()] == ["Ирина Белоусова"]
    assert original.published_on.isoformat() == "2026-11-03"
    credits = {(c.role, c.contributor.name) for c in Credit.objects.all()}
    assert credits == {(Credit.Role.TRANSLATOR, "Mira Okafor"), (Credit.Role.EDITOR, "Ruth Calder")}
    # The alignment covers every block of both texts exactly once.
    translation.full_clean()
    used = sorted(i for bead in translation.alignment for i in bead["translation"])
    assert used == list(range(len(translation.blocks)))


def test_without_publish_the_translation_waits_approved():
    run("de-rhine-copied.txt")
    translation = Translation.objects.get()
    assert translation.state == State.APPROVED
    assert translation.published_at is None


def test_existing_people_outlet_and_country_are_reused():
    editor = factories.contributor("Ruth Calder")
    outlet = factories.outlet("Rheinische Abendpost", country_code="DE")
    run("de-rhine-copied.txt")
    translation = Translation.objects.get()
    assert translation.original.outlet == outlet
    assert translation.credits.get(role=Credit.Role.EDITOR).contributor == editor
    assert Outlet.objects.count() == 1
    assert Country.objects.count() == 1


def test_language_missing_from_the_credits_is_identified():
    run("ja-ferry-copied.txt")
    assert Translation.objects.get().original.language_id == "ja"


def test_unknown_country_leaves_the_outlet_unconfirmed():
    run("uk-grid-copied.txt")
    outlet = Translation.objects.get().original.outlet
    assert outlet.country is None
    assert not outlet.confirmed


def test_every_fixture_imports_but_the_one_without_an_original():
    imported = 0
    for path in sorted(PAGES.iterdir()):
        if path.name == "es-no-original.txt":
            continue
        call_command("import_page", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        imported += 1
    assert Translation.objects.count() == imported == 17
    assert Original.objects.filter(language__direction="rtl").count() == 3


def test_a_broken_date_is_a_warning_not_a_failure():
    err = io.StringIO()
    call_command(
        "import_page", str(PAGES / "pl-broken-date.html"), stdout=io.StringIO(), stderr=err
    )
    assert "sometime last week" in err.getvalue()
    assert Translation.objects.get().original.published_on is None


def test_the_same_page_is_not_imported_twice():
    run("ar-water-cms.html")
    before = snapshot()
    with pytest.raises(CommandError, match="Already in the desk"):
        run("ar-water-cms.html")
    assert snapshot() == before


def test_a_page_without_its_original_changes_nothing(unchanged):
    with pytest.raises(CommandError, match="original part cannot be found"):
        run("es-no-original.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (bytes([0x80 + (i * 37) % 0x7F for i in range(600)]), "encoding"),
    ],
    ids=["empty", "binary", "undecidable-encoding"],
)
def test_bad_files_change_nothing(unchanged, tmp_path, data, message):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("import_page", str(path), stdout=io.StringIO())


def test_page_in_an_undeclared_legacy_encoding(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes((PAGES / "uk-grid-copied.txt").read_text("utf-8").encode("cp1251"))
    run_path = str(path)
    call_command("import_page", run_path, stdout=io.StringIO(), stderr=io.StringIO())
    assert Translation.objects.get().original.title.startswith("Бригади")


def test_alignment_falls_back_to_block_by_block_when_the_aligner_refuses(monkeypatch):
    from foreigndesk.alignment import AlignmentError
    from foreigndesk.newsroom import beads as newsroom_beads

    def refuse(*args, **kwargs):
        raise AlignmentError("cannot align these")

    monkeypatch.setattr(newsroom_beads, "align", refuse)
    beads, computed = page_import.align_blocks(
        ["a", "b", "c"], ["x", "y"], source_lang="de", target_lang="en"
    )
    assert not computed
    assert beads == [
        {"original": [0], "translation": [0]},
        {"original": [1], "translation": [1]},
        {"original": [2], "translation": []},
    ]


def test_alignment_uses_the_aligner():
    beads, computed = page_import.align_blocks(
        ["Erster Absatz über Züge im Winter.", "Zweiter Absatz mit 612 Millionen Rubel."],
        ["First paragraph about trains in winter.", "Second paragraph with 612 million roubles."],
        source_lang="de",
        target_lang="en",
    )
    assert computed
    assert beads == [{"original": [0], "translation": [0]}, {"original": [1], "translation": [1]}]


def test_several_pages_at_once_each_whole_or_not_at_all():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 3 pages were not imported"):
        call_command(
            "import_page",
            str(PAGES / "de-rhine-copied.txt"),
            str(PAGES / "es-no-original.txt"),
            str(PAGES / "tr-bare.txt"),
            stdout=out,
            stderr=err,
        )
    assert out.getvalue().count("Created translation") == 2
    assert "es-no-original.txt: The original part cannot be found" in err.getvalue()
    assert Translation.objects.count() == 2


@pytest.mark.parametrize(
    "name", ["ru-samara-desk.html", "ar-water-cms.html", "ja-ferry-copied.txt"]
)
def test_an_imported_page_reads_side_by_side_along_its_alignment(client, name):
    from lxml import html as lxml_html

    call_command(
        "import_page", str(PAGES / name), "--publish", stdout=io.StringIO(), stderr=io.StringIO()
    )
    translation = Translation.objects.get()
    response = client.get(translation.get_absolute_url(), {"mode": "side"})
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    original = tree.cssselect(".parallel__original")[0]
    assert original.get("lang") == translation.original.language_id
    beads = translation.alignment
    # One row a bead on each side; a bead with an empty side shows as a marked gap.
    assert len(tree.cssselect(".parallel__translation > .bead")) == len(beads)
    assert len(tree.cssselect(".parallel__original > .bead")) == len(beads)
    omissions = sum(1 for bead in beads if bead["original"] and not bead["translation"])
    additions = sum(1 for bead in beads if bead["translation"] and not bead["original"])
    assert len(tree.cssselect(".bead--omission")) == omissions
    assert len(tree.cssselect(".bead--addition")) == additions


def test_a_left_out_paragraph_and_a_translators_note_are_found_and_marked(client):
    call_command(
        "import_page",
        str(PAGES / "de-gaps-copied.txt"),
        "--publish",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    translation = Translation.objects.get()
    assert [(b["original"], b["translation"]) for b in translation.alignment] == [
        ([0], [0]),
        ([], [1]),
        ([1], [2]),
        ([2], []),
        ([3], [3]),
    ]
    body = client.get(translation.get_absolute_url(), {"mode": "side"}).content.decode()
    assert "1 paragraph not translated" in body
    assert "1 translator&#x27;s addition" in body or "1 translator's addition" in body


def test_an_unsigned_editorial_creates_no_person_and_an_empty_language_slot_is_identified():
    err = io.StringIO()
    call_command(
        "import_page",
        str(PAGES / "de-ferry-editorial-copied.txt"),
        stdout=io.StringIO(),
        stderr=err,
    )
    original = Translation.objects.get().original
    assert original.language_id == "de"
    assert not original.authors.exists()
    assert original.published_on.isoformat() == "2024-03-12"
    assert "The credits name no language" in err.getvalue()
    credits = {(c.role, c.contributor.name) for c in Credit.objects.all()}
    assert credits == {(Credit.Role.TRANSLATOR, "Jonas Berg"), (Credit.Role.EDITOR, "Ruth Calder")}


def test_a_region_gives_the_outlet_no_country_and_a_warning():
    err = io.StringIO()
    call_command(
        "import_page",
        str(PAGES / "ar-desalination-pan-arab.html"),
        stdout=io.StringIO(),
        stderr=err,
    )
    original = Translation.objects.get().original
    assert original.outlet.country is None
    assert not Country.objects.exists()
    assert "“Pan Arab” is a region" in err.getvalue()
    assert not original.authors.exists()


def test_a_country_written_as_sites_write_it():
    run("ar-heat-uae-copied.txt")
    original = Translation.objects.get().original
    assert original.outlet.country == Country.objects.get(code="AE")
    assert original.language_id == "ar"
    assert [a.name for a in original.authors.all()] == ["Karim Mansour"]
    assert original.published_on.isoformat() == "2024-03-12"


def test_the_desks_own_page_with_a_lead_imports_title_lead_and_header(client):
    article = factories.full_article(
        title="Barges wait on a shallow Rhine",
        standfirst="Low water strands cargo between Mainz and Koblenz.",
        editor_note="Why we translated this.",
    )
    html = client.get(article.get_absolute_url()).content
    # The same article, read back from its page as another desk would import it.
    Translation.objects.all().delete()
    Original.objects.all().delete()
    result = page_import.import_bilingual_page(data=html)
    translation = Translation.objects.get(pk=result.translation.pk)
    assert translation.title == "Barges wait on a shallow Rhine"
    assert translation.standfirst == "Low water strands cargo between Mainz and Koblenz."
    assert translation.editor_note == "Why we translated this."
    assert translation.original.outlet.name == "Rheinische Abendpost"
    assert [c.contributor.name for c in translation.credits.order_by("role", "position")] == [
        "Ruth Calder",
        "Jonas Berg",
    ]
    assert translation.blocks == article.blocks
