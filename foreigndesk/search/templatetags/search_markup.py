"""The search pages' long lists, written in Python: each result, and each facet's values.

A page shows twenty results and up to sixty facet values. In the template language every
variable and condition of an item costs several microseconds (lookups tried as a key, then an
attribute; localisation; escaping), which made these two lists a quarter of the page's CPU time;
built here, with the same markup, they cost a few times less. Values are escaped as the template
language escapes them (``conditional_escape``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from ..selectors import FacetValue, Result

register = template.Library()


def _text(value: object) -> str:
    """``{{ value }}``: escaped unless safe (as ``conditional_escape``, without its wrapper for
    lazy strings, which costs more than the escaping); ``None`` (a missing part) is empty."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@register.simple_tag
def search_result(result: Result, desk: bool = False) -> SafeString:
    """One result: its title (with its country, the asterisk of an editor's note, "(link)"),
    outlet, language, date (and on the desk its state and paragraph pairs), and snippet."""
    translation, original = result.translation, result.original
    country = result.country
    outlet = result.outlet
    language = result.language
    snippet_language = result.snippet_language
    # The title of an original found without a translation is in the original's language.
    own = (
        ""
        if translation is not None or original is None
        else f' lang="{_text(original.language_id)}" dir="{_text(original.language.direction)}"'
    )
    title = (
        f'<span class="item__country">{_text(country.name.upper())}:</span> ' if country else ""
    ) + f"{result.title_html}</a>"
    if translation is not None and translation.editor_note:
        title += '<span class="asterisk" title="With an editor\'s note">*</span>'
    if translation is not None and translation.is_link:
        title += ' <span class="item__kind">(link)</span>'
    meta = f"{_text(outlet.name)} · " if outlet else ""
    if language:
        meta += f"from {_text(language.name)}"
    if result.published_at:
        meta += (
            f' · <time datetime="{_text(result.published_iso)}">'
            f"{_text(result.published_label)}</time>"
        )
    if desk:
        meta += f' · <span class="search-result__state">{_text(result.state_label)}</span>'
        if translation is not None:
            pairs = reverse("desk:alignment", args=[translation.pk])
            meta += f' · <a class="search-result__pairs" href="{_text(pairs)}">Paragraph pairs</a>'
    source = (
        '<span class="search-result__source">In the original '
        f"({_text(snippet_language.name if snippet_language else '')}):</span>"
        if result.from_original
        else ""
    )
    direction = (snippet_language.direction if snippet_language else "") or "auto"
    return mark_safe(
        '<li class="search-result">\n'
        f'    <h2 class="search-result__title"><a href="{_text(result.url)}"{own}>{title}</h2>\n'
        f'    <p class="search-result__meta">{meta}</p>\n'
        f'    <p class="search-result__snippet">{source}<span class="search-result__text" '
        f'lang="{_text(result.snippet.language)}" dir="{_text(direction)}">'
        f"{result.snippet.html}</span></p>\n"
        "  </li>"
    )


@register.simple_tag
def facet_values(
    name: str, values: Sequence[tuple[FacetValue, str]], approximate: bool
) -> SafeString:
    """A facet's values, each a link that toggles it (``values``: value and its link) with its
    count (estimated, and so marked, when ``approximate``)."""
    facet = _text(name)
    items = []
    for value, url in values:
        # As {{ value.count }} prints it while USE_THOUSAND_SEPARATOR is off (the default).
        count = _text(value.count)
        current = ' aria-current="true" title="Remove this filter"' if value.selected else ""
        about = (
            f' title="About {count}: estimated from a sample of the matches"' if approximate else ""
        )
        items.append(
            f'<li><a href="{_text(url)}" data-facet="{facet}" data-value="{_text(value.value)}"'
            f"{current}>{_text(value.label)}</a> "
            f'<span class="count"{about}>{"≈" if approximate else ""}{count}</span></li>'
        )
    return mark_safe("".join(items))
