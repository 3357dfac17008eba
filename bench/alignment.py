"""Benchmark of the aligner: Text+Berg test-set scores, and time and memory on long documents.

Run with `python -m bench.alignment`. Each synthetic size is measured in a fresh
interpreter, so that peak memory belongs to that alignment alone.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from foreigndesk.alignment.archive import WordTable
from foreigndesk.alignment.cli import (
    evaluate_folder,
    find_documents,
    format_scores,
    leave_one_out_tables,
)
from foreigndesk.alignment.documents import DictionaryOption, align
from foreigndesk.alignment.fileio import read_text
from foreigndesk.alignment.lexicon import find_installed_dictionary
from foreigndesk.alignment.moves_eval import MoveScores, evaluate_moves
from foreigndesk.alignment.scoring import BeadIds, parse_beads, score_documents
from foreigndesk.alignment.unit_aligner import Bead
from foreigndesk.testing.synthetic_pairs import make_pair

from . import ROOT

TEXTBERG = Path(__file__).resolve().parents[2] / "shared/bench/align/textberg_de_fr"
TEST_DOCUMENTS = [f"test{k}" for k in range(7)]
SIZES = (1_000, 20_000)
# tracemalloc records every allocation, and the DP allocates a float per arithmetic step, so
# tracing multiplies the run time by about a hundred: only sizes up to this are traced; the
# others report the peak resident memory of their interpreter instead.
TRACE_LIMIT = 1_000


@functools.cache
def _archive_tables(folder: Path, names: tuple[str, ...]) -> dict[str, WordTable]:
    """Each test document's leave-one-out archive table, learned once for the whole run."""
    return leave_one_out_tables(folder, "de", "fr", names, None)


def _textberg(stdout: TextIO) -> None:
    if not TEXTBERG.is_dir():
        stdout.write(f"Text+Berg: skipped, {TEXTBERG} not found\n")
        return
    names = [n for n in find_documents(TEXTBERG, "de", "fr", TEST_DOCUMENTS) if n in TEST_DOCUMENTS]
    runs: list[tuple[str, DictionaryOption]] = [("without dictionary", None)]
    if find_installed_dictionary("de", "fr") is not None:
        runs.append(("with the installed FreeDict de-fr dictionary", "auto"))
    else:
        stdout.write("Text+Berg: no FreeDict de-fr dictionary installed, dictionary run skipped\n")
    for label, dictionary in runs:
        scores, _per_doc, elapsed = evaluate_folder(TEXTBERG, "de", "fr", names, dictionary)
        stdout.write(f"Text+Berg de-fr test ({len(names)} documents), {label}:\n")
        stdout.write(format_scores(scores) + "\n")
        stdout.write(f"time: {elapsed:.2f} s\n\n")
    archives = _archive_tables(TEXTBERG, tuple(names))
    scores, _per_doc, elapsed = evaluate_folder(TEXTBERG, "de", "fr", names, None, archives)
    stdout.write(
        f"Text+Berg de-fr test ({len(names)} documents), without dictionary, with an archive "
        "word table learned from the aligner's own output on the other documents:\n"
    )
    stdout.write(format_scores(scores) + "\n")
    stdout.write(f"time: {elapsed:.2f} s\n\n")


def _moves(stdout: TextIO) -> None:
    """Paragraphs moved on purpose in the test documents (3 each): the share reported."""
    if not TEXTBERG.is_dir():
        return
    names = [n for n in find_documents(TEXTBERG, "de", "fr", TEST_DOCUMENTS) if n in TEST_DOCUMENTS]
    documents = [
        (
            read_text(TEXTBERG / f"{name}.de").splitlines(),
            read_text(TEXTBERG / f"{name}.fr").splitlines(),
            parse_beads(read_text(TEXTBERG / f"{name}.defr")),
        )
        for name in names
    ]
    archives = _archive_tables(TEXTBERG, tuple(names))

    def aligner(archive: WordTable | None) -> Callable[[list[str], list[str]], list[Bead]]:
        return lambda o, t: align(o, t, source_lang="de", target_lang="fr", archive=archive)

    for label, aligners in (
        ("", aligner(None)),
        (", with the archive word table", [aligner(archives[name]) for name in names]),
    ):
        total = MoveScores(0, 0, 0)
        for seed in (1000, 2000, 3000):
            scores, _per_document = evaluate_moves(documents, aligners, moves=3, seed=seed)
            total = total + scores
        stdout.write(
            f"Text+Berg de-fr test as paragraphs, 3 moved per document (3 pairs each){label}: "
            f"{total.found} of {total.made} moves reported ({total.share_found:.3f}), "
            f"{total.false} false moves\n"
        )
    stdout.write("\n")


def _long_pair(stdout: TextIO) -> None:
    """`dev` and the test documents concatenated twice, against the same aligned one by one."""
    if not TEXTBERG.is_dir():
        return
    names = ["dev", *TEST_DOCUMENTS]
    original: list[str] = []
    translation: list[str] = []
    gold: list[BeadIds] = []
    alone: list[tuple[list[BeadIds], list[BeadIds]]] = []
    for copy in range(2):
        for name in names:
            o = read_text(TEXTBERG / f"{name}.de").splitlines()
            t = read_text(TEXTBERG / f"{name}.fr").splitlines()
            g = parse_beads(read_text(TEXTBERG / f"{name}.defr"))
            if copy == 0:
                beads = align(o, t, source_lang="de", target_lang="fr")
                alone.append((g, [(b.original, b.translation) for b in beads]))
            s, u = len(original), len(translation)
            gold += [(tuple(i + s for i in a), tuple(j + u for j in b)) for a, b in g]
            original += o
            translation += t
    cpu = time.process_time()
    beads = align(original, translation, source_lang="de", target_lang="fr")
    cpu = time.process_time() - cpu
    together = score_documents([(gold, [(b.original, b.translation) for b in beads])])
    stdout.write(
        f"dev and test concatenated twice ({len(original)} x {len(translation)} sentences): "
        f"strict F1 {together['f1_strict']:.3f} ({cpu:.2f} s CPU); "
        f"the same documents one by one {score_documents(alone)['f1_strict']:.3f}\n\n"
    )


def measure(size: int, traced: bool) -> dict[str, float]:
    """Align a generated pair of `size` units here; time, memory and strict F1."""
    pair = make_pair(size, seed=7)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    beads = align(pair.original, pair.translation)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "original": len(pair.original),
        "translation": len(pair.translation),
        "wall": wall,
        "cpu": cpu,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "rss_peak_mb": rss_after / 1024,
        "f1_strict": score_documents([(pair.beads, [(b.original, b.translation) for b in beads])])[
            "f1_strict"
        ],
    }
    if traced:
        tracemalloc.start()
        align(pair.original, pair.translation)
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result


def _synthetic(stdout: TextIO) -> None:
    for size in SIZES:
        argv = [sys.executable, "-m", "bench.alignment", "--child", str(size)]
        if size <= TRACE_LIMIT:
            argv.append("--traced")
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
        data = json.loads(done.stdout)
        memory = (
            f"peak resident memory {data['rss_peak_mb']:.0f} MB "
            f"(+{data['rss_growth_mb']:.0f} MB while aligning)"
        )
        if "traced_peak_mb" in data:
            memory += f", tracemalloc peak {data['traced_peak_mb']:.1f} MB"
        stdout.write(
            f"synthetic {data['original']:.0f} x {data['translation']:.0f} units: "
            f"{data['wall']:.2f} s ({data['cpu']:.2f} s CPU), {memory}, "
            f"strict F1 {data['f1_strict']:.3f}\n"
        )


def run(stdout: TextIO) -> None:
    """Print the Text+Berg test scores and the timing/memory of long synthetic pairs."""
    _textberg(stdout)
    _moves(stdout)
    _long_pair(stdout)
    _synthetic(stdout)


def main(argv: list[str] | None = None, stdout: TextIO = sys.stdout) -> None:
    """The command line: the whole benchmark, or (internally) one synthetic size in a child."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.alignment",
        description=(
            "Aligner benchmark: Text+Berg de-fr test scores (when ../shared/bench/align is there), "
            "moved paragraphs, a long concatenated pair, and time and memory on synthetic pairs."
        ),
    )
    parser.add_argument("--child", type=int, metavar="UNITS", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        stdout.write(json.dumps(measure(args.child, traced=args.traced)) + "\n")
    else:
        run(stdout)


if __name__ == "__main__":
    main()
