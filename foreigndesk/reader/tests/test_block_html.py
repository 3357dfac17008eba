"""The markup of an article's blocks: each kind, its level, its anchor, its correction mark, and
text always escaped."""

from __future__ import annotations

from types import SimpleNamespace

from foreigndesk.reader.article import PageBlock, Row, block_html


def test_a_paragraph_of_the_translation_carries_its_anchor():
    assert block_html(PageBlock("paragraph", "First.", index=0), 2) == (
        '<p class="block" id="block-0">First.</p>'
    )


def test_a_block_of_the_original_has_no_anchor():
    assert block_html(PageBlock("paragraph", "Erstens."), 3) == '<p class="block">Erstens.</p>'


def test_headings_take_the_level_of_their_side():
    block = PageBlock("heading", "Ports", index=3)
    assert block_html(block, 2) == '<h2 class="block block--heading" id="block-3">Ports</h2>'
    assert block_html(block, 3).startswith("<h3 ")
    assert block_html(block, 3).endswith("</h3>")


def test_a_corrected_block_links_to_its_first_correction():
    corrections = (SimpleNamespace(pk=7), SimpleNamespace(pk=9))
    quotation = block_html(PageBlock("quotation", "“Said.”", index=1, corrections=corrections), 2)
    assert quotation == (
        '<blockquote class="block block--quotation block--corrected" id="block-1"><p>'
        '<a class="correction-mark" href="#correction-7" lang="en" dir="ltr">Corrected</a> '
        "“Said.”</p></blockquote>"
    )
    heading = block_html(PageBlock("heading", "Title", index=0, corrections=corrections), 2)
    assert heading.endswith(
        'Title <a class="correction-mark" href="#correction-7" lang="en" dir="ltr">Corrected</a></h2>'
    )


def test_text_is_escaped_whatever_it_holds():
    html = block_html(PageBlock("paragraph", '<script>alert("x")</script> & <b>', index=2), 2)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_a_row_joins_its_blocks_on_each_side():
    row = Row(
        index=0,
        translation=[PageBlock("heading", "A", index=0), PageBlock("paragraph", "B", index=1)],
        original=[PageBlock("paragraph", "C")],
    )
    assert row.translation_html == (
        '<h2 class="block block--heading" id="block-0">A</h2>\n<p class="block" id="block-1">B</p>'
    )
    assert row.original_html == '<p class="block">C</p>'
