"""Throughput of extraction against bare spaCy: words per second for ``nlp.pipe`` of the same model
alone, for the whole extraction (``kg.extract.extract``), and for ``kg build`` (read, extract, write the
TriG file: ``kg.pipeline.write_build``, what the command runs), with their ratios. Input: the shared corpus
repeated to at least ``--min-bytes`` of text. The three alternate ``--rounds`` times and the best of each is
kept; with one process they are timed in CPU seconds of this process (steadier on a shared machine than
wall time, which ``--wall`` asks for and ``--jobs`` above 1 needs, the work being in other processes).

    .venv/bin/python benchmarks/extract_speed.py [--corpus ../shared/corpus] [--min-bytes 1000000] [--jobs 1]
        [--rounds 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import spacy

from kg.extract import DEFAULT_MODEL, extract, load_nlp
from kg.pipeline import write_build
from kg.readers import read_inputs


def repeated_corpus(corpus: Path, min_bytes: int, folder: Path) -> int:
    """Copy the corpus files into ``folder`` as many times as needed; returns the bytes written."""
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    if not files:
        sys.exit(f"{corpus}: no files")
    total, n = 0, 0
    while total < min_bytes:
        for path in files:
            target = folder / f"{n:04d}_{path.name}"
            shutil.copyfile(path, target)
            total += target.stat().st_size
        n += 1
    return total


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus")
    parser.add_argument("--min-bytes", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs; the best of each is kept")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall or args.jobs > 1 else time.process_time

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as out_dir:
        folder = Path(tmp)
        size = repeated_corpus(args.corpus, args.min_bytes, folder)
        articles = list(read_inputs([folder]))
        texts = [a.text for a in articles]
        bare_nlp = spacy.load(DEFAULT_MODEL)
        words = sum(len(doc) for doc in bare_nlp.tokenizer.pipe(texts))
        print(f"input: {size / 1e6:.2f} MB in {len(articles)} articles, {words} tokens, jobs={args.jobs}, "
              f"{'wall-clock' if clock is time.perf_counter else 'CPU'} time")

        nlp = load_nlp()
        output = Path(out_dir) / "graph.trig"
        bare = whole = build = 0.0
        statements = built_statements = 0
        for _ in range(args.rounds):  # alternate, keep the best of each: the machine is shared
            start = clock()
            for _ in bare_nlp.pipe(texts, n_process=args.jobs, batch_size=args.batch_size):
                pass
            bare = max(bare, words / (clock() - start))
            start = clock()
            results = extract(articles, nlp=nlp, jobs=args.jobs, batch_size=args.batch_size)
            statements = sum(len(s) for _, s in results)
            whole = max(whole, words / (clock() - start))
            start = clock()
            built_statements = write_build([folder], output=output, jobs=args.jobs).statements
            build = max(build, words / (clock() - start))
        print(f"bare nlp.pipe ({DEFAULT_MODEL}): {bare:,.0f} words/s")
        print(f"extraction (kg.extract.extract): {whole:,.0f} words/s, {statements} statements")
        print(f"kg build (read + extract + write TriG): {build:,.0f} words/s, {built_statements} statements, "
              f"{output.stat().st_size / 1e6:.1f} MB")

        print(f"ratio extraction / bare: {whole / bare:.2f}")
        print(f"ratio kg build / bare:   {build / bare:.2f}  (target >= 0.90)")


if __name__ == "__main__":
    main()
