"""Remembered paths are the paths ``reverse()`` and ``{% url %}`` give, under any script prefix."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from foreigndesk.core.links import _reversed, path_for


@pytest.fixture(autouse=True)
def _root_prefix():
    yield
    set_script_prefix("/")


def test_a_path_is_the_reversed_path_and_is_remembered():
    _reversed.cache_clear()
    expected = reverse("reader:article", kwargs={"year": 2026, "month": "03", "slug": "ports"})
    assert path_for("reader:article", year=2026, month="03", slug="ports") == expected
    assert path_for("reader:article", year=2026, month="03", slug="ports") == expected
    assert _reversed.cache_info().hits == 1
    assert path_for("reader:topic", "energy") == reverse("reader:topic", args=["energy"])


def test_the_script_prefix_is_part_of_the_answer():
    plain = path_for("reader:topic", "energy")
    set_script_prefix("/news/")
    assert (
        path_for("reader:topic", "energy")
        == "/news" + plain
        == reverse("reader:topic", args=["energy"])
    )


def test_an_unknown_name_is_an_error_as_with_reverse():
    with pytest.raises(NoReverseMatch):
        path_for("reader:no-such-page")


def test_the_tag_gives_what_the_url_tag_gives():
    context = Context({"slug": "energy-and-ports"})
    remembered = Template('{% load paths %}{% path "reader:topic" slug %}').render(context)
    reversed_ = Template('{% url "reader:topic" slug %}').render(context)
    assert remembered == reversed_
