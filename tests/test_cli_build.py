"""`kg build`, `kg triples` and `kg evaluate` end to end on real text, bad inputs included."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.graphfiles import load_graph
from kg.rdfread import read_statements
from kg.triples import HEADER
from kg.validate import validate

GOOD = (
    "Macron reçoit Zelensky à Paris\n\n"
    "Publié le 4 mars 2025\n\n"
    "Le président français Emmanuel Macron s'est entretenu lundi avec Volodymyr Zelensky à l'Élysée.\n"
)
HOSTILE = (
    "<script>window.__pwned = 1</script> Sommet\n\n"
    "Publié le 5 mars 2025\n\n"
    "La Russie a attaqué l'Ukraine <img src=x onerror=alert(1)> dans la nuit de mardi.\n"
)


def _batch(folder: Path) -> Path:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes("Le ministre a été reçu à Moscou. Élysée.".encode("latin-1"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.html").write_text("<html><body><p>Texte <b>sans fin <div", encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:  # sparse: larger than the input cap, costs no disk
        handle.truncate(64 * 1024 * 1024)
    return folder


def test_build_goes_on_past_bad_inputs_and_names_them(tmp_path):
    out = tmp_path / "graph.trig"
    result = CliRunner().invoke(main, ["build", str(_batch(tmp_path / "in")), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("binary.txt", "latin1.txt", "empty.txt", "huge.txt"):
        assert name in result.stderr, f"{name} not reported:\n{result.stderr}"
    g = load_graph(out)
    assert validate(g).conforms
    found = {(s.article_id, s.subject.label, s.relation, s.object.label) for s in read_statements(g)}
    assert ("good", "Emmanuel Macron", "negotiated-with", "Volodymyr Zelensky") in found or (
        "good", "Volodymyr Zelensky", "negotiated-with", "Emmanuel Macron") in found
    assert ("hostile", "Russia", "attacked", "Ukraine") in found
    evidence = {s.evidence for s in read_statements(g) if s.article_id == "hostile"}
    assert any("<img src=x onerror=alert(1)>" in e for e in evidence), "hostile text is kept verbatim as data"


def test_failed_build_keeps_the_previous_graph(tmp_path):
    out = tmp_path / "graph.trig"
    out.write_text("previous graph", encoding="utf-8")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "nothing written" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous graph"


def test_build_reads_stdin_and_refuses_unknown_formats(tmp_path):
    runner = CliRunner()
    out = tmp_path / "g.ttl"
    result = runner.invoke(main, ["build", "-", "-o", str(out), "-q"], input=GOOD)
    assert result.exit_code == 0, result.output
    assert any(s.relation == "negotiated-with" for s in read_statements(load_graph(out)))
    result = runner.invoke(main, ["build", "-", "-o", str(tmp_path / "g.docx")], input=GOOD)
    assert result.exit_code == 2 and "unknown graph format" in result.output


def test_triples_prints_the_scoring_table(tmp_path):
    src = tmp_path / "good.txt"
    src.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["triples", str(src)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == HEADER
    assert all(len(r) == len(HEADER) for r in rows)
    keyed = {(r[1], r[2], r[3]): r for r in rows[1:]}
    row = keyed.get(("Emmanuel Macron", "negotiated-with", "Volodymyr Zelensky")) or keyed[
        ("Volodymyr Zelensky", "negotiated-with", "Emmanuel Macron")]
    assert row[0] == "good" and {row[4], row[5]} == {"Q3052772", "Q3874799"}
    assert 0.0 < float(row[6]) <= 1.0 and "entretenu" in row[7]


def test_triples_on_the_shared_corpus(shared_corpus):
    result = CliRunner().invoke(main, ["triples", str(shared_corpus)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(HEADER)
    articles = {line.split("\t")[0] for line in lines[1:]}
    assert articles == {p.stem for p in shared_corpus.glob("*.txt")}


def test_evaluate_on_the_example_corpus():
    examples = Path(__file__).resolve().parent.parent / "kg" / "examples"
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(examples / "gold"), str(examples / "corpus"),
                                       "--errors"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[-2].split()
    assert summary[:2] == ["relations", "(micro)"]
    assert float(summary[-1]) >= 0.5, result.stdout


def test_evaluate_names_a_missing_gold_folder(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 1 and "nope" in result.output


def test_same_article_id_twice_keeps_both(tmp_path):
    for folder in ("c1", "c2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "g.trig"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "c1"), str(tmp_path / "c2"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "already used by" in result.stderr and "'x-2'" in result.stderr
    assert {s.article_id for s in read_statements(load_graph(out))} == {"x", "x-2"}


def test_a_graph_given_as_input_is_refused(tmp_path):
    graph = tmp_path / "g.trig"
    graph.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["triples", str(graph)])
    assert result.exit_code == 0
    assert "graph file, not an article" in result.stderr
    assert result.stdout.splitlines() == ["\t".join(HEADER)]


def test_unwritable_output_fails_before_extraction(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    src = tmp_path / "good.txt"
    src.write_text(GOOD, encoding="utf-8")
    for args in (["build", str(src), "-o", str(blocker / "g.trig")], ["triples", str(src), "-o", str(blocker / "t")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "cannot write" in result.output and "Traceback" not in result.output


def test_outputs_keep_usual_permissions(tmp_path):
    src = tmp_path / "good.txt"
    src.write_text(GOOD, encoding="utf-8")
    new, old = tmp_path / "new.trig", tmp_path / "old.trig"
    old.write_text("", encoding="utf-8")
    old.chmod(0o640)
    runner = CliRunner()
    umask = os.umask(0o022)
    try:
        for out in (new, old):
            assert runner.invoke(main, ["build", str(src), "-o", str(out), "-q"]).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
