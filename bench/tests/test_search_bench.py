"""The search benchmark's queries sampled from the archive's own text."""

from __future__ import annotations

import pytest

from bench.search import _archive_queries, _archive_words, _generate
from foreigndesk.search.analysis import is_stop_word
from foreigndesk.search.selectors import SearchParams, search_articles

pytestmark = pytest.mark.django_db


def test_archive_queries_are_words_pairs_and_quoted_pairs_that_find_their_article():
    _generate(20, seed=3)
    queries = _archive_queries(3, count=30)
    assert len(queries) == 30
    assert _archive_queries(3, count=30) == queries  # seeded
    kinds = [kind.split(",")[0] for kind, _ in queries]
    assert kinds[:3] == ["word", "two words", "quoted pair"]
    for kind, params in queries:
        q = params["q"]
        if kind.startswith("quoted pair"):
            assert q.startswith('"')
            assert q.endswith('"')
        assert len(q.strip('"').split()) == (1 if kind.startswith("word") else 2)
        assert not any(is_stop_word(word) for word in q.strip('"').split())


def test_a_run_of_chinese_characters_is_cut_into_short_words():
    import random

    found = _archive_words("国家发展城市市场工业, Port", random.Random(1))
    assert 2 <= len(found[0]) <= 3
    assert found[1] == "port"


def test_sampled_queries_find_articles(settings):
    from foreigndesk.search.actions import rebuild_index

    _generate(20, seed=4)
    rebuild_index()
    queries = _archive_queries(4, count=12)
    found = [search_articles(SearchParams(**params)).total for _, params in queries]
    # Each was taken from an article, which it finds (a quoted pair included).
    assert all(total > 0 for total in found)
