"""The translation memory at the desk: matches under the segment being translated and the button
that puts one in it; the memory page with its pairs, TMX downloads and imports (editors only),
and bad files refused with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories
from foreigndesk.workbench.memory import NewEntry, add_entries
from foreigndesk.workbench.models import MemoryEntry, Segment

from .conftest import People, client_for

pytestmark = pytest.mark.django_db

QUOTATION = "« Nous attendions ce jour depuis deux hivers », dit le maire."
REMEMBERED = "« Nous attendions ce jour depuis trois hivers », dit le maire."


def remember(source: str, target: str, **kwargs: Any) -> None:
    factories.language("fr")
    factories.language("en")
    add_entries([NewEntry("fr", "en", source, target, kwargs.pop("origin", "tmx"), **kwargs)])


def workbench(client: Client, translation: Translation, query: str = "") -> Any:
    response = client.get(reverse("desk:workbench", args=[translation.pk]) + query)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def test_the_segment_at_hand_shows_its_matches_with_similarity_and_origin(
    translation: Translation, people: People
) -> None:
    remember(
        REMEMBERED, "“We had waited three winters for this day,” said the mayor.", note="maire.tmx"
    )
    remember(
        "Le bac de Sorel reprend son service lundi matin.", "The Sorel ferry is back on Monday."
    )
    tree = workbench(client_for(people.translator), translation)
    current = tree.xpath("//li[contains(@class,'segment--current')]")[0]
    match = current.xpath(".//li[contains(@class,'match')]")
    assert len(match) == 1
    score = int(match[0].xpath(".//span[@class='match__score']")[0].text.rstrip("%"))
    assert 90 <= score < 100
    assert match[0].xpath(".//span[@class='match__where']")[0].text == "imported TMX file maire.tmx"
    assert "three winters" in match[0].xpath(".//p[@class='match__target']")[0].text
    # The first segment's exact match shows when the translator opens it.
    first = workbench(client_for(people.translator), translation, "?at=0")
    exact = first.xpath("//li[contains(@class,'match--exact')]")
    assert exact
    assert exact[0].xpath(".//span[@class='match__score']")[0].text == "100%"


def test_using_a_match_puts_its_target_in_the_segment_as_memory(
    translation: Translation, people: People
) -> None:
    remember(REMEMBERED, "“We had waited three winters for this day,” said the mayor.")
    client = client_for(people.translator)
    tree = workbench(client, translation)
    form = tree.xpath("//form[contains(@class,'match__use')]")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    data["op"] = "use"
    response = client.post(form.get("action"), data)
    assert response.status_code == 302
    segment = Segment.objects.get(translation=translation, position=2)
    assert segment.target == "“We had waited three winters for this day,” said the mayor."
    assert (segment.origin, segment.state) == ("memory", "draft")


def test_a_match_of_another_pair_or_gone_is_refused_and_changes_nothing(
    translation: Translation, people: People
) -> None:
    factories.language("de")
    add_entries([NewEntry("de", "en", "Ein Satz.", "A sentence.", "tmx")])
    client = client_for(people.translator)
    tree = workbench(client, translation)
    form = tree.get_element_by_id("form-2")
    data = {
        name: form.xpath(f".//input[@name='{name}']/@value")[0]
        for name in ("key", "version", "revision")
    }
    for entry_id in (MemoryEntry.objects.get().pk, 999_999):
        response = client.post(
            reverse("desk:segment_save", args=[translation.pk, 2]),
            dict(data, op="use", match=entry_id),
        )
        assert response.status_code == 400
        assert "This memory match no longer exists." in response.content.decode()
    assert not Segment.objects.exists()


def test_the_help_fragment_lists_the_matches(translation: Translation, people: People) -> None:
    remember(REMEMBERED, "Three winters.")
    response = client_for(people.translator).get(
        reverse("desk:segment_help", args=[translation.pk, 2])
    )
    assert "Three winters." in response.content.decode()
    assert "Use this translation" in response.content.decode()


# --------------------------------------------------------------------------------------------
# The memory page.

TMX = (
    '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
    'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" '
    'datatype="plaintext"/><body><tu><tuv xml:lang="fr"><seg>Le pont est fermé.</seg></tuv>'
    '<tuv xml:lang="en"><seg>The bridge is closed.</seg></tuv></tu></body></tmx>'
)


def upload(client: Client, content: bytes, name: str = "pont.tmx") -> Any:
    return client.post(
        reverse("desk:memory_import"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def test_the_memory_page_counts_each_pair_and_offers_its_tmx(people: People) -> None:
    remember("Le pont est ouvert.", "The bridge is open.", origin="archive")
    remember("Le pont est fermé.", "The bridge is closed.")
    response = client_for(people.translator).get(reverse("desk:memory"))
    tree = lxml_html.fromstring(response.content.decode())
    row = tree.xpath("//tr[@data-pair='fr>en']")[0]
    assert row.xpath(".//td[@class='memory-pairs__total']")[0].text == "2"
    assert "Published archive: 1" in row.text_content()
    assert "Imported from TMX: 1" in row.text_content()
    # Translators take the memory but do not import into it.
    assert not tree.xpath("//form[@id='memory-import']")
    download = client_for(people.translator).get(row.xpath(".//a/@href")[0])
    assert download["Content-Disposition"] == 'attachment; filename="memory-fr-en.tmx"'
    assert b"<seg>The bridge is open.</seg>" in download.content


def test_an_editor_imports_a_tmx_file(people: People) -> None:
    factories.language("fr")
    factories.language("en")
    response = upload(client_for(people.editor), TMX.encode())
    assert response.status_code == 200
    assert "“pont.tmx”: 1 unit (fr&gt;en 1); 1 new memory entry" in response.content.decode()
    assert MemoryEntry.objects.get().target == "The bridge is closed."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<tmx><body>", "not well-formed XML"),
        (b'<?xml version="1.0"?><svg/>', "not a TMX file"),
        (TMX.replace('xml:lang="en"', 'xml:lang="tlh"').encode(), "“tlh” (unit 1)"),
        (TMX.replace("fermé", "fermé, très fermé").encode("latin-1"), "not in UTF-8"),
    ],
)
def test_a_bad_file_is_refused_with_its_problem_named(
    people: People, content: bytes, message: str
) -> None:
    factories.language("fr")
    factories.language("en")
    response = upload(client_for(people.editor), content, "mauvais.tmx")
    assert response.status_code == 400
    tree = lxml_html.fromstring(response.content.decode())
    assert (
        message
        in tree.xpath("//form[@id='memory-import']//ul[@class='errorlist']")[0].text_content()
    )
    assert not MemoryEntry.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(people: People, settings: Any) -> None:
    settings.FOREIGNDESK_MEMORY_TMX_MAX_BYTES = 100
    response = upload(client_for(people.editor), TMX.encode())
    assert response.status_code == 400
    assert "a TMX file may be at most 100 bytes" in response.content.decode()
    assert not MemoryEntry.objects.exists()


def test_who_may_use_the_memory_pages(people: People) -> None:
    assert Client().get(reverse("desk:memory")).status_code == 302
    assert client_for(people.nobody).get(reverse("desk:memory")).status_code == 403
    factories.language("fr")
    factories.language("en")
    assert upload(client_for(people.translator), TMX.encode()).status_code == 403
    assert not MemoryEntry.objects.exists()
    unknown = reverse("desk:memory_export", args=["fr", "xx"])
    assert client_for(people.editor).get(unknown).status_code == 404
