"""A small multilingual archive, indexed, for the search tests (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from foreigndesk.intake.models import Original
from foreigndesk.newsroom.states import State
from foreigndesk.search.actions import rebuild_index
from foreigndesk.testing import factories


def paragraphs(*texts: str) -> list[dict[str, str]]:
    return [{"kind": "paragraph", "text": text} for text in texts]


def at(year: int, month: int = 6, day: int = 1) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def archive(db):
    """Five published articles, a draft, a withdrawn one and a suggested original."""
    energy, farming = factories.topic("Energy"), factories.topic("Agriculture")
    rhine = factories.outlet("Rheinische Abendpost", country_code="DE")
    volga = factories.outlet("Volzhskaya Gazeta", country_code="RU")
    nile = factories.outlet("Sada al-Nil", country_code="EG")
    made = {}
    made["rate"] = factories.translation(
        title="The central bank keeps its key rate",
        standfirst="Bankers expect sanctions to bite harder next year.",
        blocks=paragraphs(
            "The Bank of Russia left its key rate unchanged on Friday.",
            "Economists said new sanctions against exporters weigh on the rouble.",
        ),
        original_obj=factories.original(
            title="Центробанк сохранил ключевую ставку",
            language_code="ru",
            outlet_obj=volga,
            blocks=paragraphs(
                "Банк России в пятницу сохранил ключевую ставку на прежнем уровне.",
                "Экономисты считают, что санкции давят на рубль.",
            ),
        ),
        topics=[energy],
        published_at=at(2025, 3),
    )
    made["society"] = factories.translation(
        title="Civil society groups meet in Samara",
        blocks=paragraphs(
            "Representatives of civil society gathered to discuss the regional budget.",
            "Nobody mentioned the war.",
        ),
        original_obj=factories.original(
            title="В Самаре собрались общественники",
            language_code="ru",
            outlet_obj=volga,
            blocks=paragraphs("Представители гражданского общества обсудили бюджет области."),
        ),
        topics=[farming],
        published_at=at(2026, 2),
    )
    made["society_sanctions"] = factories.translation(
        title="Society under sanctions",
        blocks=paragraphs(
            "Civil society organisations fear that sanctions will cut their funding.",
        ),
        original_obj=factories.original(
            title="Gesellschaft unter Sanktionen",
            language_code="de",
            outlet_obj=rhine,
            blocks=paragraphs("Zivilgesellschaftliche Organisationen fürchten die Sanktionen."),
        ),
        topics=[energy, farming],
        published_at=at(2026, 4),
    )
    made["barges"] = factories.translation(
        title="Low water on the Rhine squeezes barges",
        editor_note="The Rhine carries a fifth of German freight.",
        blocks=paragraphs("Barge operators cut loads as the river fell to a record low."),
        original_obj=factories.original(
            title="Niedrigwasser am Rhein",
            language_code="de",
            outlet_obj=rhine,
            blocks=paragraphs(
                "Die Binnenschiffer müssen ihre Ladungen verringern.",
                "Der Pegel bei Kaub fiel auf einen Rekordwert.",
            ),
        ),
        topics=[energy],
        published_at=at(2026, 8),
    )
    made["bread"] = factories.translation(
        title="Bread and the grain convoys",
        blocks=paragraphs("Bakers in Cairo wait for wheat."),
        original_obj=factories.original(
            title="الخبز وقوافل القمح",
            language_code="ar",
            outlet_obj=nile,
            blocks=paragraphs("ينتظر الخبازون في القاهرة وصول القمح."),
        ),
        published_at=at(2026, 9),
    )
    made["draft"] = factories.translation(
        title="Draft about sanctions and barges",
        blocks=paragraphs("Sanctions, barges and the key rate, not yet published."),
        original_obj=factories.original(title="Entwurf", outlet_obj=rhine),
        state=State.IN_REVIEW,
    )
    made["withdrawn"] = factories.translation(
        title="Withdrawn article on sanctions",
        blocks=paragraphs("Sanctions were discussed here before the article was withdrawn."),
        original_obj=factories.original(title="Zurückgezogen", outlet_obj=rhine),
        state=State.WITHDRAWN,
        published_at=at(2026, 1),
    )
    made["scheduled"] = factories.translation(
        title="Scheduled article on sanctions",
        blocks=paragraphs("Sanctions, scheduled for tomorrow."),
        original_obj=factories.original(title="Geplant", outlet_obj=rhine),
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    suggested = factories.original(
        title="Центробанк оставил ключевую ставку без изменений",
        language_code="ru",
        outlet_obj=volga,
        url="https://volga.example/stavka",
        blocks=paragraphs("Банк России в пятницу сохранил ключевую ставку, несмотря на санкции."),
    )
    Original.objects.filter(pk=suggested.pk).update(state=Original.State.SUGGESTED)
    made["suggested"] = Original.objects.get(pk=suggested.pk)
    rebuild_index()
    return made


def titles(page) -> list[str]:
    return [result.title for result in page.results]
