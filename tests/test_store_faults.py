"""Fault injection: a real `kg build --store` killed (SIGKILL, SIGINT) while it rebuilds a store never loses an article.

The store starts with an "old" graph for each of 40 articles, written here directly (no spaCy). The articles
are then changed on disk and `kg build --store` is started in a subprocess and killed at several points: while
it starts, while it writes the first batch of articles, and while it extracts the second batch (spaCy works in
batches of 32). After each kill every article graph must be in the store, equal to its old graph or to the
new one; a last build must finish, say what it resumed, and leave every article as a clean build has it.
The sentences are written for this test.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.graphfiles import load_store
from kg.iris import graph_iri
from kg.model import Actor, Article, Statement
from kg.store import JOURNAL, Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
N = 40
PAIRS = [
    ("Vladimir Poutine", "Volodymyr Zelensky"), ("Emmanuel Macron", "Olaf Scholz"), ("la Russie", "l'Ukraine"),
    ("Donald Trump", "Vladimir Poutine"), ("la France", "l'Allemagne"), ("les États-Unis", "la Chine"),
]
VERBS = ["s'est entretenu avec", "a négocié avec", "a attaqué", "a menacé", "a sanctionné", "a rencontré"]


def _write_corpus(folder: Path) -> None:
    """N short dispatches, each with a date and three sentences relating two known actors."""
    folder.mkdir()
    for i in range(N):
        lines = [f"Dépêche numéro {i}", "", f"Publié le {1 + i % 27} avril 2025", ""]
        for k in range(3):
            a, b = PAIRS[(i + k) % len(PAIRS)]
            lines.append(f"{a[0].upper()}{a[1:]} {VERBS[(i * 3 + k) % len(VERBS)]} {b} jeudi, rapporte "
                         f"la dépêche {i}-{k}.")
        (folder / f"d{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _old_store(path: Path) -> None:
    """The store before the rebuild: every article with a graph the new build will replace."""
    store = Store(path)
    a, b = Actor("Ancien Acteur", "Person"), Actor("Autre Acteur", "Group")
    for i in range(N):
        art = Article(id=f"d{i:03d}", text="", title=f"Ancienne dépêche {i}", date=dt.date(2024, 1, 1 + i % 28))
        st = Statement(art.id, a, "negotiated-with", b, f"Une ancienne phrase {i}.", 0, 20)
        store.put_article(art, [st])
    store.oxigraph.flush()
    del store
    gc.collect()


def _snapshot(path: Path) -> dict[str, frozenset[str]]:
    """Every named graph of the store with its triples (as N-Triples text), read through a read-only handle."""
    store = Store.open_read_only(path)
    graphs: dict[str, set[str]] = {}
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        graphs.setdefault(str(quad.graph_name.value), set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
    del store
    gc.collect()
    return {name: frozenset(triples) for name, triples in graphs.items()}


def _start(corpus: Path, store: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus), "--store", str(store),
         "-q", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _entries_of_this_run(journal: Path) -> int:
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return 0
    last = max((i for i, line in enumerate(lines) if line.startswith("# build started")), default=-1)
    return len(lines) - last - 1 if last >= 0 else 0


def _kill_after(proc: subprocess.Popen, journal: Path, entries: int, sig: int, timeout: float = 60) -> str:
    """Send ``sig`` once this run has journaled ``entries`` articles; return its stderr."""
    deadline = time.monotonic() + timeout
    while _entries_of_this_run(journal) < entries:
        assert proc.poll() is None, f"the build ended before it was killed:\n{proc.communicate()[1]}"
        assert time.monotonic() < deadline, "the build made no progress"
        time.sleep(0.005)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    return err


def test_killed_builds_lose_no_article_and_a_rerun_resumes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "db"
    _write_corpus(corpus)
    _old_store(db)
    old = _snapshot(db)
    names = {str(graph_iri(f"d{i:03d}")) for i in range(N)}
    assert set(old) == names
    journal = db / JOURNAL
    states = []

    # 1. killed while it starts (imports, spaCy loading): nothing written, all old
    proc = _start(corpus, db)
    time.sleep(1.5)
    proc.kill()
    proc.communicate(timeout=60)
    assert _snapshot(db) == old

    # 2-4. killed while it writes the first batch, interrupted there, and interrupted while it extracts the second
    for entries, sig in [(5, signal.SIGKILL), (20, signal.SIGINT), (32, signal.SIGINT)]:
        proc = _start(corpus, db)
        err = _kill_after(proc, journal, entries, sig)
        if sig == signal.SIGINT:
            assert proc.returncode == 130, err
            assert "kg: interrupted" in err and "Traceback" not in err, err
        else:
            assert proc.returncode == -signal.SIGKILL
        state = _snapshot(db)
        assert set(state) == names, f"after {sig.name} at {entries}: lost {sorted(names - set(state))}"
        states.append((entries, sig.name, state))

    # 5. a re-run finishes the job and says what it resumed
    proc = _start(corpus, db, "-o", str(tmp_path / "new.nq"))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "did not finish" in err and "resumed the interrupted build" in err, err
    assert not journal.exists()
    new = _snapshot(db)
    assert set(new) == names
    clean: dict[str, set[str]] = {}
    for quad in load_store(tmp_path / "new.nq"):
        clean.setdefault(str(quad.graph_name.value), set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
    assert new == {name: frozenset(triples) for name, triples in clean.items()}, "the store is not the clean build"
    assert all(new[name] != old[name] for name in names), "every article changed, so every graph must be new"

    for entries, sig, state in states:
        mixed = [name for name in names if state[name] not in (old[name], new[name])]
        assert not mixed, f"after {sig} at {entries}, graphs neither old nor new: {mixed}"
        assert sum(state[name] == new[name] for name in names) >= entries - 1, (sig, entries)
