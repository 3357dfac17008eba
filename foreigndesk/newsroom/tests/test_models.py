import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from foreigndesk.newsroom.actions import add_correction, publish_translation
from foreigndesk.newsroom.beads import check_beads, one_to_one
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.reader.models import RelatedArticle
from foreigndesk.testing import factories


def test_one_to_one_marks_the_leftovers():
    assert one_to_one(3, 2) == [
        {"original": [0], "translation": [0]},
        {"original": [1], "translation": [1]},
        {"original": [2], "translation": []},
    ]
    assert one_to_one(1, 2)[-1] == {"original": [], "translation": [1]}


@pytest.mark.parametrize(
    ("beads", "message"),
    [
        ("nope", "list of beads"),
        ([{"original": [], "translation": []}], "empty on both sides"),
        ([{"original": [5], "translation": [0]}], "does not exist"),
        (
            [{"original": [0], "translation": [0]}, {"original": [0], "translation": [1]}],
            "second time",
        ),
        ([{"original": [0], "other": [0]}], "must have"),
    ],
)
def test_check_beads_refuses(beads, message):
    with pytest.raises(ValidationError, match=message):
        check_beads(beads, 2, 2)


@pytest.mark.django_db
def test_clean_checks_the_alignment_against_the_blocks():
    translation = factories.translation(original_obj=factories.original())
    translation.alignment = [{"original": [7], "translation": [0]}]
    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert "alignment" in error.value.message_dict


@pytest.mark.django_db
def test_a_published_translation_needs_a_time():
    translation = factories.translation(state=State.IN_REVIEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.filter(pk=translation.pk).update(
            state=State.PUBLISHED, published_at=None
        )


@pytest.mark.django_db(transaction=True)
def test_publish_sets_state_time_revision_and_refreshes_related():
    farming = factories.topic("Agriculture")
    factories.translation(title="Grain convoys agreed in Varna", topics=[farming])
    draft = factories.translation(
        title="Varna grain convoys and bread", topics=[farming], state=State.APPROVED
    )
    published = publish_translation(translation=draft)
    assert published.state == State.PUBLISHED
    assert published.published_at is not None
    assert published.revision == draft.revision + 1
    assert RelatedArticle.objects.filter(translation=published).exists()
    with pytest.raises(ValidationError, match="already published"):
        publish_translation(translation=published)


@pytest.mark.django_db
def test_publish_refuses_an_empty_translation():
    draft = factories.translation(state=State.APPROVED, blocks=[])
    with pytest.raises(ValidationError, match="no text"):
        publish_translation(translation=draft)
    draft.refresh_from_db()
    assert draft.state == State.APPROVED


@pytest.mark.django_db
def test_corrections_only_on_published_and_never_empty():
    published = factories.translation()
    correction = add_correction(translation=published, text="The dam is 58 metres high, not 85.")
    published.refresh_from_db()
    assert published.state == State.CORRECTED
    assert correction.translation == published
    with pytest.raises(ValidationError, match="needs a text"):
        add_correction(translation=published, text="  ")
    draft = factories.translation(state=State.IN_REVIEW)
    with pytest.raises(ValidationError, match="Only a published"):
        add_correction(translation=draft, text="Anything")
    assert draft.corrections.count() == 0


@pytest.mark.django_db
def test_feed_names_cannot_be_slugs():
    translation = factories.translation()
    translation.slug = "rss"
    with pytest.raises(ValidationError) as error:
        translation.full_clean()
    assert "slug" in error.value.message_dict
