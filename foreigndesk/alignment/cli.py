"""Command-line front ends `align` and `align-eval` (a Django command just calls these)."""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from .archive import WordTable, learn_word_table
from .documents import DictionaryOption, align, check_language
from .fileio import UNIT_KINDS, read_text, read_units
from .lexicon import DictdDictionary, DictionarySource, TeiDictionary
from .moves_eval import MoveScores, evaluate_moves
from .scoring import BeadIds, parse_beads, score_documents
from .unit_aligner import AlignmentError, Bead

EXIT_BAD_INPUT = 2
ARCHIVE_MODES = ("none", "leave-one-out")


def _add_dictionary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dictionary",
        default="auto",
        metavar="auto|none|PATH",
        help=(
            "bilingual dictionary: 'auto' uses an installed FreeDict dictionary for the pair "
            "(/usr/share/dictd or /usr/share/freedict) when there is one, 'none' uses none, "
            "or the path of a dictd .index file or a FreeDict .tei file"
        ),
    )


def load_dictionary(value: str) -> DictionaryOption:
    """The dictionary named by a --dictionary value."""
    if value == "auto":
        return "auto"
    if value in ("none", ""):
        return None
    path = Path(value)
    if path.suffix == ".tei" and path.is_file():
        return TeiDictionary(path)
    stem = str(path)
    for suffix in (".index", ".dict.dz", ".dict"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    index = Path(stem + ".index")
    for body in (Path(stem + ".dict.dz"), Path(stem + ".dict")):
        if index.is_file() and body.is_file():
            source: DictionarySource = DictdDictionary(index, body)
            return source
    raise AlignmentError(f"{value}: not a dictd dictionary (.index + .dict[.dz]) or a .tei file")


def configure_align_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of `align ORIGINAL TRANSLATION`."""
    parser.description = "Align a text with its translation and print the beads."
    parser.add_argument("original", type=Path, help="the original text file")
    parser.add_argument("translation", type=Path, help="the translation text file")
    parser.add_argument(
        "--units",
        choices=UNIT_KINDS,
        default="lines",
        help="lines: each non-empty line is a unit; paragraphs: blank-line separated; "
        "sentences: split by the segmenter (default: lines)",
    )
    parser.add_argument("--source-lang", default=None, help="language of the original (e.g. de)")
    parser.add_argument("--target-lang", default=None, help="language of the translation (e.g. fr)")
    parser.add_argument(
        "--format",
        choices=("beads", "json"),
        default="beads",
        help="beads: one '[ids]:[ids]' line per bead (0-based); json: a list of objects",
    )
    _add_dictionary_option(parser)


def format_beads(beads: Sequence[Bead]) -> str:
    """Beads in the gold-file format, one per line."""
    lines = [
        f"[{', '.join(map(str, b.original))}]:[{', '.join(map(str, b.translation))}]" for b in beads
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def beads_to_json(beads: Sequence[Bead]) -> str:
    """Beads as a JSON list of {original, translation, score, moved}."""
    return json.dumps(
        [
            {
                "original": list(b.original),
                "translation": list(b.translation),
                "score": b.score,
                "moved": b.moved,
            }
            for b in beads
        ],
        ensure_ascii=False,
        indent=1,
    )


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_align(options: argparse.Namespace, stdout: TextIO) -> int:
    """Run `align`; 0 on success, 2 with a message on standard error for bad input."""
    try:
        source_lang = check_language(options.source_lang)
        target_lang = check_language(options.target_lang)
        dictionary = load_dictionary(options.dictionary)
        original = read_units(options.original, options.units, source_lang)
        translation = read_units(options.translation, options.units, target_lang)
        beads = align(
            original,
            translation,
            source_lang=source_lang,
            target_lang=target_lang,
            dictionary=dictionary,
        )
    except AlignmentError as exc:
        return _error(str(exc))
    if options.format == "json":
        stdout.write(beads_to_json(beads) + "\n")
    else:
        stdout.write(format_beads(beads))
    return 0


def configure_eval_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of `align-eval FOLDER L1 L2`."""
    parser.description = (
        "Align every NAME.L1/NAME.L2 pair in FOLDER that has a gold NAME.L1L2 file and print "
        "strict and lax precision, recall and F1, micro-averaged over the documents."
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("l1", help="extension of the original files (e.g. de)")
    parser.add_argument("l2", help="extension of the translation files (e.g. fr)")
    parser.add_argument(
        "--documents",
        nargs="+",
        default=None,
        metavar="NAME",
        help="document names or glob patterns (e.g. test0 test1 or 'test*'); default: all",
    )
    parser.add_argument("--verbose", action="store_true", help="also print per-document scores")
    parser.add_argument(
        "--moves",
        type=int,
        default=0,
        metavar="N",
        help="instead: group each document into paragraphs along its gold beads, move N "
        "translation paragraphs far from their place, align the paragraphs and print the share "
        "of moves reported and the false moves (pairs built at run time, never stored)",
    )
    parser.add_argument(
        "--seeds", type=int, default=1, metavar="K", help="with --moves: K pairs per document"
    )
    parser.add_argument(
        "--archive",
        choices=ARCHIVE_MODES,
        default="none",
        help="leave-one-out: align each document with a word table learned from the aligner's "
        "own output (not the gold beads) on every other document of the folder, as a desk's "
        "archive would give it; none: without (default)",
    )
    _add_dictionary_option(parser)


def find_documents(folder: Path, l1: str, l2: str, patterns: Sequence[str] | None) -> list[str]:
    """Names NAME with NAME.l1, NAME.l2 and gold NAME.l1l2 in `folder`, filtered by patterns."""
    names = sorted(
        p.name[: -len(l1) - 1]
        for p in folder.glob(f"*.{l1}")
        if (folder / f"{p.name[: -len(l1) - 1]}.{l2}").is_file()
        and (folder / f"{p.name[: -len(l1) - 1]}.{l1}{l2}").is_file()
    )
    if patterns:
        names = [n for n in names if any(fnmatch.fnmatchcase(n, pat) for pat in patterns)]
    return names


def _lines_keeping_numbering(path: Path) -> list[str]:
    # The gold indexes file lines, so every line is a unit here (a blank one as an empty unit).
    return read_text(path).splitlines()


def leave_one_out_tables(
    folder: Path, l1: str, l2: str, names: Sequence[str], dictionary: DictionaryOption
) -> dict[str, WordTable]:
    """For each of `names`, the word table learned from the aligner's own beads (never the
    gold ones) on every other document of the folder, as a desk's archive would hold them."""
    own: dict[str, WordTable] = {}
    for name in find_documents(folder, l1, l2, None):
        original = _lines_keeping_numbering(folder / f"{name}.{l1}")
        translation = _lines_keeping_numbering(folder / f"{name}.{l2}")
        beads = align(original, translation, source_lang=l1, target_lang=l2, dictionary=dictionary)
        own[name] = learn_word_table(
            [(original, translation, [(b.original, b.translation) for b in beads])]
        )
    tables: dict[str, WordTable] = {}
    for name in names:
        table = WordTable()
        for other, learned in own.items():
            if other != name:
                table.merge(learned)
        tables[name] = table
    return tables


def evaluate_folder(
    folder: Path,
    l1: str,
    l2: str,
    names: Sequence[str],
    dictionary: DictionaryOption,
    archives: dict[str, WordTable] | None = None,
) -> tuple[dict[str, float], list[tuple[str, dict[str, float]]], float]:
    """Scores over `names` (micro-averaged), per-document scores, and seconds spent aligning
    (each document with its table from `archives`, when given)."""
    pairs: list[tuple[list[BeadIds], list[BeadIds]]] = []
    per_document: list[tuple[str, dict[str, float]]] = []
    elapsed = 0.0
    for name in names:
        original = _lines_keeping_numbering(folder / f"{name}.{l1}")
        translation = _lines_keeping_numbering(folder / f"{name}.{l2}")
        gold = parse_beads(read_text(folder / f"{name}.{l1}{l2}"))
        started = time.perf_counter()
        beads = align(
            original,
            translation,
            source_lang=l1,
            target_lang=l2,
            dictionary=dictionary,
            archive=archives.get(name) if archives else None,
        )
        elapsed += time.perf_counter() - started
        test = [(b.original, b.translation) for b in beads]
        pairs.append((gold, test))
        per_document.append((name, score_documents([(gold, test)])))
    return score_documents(pairs), per_document, elapsed


def format_scores(scores: dict[str, float]) -> str:
    """A small table of strict and lax precision, recall and F1."""
    rows = ["             strict    lax"]
    for label, key in (("precision", "precision"), ("recall", "recall"), ("F1", "f1")):
        rows.append(f"{label:<10} {scores[key + '_strict']:>9.4f} {scores[key + '_lax']:>7.4f}")
    return "\n".join(rows)


def _run_move_eval(
    options: argparse.Namespace,
    names: Sequence[str],
    l1: str,
    l2: str,
    dictionary: DictionaryOption,
    stdout: TextIO,
    archives: dict[str, WordTable] | None = None,
) -> int:
    """Moved-paragraph evaluation of `align-eval --moves N`."""
    seeds = max(1, getattr(options, "seeds", 1) or 1)
    documents = [
        (
            _lines_keeping_numbering(options.folder / f"{name}.{l1}"),
            _lines_keeping_numbering(options.folder / f"{name}.{l2}"),
            parse_beads(read_text(options.folder / f"{name}.{l1}{l2}")),
        )
        for name in names
    ]

    def aligner_with(
        archive: WordTable | None,
    ) -> Callable[[list[str], list[str]], list[Bead]]:
        def aligner(original: list[str], translation: list[str]) -> list[Bead]:
            return align(
                original,
                translation,
                source_lang=l1,
                target_lang=l2,
                dictionary=dictionary,
                archive=archive,
            )

        return aligner

    aligner = [aligner_with(archives.get(name) if archives else None) for name in names]

    total = MoveScores(0, 0, 0)
    unmoved = MoveScores(0, 0, 0)
    started = time.perf_counter()
    for seed in range(1, seeds + 1):
        scores, per_document = evaluate_moves(
            documents, aligner, moves=options.moves, seed=seed * 1000
        )
        total = total + scores
        # The same paragraphs in their own order: every move reported there is false.
        unmoved = unmoved + evaluate_moves(documents, aligner, moves=0, seed=seed * 1000)[0]
        if getattr(options, "verbose", False):
            for name, doc in zip(names, per_document, strict=True):
                stdout.write(
                    f"  {name} (pair {seed}): {doc.found} of {doc.made} moves reported, "
                    f"{doc.false} false\n"
                )
    elapsed = time.perf_counter() - started
    stdout.write(f"documents: {len(names)} ({' '.join(names)}), {seeds} pair(s) each\n")
    stdout.write(
        f"moved paragraphs: {total.made}, reported: {total.found} ({total.share_found:.3f}), "
        f"false moves: {total.false}\n"
    )
    stdout.write(f"false moves in the same pairs with nothing moved: {unmoved.false}\n")
    stdout.write(f"time: {elapsed:.2f} s\n")
    return 0


def run_eval(options: argparse.Namespace, stdout: TextIO) -> int:
    """Run `align-eval`; 0 on success, 2 with a message for a bad folder or files."""
    try:
        if not options.folder.is_dir():
            raise AlignmentError(f"{options.folder}: not a folder")
        l1 = check_language(options.l1) or options.l1
        l2 = check_language(options.l2) or options.l2
        dictionary = load_dictionary(options.dictionary)
        names = find_documents(options.folder, l1, l2, options.documents)
        if not names:
            raise AlignmentError(
                f"{options.folder}: no NAME.{l1} / NAME.{l2} / NAME.{l1}{l2} triples"
                + (" matching the --documents patterns" if options.documents else "")
            )
        moves = getattr(options, "moves", 0) or 0
        if moves < 0:
            raise AlignmentError(f"--moves must be 0 or more, not {moves}")
        archives = None
        if getattr(options, "archive", "none") == "leave-one-out":
            archives = leave_one_out_tables(options.folder, l1, l2, names, dictionary)
        if moves:
            return _run_move_eval(options, names, l1, l2, dictionary, stdout, archives)
        scores, per_document, elapsed = evaluate_folder(
            options.folder, l1, l2, names, dictionary, archives
        )
    except (AlignmentError, ValueError) as exc:
        return _error(str(exc))
    stdout.write(f"documents: {len(names)} ({' '.join(names)})\n")
    if getattr(options, "verbose", False):
        for name, doc_scores in per_document:
            stdout.write(
                f"  {name}: strict F1 {doc_scores['f1_strict']:.4f}, lax F1 {doc_scores['f1_lax']:.4f}\n"
            )
    stdout.write(format_scores(scores) + "\n")
    stdout.write(f"time: {elapsed:.2f} s\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The `python -m foreigndesk.alignment` parser with its two subcommands."""
    parser = argparse.ArgumentParser(prog="python -m foreigndesk.alignment")
    commands = parser.add_subparsers(dest="command", required=True)
    configure_align_parser(commands.add_parser("align", help="align a text with its translation"))
    configure_eval_parser(commands.add_parser("align-eval", help="score against gold alignments"))
    return parser


def _parse(argv: Sequence[str] | None, prog: str | None) -> argparse.Namespace:
    if prog is None or not argv:
        return build_parser().parse_args(argv)
    # One command under its own name (`foreigndesk align ...`): its usage lines say so.
    command, *rest = argv
    parser = argparse.ArgumentParser(prog=prog)
    if command == "align":
        configure_align_parser(parser)
    else:
        configure_eval_parser(parser)
    options = parser.parse_args(rest)
    options.command = command
    return options


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, prog: str | None = None
) -> int:
    """Entry point of `python -m foreigndesk.alignment` (and of `foreigndesk align`, as `prog`)."""
    options = _parse(argv, prog)
    out = stdout if stdout is not None else sys.stdout
    if options.command == "align":
        return run_align(options, out)
    return run_eval(options, out)
