"""The aligner in the product: computed on publishing and editing, an editor's pairs kept."""

import pytest
from django.core.management import call_command

from foreigndesk.newsroom.actions import publish_translation
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

ORIGINAL = [
    {
        "kind": "paragraph",
        "text": "Am 9. November trafen sich in Varna Delegationen aus neun Staaten.",
    },
    {"kind": "paragraph", "text": "Sie einigten sich auf Konvois mit 40 Schiffen pro Woche."},
    {"kind": "paragraph", "text": "Die Inspektion soll in Istanbul stattfinden."},
    {"kind": "paragraph", "text": "Die Unterzeichnung ist für Februar 2027 geplant."},
]
TRANSLATION = [
    {"kind": "paragraph", "text": "On 9 November delegations from nine states met in Varna."},
    {
        "kind": "paragraph",
        "text": "They agreed on convoys of 40 ships a week, with inspection in Istanbul.",
    },
    {"kind": "paragraph", "text": "Signing is planned for February 2027."},
]


@pytest.mark.django_db
def test_publishing_aligns_the_translation_with_its_original():
    original = factories.original(blocks=ORIGINAL)
    draft = factories.translation(original_obj=original, blocks=TRANSLATION, state=State.APPROVED)
    published = publish_translation(translation=draft)
    assert published.alignment_origin == Translation.AlignmentOrigin.COMPUTED
    assert published.alignment == [
        {"original": [0], "translation": [0]},
        {"original": [1, 2], "translation": [1]},
        {"original": [3], "translation": [2]},
    ]


@pytest.mark.django_db
def test_an_editors_alignment_is_kept_when_publishing():
    original = factories.original(blocks=ORIGINAL)
    manual = [
        {"original": [0, 1], "translation": [0]},
        {"original": [2], "translation": [1]},
        {"original": [3], "translation": [2]},
    ]
    draft = factories.translation(
        original_obj=original, blocks=TRANSLATION, alignment=manual, state=State.APPROVED
    )
    Translation.objects.filter(pk=draft.pk).update(
        alignment_origin=Translation.AlignmentOrigin.MANUAL
    )
    draft.refresh_from_db()
    published = publish_translation(translation=draft)
    assert published.alignment == manual


@pytest.mark.django_db
def test_editing_the_text_in_the_admin_realigns(client, admin_user):
    original = factories.original(blocks=ORIGINAL)
    translation = factories.translation(original_obj=original, blocks=TRANSLATION)
    client.force_login(admin_user)
    data = factories.admin_form_data(
        translation,
        # The second paragraph split in two: four translation paragraphs now.
        blocks=(
            "On 9 November delegations from nine states met in Varna.\n\n"
            "They agreed on convoys of 40 ships a week.\n\n"
            "Inspection will take place in Istanbul.\n\n"
            "Signing is planned for February 2027."
        ),
    )
    response = client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.alignment_origin == Translation.AlignmentOrigin.COMPUTED
    assert [(b["original"], b["translation"]) for b in translation.alignment] == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2]),
        ([3], [3]),
    ]


def test_align_command_prints_beads(tmp_path, capsys):
    original = tmp_path / "a.de"
    translation = tmp_path / "a.fr"
    original.write_text("Der Hund schläft.\n\nDie Katze spielt im Garten.\n", encoding="utf-8")
    translation.write_text("Le chien dort.\nLe chat joue dans le jardin.\n", encoding="utf-8")
    call_command("align", str(original), str(translation), "--source-lang", "de")
    assert capsys.readouterr().out.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_align_command_refuses_a_binary_file(tmp_path, capsys):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02\x03binary")
    text = tmp_path / "x.txt"
    text.write_text("One line.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        call_command("align", str(binary), str(text))
    assert stop.value.code == 2
    assert "binary" in capsys.readouterr().err
