import datetime

import pytest
from django.utils import timezone

from foreigndesk.newsroom import published
from foreigndesk.newsroom.states import State
from foreigndesk.reader import selectors
from foreigndesk.reader.actions import record_views, refresh_related
from foreigndesk.reader.models import DailyViews, RelatedArticle
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def test_hot_this_week_sums_the_trailing_seven_days():
    today = timezone.localdate()
    steady = factories.translation(title="Steady")
    spike_long_ago = factories.translation(title="Old spike")
    draft = factories.translation(title="Draft", state=State.IN_REVIEW)
    for age in range(7):
        record_views(translation_id=steady.pk, day=today - datetime.timedelta(days=age), views=10)
    record_views(
        translation_id=spike_long_ago.pk, day=today - datetime.timedelta(days=7), views=1000
    )
    record_views(translation_id=spike_long_ago.pk, day=today, views=5)
    record_views(translation_id=draft.pk, day=today, views=9999)
    hot = selectors.hot_this_week()
    assert [(item.translation.title, item.views) for item in hot] == [
        ("Steady", 70),
        ("Old spike", 5),
    ]


def test_hot_this_week_respects_the_limit_and_skips_unread():
    today = timezone.localdate()
    factories.translation(title="Never read")
    for number in range(8):
        translation = factories.translation(title=f"T{number}")
        record_views(translation_id=translation.pk, day=today, views=number + 1)
    hot = selectors.hot_this_week(limit=5)
    assert [item.translation.title for item in hot] == ["T7", "T6", "T5", "T4", "T3"]


def test_record_views_adds_to_the_days_count():
    translation = factories.translation()
    day = timezone.localdate()
    record_views(translation_id=translation.pk, day=day)
    record_views(translation_id=translation.pk, day=day, views=4)
    assert DailyViews.objects.get(translation=translation, day=day).views == 5


def test_related_articles_find_the_same_event_across_outlets():
    energy = factories.topic("Energy")
    farming = factories.topic("Agriculture")
    grain_de = factories.translation(
        title="Varna talks agree grain convoys",
        blocks=[
            {
                "kind": "paragraph",
                "text": "Delegations in Varna agreed insured grain convoys and an inspection centre in Istanbul.",
            }
        ],
        topics=[farming],
    )
    grain_eg = factories.translation(
        title="Cairo hopes Varna convoys cut the wheat bill",
        blocks=[
            {
                "kind": "paragraph",
                "text": "Importers expect the Varna convoys of grain ships to cut insurance costs.",
            }
        ],
        topics=[farming],
    )
    transformers = factories.translation(
        title="Transformer shortage delays wind farms",
        blocks=[
            {"kind": "paragraph", "text": "Grid operators wait years for large power transformers."}
        ],
        topics=[energy],
    )
    factories.translation(
        title="Withdrawn grain story",
        state=State.WITHDRAWN,
        published_at=timezone.now(),
        topics=[farming],
    )
    refresh_related()
    related = selectors.related_articles(grain_de)
    assert related[0] == grain_eg
    assert transformers not in related[:1]
    assert all(item.state != State.WITHDRAWN for item in related)
    assert not RelatedArticle.objects.filter(translation=grain_de, related=grain_de).exists()


def test_topics_in_use_counts_only_published():
    energy = factories.topic("Energy")
    factories.topic("Unused")
    factories.translation(topics=[energy])
    factories.translation(topics=[energy], state=State.SUGGESTED)
    assert [(t.name, t.published_count) for t in published.topics()] == [("Energy", 1)]


def test_refreshing_around_one_article_matches_a_full_recompute():
    from foreigndesk.reader.actions import refresh_related_around

    farming, energy = factories.topic("Agriculture"), factories.topic("Energy")
    texts = [
        (
            "Varna convoys agreed",
            "Grain convoys insured in Varna with inspection in Istanbul.",
            farming,
        ),
        ("Egypt bread and Varna", "Wheat importers hope Varna grain convoys cut costs.", farming),
        (
            "Transformers scarce",
            "Grid operators wait for power transformers for wind farms.",
            energy,
        ),
        ("Wind farm waits", "An offshore wind farm waits for its transformers and cables.", energy),
    ]
    made = [
        factories.translation(
            title=title, blocks=[{"kind": "paragraph", "text": body}], topics=[topic]
        )
        for title, body, topic in texts
    ]
    refresh_related()
    late = factories.translation(
        title="Turkey readies Varna inspection centre",
        blocks=[
            {
                "kind": "paragraph",
                "text": "Istanbul prepares the inspection centre for Varna grain convoys.",
            }
        ],
        topics=[farming],
    )
    refresh_related_around(translation_id=late.pk)
    incremental = set(RelatedArticle.objects.values_list("translation_id", "related_id", "rank"))
    refresh_related()
    full = set(RelatedArticle.objects.values_list("translation_id", "related_id", "rank"))
    assert incremental == full
    assert selectors.related_articles(made[0])[0] in (late, made[1])
