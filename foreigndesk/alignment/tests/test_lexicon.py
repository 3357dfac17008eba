"""Dictionary sources (dictd, TEI, in memory) and the word tables learned from a text."""

from __future__ import annotations

import gzip
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from foreigndesk.alignment import (
    DictdDictionary,
    MappingDictionary,
    TeiDictionary,
    find_installed_dictionary,
)
from foreigndesk.alignment.lexicon import dice_table, ibm1_table, iso3

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(value: int) -> str:
    digits = ""
    while True:
        digits = _B64[value % 64] + digits
        value //= 64
        if value == 0:
            return digits


def write_dictd(folder: Path, name: str, entries: dict[str, str], compress: bool = True) -> Path:
    """A dictd database in the FreeDict/WikDict layout, written from scratch."""
    body = b""
    index_lines = ["00databaseinfo\tA\tB"]
    for head, text in entries.items():
        data = text.encode("utf-8")
        index_lines.append(f"{head}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    (folder / f"{name}.index").write_text("\n".join(index_lines) + "\n", encoding="utf-8")
    if compress:
        with gzip.open(folder / f"{name}.dict.dz", "wb") as handle:
            handle.write(body)
    else:
        (folder / f"{name}.dict").write_bytes(body)
    return folder / f"{name}.index"


ENTRIES = {
    "gipfel": "Gipfel /ˈɡɪpfl/ <n, masc>\n1. sommet 2.\nhöchste Stelle eines Berges\n 3.\nTreffen\n2. comble\nHöhepunkt\n",
    "gletscher": "Gletscher <n, masc>\nglacier\nEismasse, die talwärts fliesst\n",
    "berg": "Berg <n, masc>\n1. montagne, mont\ngrosse Erhebung\n",
}


def test_dictd_reads_translation_lines_and_skips_glosses(tmp_path: Path) -> None:
    index = write_dictd(tmp_path, "freedict-deu-fra", ENTRIES)
    dictionary = DictdDictionary(index, tmp_path / "freedict-deu-fra.dict.dz")
    assert list(dictionary.translations("Gipfel")) == ["sommet", "comble"]
    assert list(dictionary.translations("gletscher")) == ["glacier"]
    assert list(dictionary.translations("berg")) == ["montagne", "mont"]
    assert list(dictionary.translations("unbekannt")) == []


def test_installed_dictionary_is_found_by_language_codes(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-deu-fra", ENTRIES, compress=False)
    found = find_installed_dictionary("de", "fr", dirs=(tmp_path,))
    assert found is not None
    assert "glacier" in found.translations("gletscher")
    assert find_installed_dictionary("de", "ja", dirs=(tmp_path,)) is None


def test_tei_dictionary(tmp_path: Path) -> None:
    tei = tmp_path / "deu-fra.tei"
    tei.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<entry><form><orth>Hütte</orth></form>
<sense><cit type="trans"><quote>cabane</quote></cit><cit type="trans"><quote>refuge</quote></cit></sense></entry>
</body></text></TEI>""",
        encoding="utf-8",
    )
    assert list(TeiDictionary(tei).translations("hütte")) == ["cabane", "refuge"]


def test_mapping_dictionary() -> None:
    forward = MappingDictionary({"glacier": ["Gletscher"], "sommet": ["Gipfel", "Spitze"]})
    assert forward.translations("Sommet") == ["gipfel", "spitze"]


def test_iso3_codes() -> None:
    assert iso3("de-CH") == "deu"
    assert iso3("fr") == "fra"
    assert iso3("xyz") == "xyz"


PAIRS = [
    (["gipfel", "und", "lager"], ["sommet", "et", "camp"]),
    (["gipfel", "hoch"], ["sommet", "haut"]),
    (["lager", "und", "zelt"], ["camp", "et", "tente"]),
    (["zelt", "hoch"], ["tente", "haut"]),
]


def test_dice_table_learns_cooccurring_words() -> None:
    table = dice_table(PAIRS, min_count=2, min_dice=0.5, top=1)
    assert table["gipfel"][0][0] == "sommet"
    assert table["lager"][0][0] == "camp"
    assert table["zelt"][0][0] == "tente"


def _dice_every_pair(
    pairs: list[tuple[list[str], list[str]]], min_count: int, min_dice: float, top: int
) -> dict[str, list[tuple[str, float]]]:
    """Dice of every co-occurring pair, rare words included, straight from the definition."""
    source_count: Counter[str] = Counter()
    target_count: Counter[str] = Counter()
    both: dict[str, Counter[str]] = defaultdict(Counter)
    for source_words, target_words in pairs:
        s_set, t_set = set(source_words), set(target_words)
        source_count.update(s_set)
        target_count.update(t_set)
        for s in s_set:
            both[s].update(t_set)
    table: dict[str, list[tuple[str, float]]] = {}
    for s, row in both.items():
        scored = [
            (t, 2.0 * count / (source_count[s] + target_count[t]))
            for t, count in row.items()
            if count >= min_count
        ]
        kept = sorted([e for e in scored if e[1] >= min_dice], key=lambda e: (-e[1], e[0]))
        if kept:
            table[s] = kept[:top]
    return table


@pytest.mark.parametrize("min_count", [1, 2, 3])
def test_dice_table_leaving_rare_words_out_changes_nothing(min_count: int) -> None:
    rng = random.Random(min_count)
    vocabulary = [f"w{k}" for k in range(60)]
    weights = [1.0 / (k + 1) for k in range(60)]  # a few frequent words, many rare ones
    pairs = []
    for _ in range(80):
        source = rng.choices(vocabulary, weights, k=rng.randint(1, 8))
        pairs.append((source, [w.upper() for w in source if rng.random() < 0.8] + ["X"]))
    table = dice_table(pairs, min_count=min_count, min_dice=0.2, top=3)
    expected = _dice_every_pair(pairs, min_count, 0.2, 3)
    assert table == expected
    assert list(table) == list(expected)  # in the same order too
    assert any(len(v) > 1 for v in table.values())


def test_ibm1_table_learns_cooccurring_words() -> None:
    table = ibm1_table(PAIRS, iterations=10, top=1)
    assert table["gipfel"][0][0] == "sommet"
    assert table["zelt"][0][0] == "tente"


def test_the_symmetric_table_is_the_same_whatever_the_order_of_sets() -> None:
    """The symmetric table adds target words in the order of a set of strings, which Python
    changes between runs (PYTHONHASHSEED): each list is sorted best first all the same."""
    import json
    import subprocess
    import sys

    code = (
        "import json, random\n"
        "from foreigndesk.alignment.lexicon import dice_table\n"
        "rng = random.Random(7)\n"
        "words = [f'w{k}' for k in range(40)]\n"
        "pairs = [(s, [w.upper() for w in s] + rng.sample(['A', 'B', 'C'], 2))\n"
        "         for s in (rng.choices(words, k=rng.randint(2, 7)) for _ in range(120))]\n"
        "table = dice_table(pairs, min_count=2, min_dice=0.2, top=2, symmetric=True)\n"
        "print(json.dumps(sorted(table.items())))\n"
    )
    tables = []
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        )
        tables.append(json.loads(done.stdout))
    assert tables[0] == tables[1] == tables[2]
    for _word, row in tables[0]:
        assert row == sorted(row, key=lambda entry: (-entry[1], entry[0]))
    assert any(len(row) > 2 for _word, row in tables[0])  # the symmetric pass added some
