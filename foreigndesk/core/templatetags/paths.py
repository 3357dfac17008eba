"""``{% path "reader:topic" topic.slug %}``: ``{% url %}`` with its answers remembered (see
:func:`foreigndesk.core.links.path_for`), for the reader's pages, which name dozens of addresses."""

from __future__ import annotations

from typing import Any

from django import template

from foreigndesk.core.links import path_for

register = template.Library()


@register.simple_tag
def path(viewname: str, *args: Any) -> str:
    """The path of a named URL with these arguments."""
    return path_for(viewname, *args)
