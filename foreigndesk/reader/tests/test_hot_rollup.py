""" "Hot this week" read off the week's rolled-up counts: the same answer as summing the daily
counts, kept exact as reads arrive, and never showing what readers can no longer see."""

import datetime

import pytest
from django.utils import timezone

from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.states import State
from foreigndesk.reader import selectors, tasks
from foreigndesk.reader.actions import record_views, roll_week_views
from foreigndesk.reader.models import DailyViews, HotWindow, WeekViews
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def titles(hot):
    return [(item.translation.title, item.views) for item in hot]


def read(translation, views, *, days_ago=0):
    record_views(
        translation_id=translation.pk,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        views=views,
    )


@pytest.fixture
def week():
    """Five articles read over the last fortnight, some of it before this week."""
    steady = factories.translation(title="Steady")
    old_spike = factories.translation(title="Old spike")
    fresh = factories.translation(title="Fresh")
    unread = factories.translation(title="Unread")
    draft = factories.translation(title="Draft", state=State.IN_REVIEW)
    for age in range(10):
        read(steady, 10, days_ago=age)
    read(old_spike, 1000, days_ago=7)
    read(old_spike, 5, days_ago=6)
    read(fresh, 40)
    read(draft, 9999)
    return {"steady": steady, "old_spike": old_spike, "fresh": fresh, "unread": unread}


def test_the_rolled_week_gives_the_same_box_as_the_daily_counts(week):
    summed = titles(selectors.hot_this_week())
    assert summed == [("Steady", 70), ("Fresh", 40), ("Old spike", 5)]
    assert roll_week_views() is True
    assert HotWindow.objects.get().since == timezone.localdate() - datetime.timedelta(days=6)
    assert titles(selectors.hot_this_week()) == summed
    # Only the week's reads were rolled up: the spike of eight days ago is not counted.
    assert WeekViews.objects.get(translation=week["old_spike"]).views == 5
    assert not WeekViews.objects.filter(translation=week["unread"]).exists()


def test_the_box_reads_two_queries_however_many_articles_were_read(week, django_assert_num_queries):
    for number in range(30):
        read(factories.translation(title=f"Also read {number}"), number + 1, days_ago=number % 7)
    roll_week_views()
    with django_assert_num_queries(2):
        hot = selectors.hot_this_week()
        # What a listed item shows comes with it.
        shown = [(item.translation.title, item.translation.original) for item in hot]
    assert titles(hot)[:2] == [("Steady", 70), ("Fresh", 40)]
    assert len(shown) == 5


def test_reads_after_the_roll_count_at_once_and_a_new_article_can_enter(week):
    roll_week_views()
    newcomer = factories.translation(title="Newcomer")
    read(newcomer, 50)
    read(week["fresh"], 1)
    assert titles(selectors.hot_this_week()) == [
        ("Steady", 70),
        ("Newcomer", 50),
        ("Fresh", 41),
        ("Old spike", 5),
    ]


def test_reads_of_a_day_before_the_week_are_kept_but_not_counted_in_it(week):
    roll_week_views()
    read(week["unread"], 500, days_ago=8)
    assert DailyViews.objects.get(translation=week["unread"]).views == 500
    assert not WeekViews.objects.filter(translation=week["unread"]).exists()
    assert "Unread" not in [title for title, _views in titles(selectors.hot_this_week())]


def test_a_withdrawn_article_leaves_the_box_at_once_and_comes_back_when_restored(
    week, django_capture_on_commit_callbacks
):
    roll_week_views()
    editor = factories.editor()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.withdraw(actor=editor, translation=week["steady"], reason="Retracted.")
    assert titles(selectors.hot_this_week()) == [("Fresh", 40), ("Old spike", 5)]
    with django_capture_on_commit_callbacks(execute=True):
        transitions.restore(actor=editor, translation=week["steady"])
    assert titles(selectors.hot_this_week())[0] == ("Steady", 70)


def test_a_week_rolled_with_no_reads_shows_an_empty_box(django_assert_num_queries):
    factories.translation(title="Nobody read it")
    roll_week_views()
    with django_assert_num_queries(2):
        assert selectors.hot_this_week() == []


def test_an_article_scheduled_for_later_is_not_hot_before_its_time(week):
    later = factories.translation(
        title="Embargoed", published_at=timezone.now() + datetime.timedelta(hours=2)
    )
    roll_week_views()
    read(later, 5000)
    assert WeekViews.objects.get(translation=later).views == 5000  # counted for its time
    assert "Embargoed" not in [title for title, _ in titles(selectors.hot_this_week())]


def test_equally_read_articles_are_listed_newest_first_then_by_id():
    now = timezone.now()
    same_time = now - datetime.timedelta(hours=5)
    older = factories.translation(title="Older", published_at=now - datetime.timedelta(days=2))
    newer = factories.translation(title="Newer", published_at=now - datetime.timedelta(hours=1))
    first = factories.translation(title="Same time, first", published_at=same_time)
    second = factories.translation(title="Same time, second", published_at=same_time)
    for translation in (older, first, newer, second):
        read(translation, 7)
    expected = [
        ("Newer", 7),
        ("Same time, second", 7),
        ("Same time, first", 7),
        ("Older", 7),
    ]
    assert titles(selectors.hot_this_week()) == expected  # summed from the daily counts
    roll_week_views()
    for _ in range(3):
        assert titles(selectors.hot_this_week()) == expected


def test_a_week_that_moved_on_is_summed_until_it_is_rolled_again(week):
    roll_week_views()
    in_two_days = timezone.now() + datetime.timedelta(days=2)
    # Two more days have left the week: the steady article's oldest reads no longer count.
    assert titles(selectors.hot_this_week(now=in_two_days)) == [
        ("Steady", 50),
        ("Fresh", 40),
    ]
    assert roll_week_views(now=in_two_days) is True
    assert HotWindow.objects.get().since == selectors.week_start(in_two_days)
    assert titles(selectors.hot_this_week(now=in_two_days)) == [("Steady", 50), ("Fresh", 40)]
    assert WeekViews.objects.filter(translation=week["old_spike"]).count() == 0


def test_rolling_again_in_the_same_week_changes_nothing_unless_forced(week):
    assert roll_week_views() is True
    assert roll_week_views() is False
    # Counts written in bulk (an import, the demo) bypass the running totals: a forced roll
    # takes them in.
    DailyViews.objects.filter(translation=week["fresh"]).update(views=400)
    assert WeekViews.objects.get(translation=week["fresh"]).views == 40
    assert roll_week_views(force=True) is True
    assert WeekViews.objects.get(translation=week["fresh"]).views == 400
    assert HotWindow.objects.count() == 1


def test_the_periodic_task_rolls_the_week(week):
    assert tasks.roll_week_views.enqueue().return_value is True
    assert tasks.roll_week_views.enqueue().return_value is False
    assert WeekViews.objects.get(translation=week["steady"]).views == 70


def test_a_deleted_translation_takes_its_week_with_it(week):
    roll_week_views()
    week["fresh"].delete()
    assert titles(selectors.hot_this_week()) == [("Steady", 70), ("Old spike", 5)]
