import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from bench.generate import generate
from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.models import Author, Original, Outlet
from foreigndesk.newsroom.models import Credit, Topic, Translation
from foreigndesk.newsroom.states import PUBLIC_STATES
from foreigndesk.reader.models import DailyViews, RelatedArticle

COUNT = 30
NOW = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


def _desk() -> list[tuple[object, ...]]:
    """Everything a seed decides, article by article."""
    return list(
        Translation.objects.order_by("slug").values_list(
            "title",
            "slug",
            "standfirst",
            "blocks",
            "alignment",
            "editor_note",
            "published_at",
            "original__title",
            "original__blocks",
            "original__language",
            "original__outlet__name",
        )
    )


def _empty_the_database() -> None:
    for model in (Translation, Original, Author, Outlet, Contributor, get_user_model(), Topic):
        model.objects.all().delete()
    Language.objects.all().delete()
    Country.objects.all().delete()


@pytest.mark.django_db
def test_creates_the_desk_it_reports():
    report = generate(count=COUNT, seed=3, now=NOW)

    assert Translation.objects.count() == Original.objects.count() == COUNT
    assert report.rows["Translation"] == COUNT
    assert (Outlet.objects.count(), Topic.objects.count(), Contributor.objects.count()) == (
        80,
        40,
        60,
    )
    assert Outlet.objects.filter(domains__isnull=True).count() == 0
    assert Language.objects.get(code="ar").is_rtl
    assert {"ru", "zh", "ja", "ar", "en"} <= set(Language.objects.values_list("code", flat=True))
    oldest = NOW - datetime.timedelta(days=731)
    for translation in Translation.objects.select_related("original"):
        assert translation.state in PUBLIC_STATES
        assert oldest <= translation.published_at <= NOW
        assert 6 <= len(translation.original.blocks) <= 10
        assert translation.original.language_id != "en"
        assert translation.topics.exists()
        assert translation.credits.filter(role=Credit.Role.TRANSLATOR).exists()
    assert RelatedArticle.objects.exists()
    assert report.related == "exact"
    today = timezone.localdate(NOW)
    assert not DailyViews.objects.filter(day__lt=today - datetime.timedelta(days=13)).exists()
    published = {t.get_absolute_url() for t in Translation.objects.published(now=NOW)}
    assert len(report.article_paths) == COUNT
    assert set(report.article_paths) <= published
    assert Country.objects.filter(slug=report.busiest_country).exists()


@pytest.mark.django_db
def test_rows_are_valid_and_alignments_cover_every_block():
    generate(count=COUNT, seed=5, now=NOW, related="approximate")

    translations = Translation.objects.select_related("original__outlet").order_by("id")
    for translation in translations[:10]:
        translation.full_clean()
        translation.original.full_clean()
        translation.original.outlet.full_clean()
    for translation in translations:
        beads = translation.alignment
        original_ids = sorted(i for bead in beads for i in bead["original"])
        translation_ids = sorted(i for bead in beads for i in bead["translation"])
        assert original_ids == list(range(len(translation.original.blocks)))
        assert translation_ids == list(range(len(translation.blocks)))
        # Beads are in the translation's reading order.
        assert translation_ids == [i for bead in beads for i in bead["translation"]]
    # Written in bulk, the translations carry the copy of their outlet and country that
    # listings read, as a save would have given them.
    copies = translations.values_list(
        "outlet_id", "country_id", "original__outlet_id", "original__outlet__country_id"
    )
    assert all(row[:2] == row[2:] and row[1] for row in copies)
    links = RelatedArticle.objects.all()
    assert links.count() > 0
    assert not links.filter(translation_id=F("related_id")).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_desk():
    generate(count=COUNT, seed=7, now=NOW, related="none")
    first = _desk()
    _empty_the_database()
    generate(count=COUNT, seed=7, now=NOW, related="none")
    second = _desk()
    _empty_the_database()
    generate(count=COUNT, seed=8, now=NOW, related="none")

    assert first == second
    assert len({row[1] for row in first}) == COUNT
    assert [row[1] for row in _desk()] != [row[1] for row in first]


@pytest.mark.django_db
def test_refuses_a_database_that_holds_translations():
    generate(count=3, seed=1, now=NOW, related="none")
    with pytest.raises(RuntimeError, match="empty database"):
        generate(count=3, seed=1, now=NOW, related="none")


@pytest.mark.django_db
def test_progress_is_told_of_each_batch_and_the_lines_stop():
    import bench.generate as generator

    told: list[tuple[int, int]] = []
    lines: list[str] = []
    count = generator.BATCH + 5
    generate(
        count=count,
        seed=3,
        now=NOW,
        related="none",
        progress=lambda *a: told.append(a),
        log=lines.append,
    )
    assert told == [(generator.BATCH, count), (count, count)]
    assert not any("translations" in line for line in lines)  # the bar replaces the lines


@pytest.mark.django_db
def test_the_archive_is_searchable_with_a_broad_word_and_its_week_rolled_up():
    from foreigndesk.reader.models import HotWindow, WeekViews
    from foreigndesk.reader.selectors import week_start
    from foreigndesk.search.analysis import is_stop_word
    from foreigndesk.search.selectors import SearchParams, search_articles

    report = generate(count=COUNT, seed=4, now=NOW)
    word = report.search_query
    assert word
    assert not is_stop_word(word)
    found = search_articles(SearchParams(q=word), now=NOW)
    assert found.problem is None
    # Broad: found in a quarter of the articles at least (counted from the texts themselves).
    holding = [
        pk
        for pk, title, blocks in Translation.objects.values_list("pk", "title", "blocks")
        if word in " ".join([title, *(block["text"] for block in blocks)]).lower()
    ]
    assert len(holding) >= COUNT / 4
    assert found.total >= len(holding) / 2
    assert HotWindow.objects.get().since == week_start(NOW)
    assert WeekViews.objects.exists()
    assert report.seconds["search_index"] >= 0
