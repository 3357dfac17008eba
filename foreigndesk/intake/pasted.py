"""Reading an article as people paste it: the text a browser copies from a news page, or a text
file saved from one.

Such a text carries the site around the article: navigation and section links above the
headline, "Skip to content", cookie and newsletter notices, share buttons, a date line, and
comments or related articles after the text. The reader drops what is the site's, takes the
headline (not the first line of chrome) as the title, the byline and date under it as the
article's credits, short unpunctuated lines between paragraphs as subheadings, and splits
paragraphs that only a single newline separates (as Chinese and Japanese text often has them)
where a sentence ends, while lines wrapped inside a sentence are joined again. No Django here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from foreigndesk.core.blocks import HEADING, PARAGRAPH, QUOTATION, Block

from .lines import byline_and_date, clean, is_button_text, parse_date, strip_buttons

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?…:;»\"”’)\]。！？」』]\s*$")
#: Where a paragraph may end at a single newline: after a sentence's last mark.
_PARAGRAPH_END = re.compile(r"[.!?…»\"”’。！？」』)]\s*$")

#: Lines that are only the site's: links to skip ahead, menus, account and subscription
#: buttons, in the desk's source languages.
_CHROME = re.compile(
    r"^(?:skip to (?:the )?(?:main )?(?:content|article|navigation)|zum inhalt springen|"
    r"direkt zum inhalt|aller au contenu(?: principal)?|ir al contenido(?: principal)?|"
    r"ir para o conte[úu]do|salta al contenuto|перейти к (?:содержанию|основному содержанию)|"
    r"本文へ(?:スキップ|移動)|跳到(?:主要)?内容|تخطى إلى المحتوى|"
    r"menu|men[úuü]|меню|メニュー|菜单|القائمة|search|suche|rechercher|buscar|pesquisar|cerca|"
    r"поиск|検索|搜索|بحث|home|startseite|accueil|inicio|in[íi]cio|главная|ホーム|首页|"
    r"الرئيسية|log ?in|sign ?in|sign up|register|subscribe|anmelden|registrieren|abonnieren|"
    r"se connecter|s['’]abonner|iniciar sesi[óo]n|suscr[íi]bete|entrar|assine|accedi|abbonati|"
    r"войти|подписаться|ログイン|登录|تسجيل الدخول|اشترك(?: الآن)?|"
    r"accept(?: all)?(?: cookies)?|alle akzeptieren|akzeptieren|accepter|tout accepter|aceptar|"
    r"aceitar|accetta|принять|同意する|موافق|advertisement|anzeige|publicidad|publicit[ée]|"
    r"реклама|広告|广告|إعلان|listen(?: to this article)?|artikel anh[öo]ren|"
    r"[0-9]+ min(?:ute)?s? read|lesezeit:? .{1,20}|tiempo de lectura:? .{1,20}|"
    r"partager|teilen|compartir|compartilhar|condividi|поделиться|シェア|分享|مشاركة)\.?$",
    re.IGNORECASE,
)
#: Notices the site puts in the text: cookies, newsletters, paywalls.
_NOTICE = re.compile(
    r"cookie|クッキー|newsletter|рассылк|ニュースレター|boletín|infolettre|"
    r"sign up for|melden sie sich|inscreva-se|abonnez-vous|subscribe to|"
    r"все права защищены|all rights reserved|alle rechte vorbehalten|tous droits réservés|"
    r"todos los derechos reservados|無断転載|版权所有|جميع الحقوق محفوظة",
    re.IGNORECASE,
)
#: Where the article has ended and the site goes on: comments, related articles, the footer.
_END = re.compile(
    r"^(?:(?:\d+\s+)?(?:comments?|kommentare?|commentaires?|comentarios?|coment[áa]rios?|"
    r"commenti|комментари(?:и|ев|й)|コメント|评论|التعليقات|تعليقات)(?:\s*\(\d+\))?|"
    r"leave a (?:comment|reply)|write a comment|kommentar schreiben|laisser un commentaire|"
    r"deja un comentario|deixe um coment[áa]rio|оставить комментарий|"
    r"related(?: articles| stories)?|more (?:from|on) .{1,40}|read (?:more|also|next)|"
    r"mehr zum thema|das k[öo]nnte sie auch interessieren|lire aussi|[àa] lire aussi|"
    r"sur le m[êe]me sujet|te puede interesar|lee tambi[ée]n|leia tamb[ée]m|veja tamb[ée]m|"
    r"leggi anche|читайте также|по теме|関連記事|あわせて読みたい|相关(?:阅读|文章)|"
    r"اقرأ أيضا|اقرأ أيضاً|مواضيع ذات صلة|©.*|\(c\) \d{4}.*|copyright .*)\s*:?$",
    re.IGNORECASE,
)
#: "Read also: another headline" inside the text: a link to another article, not a paragraph.
_READ_ALSO = re.compile(
    r"^(?:read (?:also|more)|see also|lesen sie auch|mehr dazu|lire aussi|voir aussi|"
    r"lee tambi[ée]n|leia tamb[ée]m|veja tamb[ée]m|leia mais|leggi anche|читайте также|"
    r"читайте|関連|اقرأ أيضا|"
    r"اقرأ أيضاً)\s*[:：>»-]\s*.+$",
    re.IGNORECASE,
)
#: A section label with the date ("Politics | 3 March 2026", "Wirtschaft · 12.03.2026").
_LABEL_AND_DATE = re.compile(r"^(?P<label>[^|·•]{1,40})\s*[|·•—–]\s*(?P<date>.{6,40})$")


class PastedTextError(ValueError):
    """The text holds no article; the message says what is missing."""


@dataclass
class PastedArticle:
    """What a pasted article says: its headline, credits and text."""

    title: str
    blocks: list[Block]
    authors: list[str] = field(default_factory=list)
    date: datetime.date | None = None


@dataclass
class _Line:
    text: str
    blank_before: bool
    blank_after: bool


def _is_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _CJK.match(c)) / len(letters) > 0.5


def _words(text: str) -> int:
    return len(text) // 2 if _is_cjk(text) else len(text.split())


def is_site_line(text: str) -> bool:
    """Whether a line is the site's rather than the article's: a menu or account link, a
    button's text, a notice about cookies or newsletters, a "read also" link."""
    if is_button_text(text) or _CHROME.match(text) or _READ_ALSO.match(text):
        return True
    return len(text) < 300 and bool(_NOTICE.search(text))


#: Words a site puts before the date: "Published on", "Publié le", "Veröffentlicht am".
_DATE_PREFIX = re.compile(
    r"^(?:published|updated|last updated|posted|publi[ée]e?|mis à jour|ver[öo]ffentlicht|"
    r"aktualisiert|stand|publicado|actualizado|atualizado|pubblicato|aggiornato|"
    r"опубликовано|обновлено|公開|更新|发布|نشر في|تاريخ النشر)"
    r"(?:\s+(?:on|at|le|am|el|em|il|в))?\s*[:：]?\s*",
    re.IGNORECASE,
)


def _is_date_line(text: str) -> datetime.date | None:
    """The date of a line that is only a date, or a section label and a date."""
    if len(text) > 60:
        return None
    text = _DATE_PREFIX.sub("", text)
    date = parse_date(text)
    if date is None:
        match = _LABEL_AND_DATE.match(text)
        if match:
            date = parse_date(match["date"])
    return date


def _lines(text: str) -> list[_Line]:
    raw = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    lines: list[_Line] = []
    for number, line in enumerate(raw):
        cleaned = clean(line)
        if not cleaned:
            continue
        lines.append(
            _Line(
                cleaned,
                blank_before=number == 0 or not raw[number - 1].strip(),
                blank_after=number + 1 >= len(raw) or not raw[number + 1].strip(),
            )
        )
    return lines


def _is_headline(line: str) -> bool:
    return 3 <= _words(line) <= 40 and len(line) <= 300 and not line.endswith((",", ";", ".", "。"))


def _looks_like_paragraph(line: str) -> bool:
    return _words(line) >= 8 and bool(_PARAGRAPH_END.search(line))


def _title_at(lines: list[_Line]) -> tuple[int, datetime.date | None]:
    """Where the headline is, and a date line met above it. Short lines above the headline are
    the site's sections; a short headline is one followed by the text or its byline. A headline
    has text after it: the last line is never taken for one."""
    date = None
    for index, line in enumerate(lines[:40]):
        found = _is_date_line(line.text)
        if found is not None:
            date = date or found
            continue
        following = [other.text for other in lines[index + 1 : index + 4]]
        if not following:
            break
        if _is_headline(line.text) or _opens_text(line.text, following):
            return index, date
    return 0, date


def _opens_text(line: str, following: list[str]) -> bool:
    """Whether a short line without a final mark is the headline of the text that follows: a
    byline comes next, or a sentence longer than itself."""
    if _SENTENCE_END.search(line):
        return False
    if byline_and_date(following)[2]:
        return True
    first = following[0]
    return bool(_SENTENCE_END.search(first)) and _words(first) > max(_words(line), 3)


def _is_subheading(text: str) -> bool:
    return len(text) <= 90 and _words(text) <= 12 and not _SENTENCE_END.search(text)


def _chunks(lines: list[_Line]) -> list[list[str]]:
    """Runs of lines between blank lines; each line its own run when the text has no blank."""
    if not any(line.blank_before for line in lines[1:]):
        return [[line.text] for line in lines]
    chunks: list[list[str]] = []
    for line in lines:
        if line.blank_before or not chunks:
            chunks.append([])
        chunks[-1].append(line.text)
    return chunks


def _split_chunk(chunk: list[str]) -> list[Block]:
    """One run of lines as paragraphs: lines that each end a sentence (as pasted CJK text has
    them, or a site's single-newline paragraphs) are paragraphs of their own, short lines
    without a final mark among them subheadings; lines wrapped inside sentences are joined."""
    cjk = _is_cjk(" ".join(chunk))
    joiner = "" if cjk else " "
    ends = sum(1 for line in chunk[:-1] if _PARAGRAPH_END.search(line))
    per_line = len(chunk) > 1 and (cjk or ends * 2 >= len(chunk) - 1)
    if not per_line:
        return [{"kind": PARAGRAPH, "text": joiner.join(chunk)}]
    blocks: list[Block] = []
    current: list[str] = []
    for number, line in enumerate(chunk):
        if not current and number + 1 < len(chunk) and _is_subheading(line):
            blocks.append({"kind": HEADING, "text": line})
            continue
        current.append(line)
        if _PARAGRAPH_END.search(line):
            blocks.append({"kind": PARAGRAPH, "text": joiner.join(current)})
            current = []
    if current:
        blocks.append({"kind": PARAGRAPH, "text": joiner.join(current)})
    return blocks


def _paragraphs(lines: list[_Line]) -> list[Block]:
    """The text's blocks: a one-line run without a final mark between others is a subheading
    (a "## " or "> " mark copied from a plain-text page keeps its kind)."""
    blocks: list[Block] = []
    chunks = _chunks(lines)
    for number, chunk in enumerate(chunks):
        first = chunk[0]
        if len(chunk) == 1 and first.startswith("## "):
            blocks.append({"kind": HEADING, "text": first[3:].strip()})
        elif len(chunk) == 1 and first.startswith("> "):
            blocks.append({"kind": QUOTATION, "text": first[2:].strip()})
        elif len(chunk) == 1 and number + 1 < len(chunks) and _is_subheading(first):
            blocks.append({"kind": HEADING, "text": first})
        else:
            blocks.extend(_split_chunk(chunk))
    return blocks


def read_pasted(text: str) -> PastedArticle:
    """The article in a pasted text; PastedTextError when there is none."""
    lines = _lines(text)
    if not lines:
        raise PastedTextError("The text is empty.")
    end = next((i for i, line in enumerate(lines) if i > 1 and _END.match(line.text)), len(lines))
    lines = [line for line in lines[:end] if not is_site_line(line.text)]
    if not lines:
        raise PastedTextError("The text holds only the site's menus and notices, no article.")
    title_at, date = _title_at(lines)
    title = strip_buttons(lines[title_at].text)
    body = lines[title_at + 1 :]
    authors, credited_date, taken = byline_and_date([line.text for line in body])
    body = body[taken:]
    # A date line further down the header (under the standfirst, say) is no paragraph either.
    if body and date is None and credited_date is None:
        found = _is_date_line(body[0].text)
        if found is not None:
            credited_date, body = found, body[1:]
    blocks = _paragraphs(body)
    if blocks and blocks[-1]["kind"] == HEADING:
        blocks.pop()  # a label the site left after the text
    if not blocks or sum(len(block["text"]) for block in blocks) < 40:
        raise PastedTextError(
            "No article could be found in this text: it needs a title and paragraphs."
        )
    return PastedArticle(
        title=title,
        blocks=blocks,
        authors=authors or [],
        date=credited_date or date,
    )
