"""A reproducible desk of many published translations, written fast into the configured database.

Run as ``python -m bench.generate --count 10000 --seed 1`` with ``DATABASE_URL`` naming an
empty, migrated database. Everything is drawn from one ``random.Random(seed)``: the same seed and
count give the same titles, slugs, texts and credits (publication times are counted back from the
time of the run). Rows are written with ``bulk_create`` in batches inside one transaction.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.apps import apps

if not apps.ready:  # run as a script: Django must be set up before the models are imported
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
    django.setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.db.models import Count, Model
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.db import analyze
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.actions import build_original
from foreigndesk.intake.models import (
    Author,
    Original,
    OriginalAuthor,
    Outlet,
    OutletDomain,
)
from foreigndesk.newsroom.actions import build_translation
from foreigndesk.newsroom.models import Correction, Credit, Tagging, Topic, Translation
from foreigndesk.newsroom.states import PUBLIC_STATES, State
from foreigndesk.reader.models import DailyViews, RelatedArticle

from .text import (
    SCRIPTS,
    TOPIC_WORDS,
    EnglishWriter,
    Writer,
    person_name,
    place_name,
)

BATCH = 500
OUTLETS = 80
CONTRIBUTORS = 60
SPREAD_DAYS = 730
VIEW_DAYS = 14
SAMPLE_PATHS = 200
RELATED_LIMIT = 6
# ``refresh_related()`` took about 20 s for 10,000 articles here; above this many articles (the
# search benchmark's 100,000) the generator stores a cheap approximation instead (``_approximate``).
EXACT_RELATED_LIMIT = 20_000

# ISO code, English name, languages its press writes in (the first is the usual one).
COUNTRIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("RU", "Russia", ("ru",)),
    ("UA", "Ukraine", ("uk", "ru")),
    ("KZ", "Kazakhstan", ("ru",)),
    ("DE", "Germany", ("de",)),
    ("AT", "Austria", ("de",)),
    ("CH", "Switzerland", ("de", "fr", "it")),
    ("FR", "France", ("fr",)),
    ("BE", "Belgium", ("fr",)),
    ("SN", "Senegal", ("fr",)),
    ("ES", "Spain", ("es",)),
    ("AR", "Argentina", ("es",)),
    ("MX", "Mexico", ("es",)),
    ("CO", "Colombia", ("es",)),
    ("CL", "Chile", ("es",)),
    ("IT", "Italy", ("it",)),
    ("PL", "Poland", ("pl",)),
    ("TR", "Turkey", ("tr",)),
    ("BR", "Brazil", ("pt",)),
    ("PT", "Portugal", ("pt",)),
    ("EG", "Egypt", ("ar",)),
    ("JO", "Jordan", ("ar",)),
    ("MA", "Morocco", ("ar", "fr")),
    ("LB", "Lebanon", ("ar", "fr")),
    ("DZ", "Algeria", ("ar", "fr")),
    ("SA", "Saudi Arabia", ("ar",)),
    ("IR", "Iran", ("fa",)),
    ("CN", "China", ("zh",)),
    ("TW", "Taiwan", ("zh",)),
    ("JP", "Japan", ("ja",)),
    ("SG", "Singapore", ("zh",)),
]
MASTHEADS = (
    "Courier Herald Gazette Post Messenger Observer Tribune Daily Voice Review Chronicle "
    "Dispatch Bulletin Journal Times Record Star Sentinel Echo Monitor"
).split()


@dataclass
class GenerationReport:
    """What a run created, how long it took, and addresses for the load test."""

    count: int
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    related: str = ""
    article_paths: list[str] = field(default_factory=list)
    busiest_country: str = ""
    #: The database written to, as Django's connection names it (vendor and database name).
    vendor: str = ""
    database_name: str = ""
    busiest_topic: str = ""
    busiest_outlet: str = ""
    #: A word in a large share of the archive's translations, for the search page under load.
    search_query: str = ""

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class _Published:
    """What the related-articles approximation and the manifest need of each translation."""

    id: int
    path: str
    country: str
    topics: list[int]
    published_at: datetime.datetime


@dataclass
class _Desk:
    """Reference rows created first, shared by every article."""

    outlets: list[Outlet]
    outlet_languages: dict[int, tuple[str, ...]]
    outlet_domains: dict[int, str]
    authors: dict[int, list[Author]]
    topics: list[Topic]
    topic_words: dict[int, list[str]]
    contributors: list[Contributor]
    places: dict[str, list[str]]


def _reference_data(rng: random.Random) -> _Desk:
    """Languages, countries, topics, outlets with domains and authors, contributors."""
    Language.objects.bulk_create(
        [Language(code="en", name="English", native_name="English")]
        + [
            Language(
                code=script.code,
                name=script.name,
                native_name=script.native_name,
                direction=Language.RTL if script.rtl else Language.LTR,
            )
            for script in SCRIPTS.values()
        ],
        ignore_conflicts=True,
    )
    Country.objects.bulk_create(
        [Country(code=code, name=name, slug=slugify(name)) for code, name, _ in COUNTRIES],
        ignore_conflicts=True,
    )
    languages_of = {code: languages for code, _, languages in COUNTRIES}
    places = {code: [place_name(rng) for _ in range(6)] for code, _, _ in COUNTRIES}

    topics = Topic.objects.bulk_create(
        [Topic(name=name, slug=slugify(name)) for name in TOPIC_WORDS], batch_size=BATCH
    )
    topic_words = {topic.id: list(TOPIC_WORDS[topic.name]) for topic in topics}

    outlet_rows, countries_of = [], []
    for number in range(OUTLETS):
        country = COUNTRIES[number % len(COUNTRIES)][0] if number < 60 else rng.choice(COUNTRIES)[0]
        name = f"{rng.choice(places[country])} {rng.choice(MASTHEADS)}"
        outlet_rows.append(
            Outlet(
                name=name,
                slug=f"{slugify(name)}-{number + 1}",
                country_id=country,
                profile=f"An invented outlet of the benchmark desk, number {number + 1}.",
            )
        )
        countries_of.append(country)
    outlets = Outlet.objects.bulk_create(outlet_rows)
    outlet_languages: dict[int, tuple[str, ...]] = {}
    domains: list[OutletDomain] = []
    links = []
    for outlet, country in zip(outlets, countries_of, strict=True):
        spoken = languages_of[country]
        own = spoken if len(spoken) == 1 or rng.random() < 0.3 else (rng.choice(spoken),)
        outlet_languages[outlet.id] = own
        links += [Outlet.languages.through(outlet_id=outlet.id, language_id=code) for code in own]
        stem = outlet.slug.replace("-", "")
        domains.append(OutletDomain(outlet=outlet, domain=f"{stem}.example"))
        if rng.random() < 0.4:
            domains.append(OutletDomain(outlet=outlet, domain=f"news.{stem}.example"))
    Outlet.languages.through.objects.bulk_create(links)
    OutletDomain.objects.bulk_create(domains)
    outlet_domains = {domain.outlet_id: domain.domain for domain in reversed(domains)}

    author_rows = []
    for outlet in outlets:
        writer = _writers()[outlet_languages[outlet.id][0]]
        spelled = {writer.name(rng) for _ in range(rng.randint(3, 8))}
        author_rows += [Author(name=name, outlet=outlet) for name in sorted(spelled)]
    authors: dict[int, list[Author]] = defaultdict(list)
    for author in Author.objects.bulk_create(author_rows, batch_size=BATCH):
        authors[author.outlet_id].append(author)

    return _Desk(
        outlets=outlets,
        outlet_languages=outlet_languages,
        outlet_domains=outlet_domains,
        authors=authors,
        topics=topics,
        topic_words=topic_words,
        contributors=_contributors(rng),
        places=places,
    )


def _contributors(rng: random.Random) -> list[Contributor]:
    """The desk's staff: logins that cannot log in, and their public profiles."""
    user_model = get_user_model()
    names: list[str] = []
    while len(names) < CONTRIBUTORS:
        name = person_name(rng)
        if name not in names:
            names.append(name)
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=f"bench-{slugify(name)}",
                first_name=name.split()[0],
                last_name=name.split()[-1],
                is_staff=True,
                password=UNUSABLE_PASSWORD_PREFIX + "bench",
            )
            for name in names
        ]
    )
    return Contributor.objects.bulk_create(
        [
            Contributor(user=user, name=name, slug=slugify(name), bio=f"{name} translates.")
            for user, name in zip(users, names, strict=True)
        ]
    )


_WRITERS: dict[str, Writer] = {}


def _writers() -> dict[str, Writer]:
    if not _WRITERS:
        _WRITERS.update({code: Writer(script) for code, script in SCRIPTS.items()})
    return _WRITERS


def _kinds(rng: random.Random, n: int) -> list[str]:
    """Block kinds of an article: a leading paragraph, then paragraphs, headings, quotations."""
    kinds = ["paragraph"]
    while len(kinds) < n:
        roll = rng.random()
        if roll < 0.15 and kinds[-1] != "heading" and len(kinds) < n - 1:
            kinds.append("heading")
        elif roll < 0.27:
            kinds.append("quotation")
        else:
            kinds.append("paragraph")
    return kinds


def _bodies(
    rng: random.Random, language: str, topical: list[str], place: str
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, list[int]]]]:
    """Original blocks, translation blocks and the beads between them.

    Most articles are aligned block by block (the same number of blocks on both sides); about one
    in six has one irregular bead: two original paragraphs rendered as one (2-1), an omitted
    paragraph (1-0) or a translator's addition (0-1).
    """
    writer, english = _writers()[language], _ENGLISH
    kinds = _kinds(rng, rng.randint(6, 10))
    original, translated = [], []
    for kind in kinds:
        if kind == "heading":
            original.append(writer.heading(rng))
            translated.append(english.heading(rng, topical, place))
        elif kind == "quotation":
            original.append(writer.quotation(rng))
            translated.append(english.quotation(rng, topical, place))
        else:
            original.append(writer.paragraph(rng))
            translated.append(english.paragraph(rng, topical, place))
    paragraphs = [i for i, kind in enumerate(kinds) if kind == "paragraph"]
    roll = rng.random()
    merge_at = omit_at = add_after = -1
    if roll < 0.06:
        pairs = [i for i in paragraphs if i + 1 in paragraphs]
        merge_at = rng.choice(pairs) if pairs else -1
    elif roll < 0.11:
        omit_at = rng.choice(paragraphs[1:]) if len(paragraphs) > 1 else -1
    elif roll < 0.16:
        add_after = rng.choice(paragraphs)

    blocks: list[dict[str, str]] = []
    beads: list[dict[str, list[int]]] = []
    position = 0
    while position < len(kinds):
        if position == merge_at:
            text = translated[position] + " " + translated[position + 1]
            blocks.append({"kind": "paragraph", "text": text})
            beads.append({"original": [position, position + 1], "translation": [len(blocks) - 1]})
            position += 2
            continue
        if position == omit_at:
            beads.append({"original": [position], "translation": []})
            position += 1
            continue
        blocks.append({"kind": kinds[position], "text": translated[position]})
        beads.append({"original": [position], "translation": [len(blocks) - 1]})
        if position == add_after:
            note = "Translator's note: " + english.sentence(rng, topical, place)
            blocks.append({"kind": "paragraph", "text": note})
            beads.append({"original": [], "translation": [len(blocks) - 1]})
        position += 1
    original_blocks = [
        {"kind": kind, "text": text} for kind, text in zip(kinds, original, strict=True)
    ]
    return original_blocks, blocks, beads


_ENGLISH = EnglishWriter()
_TAGS = {"heading": "h2", "paragraph": "p", "quotation": "blockquote"}


def _retrieved_copy(title: str, blocks: list[dict[str, str]]) -> str:
    parts = [f"<h1>{html.escape(title)}</h1>"]
    parts += [f"<{_TAGS[b['kind']]}>{html.escape(b['text'])}</{_TAGS[b['kind']]}>" for b in blocks]
    return "\n".join(parts)


@dataclass
class _Article:
    original: Original
    translation: Translation
    authors: list[Author]
    topics: list[int]
    translators: list[Contributor]
    editors: list[Contributor]
    corrected_after: int | None
    country: str


def _article(rng: random.Random, number: int, desk: _Desk, now: datetime.datetime) -> _Article:
    outlet = rng.choice(desk.outlets)
    country = outlet.country_id or ""
    language = rng.choice(desk.outlet_languages[outlet.id])
    topics = [topic.id for topic in rng.sample(desk.topics, rng.choice((1, 1, 2, 2, 2, 3)))]
    topical = [word for topic in topics[:2] for word in desk.topic_words[topic]]
    place = rng.choice(desk.places[country])
    original_blocks, blocks, beads = _bodies(rng, language, topical, place)
    published_at = now - datetime.timedelta(seconds=rng.randint(1800, SPREAD_DAYS * 86400))
    published_on = timezone.localdate(published_at) - datetime.timedelta(days=rng.randint(0, 4))
    writer = _writers()[language]
    original_title = writer.words(rng, rng.randint(5, 10))
    original = build_original(
        title=original_title,
        language_code=language,
        outlet=outlet,
        url=f"https://{desk.outlet_domains[outlet.id]}/{published_on:%Y/%m/%d}/{number}",
        published_on=published_on,
        blocks=original_blocks,
        retrieved_copy=_retrieved_copy(original_title, original_blocks),
    )
    title = _ENGLISH.title(rng, topical, place)
    corrected_after = rng.randint(1, 20) if rng.random() < 0.02 else None
    translation = build_translation(
        original=None,
        language_code="en",
        title=title,
        slug=f"{slugify(title)[:80].strip('-')}-{number}",
        standfirst=_ENGLISH.sentence(rng, topical, place),
        blocks=blocks,
        editor_note=(
            " ".join(_ENGLISH.sentence(rng, topical, place) for _ in range(2))
            if rng.random() < 0.15
            else ""
        ),
        state=State.CORRECTED if corrected_after else State.PUBLISHED,
        published_at=published_at,
        alignment=beads,
        alignment_origin=Translation.AlignmentOrigin.COMPUTED,
    )
    roll = rng.random()
    byline_count = 0 if roll < 0.05 else 2 if roll < 0.2 else 1
    authors = rng.sample(desk.authors[outlet.id], min(byline_count, len(desk.authors[outlet.id])))
    people = rng.sample(desk.contributors, 3)
    translators = people[:2] if rng.random() < 0.15 else people[:1]
    editors = [people[2]] if rng.random() < 0.85 else []
    return _Article(
        original, translation, authors, topics, translators, editors, corrected_after, country
    )


def _write_articles(
    articles: list[_Article], rng: random.Random, now: datetime.datetime
) -> list[_Published]:
    Original.objects.bulk_create([a.original for a in articles])
    for article in articles:
        # Written in bulk, translations carry their copy of the original's outlet and country
        # themselves (the newsroom's provenance follows saves, not bulk inserts).
        article.translation.original = article.original
        article.translation.outlet_id = article.original.outlet_id
        article.translation.country_id = article.country or None
    Translation.objects.bulk_create([a.translation for a in articles])
    OriginalAuthor.objects.bulk_create(
        [
            OriginalAuthor(original=a.original, author=author, position=position)
            for a in articles
            for position, author in enumerate(a.authors)
        ]
    )
    # Written in bulk, the taggings carry their translation's time and public state themselves
    # (the newsroom's refresh follows single saves and additions, not bulk inserts).
    Tagging.objects.bulk_create(
        [
            Tagging(
                translation_id=a.translation.id,
                topic_id=topic,
                published_at=a.translation.published_at,
                is_public=a.translation.state in PUBLIC_STATES,
            )
            for a in articles
            for topic in a.topics
        ]
    )
    credits = []
    for article in articles:
        for role, people in (
            (Credit.Role.TRANSLATOR, article.translators),
            (Credit.Role.EDITOR, article.editors),
        ):
            credits += [
                Credit(translation=article.translation, contributor=p, role=role, position=i)
                for i, p in enumerate(people)
            ]
    Credit.objects.bulk_create(credits)
    Correction.objects.bulk_create(
        [
            Correction(
                translation=a.translation,
                text="An earlier version of this translation gave a wrong figure; corrected.",
                published_at=min(
                    now, a.translation.published_at + datetime.timedelta(days=a.corrected_after)
                ),
            )
            for a in articles
            if a.corrected_after
        ]
    )
    today = timezone.localdate(now)
    views = []
    for article in articles:
        published_on = timezone.localdate(article.translation.published_at)
        recent = (today - published_on).days < 30
        if not recent and rng.random() >= 0.04:
            continue
        for age in range(VIEW_DAYS):
            day = today - datetime.timedelta(days=age)
            if day >= published_on:
                count = int(rng.paretovariate(1.3) * 8)
                views.append(DailyViews(translation=article.translation, day=day, views=count))
    DailyViews.objects.bulk_create(views, batch_size=BATCH)
    return [
        _Published(
            id=a.translation.id,
            path=a.translation.get_absolute_url(),
            country=a.country,
            topics=a.topics,
            published_at=a.translation.published_at,
        )
        for a in articles
    ]


def _approximate(published: list[_Published]) -> int:
    """Related articles without comparing texts: neighbours in time within the main topic.

    For each translation, the translations nearest in publication time among those sharing its
    first topic, scored by closeness in that list plus shared topics and country. Linear in the
    archive, unlike the exact all-pairs computation; good enough for pages to have six links.
    """
    by_topic: dict[int, list[_Published]] = defaultdict(list)
    for item in published:
        by_topic[item.topics[0]].append(item)
    for items in by_topic.values():
        items.sort(key=lambda item: (item.published_at, item.id))
    links = []
    for items in by_topic.values():
        for index, item in enumerate(items):
            first = max(0, index - RELATED_LIMIT)
            scored = []
            for position, other in enumerate(items[first : index + RELATED_LIMIT + 1], first):
                if position == index:
                    continue
                shared = len(set(item.topics) & set(other.topics))
                same_country = other.country == item.country
                value = 0.2 / (1 + abs(position - index))
                value += 0.04 * shared + 0.03 * same_country
                scored.append((value, other.id))
            scored.sort(key=lambda pair: (-pair[0], pair[1]))
            links += [
                RelatedArticle(translation_id=item.id, related_id=key, score=value, rank=rank)
                for rank, (value, key) in enumerate(scored[:RELATED_LIMIT])
            ]
    RelatedArticle.objects.bulk_create(links, batch_size=BATCH)
    return len(links)


#: How many translations ``broad_query`` reads, and the share of them its word must be found in.
QUERY_SAMPLE = 400
BROAD_SHARE = 0.25
_WORD = re.compile(r"[^\W\d_]{4,}")


def broad_query(seed: int) -> str:
    """A broad search: a word (not a common one) found in at least a quarter of a seeded sample
    of the archive's translations, drawn among such words with the seed; the most widespread
    word when none is that common."""
    from foreigndesk.search.analysis import is_stop_word

    rng = random.Random(seed + 3)
    ids = list(Translation.objects.order_by("pk").values_list("pk", flat=True))
    sample = rng.sample(ids, min(QUERY_SAMPLE, len(ids)))
    spread: Counter[str] = Counter()
    for title, blocks in Translation.objects.filter(pk__in=sample).values_list("title", "blocks"):
        text = " ".join([title, *(block.get("text", "") for block in blocks)])
        spread.update({word for word in _WORD.findall(text.lower()) if not is_stop_word(word)})
    if not spread:
        return ""
    broad = sorted(word for word, found in spread.items() if found >= BROAD_SHARE * len(sample))
    return rng.choice(broad) if broad else spread.most_common(1)[0][0]


def generate(
    *,
    count: int,
    seed: int,
    now: datetime.datetime | None = None,
    related: str = "auto",
    log: Callable[[str], None] = lambda line: None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationReport:
    """Create ``count`` published translations with their originals in an empty database.

    ``related`` is ``"exact"`` (the reader's ``refresh_related()``), ``"approximate"`` (a cheap,
    linear stand-in written here), ``"none"``, or ``"auto"``: exact up to ``EXACT_RELATED_LIMIT``.
    ``progress(done, count)`` is told of each batch written (a progress bar); ``log`` gets a line.
    """
    if Translation.objects.exists():
        raise RuntimeError("The benchmark generator writes into an empty database only.")
    now = now or timezone.now()
    rng = random.Random(seed)
    report = GenerationReport(count=count, seed=seed)
    report.vendor = connection.vendor
    report.database_name = str(connection.settings_dict["NAME"])
    started = time.perf_counter()
    published: list[_Published] = []
    with transaction.atomic():
        desk = _reference_data(rng)
        for start in range(0, count, BATCH):
            batch = [
                _article(rng, number, desk, now)
                for number in range(start + 1, min(count, start + BATCH) + 1)
            ]
            published += _write_articles(batch, rng, now)
            if progress:
                progress(len(published), count)
            else:
                log(f"  {len(published)} of {count} translations")
    report.seconds["articles"] = round(time.perf_counter() - started, 2)

    if related == "auto":
        related = "exact" if count <= EXACT_RELATED_LIMIT else "approximate"
    started = time.perf_counter()
    if related == "exact":
        from foreigndesk.reader.actions import refresh_related

        refresh_related()
    elif related == "approximate":
        with transaction.atomic():
            _approximate(published)
    report.related = related
    report.seconds["related"] = round(time.perf_counter() - started, 2)
    # The read counts were written in bulk: the week's totals are rolled up as the worker's
    # schedule would have, so the pages read "Hot this week" as they do in production.
    from foreigndesk.reader.actions import roll_week_views

    roll_week_views(now=now, force=True)
    started = time.perf_counter()
    analyze()
    report.seconds["analyze"] = round(time.perf_counter() - started, 2)
    # The search page is served too: the index is built as `foreigndesk reindex` would.
    from foreigndesk.search.actions import rebuild_index

    started = time.perf_counter()
    rebuild_index()  # analyses (and on PostgreSQL vacuums) the entries it wrote
    report.seconds["search_index"] = round(time.perf_counter() - started, 2)
    report.search_query = broad_query(seed)

    models: list[type[Model]] = [
        Country, Language, Outlet, OutletDomain, Author, Contributor, Topic, Original,
        OriginalAuthor, Translation, Credit, Correction, DailyViews, RelatedArticle,
    ]  # fmt: skip
    report.rows = {model.__name__: model.objects.count() for model in models}
    report.rows["editor's notes"] = Translation.objects.exclude(editor_note="").count()
    sample = random.Random(seed).sample(published, min(SAMPLE_PATHS, len(published)))
    report.article_paths = [item.path for item in sample]
    countries = Counter(item.country for item in published)
    if countries:
        busiest = countries.most_common(1)[0][0]
        report.busiest_country = Country.objects.get(code=busiest).slug
    topics = Counter(topic for item in published for topic in item.topics)
    if topics:
        report.busiest_topic = Topic.objects.get(pk=topics.most_common(1)[0][0]).slug
    outlets = (
        Translation.objects.published()
        .values("original__outlet__slug")
        .annotate(published=Count("id"))
        .order_by("-published", "original__outlet__slug")
    )
    if busiest_outlet := outlets.first():
        report.busiest_outlet = busiest_outlet["original__outlet__slug"]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="translations to create")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--related", choices=("auto", "exact", "approximate", "none"), default="auto"
    )
    parser.add_argument("--manifest", type=Path, help="write the report as JSON to this file")
    args = parser.parse_args(argv)
    # A progress bar on a terminal; lines in a log (the benchmark keeps them when it fails).
    with tqdm(
        total=args.count, unit="translation", disable=not sys.stderr.isatty(), file=sys.stderr
    ) as bar:
        report = generate(
            count=args.count,
            seed=args.seed,
            related=args.related,
            log=lambda line: print(line, file=sys.stderr, flush=True),
            progress=None if bar.disable else lambda done, total: bar.update(done - bar.n),
        )
    print(
        f"generated {args.count} translations (seed {args.seed}) in "
        f"{report.seconds['articles']:.1f} s; related articles ({report.related}) in "
        f"{report.seconds['related']:.1f} s"
    )
    print("rows: " + ", ".join(f"{name} {n}" for name, n in report.rows.items()))
    if args.manifest:
        args.manifest.write_text(json.dumps(report.as_json(), indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
