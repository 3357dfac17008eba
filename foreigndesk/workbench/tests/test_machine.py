"""The machine draft: empty segments filled by a configured engine, all or nothing, only by
those who may edit the translation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.newsroom.models import AuditEvent
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed
from foreigndesk.testing import factories
from foreigndesk.testing.mt_servers import FakeDeepL, FakeLibreTranslate
from foreigndesk.workbench.engines import (
    EngineTimeout,
    QuotaExceeded,
    ServiceFailed,
    UnsupportedLanguage,
)
from foreigndesk.workbench.engines.libretranslate import LibreTranslate
from foreigndesk.workbench.machine import prefill_segments
from foreigndesk.workbench.models import Segment

pytestmark = pytest.mark.django_db

LIBRE = "foreigndesk.workbench.engines.libretranslate.LibreTranslate"
DEEPL = "foreigndesk.workbench.engines.deepl.DeepL"


@pytest.fixture
def libre(settings):
    with FakeLibreTranslate() as server:
        settings.FOREIGNDESK_MT_ENGINES = {
            "libre": {"BACKEND": LIBRE, "OPTIONS": {"url": server.url, "timeout": 0.5}}
        }
        yield server


@pytest.fixture
def deepl(settings):
    with FakeDeepL(api_key="desk-key") as server:
        settings.FOREIGNDESK_MT_ENGINES = {
            "deepl": {"BACKEND": DEEPL, "OPTIONS": {"url": server.url, "api_key": "desk-key"}}
        }
        yield server


@pytest.fixture
def translator():
    return factories.translator("olga")


@pytest.fixture
def article(translator):
    """A Russian article in translation, claimed by the translator, one segment done by hand."""
    translation = factories.translation(
        original_obj=factories.original(language_code="ru", title="Статья"),
        state=State.IN_TRANSLATION,
    )
    translation.claimed_by = translator
    translation.save(update_fields=["claimed_by"])
    for position, (source, target) in enumerate(
        [
            ("Привет, мир.", ""),
            ("Москва", "Moscow, as the translator put it"),
            ("Новый абзац о выборах.", ""),
            ("", ""),
        ]
    ):
        Segment.objects.create(
            translation=translation,
            position=position,
            block_index=position,
            source=source,
            target=target,
            state=Segment.State.TRANSLATED if target else Segment.State.EMPTY,
        )
    return translation


def rows(translation):
    """Every segment as its stored values: equal rows mean nothing was changed."""
    return list(
        Segment.objects.filter(translation=translation)
        .order_by("position")
        .values("target", "state", "origin", "version", "updated_by", "updated_at")
    )


def test_fills_the_empty_segments_with_a_machine_draft(libre, article, translator):
    filled = prefill_segments(translation=article, alias="libre", actor=translator)

    assert [segment.position for segment in filled] == [0, 2]
    segments = list(Segment.objects.filter(translation=article).order_by("position"))
    assert [segment.target for segment in segments] == [
        "Hello, world.",
        "Moscow, as the translator put it",
        "[ru>en] Новый абзац о выборах.",
        "",
    ]
    for segment in (segments[0], segments[2]):
        assert segment.origin == Segment.Origin.MACHINE
        assert segment.state == Segment.State.DRAFT
        assert segment.version == 2
        assert segment.updated_by == translator
    # The translator's own segment and the one with nothing to translate are left alone.
    assert (segments[1].origin, segments[1].state, segments[1].version) == (
        Segment.Origin.HUMAN,
        Segment.State.TRANSLATED,
        1,
    )
    assert (segments[3].state, segments[3].version) == (Segment.State.EMPTY, 1)
    # One request for the whole article.
    [request] = libre.requests
    assert request.body["q"] == ["Привет, мир.", "Новый абзац о выборах."]
    assert (request.body["source"], request.body["target"]) == ("ru", "en")
    event = AuditEvent.objects.get(translation=article, action="machine_draft")
    assert event.actor == translator
    assert event.comment == "2 segments drafted by LibreTranslate (libre)."


def test_an_editor_may_fill_too(deepl, article):
    editor = factories.editor("ruth")
    filled = prefill_segments(translation=article, alias="deepl", actor=editor)
    assert [segment.target for segment in filled] == [
        "Hello, world.",
        "[ru>en-us] Новый абзац о выборах.",
    ]
    assert deepl.requests[0].body["target_lang"] == "EN-US"


def test_nothing_to_fill_asks_the_engine_nothing(libre, article, translator):
    Segment.objects.filter(translation=article, target="").exclude(source="").update(
        target="Done by hand."
    )
    assert prefill_segments(translation=article, alias="libre", actor=translator) == []
    assert libre.requests == []


@pytest.mark.parametrize(
    ("mode", "error", "message"),
    [
        ("server_error", ServiceFailed, r"^LibreTranslate \(libre\): failed on its side \(500: "),
        ("slow", EngineTimeout, r"did not answer within 0\.5 seconds"),
    ],
)
def test_an_engine_failure_changes_nothing(libre, article, translator, mode, error, message):
    libre.mode, libre.delay = mode, 2.0
    before, events = rows(article), AuditEvent.objects.count()
    with pytest.raises(error, match=message):
        prefill_segments(translation=article, alias="libre", actor=translator)
    assert rows(article) == before
    assert AuditEvent.objects.count() == events


def test_a_used_up_quota_changes_nothing(deepl, article, translator):
    deepl.mode = "quota"
    before = rows(article)
    with pytest.raises(QuotaExceeded, match=r"^DeepL: the account's quota of characters"):
        prefill_segments(translation=article, alias="deepl", actor=translator)
    assert rows(article) == before


def test_an_unsupported_pair_changes_nothing(libre, translator):
    japanese = factories.translation(
        original_obj=factories.original(language_code="ja"), state=State.IN_TRANSLATION
    )
    japanese.claimed_by = translator
    japanese.save(update_fields=["claimed_by"])
    Segment.objects.create(translation=japanese, position=0, block_index=0, source="東京")
    before = rows(japanese)
    with pytest.raises(UnsupportedLanguage, match=r"does not translate from ja into en"):
        prefill_segments(translation=japanese, alias="libre", actor=translator)
    assert rows(japanese) == before


def test_a_segment_typed_while_the_engine_worked_keeps_its_text(
    libre, article, translator, monkeypatch
):
    translate = LibreTranslate.translate

    def typed_meanwhile(self, texts, source, target):
        answer = translate(self, texts, source, target)
        Segment.objects.filter(translation=article, position=0).update(
            target="Hi, everyone.", state=Segment.State.TRANSLATED, version=2
        )
        return answer

    monkeypatch.setattr(LibreTranslate, "translate", typed_meanwhile)
    filled = prefill_segments(translation=article, alias="libre", actor=translator)
    assert [segment.position for segment in filled] == [2]
    first = Segment.objects.get(translation=article, position=0)
    assert (first.target, first.origin, first.version) == ("Hi, everyone.", "human", 2)


@pytest.mark.parametrize(
    "who", ["another translator", "a reporter without a role", "nobody logged in"]
)
def test_someone_who_may_not_edit_is_refused_and_nothing_is_sent(libre, article, who):
    actor = {
        "another translator": lambda: factories.translator("ivan"),
        "a reporter without a role": lambda: factories.user("reporter"),
        "nobody logged in": AnonymousUser,
    }[who]()
    before = rows(article)
    with pytest.raises(NotAllowed, match=r"Only the translator working on “.*” or an editor"):
        prefill_segments(translation=article, alias="libre", actor=actor)
    assert rows(article) == before
    assert libre.requests == []


def test_a_withdrawn_translation_is_refused(libre, article, translator):
    article.state = State.WITHDRAWN
    article.save(update_fields=["state"])
    with pytest.raises(NotAllowed):
        prefill_segments(translation=article, alias="libre", actor=translator)
    assert libre.requests == []


def test_a_translation_without_an_original_is_refused(libre, translator):
    orphan = factories.translation(state=State.IN_TRANSLATION)
    with pytest.raises(IllegalMove, match="has no original to translate from"):
        prefill_segments(translation=orphan, alias="libre", actor=factories.editor("ed"))


def test_an_engine_that_is_not_configured_is_named(article, translator):
    with pytest.raises(ImproperlyConfigured, match="FOREIGNDESK_MT_ENGINES has no 'libre' entry"):
        prefill_segments(translation=article, alias="libre", actor=translator)
