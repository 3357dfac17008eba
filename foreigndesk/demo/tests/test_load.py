import datetime
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.demo.actions import (
    DEMO_ADMIN,
    DEMO_EDITOR,
    DEMO_PASSWORD,
    DEMO_TRANSLATOR,
    load_demo,
)
from foreigndesk.demo.content import read_articles, read_desk_work
from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import Correction, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.reader.selectors import hot_this_week

EMPTY_SLOTS = re.compile(
    r"from by|from \.|by \.|by and|\(\)|on by|Published in  |Translated by \.|Edited by \."
)


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_demo()
    before = counts()
    second = load_demo()
    suggestions, works = read_desk_work()
    assert first.created == len(read_articles())
    assert first.work_created == len(suggestions) + len(works)
    assert (second.created, second.work_created) == (0, 0)
    assert second.existing == first.created
    assert counts() == before


@pytest.mark.django_db
def test_work_in_progress_at_every_stage():
    load_demo()
    translations = Translation.objects.filter(kind=Translation.Kind.TRANSLATION)
    by_state = Counter(translations.values_list("state", flat=True))
    assert by_state == {
        State.PUBLISHED: 25,
        State.CORRECTED: 3,
        State.IN_TRANSLATION: 2,
        State.IN_REVIEW: 1,
        State.CHANGES_REQUESTED: 1,
        State.APPROVED: 1,
        State.WITHDRAWN: 1,
    }
    suggested = Original.objects.filter(state=Original.State.SUGGESTED)
    assert suggested.count() == 3
    assert len({original.language_id for original in suggested}) == 3
    # Claimed drafts, partly translated: fewer blocks than their originals, each claimed.
    for draft in Translation.objects.filter(state=State.IN_TRANSLATION):
        assert draft.claimed_by is not None
        assert 0 < len(draft.blocks) < len(draft.original.blocks)
    in_review = Translation.objects.get(state=State.IN_REVIEW)
    assert in_review.comments.count() == 2
    assert in_review.claimed_by.username == DEMO_TRANSLATOR
    scheduled = Translation.objects.get(state=State.APPROVED)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert timezone.localtime(scheduled.scheduled_at).date() == tomorrow
    assert scheduled.approved_by.username == DEMO_EDITOR
    withdrawn = Translation.objects.get(state=State.WITHDRAWN)
    assert withdrawn.withdrawal_reason.startswith("The outlet has withdrawn its report")
    assert Correction.objects.filter(block_index__isnull=False).count() == 3


@pytest.mark.django_db
def test_the_work_went_through_the_desks_moves():
    load_demo()
    withdrawn = Translation.objects.get(state=State.WITHDRAWN)
    assert list(withdrawn.audit_events.values_list("action", flat=True)) == [
        "accept",
        "claim",
        "start",
        "edit",
        "submit",
        "approve",
        "publish",
        "withdraw",
    ]
    changes = Translation.objects.get(state=State.CHANGES_REQUESTED)
    assert changes.audit_events.last().comment.startswith("Paragraph 3:")
    assigned = Translation.objects.get(claimed_by__username="mira.okafor")
    assert "assign" in set(assigned.audit_events.values_list("action", flat=True))


@pytest.mark.django_db
def test_the_withdrawn_article_answers_410_and_the_scheduled_one_is_previewed():
    load_demo()
    withdrawn = Translation.objects.get(state=State.WITHDRAWN)
    response = Client().get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    assert b"The outlet has withdrawn its report" in response.content
    scheduled = Translation.objects.get(state=State.APPROVED)
    editor = Client()
    assert editor.login(username=DEMO_EDITOR, password=DEMO_PASSWORD)
    response = editor.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview: not published" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "group", "allowed", "refused"),
    [
        (
            DEMO_TRANSLATOR,
            "translator",
            "newsroom.claim_translation",
            "newsroom.review_translation",
        ),
        (DEMO_EDITOR, "editor", "newsroom.publish_translation", "auth.change_user"),
        (DEMO_ADMIN, "admin", "auth.change_user", None),
    ],
)
def test_command_reports_the_logins_and_each_works_in_its_role(
    capsys, username, group, allowed, refused
):
    call_command("demo")
    out = capsys.readouterr().out
    assert "articles created" in out
    assert f"{username} / {DEMO_PASSWORD}" in out
    user = get_user_model().objects.get(username=username)
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.has_perm(allowed)
    assert refused is None or not user.has_perm(refused)
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    assert client.get("/admin/newsroom/translation/").status_code == 200


@pytest.mark.django_db
def test_every_demo_article_renders_with_no_empty_credit_slot(client):
    load_demo()
    assert hot_this_week()
    for translation in Translation.objects.published().filter(kind=Translation.Kind.TRANSLATION):
        for mode in ("stacked", "side"):
            response = client.get(translation.get_absolute_url(), {"mode": mode})
            assert response.status_code == 200, translation.slug
            tree = lxml_html.fromstring(response.content)
            header = " ".join(tree.cssselect(".article__header")[0].text_content().split())
            assert not EMPTY_SLOTS.search(header), (translation.slug, header)
            assert tree.cssselect(".credits"), translation.slug
            section = tree.cssselect(".parallel__original")[0]
            assert section.get("lang") == translation.original.language_id
            assert section.get("dir") == translation.original.language.direction
            blocks = len(tree.cssselect(".parallel__original .block"))
            assert blocks == len(translation.original.blocks), translation.slug
            assert len(tree.cssselect(".parallel__translation .block")) == len(translation.blocks)
        assert tree.cssselect("#related-heading"), translation.slug


@pytest.mark.django_db
def test_the_memory_learns_the_archive_and_offers_a_match_on_the_translators_draft():
    from foreigndesk.workbench.assist import helper_for
    from foreigndesk.workbench.models import MemoryEntry
    from foreigndesk.workbench.segments import current_segments

    load_demo()
    entries = MemoryEntry.objects.count()
    assert entries > 500
    assert set(MemoryEntry.objects.values_list("origin", flat=True)) == {"archive"}
    draft = Translation.objects.get(
        claimed_by__username=DEMO_TRANSLATOR, state=State.IN_TRANSLATION
    )
    segments, _ = current_segments(draft)
    at_hand = next(s for s in segments if s.source.startswith("Две недели подряд"))
    matches = helper_for(draft).matches(at_hand)
    assert matches
    assert 80 <= matches[0].similarity < 100
    assert "batteries failed at minus forty" in matches[0].target
    load_demo()
    assert MemoryEntry.objects.count() == entries


@pytest.mark.django_db
def test_the_workbench_of_the_demo_shows_glossary_hints_and_checks():
    from foreigndesk.workbench.models import GlossaryTerm

    load_demo()
    assert GlossaryTerm.objects.filter(source_language="ru", target_language="en").count() == 8
    assert GlossaryTerm.objects.filter(source_language="uk", target_language="en").exists()
    work = Translation.objects.get(
        original__url="https://sibdialog.ru/2026/11/norilsk-vodorodnye-avtobusy"
    )
    client = Client()
    assert client.login(username=DEMO_TRANSLATOR, password=DEMO_PASSWORD)
    response = client.get(f"/desk/translations/{work.pk}/workbench/")
    tree = lxml_html.fromstring(response.content)
    hints = " ".join(
        " ".join(ul.text_content().split()) for ul in tree.xpath("//ul[@class='segment__terms']")
    )
    assert "водород → hydrogen" in hints
    assert "Норильск → Norilsk" in hints
    findings = [li.get("data-check") for li in tree.xpath("//li[contains(@class,'finding')]")]
    assert "empty" in findings
    assert "omission" in findings


@pytest.mark.django_db
def test_the_demo_has_a_link_post_on_the_front_page(client):
    load_demo()
    post = Translation.objects.get(kind=Translation.Kind.LINK)
    assert post.state == State.PUBLISHED
    assert post.title.startswith("The train to Mar del Plata")
    front = client.get("/").content.decode()
    assert "The train to Mar del Plata" in front
    page = client.get(post.get_absolute_url()).content.decode()
    assert "direct link to the original article" in page
    load_demo()
    assert Translation.objects.filter(kind=Translation.Kind.LINK).count() == 1


@pytest.mark.django_db
def test_every_original_author_reads_in_latin_letters_on_the_dateline():
    from foreigndesk.intake.models import Author
    from foreigndesk.intake.romanize import needs_romanizing

    load_demo()
    unread = [
        author.name
        for author in Author.objects.all()
        if needs_romanizing(author.name) and not author.romanized
    ]
    assert unread == []
    page = Client().get(Translation.objects.get(slug="shiomi-island-school-closes").public_url)
    text = page.content.decode()
    assert "森本沙耶香 (Morimoto Sayaka)" in " ".join(
        lxml_html.fromstring(text).text_content().split()
    )


@pytest.mark.django_db
def test_loading_reports_each_article_and_analyses_what_it_filled():
    from foreigndesk.core.tests.test_db import statistics_of
    from foreigndesk.workbench.models import MemoryEntry

    told: list[tuple[int, int]] = []
    load_demo(progress=lambda done, total: told.append((done, total)))
    total = len(read_articles())
    assert told == [(done, total) for done in range(1, total + 1)]
    # The memory is filled last, from the published archive: its statistics count it too.
    assert MemoryEntry.objects.count() > 0
    assert statistics_of(MemoryEntry._meta.db_table) == MemoryEntry.objects.count()
    told.clear()
    load_demo(progress=lambda done, total: told.append((done, total)))
    assert told[-1] == (total, total)  # a second load, with nothing to create, still counts
