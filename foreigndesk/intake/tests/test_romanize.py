"""Romanised forms of original authors' names: suggested per script, shown beside the name."""

import pytest

from foreigndesk.intake.actions import create_original
from foreigndesk.intake.romanize import needs_romanizing, suggest_romanized
from foreigndesk.testing import factories


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("Ирина Соколова", "ru", "Irina Sokolova"),
        ("Олександр Коваленко", "uk", "Oleksandr Kovalenko"),
        ("Γιώργος Παπαδόπουλος", "el", "Giorgos Papadopoulos"),
        ("王小明", "zh", "Wang Xiaoming"),
        ("李 华", "zh", "Li Hua"),
        ("김민준", "ko", "Gim Minjun"),
        ("やまだ たろう", "ja", "Yamada Tarou"),
        # No rule gives a kanji name's reading, nor the vowels Arabic script leaves unwritten.
        ("山田太郎", "ja", ""),
        ("سامي ناصر", "ar", ""),
        ("Anna Keller", "de", ""),
        ("", "de", ""),
    ],
)
def test_suggestions_per_script(name, language, expected):
    assert suggest_romanized(name, language) == expected


def test_latin_names_need_nothing():
    assert not needs_romanizing("Łukasz Żółć")
    assert needs_romanizing("Мария Ли")


@pytest.mark.django_db
def test_a_new_author_gets_the_suggestion_and_an_edited_one_keeps_it():
    outlet = factories.outlet()
    original = create_original(
        title="Мост",
        language_code="ru",
        outlet=outlet,
        blocks=[{"kind": "paragraph", "text": "Мост через реку откроют летом."}],
        authors=["Ирина Соколова", "Anna Keller"],
    )
    authors = {byline.author.name: byline.author for byline in original.bylines.all()}
    assert authors["Ирина Соколова"].romanized == "Irina Sokolova"
    assert authors["Anna Keller"].romanized == ""
    authors["Ирина Соколова"].romanized = "Irina Sokolowa"
    authors["Ирина Соколова"].save()
    again = create_original(
        title="Паром",
        language_code="ru",
        outlet=outlet,
        blocks=[{"kind": "paragraph", "text": "Паром снова пойдёт в июне."}],
        authors=["Ирина Соколова"],
    )
    assert again.bylines.get().author.romanized == "Irina Sokolowa"


@pytest.mark.django_db
def test_the_dateline_and_the_author_page_show_both_forms(client):
    original = create_original(
        title="Мост",
        language_code="ru",
        outlet=factories.outlet(),
        blocks=[{"kind": "paragraph", "text": "Мост через реку откроют летом."}],
        authors=["Ирина Соколова"],
    )
    translation = factories.translation(original_obj=original)
    page = client.get(translation.get_absolute_url()).content.decode()
    assert "Ирина Соколова</a> (Irina Sokolova)" in page
    assert '"alternateName": "Irina Sokolova"' in page
    author = original.bylines.get().author
    listing = client.get(f"/authors/{author.pk}/").content.decode()
    assert 'Original articles by <span dir="auto">Ирина Соколова</span> (Irina Sokolova)' in listing


@pytest.mark.django_db
def test_the_api_gives_the_romanised_form_beside_each_author(client):
    original = create_original(
        title="Мост",
        language_code="ru",
        outlet=factories.outlet(),
        blocks=[{"kind": "paragraph", "text": "Мост через реку откроют летом."}],
        authors=["Ирина Соколова", "Anna Keller"],
    )
    translation = factories.translation(original_obj=original)
    data = client.get(f"/api/v1/translations/{translation.slug}").json()
    assert data["original"]["authors"] == ["Ирина Соколова", "Anna Keller"]
    assert data["original"]["authors_romanized"] == ["Irina Sokolova", ""]
