"""Pseudo-text for the benchmark desk: invented words in each language's script. No Django here.

Every vocabulary is built from syllables written for this project, so no real text is copied and
the output only looks like the language: right script, right direction, right punctuation, word
lengths and spacing of the kind the pages must lay out. English, the desk's language, gets a
vocabulary of real news words grouped by topic, so that "related articles" has something to find.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

VOCABULARY_SIZE = 600


@dataclass(frozen=True)
class Script:
    """How a language's pseudo-text is put together."""

    code: str
    name: str
    native_name: str
    syllables: tuple[str, ...]
    function_words: tuple[str, ...] = ()
    rtl: bool = False
    separator: str = " "
    comma: str = ","
    full_stop: str = "."
    quotes: tuple[str, str] = ("“", "”")
    cased: bool = True
    min_syllables: int = 1
    max_syllables: int = 4


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SCRIPTS: dict[str, Script] = {
    script.code: script
    for script in [
        Script(
            "ru",
            "Russian",
            "Русский",
            _split(
                "ка ро ва но ст ре ли го да ми ко за пе ти ны ла вы бо ск жи че ду мо ра ле то"
                " при сов ель ость ник ова ско вет род гор ям ще ух кра дов лен зна ная ого"
            ),
            _split("и в на не что по с о к из за для от до как"),
            quotes=("«", "»"),
        ),
        Script(
            "uk",
            "Ukrainian",
            "Українська",
            _split(
                "ка ро ві но ст ре лі го да мі ко за пе ті ни ла ви бо їх жи че ду мо ра ле"
                " при ськ єд ість ник ова ння сів рід гір яв щи кра дів лен зна"
            ),
            _split("і в на не що по з у до від для як та"),
            quotes=("«", "»"),
        ),
        Script(
            "de",
            "German",
            "Deutsch",
            _split(
                "ber schaft ung lich ein ge wer stand heit kraft ver an zu lan der mit"
                " hal tung rei sche mark wal dorf stra ße öf fen über früh kei ten bau"
            ),
            _split("der die das und in zu den von mit auf für ist nicht ein eine"),
            quotes=("„", "“"),
        ),
        Script(
            "fr",
            "French",
            "Français",
            _split(
                "le ment tion eau ré pro con ver ille ais par mon cha teau vil lage dé"
                " pen sé rou gè que lin nor ban quet mai rie cô té pré fet"
            ),
            _split("le la les de des du et à en un une pour dans sur pas"),
            quotes=("« ", " »"),
        ),
        Script(
            "es",
            "Spanish",
            "Español",
            _split(
                "ca mi no ción ro dad te la men to ble pa sa gua mon ta ña pue blo ri"
                " cer ve lle gen cia ma dri ñor pú bli ca"
            ),
            _split("el la los las de del y en un una por con para que no"),
            quotes=("«", "»"),
        ),
        Script(
            "it",
            "Italian",
            "Italiano",
            _split(
                "ca sa to ri zio ne men te pa es gio va ni lla stra da cit tà por"
                " re gio co mu ne bar che po sti zza"
            ),
            _split("il la i le di del e in un una per con che non"),
            quotes=("«", "»"),
        ),
        Script(
            "pl",
            "Polish",
            "Polski",
            _split(
                "prze szcz wo je wódz two ść ni ka rz ą ę ło sta no wi sko dzie ci"
                " gmi na rol ni cy ków ży cie źró dło"
            ),
            _split("i w na nie że do z się o od po dla jak"),
            quotes=("„", "”"),
        ),
        Script(
            "tr",
            "Turkish",
            "Türkçe",
            _split(
                "ka ra lar ler dı şı ğı in ün ya pı ma ha le bel de si ça ğı öz gür"
                " li man iş çi le ri kö prü yol"
            ),
            _split("ve bir bu da de ile için gibi ama çok"),
            quotes=("“", "”"),
        ),
        Script(
            "pt",
            "Portuguese",
            "Português",
            _split(
                "ção ro da men to ca mi nho rio gran de pa ís lho ças ter ra ver ão"
                " pre fei tu ra mu ni cí pio"
            ),
            _split("o a os as de do da e em um uma para com que não"),
            quotes=("“", "”"),
        ),
        Script(
            "ar",
            "Arabic",
            "العربية",
            _split(
                "مد ين كت ر سل وا قا نو حر بل عم لي ت جل مع ها ية ات ون شر ق ف ض"
                " زر اع ة مي ناء طا قة"
            ),
            _split("في من على إلى أن عن مع هذا التي الذي قد"),
            rtl=True,
            comma="،",
            quotes=("«", "»"),
            cased=False,
        ),
        Script(
            "fa",
            "Persian",
            "فارسی",
            _split("شه ر دا ری گا ه ست ان کا ر مر دم آب خا نه بن در گر می زی ها یی"),
            _split("و در به از که این را با برای"),
            rtl=True,
            comma="،",
            quotes=("«", "»"),
            cased=False,
        ),
        Script(
            "zh",
            "Chinese",
            "中文",
            tuple(
                "国家发展城市市场工业农业水电港口铁路经济政府会议计划地方群众企业技术"
                "能源粮食价格工程建设交通教育医院学校科学环境河流山区海岸村镇产品贸易"
            ),
            tuple("的 了 在 和 是 有 也 对 将 从".split()),
            separator="",
            comma="，",
            full_stop="。",
            quotes=("“", "”"),
            cased=False,
            min_syllables=1,
            max_syllables=3,
        ),
        Script(
            "ja",
            "Japanese",
            "日本語",
            tuple(
                "市町村港湾鉄道電力工場学校病院漁業農家地域住民計画会議政府予算"
                "トラポーンスリカメタセ"
            ),
            tuple("の は を に が で と も から まで する した している".split()),
            separator="",
            comma="、",
            full_stop="。",
            quotes=("「", "」"),
            cased=False,
            min_syllables=2,
            max_syllables=3,
        ),
    ]
}

# English: the desk's language. General news words, and words that belong to each topic.
ENGLISH_WORDS = _split(
    """
    the of and to in a on for with that by from as at regional council city plan ministry
    government local residents officials workers company project report budget spending
    decision vote district province village town port river coast border market prices
    costs wages jobs schools hospital families farmers drivers engineers court law minister
    mayor governor agency committee proposal deadline delay winter summer season shortage
    supply demand contract tender investment loan subsidy tax fee programme network station
    line bridge road harbour airport factory plant warehouse office union strike agreement
    talks meeting hearing inquiry survey figures estimate increase decline rise fall growth
    pressure demand critics supporters opposition majority coalition parliament region
    authorities experts analysts residents neighbours newspaper reporters interview
    """
)

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "Energy": _split("grid power substation transformer turbine electricity tariff outage"),
    "Migration": _split("migrants asylum border visas arrivals camps deportation remittances"),
    "Elections": _split("ballot voters candidates turnout campaign polling runoff mandate"),
    "Agriculture": _split("harvest wheat grain fields irrigation fertiliser livestock tractors"),
    "Ports and shipping": _split("containers cargo vessels terminal dockers cranes freight quay"),
    "Health": _split("patients doctors clinic vaccine nurses screening wards pharmacy"),
    "Education": _split("pupils teachers classrooms curriculum exams university lecturers"),
    "Water": _split("reservoir drought pipes pumps aquifer wells sewage rainfall"),
    "Climate": _split("emissions warming thaw permafrost glaciers heatwave carbon floods"),
    "Housing": _split("rents tenants apartments landlords mortgages construction evictions"),
    "Labour": _split("employees overtime pensions unions strike bargaining shifts layoffs"),
    "Trade": _split("exports imports tariffs customs quotas shipments exporters protocol"),
    "Railways": _split("trains tracks timetable carriages commuters locomotives depot rail"),
    "Courts": _split("judges verdict appeal prosecutors defendants sentence lawyers trial"),
    "Local government": _split("municipality councillors assembly ordinance zoning budgets"),
    "Culture": _split("museum theatre festival artists exhibition orchestra audience"),
    "Religion": _split("church mosque clergy pilgrims monastery parish believers feast"),
    "Science": _split("researchers laboratory experiment samples telescope expedition data"),
    "Technology": _split("software startups chips servers broadband satellites platform"),
    "Fisheries": _split("fishermen catch trawlers quotas salmon herring nets boats"),
    "Mining": _split("miners coal copper quarry shafts lithium ore smelter"),
    "Tourism": _split("tourists hotels visitors cruise beaches guides bookings resorts"),
    "Media": _split("journalists broadcaster editors censorship newsroom licence readers"),
    "Defence": _split("soldiers army barracks conscripts drills garrison veterans weapons"),
    "Diplomacy": _split("ambassador embassy summit treaty envoy delegation sanctions"),
    "Public finance": _split("deficit revenue treasury bonds audit debt spending"),
    "Banking": _split("banks deposits lenders interest savings credit borrowers"),
    "Food prices": _split("bread flour groceries inflation bakers shoppers sugar"),
    "Transport": _split("buses ferries lorries traffic commuters routes tickets"),
    "Urban planning": _split("architects districts squares boulevards density permits"),
    "Forests": _split("loggers timber wildfire rangers saplings woodland sawmill"),
    "Wildlife": _split("wolves birds habitat poachers reserve species wetlands"),
    "Sport": _split("stadium league coach players championship fans clubs"),
    "Literature": _split("novel poets publishers translators bookshops prize authors"),
    "Cinema": _split("film directors studios premiere actors screenings documentary"),
    "Heritage": _split("monument restoration archaeologists ruins heritage craftsmen"),
    "Pensions": _split("pensioners retirement allowance contributions annuity elderly"),
    "Corruption": _split("bribes investigators procurement embezzlement auditors graft"),
    "Protests": _split("protesters rally demonstration police marchers petition slogans"),
    "Border regions": _split("checkpoint crossing frontier smugglers enclave customs"),
}

FIRST_NAMES = _split(
    """
    Ada Alma Anna Ben Carla Dario Elif Emil Farah Greta Hana Ines Ivo Jonas Kasia Lars Lea Luca
    Maren Mira Nadia Noor Olek Omar Petra Rosa Ruth Sami Sofia Tariq Teo Uma Vera Yusuf Zora
    """
)
LAST_NAMES = _split(
    """
    Abbott Baranov Calder Dumont Eriksen Ferrante Gallo Hartley Ibarra Jansen Kowal Lindqvist
    Marsh Novak Okafor Pereira Quist Rahman Sandoval Tanaka Ulrich Varga Whitlock Yilmaz Zeller
    """
)


def _word(rng: random.Random, script: Script) -> str:
    count = rng.randint(script.min_syllables, script.max_syllables)
    return "".join(rng.choice(script.syllables) for _ in range(count))


@dataclass
class Vocabulary:
    """Words of one language with Zipf-like weights: a few frequent, most rare."""

    words: list[str]
    cumulative: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        weights = [1.0 / rank for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def vocabulary(script: Script) -> Vocabulary:
    """The language's invented words, the same in every run (seeded by the language code)."""
    rng = random.Random(f"foreigndesk-bench-vocabulary-{script.code}")
    seen: set[str] = set(script.function_words)
    words = list(script.function_words)
    attempts = 0
    while len(words) < VOCABULARY_SIZE and attempts < VOCABULARY_SIZE * 20:
        attempts += 1
        word = _word(rng, script)
        if word not in seen and len(word) > 1:
            seen.add(word)
            words.append(word)
    return Vocabulary(words)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Writes headings, sentences and paragraphs of pseudo-text in one language."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.vocabulary = vocabulary(script)

    def words(self, rng: random.Random, n: int) -> str:
        return self.script.separator.join(self.vocabulary.pick(rng, n))

    def sentence(self, rng: random.Random, low: int = 6, high: int = 18) -> str:
        script = self.script
        words = self.vocabulary.pick(rng, rng.randint(low, high))
        if len(words) > 8 and rng.random() < 0.5:
            words[len(words) // 2] += script.comma
        text = script.separator.join(words)
        if script.cased:
            text = _capitalise(text)
        return text + script.full_stop

    def heading(self, rng: random.Random) -> str:
        text = self.words(rng, rng.randint(3, 7))
        return _capitalise(text) if self.script.cased else text

    def paragraph(self, rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
        separator = self.script.separator or ""
        return separator.join(self.sentence(rng) for _ in range(rng.randint(*sentences)))

    def quotation(self, rng: random.Random) -> str:
        opening, closing = self.script.quotes
        return opening + self.sentence(rng, 8, 20) + closing

    def name(self, rng: random.Random) -> str:
        """A person's name as the outlet would spell it."""
        script = self.script
        if not script.cased:
            if script.separator == "":
                return _word(rng, script)[:2] + _word(rng, script)[:2]
            return f"{_word(rng, script)} {_word(rng, script)}"
        return f"{_capitalise(_word(rng, script))} {_capitalise(_word(rng, script))}"


class EnglishWriter:
    """Pseudo-English from news words, leaning on the article's topics."""

    def __init__(self) -> None:
        self.general = Vocabulary(list(ENGLISH_WORDS))

    def _words(self, rng: random.Random, n: int, topical: list[str], place: str) -> list[str]:
        words = self.general.pick(rng, n)
        for index in range(n):
            roll = rng.random()
            if topical and roll < 0.25:
                words[index] = rng.choice(topical)
            elif roll < 0.28:
                words[index] = place
            elif roll < 0.30:
                words[index] = str(rng.randint(2, 950))
        return words

    def sentence(self, rng: random.Random, topical: list[str], place: str) -> str:
        words = self._words(rng, rng.randint(8, 20), topical, place)
        return _capitalise(" ".join(words)) + "."

    def paragraph(self, rng: random.Random, topical: list[str], place: str) -> str:
        return " ".join(self.sentence(rng, topical, place) for _ in range(rng.randint(2, 5)))

    def heading(self, rng: random.Random, topical: list[str], place: str) -> str:
        return _capitalise(" ".join(self._words(rng, rng.randint(3, 7), topical, place)))

    def quotation(self, rng: random.Random, topical: list[str], place: str) -> str:
        return "“" + self.sentence(rng, topical, place) + "”"

    def title(self, rng: random.Random, topical: list[str], place: str) -> str:
        subject = rng.choice(topical) if topical else rng.choice(ENGLISH_WORDS)
        words = [place, subject, *self.general.pick(rng, rng.randint(3, 7))]
        if topical:
            words.append(rng.choice(topical))
        return _capitalise(" ".join(words))


def place_name(rng: random.Random) -> str:
    """An invented place name in Latin letters, for English titles."""
    syllables = _split("var na go rsk mo li ta ber ka sen do ri vel ost an tor mi za lun")
    return _capitalise("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))


def person_name(rng: random.Random) -> str:
    """An invented staff name in Latin letters."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
