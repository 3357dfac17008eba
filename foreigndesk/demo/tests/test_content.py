"""The demo desk's content files: enough variety to show every part of the product."""

from collections import Counter
from pathlib import Path

import pytest

from foreigndesk.demo.content import ContentError, read_article, read_articles, read_world

ARTICLES = read_articles()
WORLD = read_world()
OUTLETS = {outlet["slug"]: outlet for outlet in WORLD["outlet"]}
ROLES = {person["username"]: person["roles"] for person in WORLD["contributor"]}


def test_enough_articles_languages_countries_outlets_topics():
    assert len(ARTICLES) >= 24
    languages = {a.language for a in ARTICLES}
    assert len(languages) >= 8
    assert {"ru", "de", "fr", "es", "ar"} <= languages
    assert languages & {"zh", "ja"}
    assert languages & {"uk", "pl"}
    assert len({OUTLETS[a.outlet]["country"] for a in ARTICLES}) >= 12
    assert len({a.outlet for a in ARTICLES}) >= 12
    assert len({t for a in ARTICLES for t in a.topics}) >= 8
    assert len({p for a in ARTICLES for p in a.translators}) >= 4
    assert len({p for a in ARTICLES for p in a.editors}) >= 2


def test_notes_corrections_omissions_additions_and_spread_dates():
    assert sum(bool(a.editor_note) for a in ARTICLES) >= 3
    assert any(a.corrections for a in ARTICLES)
    kinds = Counter(f"{len(o)}-{len(t)}" for a in ARTICLES for o, t in a.alignment)
    assert kinds["1-0"]
    assert kinds["0-1"]
    assert max(a.days_ago for a in ARTICLES) - min(a.days_ago for a in ARTICLES) >= 21
    assert sum(sum(a.views[:7]) > 1000 for a in ARTICLES) >= 3


def test_people_have_the_roles_they_are_credited_with():
    for article in ARTICLES:
        assert all("translator" in ROLES[p] for p in article.translators), article.path.name
        assert all("editor" in ROLES[p] for p in article.editors), article.path.name
        assert not set(article.translators) & set(article.editors), article.path.name


def test_originals_are_written_in_their_own_script():
    scripts = {"ru": "А", "uk": "А", "ar": "\u0600", "zh": "\u4e00", "ja": "\u3040"}
    for article in ARTICLES:
        text = " ".join(block.text for block in article.original)
        if article.language in ("ru", "uk"):
            assert sum("\u0400" <= ch <= "\u04ff" for ch in text) > len(text) / 2, article.path.name
        elif article.language == "ar":
            assert sum("\u0600" <= ch <= "\u06ff" for ch in text) > len(text) / 2, article.path.name
        elif article.language in ("zh", "ja"):
            assert sum("\u3040" <= ch <= "\u9fff" for ch in text) > len(text) / 2, article.path.name
    assert scripts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("slug = 'x'", "missing key"),
        ("not toml at all = = =", "Expected"),
        (
            "slug='x'\ntitle='T'\nlanguage='de'\noutlet='o'\noriginal_title='O'\ndays_ago=1\n"
            "alignment=[[[0],[0]],[[2],[1]]]\n[[original]]\ntext='a'\n[[original]]\ntext='b'\n"
            "[[translation]]\ntext='A'\n[[translation]]\ntext='B'\n",
            "should continue with original block 1",
        ),
        (
            "slug='x'\ntitle='T'\nlanguage='de'\noutlet='o'\noriginal_title='O'\ndays_ago=1\n"
            "[[original]]\nkind='poem'\ntext='a'\n[[translation]]\ntext='A'\n",
            "unknown kind",
        ),
    ],
)
def test_broken_files_are_refused_with_their_name(tmp_path: Path, content, message):
    path = tmp_path / "99-broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContentError, match=message) as error:
        read_article(path)
    assert "99-broken.toml" in str(error.value)
