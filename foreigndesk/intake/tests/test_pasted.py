"""The pasted-article reader on texts as a browser copies them from news pages (written for these
tests), in several languages and scripts."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreigndesk.intake.pasted import PastedTextError, is_site_line, read_pasted

GERMAN = """Zum Inhalt springen
Menü
Suche
Anmelden
Wirtschaft
Hafenstadt baut neue Fähre für die Inseln
Von Karla Brenner und Jonas Weid
12.03.2026
Die Werft am Nordkai hat den Auftrag für eine neue Fähre erhalten, die ab dem Frühjahr die drei Inseln verbinden soll.
Der Stadtrat stimmte dem Vorhaben mit großer Mehrheit zu, nachdem die alte Fähre zweimal ausgefallen war.
Kosten und Zeitplan
Das Schiff soll 41 Millionen Euro kosten und in zwei Jahren fertig sein.
Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.
Kommentare (12)
Anna: Endlich!
Impressum
"""

SPANISH = """Ir al contenido principal

Sociedad | 3 de marzo de 2015

La biblioteca del barrio abre de noche por primera vez

Por Lucía Andrade

La biblioteca municipal del barrio alto abrirá sus puertas hasta la medianoche durante los meses de exámenes, anunció ayer la concejalía.

Lee también: El ayuntamiento amplía el horario de los parques

Los estudiantes habían reunido más de dos mil firmas para pedir un lugar tranquilo donde estudiar por la noche.

Suscríbete a nuestro boletín y recibe las noticias cada mañana.

Te puede interesar

Otra noticia que no es parte del artículo.
"""

JAPANESE = """本文へスキップ
メニュー
港の町に新しい図書館が開館
2015年3月30日
港の町に新しい図書館が開館した。市によると、蔵書は約八万冊にのぼる。
開館式には多くの市民が集まり、子ども向けの読み聞かせも行われた。
館長は「地域の人が集まる場所にしたい」と話した。
関連記事
別の記事の見出し
"""

RUSSIAN = """Главная
Поиск
Новый мост через реку откроют летом
21 июня 2022
Автор: Ирина Соколова
Строительство моста через реку у старой пристани близится к завершению, сообщили в администрации города.
По словам инженеров, движение по мосту откроют в конце лета, если погода позволит закончить работы.
Читайте также: Город закупит новые трамваи
Все права защищены.
"""


def test_german_page_drops_the_site_and_reads_the_credits():
    article = read_pasted(GERMAN)
    assert article.title == "Hafenstadt baut neue Fähre für die Inseln"
    assert article.authors == ["Karla Brenner", "Jonas Weid"]
    assert article.date == datetime.date(2026, 3, 12)
    assert [(b["kind"], b["text"][:20]) for b in article.blocks] == [
        ("paragraph", "Die Werft am Nordkai"),
        ("paragraph", "Der Stadtrat stimmte"),
        ("heading", "Kosten und Zeitplan"),
        ("paragraph", "Das Schiff soll 41 M"),
    ]


def test_spanish_page_with_section_and_date_line_and_read_also_link():
    article = read_pasted(SPANISH)
    assert article.title == "La biblioteca del barrio abre de noche por primera vez"
    assert article.authors == ["Lucía Andrade"]
    assert article.date == datetime.date(2015, 3, 3)
    texts = [b["text"] for b in article.blocks]
    assert len(texts) == 2
    assert texts[0].startswith("La biblioteca municipal")
    assert texts[1].startswith("Los estudiantes")
    assert not any("boletín" in text or "Otra noticia" in text for text in texts)


def test_japanese_paragraphs_split_at_single_newlines():
    article = read_pasted(JAPANESE)
    assert article.title == "港の町に新しい図書館が開館"
    assert article.date == datetime.date(2015, 3, 30)
    assert [b["text"][:6] for b in article.blocks] == [
        "港の町に新し",
        "開館式には多",
        "館長は「地域",
    ]


def test_russian_byline_after_the_date_and_notice_dropped():
    article = read_pasted(RUSSIAN)
    assert article.title == "Новый мост через реку откроют летом"
    assert article.authors == ["Ирина Соколова"]
    assert article.date == datetime.date(2022, 6, 21)
    assert len(article.blocks) == 2
    assert all("Читайте" not in b["text"] for b in article.blocks)


def test_wrapped_lines_inside_a_paragraph_are_joined():
    text = (
        "A headline for the wrapped text\n\n"
        "The first paragraph was wrapped by the mail program\n"
        "in the middle of its only sentence, which goes on here.\n\n"
        "The second paragraph is a single line that ends properly.\n"
    )
    article = read_pasted(text)
    assert [b["text"] for b in article.blocks] == [
        "The first paragraph was wrapped by the mail program in the middle of its only "
        "sentence, which goes on here.",
        "The second paragraph is a single line that ends properly.",
    ]


def test_an_unsigned_editorial_has_no_author():
    text = (
        "Why the council must publish its budget\n"
        "By Editorial Board\n"
        "The council has kept the figures to itself for three years, and the city pays for it.\n"
    )
    assert read_pasted(text).authors == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Menu\nSearch\nSubscribe\nAccept all cookies\n", "only the site"),
        ("Just a headline\n", "No article"),
    ],
)
def test_texts_without_an_article_are_refused(text, message):
    with pytest.raises(PastedTextError, match=message):
        read_pasted(text)


@pytest.mark.parametrize(
    "line",
    ["Skip to content", "Menü", "Share on Facebook", "Read more", "<--", ".", "ログイン"],
)
def test_site_lines(line):
    assert is_site_line(line)


def test_an_article_sentence_is_not_a_site_line():
    assert not is_site_line("The minister said the search for survivors would go on all night.")


CHROME = st.sampled_from(
    ["Skip to content", "Menu", "Search", "Log in", "Subscribe", "Print", "Share", "Tweet", "<--"]
)


@settings(max_examples=40, deadline=None)
@given(above=st.lists(CHROME, max_size=5), between=st.lists(CHROME, max_size=3))
def test_chrome_around_a_page_changes_no_field(above, between):
    head, body = GERMAN.split("Von Karla", 1)
    first, rest = body.split("\n", 1)
    varied = "\n".join(above) + "\n" + head + "Von Karla" + first + "\n"
    varied += "\n".join(between) + ("\n" if between else "") + rest
    plain = read_pasted(GERMAN)
    article = read_pasted(varied)
    assert (article.title, article.authors, article.date) == (
        plain.title,
        plain.authors,
        plain.date,
    )
    assert article.blocks == plain.blocks


FRENCH = """Aller au contenu principal
Se connecter
S'abonner
Société
Le tramway de Nantes roulera toute la nuit le samedi
Par Claire Dumas
Publié le 14 février 2026
La métropole a décidé de faire circuler deux lignes de tramway toute la nuit du samedi au dimanche, à titre d'essai jusqu'à l'été.
Les syndicats de chauffeurs ont obtenu des primes pour ces services de nuit, selon un accord signé mardi.
Lire aussi : Les vélos en libre-service arrivent en banlieue
Partager
Laisser un commentaire
Un lecteur : Enfin !
"""

PORTUGUESE = """Ir para o conteúdo
Entrar
Assine
Cidades
Prefeitura de Recife abre inscrições para hortas comunitárias

Por Ana Ribeiro e Paulo Lima

3 de março de 2025

A prefeitura abriu nesta segunda-feira as inscrições para quarenta novas hortas comunitárias em terrenos vazios da cidade.

Cada horta terá água encanada e ferramentas, e os moradores poderão vender o que colherem numa feira mensal.

Veja também: Chuva forte alaga avenidas da zona norte

Comentários
"""

ARABIC = """تخطى إلى المحتوى
القائمة
بحث
افتتاح أول مكتبة عامة في الحي القديم
بقلم: سامي ناصر
افتتحت البلدية صباح الأحد أول مكتبة عامة في الحي القديم، بعد عامين من أعمال الترميم في المبنى التاريخي.
وقال رئيس البلدية إن المكتبة ستفتح أبوابها حتى منتصف الليل خلال فترة الامتحانات.
اقرأ أيضاً: مهرجان الكتاب يعود في الربيع
جميع الحقوق محفوظة
"""

CHINESE = """跳到主要内容
首页
搜索
登录
城市新建三座过江大桥
2024年5月8日
市政府周二宣布，将在未来五年内新建三座过江大桥，以缓解早晚高峰的交通压力。
第一座大桥预计明年开工，总投资约一百二十亿元。
市民普遍表示欢迎，但也有人担心施工期间的噪音问题。
相关阅读
另一篇文章的标题
"""


@pytest.mark.parametrize(
    ("text", "title", "authors", "date", "openings"),
    [
        (
            FRENCH,
            "Le tramway de Nantes roulera toute la nuit le samedi",
            ["Claire Dumas"],
            datetime.date(2026, 2, 14),
            ["La métropole", "Les syndicats"],
        ),
        (
            PORTUGUESE,
            "Prefeitura de Recife abre inscrições para hortas comunitárias",
            ["Ana Ribeiro", "Paulo Lima"],
            datetime.date(2025, 3, 3),
            ["A prefeitura", "Cada horta"],
        ),
        (
            ARABIC,
            "افتتاح أول مكتبة عامة في الحي القديم",
            ["سامي ناصر"],
            None,
            ["افتتحت البلدية", "وقال رئيس"],
        ),
        (
            CHINESE,
            "城市新建三座过江大桥",
            [],
            datetime.date(2024, 5, 8),
            ["市政府周二宣布", "第一座大桥预", "市民普遍表示"],
        ),
    ],
    ids=["fr", "pt", "ar", "zh"],
)
def test_more_languages(text, title, authors, date, openings):
    article = read_pasted(text)
    assert article.title == title
    assert article.authors == authors
    assert article.date == date
    assert len(article.blocks) == len(openings)
    for block, opening in zip(article.blocks, openings, strict=True):
        assert block["text"].startswith(opening)
