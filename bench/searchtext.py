"""Word lists for the search benchmark's generated archive. No Django here.

Real words with their inflected forms in English, Russian, German, French and Spanish (so that
stemming has work to do and queries by word form find something), invented words for the other
languages, and a long tail of invented names in every language (rare terms). Words are drawn with
Zipf-like weights, so some terms are in most articles and most are in few.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

ENGLISH_FUNCTION = (
    "the of and to in a on for with that by from as at is was it its has have".split()
)
ENGLISH_NOUNS = """
government council city plan ministry resident official worker company project report budget
decision vote district province village town port river coast border market price cost wage job
school hospital family farmer driver engineer court law minister mayor governor agency committee
proposal deadline delay winter summer season shortage supply demand contract tender investment
loan subsidy tax fee programme network station line bridge road harbour airport factory plant
warehouse office union strike agreement talk meeting hearing inquiry survey figure estimate
increase decline rise fall growth pressure critic supporter opposition majority coalition
parliament region authority expert analyst neighbour newspaper reporter interview sanction
society grid power substation transformer turbine electricity tariff outage migrant asylum visa
arrival camp ballot voter candidate turnout campaign harvest wheat grain field irrigation
fertiliser livestock tractor container cargo vessel terminal docker crane freight patient doctor
clinic vaccine nurse pupil teacher classroom exam university reservoir drought pipe pump well
emission flood rent tenant apartment landlord mortgage employee pension shift export import
custom quota shipment exporter protocol train track timetable carriage commuter locomotive judge
verdict appeal prosecutor defendant sentence lawyer trial museum theatre festival artist church
mosque pilgrim researcher laboratory experiment sample telescope software chip server satellite
fisherman trawler salmon miner quarry tourist hotel visitor beach journalist broadcaster editor
soldier army barrack veteran weapon ambassador embassy summit treaty envoy delegation deficit
revenue treasury bond debt bank deposit lender saving borrower bakery flour grocery shopper bus
ferry lorry route ticket architect square permit logger wildfire ranger wolf bird habitat stadium
league coach player championship novel poet publisher film director studio monument ruin
pensioner bribe investigator protester rally demonstration police petition checkpoint smuggler
""".split()
ENGLISH_VERBS = """
announce approve reject demand warn plan cut raise open close build repair delay expect report
protest negotiate sign suspend import export invest borrow elect appoint arrest release
""".split()
ENGLISH_ADJECTIVES = (
    "central key new old regional local foreign civil public private national".split()
)

# Russian: lemma and a few case or tense forms.
RUSSIAN = [
    "ставка ставку ставки ставкой ставок",
    "банк банка банку банком банки банков",
    "санкция санкции санкций санкциями",
    "правительство правительства правительству",
    "область области областью областей",
    "город города городу городе городов",
    "рабочий рабочие рабочих рабочим",
    "завод завода заводе заводы заводов",
    "цена цены ценам ценами цен",
    "зерно зерна зерном",
    "урожай урожая урожаем урожаи",
    "рубль рубля рублю рублем рублей",
    "бюджет бюджета бюджете бюджетом",
    "река реки реке рекой рек",
    "порт порта порту портом",
    "поезд поезда поездов поездом",
    "больница больницы больнице больниц",
    "школа школы школе школ",
    "выборы выборов выборах",
    "губернатор губернатора губернатором",
    "общество общества обществу обществе",
    "гражданское гражданского гражданском",
    "экономист экономисты экономистов",
    "решение решения решению решений",
    "власть власти властям властями",
    "житель жители жителей жителям",
    "зима зимы зимой зиму",
    "газ газа газом газу",
    "нефть нефти нефтью",
    "экспорт экспорта экспортом",
    "сохранил сохранила сохранили сохранить",
    "заявил заявила заявили заявить",
    "повысил повысила повысили повысить",
    "ключевую ключевая ключевой ключевых",
    "новый новая новые нового новых",
]
RUSSIAN_FUNCTION = "и в на не что по с о к из за для от до как".split()
GERMAN = [
    "Regierung Regierungen",
    "Stadt Städte Städten",
    "Hafen Häfen Hafens",
    "Preis Preise Preisen",
    "Arbeiter Arbeitern Arbeiters",
    "Sanktion Sanktionen",
    "Gesellschaft Gesellschaften",
    "Binnenschiffer Binnenschiffern",
    "Ladung Ladungen",
    "Pegel Pegels",
    "Rhein Rheins",
    "Strom Stroms",
    "Netz Netze Netzes",
    "Bahn Bahnen",
    "Zug Züge Zügen",
    "Schule Schulen",
    "Wahl Wahlen",
    "Bürger Bürgern",
    "Haushalt Haushalts",
    "Gericht Gerichte Gerichts",
    "verringern verringert verringerte",
    "erhöhen erhöht erhöhte",
    "warten wartet warteten",
    "neue neuen neuer",
    "niedrig niedrige niedrigen",
]
GERMAN_FUNCTION = "der die das und in zu den von mit auf für ist nicht ein eine".split()
FRENCH = [
    "gouvernement gouvernements",
    "ville villes",
    "port ports",
    "prix",
    "ouvrier ouvriers",
    "sanction sanctions",
    "société sociétés",
    "récolte récoltes",
    "riz",
    "pompe pompes",
    "élection élections",
    "électeur électeurs",
    "école écoles",
    "hôpital hôpitaux",
    "budget budgets",
    "fleuve fleuves",
    "vent vents",
    "éolienne éoliennes",
    "attendre attend attendent",
    "réduire réduit réduisent",
    "nouveau nouvelle nouveaux",
]
FRENCH_FUNCTION = "le la les de des du et à en un une pour dans sur pas".split()
SPANISH = [
    "gobierno gobiernos",
    "ciudad ciudades",
    "puerto puertos",
    "precio precios",
    "trabajador trabajadores",
    "sanción sanciones",
    "sociedad sociedades",
    "salario salarios",
    "acuerdo acuerdos",
    "convención",
    "voto votos",
    "escuela escuelas",
    "hospital hospitales",
    "presupuesto presupuestos",
    "río ríos",
    "contenedor contenedores",
    "esperar espera esperan",
    "reducir reduce reducen",
    "nuevo nueva nuevos",
]
SPANISH_FUNCTION = "el la los las de del y en un una por con para que no".split()
SYLLABLES = {
    "uk": "ка ро ві но ст ре лі го да мі ко за пе ті ни ла ви бо їх жи че ду мо ра ле при ськ".split(),
    "pl": "prze szcz wo je wódz two ść ni ka rz ą ę ło sta no wi sko dzie ci gmi na rol".split(),
    "ar": "مد ين كت ر سل وا قا نو حر بل عم لي ت جل مع ها ية ات ون شر ق ف ض".split(),
    "zh": list("国家发展城市市场工业农业水电港口铁路经济政府会议计划地方群众企业技术能源粮食价格"),
}
NAME_SYLLABLES = "ka ro va lin mar tel dor sen vik ash bel nor tam gri hol zen pal fer".split()


def _inflect_english(noun: str) -> list[str]:
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return [noun, noun[:-1] + "ies"]
    if noun.endswith(("s", "x", "ch", "sh")):
        return [noun, noun + "es"]
    return [noun, noun + "s"]


def _inflect_verb(verb: str) -> list[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    return [verb, verb + ("d" if verb.endswith("e") else "ed"), stem + "ing", verb + "s"]


@dataclass
class Vocabulary:
    """Words of one language, drawn with Zipf-like weights (the first are the most frequent)."""

    code: str
    words: list[str]
    separator: str = " "
    cumulative: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cumulative = list(
            itertools.accumulate(1.0 / (rank + 3) for rank in range(len(self.words)))
        )

    def pick(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def sentence(self, rng: random.Random, low: int, high: int) -> str:
        text = self.separator.join(self.pick(rng, rng.randint(low, high)))
        return text[:1].upper() + text[1:] + ("。" if self.separator == "" else ".")


def _names(rng: random.Random, count: int, syllables: list[str], joiner: str = "") -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        word = joiner.join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        found.setdefault(word, None)
    return list(found)


def vocabularies(tail: int = 3000) -> dict[str, Vocabulary]:
    """The benchmark's vocabularies, the same on every run."""
    rng = random.Random("foreigndesk-search-bench")
    english_content = (
        [form for noun in ENGLISH_NOUNS for form in _inflect_english(noun)]
        + [form for verb in ENGLISH_VERBS for form in _inflect_verb(verb)]
        + ENGLISH_ADJECTIVES
    )
    rng.shuffle(english_content)
    latin_tail = _names(rng, tail, NAME_SYLLABLES)
    result = {
        "en": Vocabulary("en", ENGLISH_FUNCTION + english_content + latin_tail),
        "ru": Vocabulary(
            "ru",
            RUSSIAN_FUNCTION
            + [form for group in RUSSIAN for form in group.split()]
            + _names(rng, tail, SYLLABLES["uk"][:20]),
        ),
        "de": Vocabulary(
            "de", GERMAN_FUNCTION + [f for g in GERMAN for f in g.split()] + latin_tail[: tail // 2]
        ),
        "fr": Vocabulary(
            "fr", FRENCH_FUNCTION + [f for g in FRENCH for f in g.split()] + latin_tail[tail // 2 :]
        ),
        "es": Vocabulary(
            "es", SPANISH_FUNCTION + [f for g in SPANISH for f in g.split()] + latin_tail[::2]
        ),
    }
    for code in ("uk", "pl", "ar"):
        result[code] = Vocabulary(code, _names(rng, tail // 2, SYLLABLES[code]))
    result["zh"] = Vocabulary("zh", _names(rng, tail // 2, SYLLABLES["zh"]), separator="")
    return result
