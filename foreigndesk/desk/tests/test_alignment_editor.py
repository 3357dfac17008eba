"""The desk's alignment editor: each correction, its refusals, and what readers see afterwards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, override_settings
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.newsroom import actions
from foreigndesk.newsroom.alignment_editor import alignment_version
from foreigndesk.newsroom.beads import computed_beads, from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

ORIGINAL = [
    {"kind": "paragraph", "text": "Le bac de Sorel reprend son service lundi matin."},
    {"kind": "paragraph", "text": "Le nouveau quai a coûté quatre millions."},
    {"kind": "paragraph", "text": "Les travaux ont duré deux hivers."},
    {"kind": "heading", "text": "Des horaires plus courts"},
    {"kind": "paragraph", "text": "Le dernier départ aura lieu à vingt heures."},
]
TRANSLATION = [
    {"kind": "paragraph", "text": "The Sorel ferry returns to service on Monday morning."},
    {
        "kind": "paragraph",
        "text": "The new quay cost four million after two winters of work.",
    },
    {"kind": "heading", "text": "Shorter hours"},
    {"kind": "paragraph", "text": "The last crossing will leave at eight in the evening."},
    {"kind": "paragraph", "text": "The ferry company did not answer our questions."},
]
# 1-1, 2-1, 1-1, 1-1, then the translator's note as an addition.
ALIGNMENT = from_pairs([([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([], [4])])


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("mirela", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_translation"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def translation():
    original = factories.original(language_code="fr", blocks=ORIGINAL)
    return factories.translation(
        original_obj=original, blocks=TRANSLATION, alignment=[dict(b) for b in ALIGNMENT]
    )


@pytest.fixture
def changes(monkeypatch):
    """The translations announced to the reader site and search by ``translation_changed``."""
    announced: list[int] = []
    original = actions.translation_changed

    def record(*, translation):
        announced.append(translation.pk)
        original(translation=translation)

    monkeypatch.setattr(actions, "translation_changed", record)
    return announced


def editor_url(translation):
    return reverse("desk:alignment", args=[translation.pk])


def edit_url(translation):
    return reverse("desk:alignment_edit", args=[translation.pk])


def recompute_url(translation):
    return reverse("desk:alignment_recompute", args=[translation.pk])


def stored(translation):
    """What the database holds for the translation's alignment: equal means unchanged."""
    return Translation.objects.values_list(
        "alignment", "alignment_origin", "revision", "updated_at", "blocks"
    ).get(pk=translation.pk)


def post_edit(client, translation, operation, bead, **extra):
    data = {"operation": operation, "bead": bead, "version": alignment_version(translation)}
    data.update(extra)
    return client.post(edit_url(translation), data)


def rows_of(response):
    tree = lxml_html.fromstring(response.content)
    return tree.cssselect("#alignment tbody tr")


def pairs_of(translation):
    translation.refresh_from_db()
    return [(bead["original"], bead["translation"]) for bead in translation.alignment]


# Showing the rows


def test_the_editor_shows_each_bead_as_a_numbered_labelled_row(editor_client, translation):
    response = editor_client.get(editor_url(translation))
    assert response.status_code == 200
    rows = rows_of(response)
    assert [row.get("id") for row in rows] == ["row-1", "row-2", "row-3", "row-4", "row-5"]
    assert [row.get("data-kind") for row in rows] == ["1-1", "2-1", "1-1", "1-1", "addition"]
    second = rows[1]
    assert "Le nouveau quai" in second.cssselect(".alignment__original")[0].text_content()
    assert "Les travaux" in second.cssselect(".alignment__original")[0].text_content()
    assert "four million" in second.cssselect(".alignment__translation")[0].text_content()
    original_cell = second.cssselect(".alignment__original")[0]
    assert (original_cell.get("lang"), original_cell.get("dir")) == ("fr", "ltr")
    # Buttons only where the correction applies: no join on the last row, no split on a 1-1.
    assert [b.get("value") for b in rows[0].cssselect("button")] == ["join", "detach"]
    assert [b.get("value") for b in rows[1].cssselect("button")] == [
        "join",
        "split",
        "detach",
        "split",
    ]
    assert [b.get("value") for b in rows[4].cssselect("button")] == []
    cuts = [option.text_content() for option in rows[1].cssselect("select option")]
    assert cuts == ["2 = -, then 3 = 2", "2 = 2, then 3 = -"]
    assert "Not in the original" in rows[4].cssselect(".alignment__original")[0].text_content()
    assert f'value="{alignment_version(translation)}"' in response.content.decode()


def test_right_to_left_original_and_moved_bead(editor_client):
    original = factories.original(
        language_code="ar",
        blocks=[
            {"kind": "paragraph", "text": "افتتحت المكتبة أبوابها صباح اليوم."},
            {"kind": "paragraph", "text": "حضر الافتتاح مئة زائر."},
        ],
    )
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": "A hundred visitors came to the opening."},
            {"kind": "paragraph", "text": "The library opened its doors this morning."},
        ],
        alignment=[
            {"original": [1], "translation": [0], "moved": True},
            {"original": [0], "translation": [1]},
        ],
    )
    rows = rows_of(editor_client.get(editor_url(translation)))
    assert rows[0].get("data-moved") == "true"
    assert "moved" in rows[0].cssselect("th")[0].text_content()
    assert rows[1].get("data-moved") is None
    cell = rows[0].cssselect(".alignment__original")[0]
    assert (cell.get("lang"), cell.get("dir")) == ("ar", "rtl")


def test_with_no_stored_alignment_the_rows_are_block_by_block(editor_client, translation):
    Translation.objects.filter(pk=translation.pk).update(
        alignment=[], alignment_origin=Translation.AlignmentOrigin.ASSUMED
    )
    translation.refresh_from_db()
    rows = rows_of(editor_client.get(editor_url(translation)))
    assert [row.get("data-kind") for row in rows] == ["1-1"] * 5
    response = post_edit(editor_client, translation, "join", 1)
    assert response.status_code == 302
    assert pairs_of(translation) == [
        ([0], [0]),
        ([1, 2], [1, 2]),
        ([3], [3]),
        ([4], [4]),
    ]


def test_the_admin_change_page_links_to_the_editor(admin_client, translation):
    response = admin_client.get(f"/admin/newsroom/translation/{translation.pk}/change/")
    assert f'href="{editor_url(translation)}"' in response.content.decode()


# The corrections


def test_join(editor_client, translation, changes, django_capture_on_commit_callbacks):
    before = stored(translation)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(editor_client, translation, "join", 0)
    assert response.status_code == 302
    assert response["Location"] == editor_url(translation) + "#row-1"
    assert pairs_of(translation) == [([0, 1, 2], [0, 1]), ([3], [2]), ([4], [3]), ([], [4])]
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert translation.revision == before[2] + 1
    assert translation.blocks == before[4]
    assert changes == [translation.pk]
    page = editor_client.get(response["Location"])
    assert len(rows_of(page)) == 4
    assert "Rows 1 and 2 joined into one pair." in page.content.decode()


def test_split_in_order(editor_client, translation, changes):
    response = post_edit(editor_client, translation, "split", 1)
    assert response.status_code == 302
    assert pairs_of(translation) == [
        ([0], [0]),
        ([1], [1]),
        ([2], []),
        ([3], [2]),
        ([4], [3]),
        ([], [4]),
    ]
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert changes == [translation.pk]
    assert "Row 2 split into 2 rows." in editor_client.get(response["Location"]).content.decode()


def test_split_at_a_chosen_cut(editor_client, translation, changes):
    response = post_edit(editor_client, translation, "split", 1, cut="1:0")
    assert response.status_code == 302
    assert pairs_of(translation)[1:3] == [([1], []), ([2], [1])]
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert changes == [translation.pk]


def test_detach(editor_client, translation, changes):
    response = post_edit(editor_client, translation, "detach", 3)
    assert response.status_code == 302
    assert pairs_of(translation) == [
        ([0], [0]),
        ([1, 2], [1]),
        ([3], [2]),
        ([4], []),
        ([], [3]),
        ([], [4]),
    ]
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL
    assert changes == [translation.pk]
    rows = rows_of(editor_client.get(response["Location"]))
    assert [row.get("data-kind") for row in rows][3:5] == ["omission", "addition"]


def test_recompute_asks_first_then_discards_corrections(editor_client, translation, changes):
    post_edit(editor_client, translation, "detach", 0)
    translation.refresh_from_db()
    confirmation = editor_client.get(recompute_url(translation))
    assert confirmation.status_code == 200
    content = confirmation.content.decode()
    assert "Those corrections will be discarded." in content
    assert f'value="{alignment_version(translation)}"' in content
    assert stored(translation)[1] == Translation.AlignmentOrigin.MANUAL

    response = editor_client.post(
        recompute_url(translation), {"version": alignment_version(translation)}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    expected, aligned = computed_beads(
        [b["text"] for b in ORIGINAL],
        [b["text"] for b in TRANSLATION],
        source_lang="fr",
        target_lang="en",
    )
    assert aligned
    assert translation.alignment == expected
    assert translation.alignment_origin == Translation.AlignmentOrigin.COMPUTED
    assert changes == [translation.pk, translation.pk]
    assert "computed again" in editor_client.get(response["Location"]).content.decode()


@override_settings(PAGE_CACHE_SECONDS=600)
def test_a_correction_retires_cached_pages_and_readers_see_the_new_pairs(
    editor_client, translation, django_capture_on_commit_callbacks
):
    reader = Client()
    url = translation.get_absolute_url() + "?mode=side"
    reader.get(url)
    assert reader.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(editor_client, translation, "join", 0)
    assert response.status_code == 302
    response = reader.get(url)
    assert response["X-Page-Cache"] == "miss"
    tree = lxml_html.fromstring(response.content)
    first_original = tree.cssselect("#o0")[0].text_content()
    assert "Le bac de Sorel" in first_original
    assert "Le nouveau quai" in first_original
    assert "four million" in tree.cssselect("#t0")[0].text_content()


def test_an_editors_pairs_are_kept_when_the_text_is_edited_later(admin_client, translation):
    translation.refresh_from_db()
    post_edit(admin_client, translation, "detach", 0)
    translation.refresh_from_db()
    manual = translation.alignment
    response = admin_client.post(
        f"/admin/newsroom/translation/{translation.pk}/change/",
        factories.admin_form_data(
            translation,
            standfirst="",
            editor_note="",
            # A word changed in the first paragraph; the pairs typed nowhere, kept as they are.
            blocks="\n\n".join(
                [
                    "The Sorel ferry is back in service on Monday morning.",
                    *(block["text"] for block in TRANSLATION[1:2]),
                    "## Shorter hours",
                    *(block["text"] for block in TRANSLATION[3:]),
                ]
            ),
            alignment="1 = -\n- = 1\n2, 3 = 2\n4 = 3\n5 = 4\n- = 5",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert translation.blocks[0]["text"].startswith("The Sorel ferry is back")
    assert translation.alignment == manual
    assert translation.alignment_origin == Translation.AlignmentOrigin.MANUAL


# Refusals: each leaves the database as it was


def test_a_stale_edit_is_refused_and_shows_the_current_alignment(
    editor_client, translation, changes
):
    opened = alignment_version(translation)
    # Someone else joins rows 1 and 2 meanwhile.
    actions.edit_alignment(
        translation=translation, operation="join", bead_index=0, expected_version=opened
    )
    changes.clear()
    before = stored(translation)
    response = editor_client.post(
        edit_url(translation), {"operation": "detach", "bead": 3, "version": opened}
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "This alignment was changed by someone else since you opened it" in content
    assert "here is the current one" in content
    assert len(rows_of(response)) == 4
    translation.refresh_from_db()
    assert f'value="{alignment_version(translation)}"' in content
    assert stored(translation) == before
    assert changes == []


def test_a_text_edit_since_opening_makes_the_edit_stale(editor_client, translation):
    opened = alignment_version(translation)
    translation.blocks = [*TRANSLATION[:4], {"kind": "paragraph", "text": "A different note."}]
    translation.save()
    before = stored(translation)
    response = editor_client.post(
        edit_url(translation), {"operation": "join", "bead": 0, "version": opened}
    )
    assert response.status_code == 409
    assert stored(translation) == before


def test_a_stale_recompute_is_refused(editor_client, translation):
    opened = alignment_version(translation)
    post_edit(editor_client, translation, "detach", 0)
    before = stored(translation)
    response = editor_client.post(recompute_url(translation), {"version": opened})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert stored(translation) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"operation": "shuffle", "bead": 0}, "Unknown correction “shuffle”"),
        ({"operation": "", "bead": 0}, "did not say which correction"),
        ({"operation": "join"}, "did not say which row"),
        ({"operation": "join", "bead": "first"}, "given by its number"),
        ({"operation": "join", "bead": -1}, "given by its number"),
        ({"operation": "join", "bead": 5}, "There is no row 6: the alignment has 5 rows."),
        ({"operation": "detach", "bead": 99}, "There is no row 100"),
        ({"operation": "join", "bead": 4}, "Row 5 is the last row"),
        ({"operation": "split", "bead": 0}, "Row 1 is a 1-1 pair: there is nothing to split"),
        ({"operation": "split", "bead": 2, "cut": "1:0"}, "nothing to split"),
        ({"operation": "split", "bead": 1, "cut": "2:1"}, "cannot be cut"),
        ({"operation": "split", "bead": 1, "cut": "after two"}, "Choose where to split"),
        ({"operation": "detach", "bead": 4}, "already a translator's addition"),
        ({"operation": "join", "bead": 0, "version": ""}, "which version"),
    ],
)
def test_bad_input_is_refused_with_a_message(editor_client, translation, changes, data, message):
    before = stored(translation)
    data = {"version": alignment_version(translation), **data}
    response = editor_client.post(edit_url(translation), data)
    assert response.status_code == 400
    error = lxml_html.fromstring(response.content).cssselect("#alignment-error")[0]
    assert message in error.text_content()
    assert len(rows_of(response)) == 5
    assert stored(translation) == before
    assert changes == []


def test_the_action_refuses_an_unknown_operation(translation):
    with pytest.raises(actions.ValidationError, match="Unknown correction"):
        actions.edit_alignment(
            translation=translation,
            operation="reverse",
            bead_index=0,
            expected_version=alignment_version(translation),
        )


@pytest.mark.parametrize("blocks", [None, []])
def test_a_translation_with_nothing_to_align_with(editor_client, changes, blocks):
    original = factories.original(blocks=blocks) if blocks is not None else None
    translation = factories.translation(original_obj=original, blocks=TRANSLATION)
    page = editor_client.get(editor_url(translation))
    assert page.status_code == 200
    assert "nothing to align" in page.content.decode()
    assert rows_of(page) == []
    before = stored(translation)
    response = post_edit(editor_client, translation, "join", 0)
    assert response.status_code == 400
    assert "nothing to align it with" in response.content.decode()
    response = editor_client.post(
        recompute_url(translation), {"version": alignment_version(translation)}
    )
    assert response.status_code == 400
    assert stored(translation) == before
    assert changes == []


def test_pairs_that_no_longer_fit_the_text_are_flagged_and_kept_from_worse(
    editor_client, translation
):
    Translation.objects.filter(pk=translation.pk).update(
        alignment=[*ALIGNMENT, {"original": [], "translation": [7]}]
    )
    translation.refresh_from_db()
    page = editor_client.get(editor_url(translation))
    problem = lxml_html.fromstring(page.content).cssselect("#alignment-problem")[0]
    assert "translation block 7, which does not exist" in problem.text_content()
    before = stored(translation)
    response = post_edit(editor_client, translation, "join", 0)
    assert response.status_code == 400
    assert stored(translation) == before
    # Recomputing puts things right.
    response = editor_client.post(
        recompute_url(translation), {"version": alignment_version(translation)}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.alignment_origin == Translation.AlignmentOrigin.COMPUTED


def test_an_unknown_translation_is_404(editor_client):
    assert editor_client.get("/desk/translations/999999/alignment/").status_code == 404
    response = editor_client.post(
        "/desk/translations/999999/alignment/edit/",
        {"operation": "join", "bead": 0, "version": "x"},
    )
    assert response.status_code == 404


def test_corrections_only_accept_post(editor_client, translation):
    before = stored(translation)
    assert editor_client.get(edit_url(translation)).status_code == 405
    assert editor_client.put(recompute_url(translation)).status_code == 405
    assert editor_client.delete(edit_url(translation)).status_code == 405
    assert stored(translation) == before


def test_a_post_without_the_csrf_token_is_refused(editor, translation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = stored(translation)
    response = post_edit(client, translation, "join", 0)
    assert response.status_code == 403
    assert stored(translation) == before


def test_anonymous_is_sent_to_log_in(client, translation):
    before = stored(translation)
    for response in (
        client.get(editor_url(translation)),
        post_edit(client, translation, "join", 0),
        client.post(recompute_url(translation), {"version": alignment_version(translation)}),
    ):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert stored(translation) == before


@pytest.mark.parametrize(
    ("is_staff", "codename"),
    [
        (True, None),
        (True, "view_translation"),
        (True, "add_original"),
        (False, "view_translation"),
    ],
)
def test_without_the_change_permission_is_403(
    client, django_user_model, translation, is_staff, codename
):
    user = django_user_model.objects.create_user("someone", is_staff=is_staff)
    if codename:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    before = stored(translation)
    assert client.get(editor_url(translation)).status_code == 403
    assert client.get(recompute_url(translation)).status_code == 403
    assert post_edit(client, translation, "join", 0).status_code == 403
    response = client.post(recompute_url(translation), {"version": alignment_version(translation)})
    assert response.status_code == 403
    assert stored(translation) == before


def test_the_version_changes_with_every_save(translation):
    first = alignment_version(translation)
    translation.updated_at += datetime.timedelta(microseconds=1)
    assert alignment_version(translation) != first
    assert re.fullmatch(r"[0-9a-f]{24}", first)


def test_an_editor_needs_no_admin_access_to_correct_pairs(client, translation):
    editor = factories.editor("ines")
    editor.is_staff = False  # no admin access
    editor.save(update_fields=["is_staff"])
    client.force_login(editor)
    assert client.get(editor_url(translation)).status_code == 200
    assert post_edit(client, translation, "join", 0).status_code == 302
