"""The quality checks' benchmark: every default check on a 60-paragraph article.

``run(stdout)`` is the ``checks`` section of ``python -m bench``; alone: ``python -m
bench.checks [--paragraphs 60] [--repeat 30]``. The article is generated here (Russian original,
English translation, with figures, dates, names, quotations and glossary terms in every
paragraph, some of them wrong so that the checks have findings to write); a glossary of 200
terms goes with it. The first run is reported apart (it loads dateparser's language data, once
per process); the caches of dates and of word forms are emptied before every timed run, so each
run reads its text as a new article would.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from typing import TextIO

from foreigndesk.workbench.checks import (
    DEFAULT_CHECKS,
    Context,
    Unit,
    check_from_config,
    run_checks,
)
from foreigndesk.workbench.checks.numbers import _parse_date
from foreigndesk.workbench.checks.terms import Term, TermIndex, _form

TARGET_MS = 200.0

#: Sentence patterns: (Russian, English), with slots for a person, a city, a figure, a date.
SENTENCES = [
    (
        "Как сообщил {person_ru}, бюджет {city_ru_gen} вырастет на {n} млрд рублей.",
        "As {person_en} reported, the budget of {city_en} will grow by {n} billion roubles.",
    ),
    (
        "{date_ru} в {city_ru_loc} открылся новый завод на {m} рабочих мест.",
        "On {date_en}, a new plant with {m_en} jobs opened in {city_en}.",
    ),
    (
        "«Мы ждали этого решения {k} лет», — сказал {person_ru}.",
        "“We waited {k} years for this decision,” said {person_en}.",
    ),
    (
        "Ключевая ставка осталась на уровне {p} %, отметили в Центральном банке.",
        "The key rate stayed at {p_en}%, the Central Bank noted.",
    ),
    (
        "Правительство (по данным агентства) выделит ещё {m} тыс. рублей на каждую семью.",
        "The government (according to the agency) will give another {m} thousand roubles to each family.",
    ),
]
PEOPLE = [
    ("Анна Петрова", "Anna Petrova"),
    ("Игорь Смирнов", "Igor Smirnov"),
    ("Ольга Кузнецова", "Olga Kuznetsova"),
    ("Дмитрий Волков", "Dmitry Volkov"),
]
CITIES = [
    ("Казани", "Казани", "Kazan"),
    ("Самары", "Самаре", "Samara"),
    ("Томска", "Томске", "Tomsk"),
    ("Перми", "Перми", "Perm"),
]
MONTHS = [("марта", "March"), ("июня", "June"), ("октября", "October")]
GLOSSARY_WORDS = [
    ("ключевая ставка", "key rate"),
    ("бюджет", "budget"),
    ("завод", "plant"),
    ("правительство", "government"),
    ("рабочее место", "job"),
    ("семья", "family"),
    ("агентство", "agency"),
    ("решение", "decision"),
]


def article(paragraphs: int, seed: int = 7) -> list[Unit]:
    """A Russian original and its English translation, three sentences a paragraph; about one
    sentence in eight has a figure changed in translation."""
    rng = random.Random(seed)
    units: list[Unit] = []
    for block in range(paragraphs):
        source_parts, target_parts = [], []
        for _ in range(3):
            source, target = rng.choice(SENTENCES)
            person_ru, person_en = rng.choice(PEOPLE)
            city_gen, city_loc, city_en = rng.choice(CITIES)
            day, (month_ru, month_en), year = (
                rng.randint(1, 28),
                rng.choice(MONTHS),
                rng.randint(2019, 2026),
            )
            n, m, k = rng.randint(2, 90), rng.randint(100, 9999), rng.randint(2, 30)
            p = f"{rng.randint(5, 21)},{rng.randint(0, 9)}"
            wrong = rng.random() < 0.125
            values = {
                "person_ru": person_ru,
                "person_en": person_en,
                "city_ru_gen": city_gen,
                "city_ru_loc": city_loc,
                "city_en": city_en,
                "n": n,
                "m": f"{m:,}".replace(",", " "),
                "m_en": f"{m + (10 if wrong else 0):,}",
                "k": k,
                "p": p,
                "p_en": p.replace(",", "."),
                "date_ru": f"{day} {month_ru} {year} г.",
                "date_en": f"{month_en} {day}, {year}",
            }
            source_parts.append(source.format(**values))
            target_parts.append(target.format(**values))
        units.append(
            Unit(
                position=block,
                block_index=block,
                source=" ".join(source_parts),
                target=" ".join(target_parts),
            )
        )
    return units


def glossary(size: int = 200) -> TermIndex:
    """The pair's glossary: the article's words, and invented terms to make up ``size``."""
    terms = [Term(source, target) for source, target in GLOSSARY_WORDS]
    terms += [
        Term(f"термин{i}", f"term{i}", forbidden_list=(f"word{i}",))
        for i in range(size - len(terms))
    ]
    return TermIndex(terms, "ru", "en")


def measure(paragraphs: int, repeat: int) -> dict[str, float]:
    units = article(paragraphs)
    checks = [check_from_config(check_id, config) for check_id, config in DEFAULT_CHECKS.items()]
    started = time.perf_counter()
    index = glossary()
    context = Context("ru", "en", terms=index)
    findings = run_checks(units, context, checks)
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        _parse_date.cache_clear()
        _form.cache_clear()
        started = time.perf_counter()
        index = glossary()
        run_checks(units, Context("ru", "en", terms=index), checks)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "first": first,
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "findings": len(findings),
        "characters": sum(len(unit.source) for unit in units),
    }


def run(stdout: TextIO, *, paragraphs: int = 60, repeat: int = 30) -> bool:
    """The ``checks`` section: one line of figures and whether the target is met."""
    figures = measure(paragraphs, repeat)
    passed = figures["p95"] < TARGET_MS
    stdout.write(
        f"checks: all {len(DEFAULT_CHECKS)} checks on a {paragraphs}-paragraph article "
        f"({figures['characters']:,} characters, 200 glossary terms, {figures['findings']} findings): "
        f"median {figures['median']:.0f} ms, p95 {figures['p95']:.0f} ms over {repeat} runs "
        f"(first run {figures['first']:.0f} ms, loading dateparser); target p95 < {TARGET_MS:.0f} ms: "
        f"{'met' if passed else 'MISSED'}\n"
    )
    stdout.flush()
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.checks", description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sys.exit(0 if run(sys.stdout, paragraphs=args.paragraphs, repeat=args.repeat) else 1)


if __name__ == "__main__":
    main()
