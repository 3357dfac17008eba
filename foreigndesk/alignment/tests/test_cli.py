"""The `align` and `align-eval` commands on temporary files, including bad input."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foreigndesk.alignment.cli import (
    configure_align_parser,
    configure_eval_parser,
    run_align,
    run_eval,
)
from foreigndesk.testing.synthetic_pairs import make_pair

GERMAN = [
    "Die Bahn wurde 1958 gebaut.",
    "Sie kostet 14 Millionen.",
    "Claudia Imhof ist Bürgermeisterin.",
]
FRENCH = ["Le téléphérique date de 1958.", "Il coûte 14 millions.", "Claudia Imhof est maire."]


def call_align(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    configure_align_parser(parser)
    out = io.StringIO()
    return run_align(parser.parse_args(list(argv)), out), out.getvalue()


def call_eval(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    configure_eval_parser(parser)
    out = io.StringIO()
    return run_eval(parser.parse_args(list(argv)), out), out.getvalue()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    original, translation = tmp_path / "a.de", tmp_path / "a.fr"
    original.write_text("\n\n".join(GERMAN) + "\n", encoding="utf-8")
    translation.write_text("\n".join(FRENCH) + "\n", encoding="utf-8")
    return original, translation


def test_align_lines_prints_gold_format(pair: tuple[Path, Path]) -> None:
    code, out = call_align(str(pair[0]), str(pair[1]), "--dictionary", "none")
    assert code == 0
    assert out == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"  # empty lines are skipped, not units


def test_align_json(pair: tuple[Path, Path]) -> None:
    code, out = call_align(str(pair[0]), str(pair[1]), "--format", "json", "--source-lang", "de")
    assert code == 0
    data = json.loads(out)
    assert data[0] == {
        "original": [0],
        "translation": [0],
        "score": data[0]["score"],
        "moved": False,
    }
    assert len(data) == 3


def test_align_paragraphs_and_sentences(tmp_path: Path) -> None:
    original, translation = tmp_path / "o.txt", tmp_path / "t.txt"
    original.write_text(" ".join(GERMAN) + "\n\nDer Rest folgt 2025.", encoding="utf-8")
    translation.write_text(" ".join(FRENCH) + "\n\nLa suite en 2025.", encoding="utf-8")
    assert (
        call_align(str(original), str(translation), "--units", "paragraphs")[1]
        == "[0]:[0]\n[1]:[1]\n"
    )
    code, out = call_align(
        str(original), str(translation), "--units", "sentences", "--source-lang", "de"
    )
    assert code == 0
    assert out.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-32"]
)
def test_align_reads_other_encodings(tmp_path: Path, encoding: str) -> None:
    original, translation = tmp_path / "o.txt", tmp_path / "t.txt"
    original.write_bytes("\n".join(GERMAN).encode(encoding))
    translation.write_text("\n".join(FRENCH), encoding="utf-8")
    code, out = call_align(str(original), str(translation))
    assert code == 0, out
    assert out.count("\n") == 3


def test_align_reads_cyrillic_code_page(tmp_path: Path) -> None:
    original, translation = tmp_path / "o.txt", tmp_path / "t.txt"
    original.write_bytes("Путин приехал в Париж в 2024 году.\nЗатем он уехал.".encode("cp1251"))
    translation.write_text("Putin came to Paris in 2024.\nThen he left.", encoding="utf-8")
    code, out = call_align(str(original), str(translation))
    assert (code, out) == (0, "[0]:[0]\n[1]:[1]\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"\xff\xfe" + b"\x00\xd8", "utf-16"),
    ],
)
def test_align_bad_files_exit_non_zero_with_a_message(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.write_bytes(content)
    good.write_text("Ein Satz.", encoding="utf-8")
    code, out = call_align(str(bad), str(good))
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err.lower()


def test_align_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = call_align(str(tmp_path / "nope"), str(tmp_path / "nope2"))
    assert code == 2
    assert "cannot read" in capsys.readouterr().err


def test_align_unknown_language(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = call_align(str(pair[0]), str(pair[1]), "--source-lang", "klingon")
    assert code == 2
    assert "unknown language code" in capsys.readouterr().err


def test_align_one_unit_and_same_text(tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.write_text("Nur ein Satz.", encoding="utf-8")
    assert call_align(str(one), str(one)) == (0, "[0]:[0]\n")


def test_align_bad_dictionary_path(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = call_align(str(pair[0]), str(pair[1]), "--dictionary", str(pair[0]))
    assert code == 2
    assert "not a dictd dictionary" in capsys.readouterr().err


def write_eval_folder(folder: Path) -> None:
    for name, drop in (("doc1", None), ("doc2", 1)):
        french = [f for k, f in enumerate(FRENCH) if k != drop]
        (folder / f"{name}.de").write_text("\n".join(GERMAN) + "\n", encoding="utf-8")
        (folder / f"{name}.fr").write_text("\n".join(french) + "\n", encoding="utf-8")
        gold = (
            ["[0]:[0]", "[1]:[1]", "[2]:[2]"] if drop is None else ["[0]:[0]", "[1]:[]", "[2]:[1]"]
        )
        (folder / f"{name}.defr").write_text("\n".join(gold) + "\n", encoding="utf-8")
    (folder / "lonely.de").write_text("Ohne Partner.\n", encoding="utf-8")


def test_eval_scores_all_documents(tmp_path: Path) -> None:
    write_eval_folder(tmp_path)
    code, out = call_eval(str(tmp_path), "de", "fr", "--verbose")
    assert code == 0
    assert "documents: 2 (doc1 doc2)" in out
    assert "F1            1.0000  1.0000" in out
    assert "time:" in out


def test_eval_selects_documents_by_name_or_glob(tmp_path: Path) -> None:
    write_eval_folder(tmp_path)
    assert "documents: 1 (doc2)" in call_eval(str(tmp_path), "de", "fr", "--documents", "doc2")[1]
    assert "documents: 2" in call_eval(str(tmp_path), "de", "fr", "--documents", "doc*")[1]


def test_eval_without_documents_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert call_eval(str(tmp_path), "de", "fr")[0] == 2
    assert "no NAME.de" in capsys.readouterr().err
    assert call_eval(str(tmp_path / "missing"), "de", "fr")[0] == 2


def test_module_entry_point(pair: tuple[Path, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "foreigndesk.alignment", "align", str(pair[0]), str(pair[1])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    result = subprocess.run(
        [sys.executable, "-m", "foreigndesk.alignment", "align", str(pair[0]), "/nonexistent/x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_output_does_not_depend_on_hash_seed(data_dir: Path) -> None:
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "foreigndesk.alignment",
                "align",
                str(data_dir / "de_fr.de"),
                str(data_dir / "de_fr.fr"),
                "--units",
                "sentences",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def _gold_folder(folder: Path, documents: int) -> None:
    """Generated documents with their true alignment in the gold-file format."""
    for number in range(documents):
        pair = make_pair(150, seed=number)
        (folder / f"doc{number}.de").write_text("\n".join(pair.original) + "\n", encoding="utf-8")
        (folder / f"doc{number}.fr").write_text(
            "\n".join(pair.translation) + "\n", encoding="utf-8"
        )
        (folder / f"doc{number}.defr").write_text(
            "".join(f"{list(s)}:{list(t)}\n" for s, t in pair.beads), encoding="utf-8"
        )


def test_align_eval_moves_reports_the_share_found_and_false_moves(tmp_path: Path) -> None:
    _gold_folder(tmp_path, 2)
    code, output = call_eval(str(tmp_path), "de", "fr", "--moves", "3", "--seeds", "2", "--verbose")
    assert code == 0
    assert "documents: 2 (doc0 doc1), 2 pair(s) each" in output
    assert "moved paragraphs: 12, reported: " in output
    assert "false moves in the same pairs with nothing moved: 0" in output
    assert output.count("moves reported") == 4


def test_align_eval_refuses_a_negative_number_of_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _gold_folder(tmp_path, 1)
    code, output = call_eval(str(tmp_path), "de", "fr", "--moves", "-2")
    assert code == 2
    assert output == ""
    assert "--moves must be 0 or more, not -2" in capsys.readouterr().err
