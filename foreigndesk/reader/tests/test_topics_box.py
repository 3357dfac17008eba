"""The "Topics" box: the latest articles in the topics of the page being read (on pages about
no topic, in the most active topics), each "COUNTRY: TITLE*" under its topic's linked name."""

import datetime

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from foreigndesk.newsroom import published
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def countries():
    for code, name in (("DE", "Germany"), ("FR", "France"), ("IT", "Italy"), ("EG", "Egypt")):
        factories.country(code, name)


def article(title, topics, *, days, country="DE", **kwargs):
    outlet = factories.outlet(f"Outlet of {country}", country_code=country)
    return factories.translation(
        title=title,
        original_obj=factories.original(outlet_obj=outlet),
        topics=topics,
        published_at=NOW - datetime.timedelta(days=days),
        **kwargs,
    )


def box(response):
    """The box as (topic name, its link, [items]) in order."""
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    sections = tree.cssselect("section[aria-labelledby=topics-heading]")
    assert len(sections) == 1
    groups = []
    for heading in sections[0].cssselect("h3"):
        items = heading.getnext().cssselect("li")
        groups.append(
            (
                heading.text_content().strip(),
                heading.cssselect("a")[0].get("href"),
                [" ".join(li.text_content().split()) for li in items],
            )
        )
    assert sections[0].cssselect(".box__more a")[0].get("href") == "/topics/"
    return groups


def test_an_article_page_lists_the_latest_in_its_own_topics(client):
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    factories.topic("Fisheries")
    reading = article("The grid waits", [energy, ports], days=10)
    for number in range(5):
        article(f"Energy news {number}", [energy], days=number + 1, country="FR")
    article("Harbour and grid", [energy, ports], days=0, country="EG", editor_note="Context.")
    article("Dredging the channel", [ports], days=3, country="IT")
    article("Fish prices", [factories.topic("Fisheries")], days=0)
    factories.translation(title="Unpublished port story", topics=[ports], state=State.IN_REVIEW)
    groups = box(client.get(reading.get_absolute_url()))
    assert groups == [
        (
            "Energy",
            "/topics/energy/",
            ["EGYPT: Harbour and grid*", "FRANCE: Energy news 0", "FRANCE: Energy news 1"],
        ),
        # An article is listed under its first topic only; the page's own article never.
        ("Ports", "/topics/ports/", ["ITALY: Dredging the channel"]),
    ]


def test_items_without_a_country_read_as_the_title_alone(client):
    energy = factories.topic("Energy")
    reading = article("The grid waits", [energy], days=2)
    factories.translation(
        title="Vietnam: An Outlet for Power",
        original_obj=factories.original(outlet_obj=factories.outlet("Nowhere", country_code=None)),
        topics=[energy],
    )
    assert box(client.get(reading.get_absolute_url())) == [
        ("Energy", "/topics/energy/", ["Vietnam: An Outlet for Power"])
    ]


def test_an_article_alone_in_its_topic_keeps_the_topics_name(client):
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    reading = article("The grid waits", [energy], days=1)
    article("Dredging the channel", [ports], days=2, country="IT")
    response = client.get(reading.get_absolute_url())
    tree = lxml_html.fromstring(response.content)
    section = tree.cssselect("section[aria-labelledby=topics-heading]")[0]
    assert [a.get("href") for a in section.cssselect("h3 a")] == ["/topics/energy/"]
    assert "No other article on this topic yet." in section.text_content()


def test_an_article_without_topics_gets_the_sites_box(client):
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    reading = article("The grid waits", [], days=1)
    article("Power lines", [energy], days=1, country="FR")
    article("Dredging the channel", [ports], days=2, country="IT")
    # One tagging each: the topic with the newer article comes first.
    assert box(client.get(reading.get_absolute_url())) == [
        ("Energy", "/topics/energy/", ["FRANCE: Power lines"]),
        ("Ports", "/topics/ports/", ["ITALY: Dredging the channel"]),
    ]


def test_the_front_page_lists_the_latest_in_the_most_active_topics(client):
    topics = {name: factories.topic(name) for name in ("Energy", "Ports", "Farming", "Courts")}
    for number in range(4):
        article(f"Energy {number}", [topics["Energy"]], days=number + 1)
    for number in range(3):
        article(f"Ports {number}", [topics["Ports"]], days=number + 1, country="IT")
    article("Farming 0", [topics["Farming"]], days=0, country="FR")
    article("Farming 1", [topics["Farming"]], days=9, country="FR")
    article("Courts 0", [topics["Courts"]], days=0, country="EG")
    groups = box(client.get("/"))
    assert [(name, items) for name, _, items in groups] == [
        ("Energy", ["GERMANY: Energy 0", "GERMANY: Energy 1", "GERMANY: Energy 2"]),
        ("Ports", ["ITALY: Ports 0", "ITALY: Ports 1", "ITALY: Ports 2"]),
        # Two taggings each: Farming's newest article is newer than Courts' second.
        ("Farming", ["FRANCE: Farming 0", "FRANCE: Farming 1"]),
    ]
    # Listings show the same box; the topic names' counts moved to the topics index.
    assert box(client.get("/countries/germany/")) == groups
    assert b"(4)" in client.get("/topics/").content


def test_an_empty_site_has_no_topics_box(client):
    response = client.get("/")
    assert b"topics-heading" not in response.content


def test_the_active_topics_read_only_the_latest_taggings(monkeypatch):
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    for number in range(3):
        article(f"Old energy {number}", [energy], days=30 + number)
    article("Recent port", [ports], days=1, country="IT")
    monkeypatch.setattr(published, "ACTIVE_TAGGINGS", 1)
    groups = published.latest_in_active_topics()
    assert [(group.name, [line.title for line in group.articles]) for group in groups] == [
        ("Ports", ["Recent port"])
    ]


def test_latest_in_topics_takes_one_query_whatever_the_archive(django_assert_num_queries):
    topics = [factories.topic(name) for name in ("Energy", "Ports", "Farming")]
    for number in range(12):
        article(f"Story {number}", topics[: number % 3 + 1], days=number)
    with django_assert_num_queries(1):
        groups = published.latest_in_topics(topics, per_topic=2)
    assert [len(group.articles) for group in groups] == [2, 2, 2]
    with django_assert_num_queries(1):
        assert len(published.latest_in_active_topics()) == 3
    assert published.latest_in_topics([]) == []
