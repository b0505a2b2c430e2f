"""Scoring follows GUIDELINES §3: sets of distinct triples, alias and Wikidata matching, symmetric relations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import format_scores, load_gold, score
from kg.textnorm import bare
from kg.triples import TripleRow


def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    (tmp_path / "actors.tsv").write_text(
        "label\ttype\taliases\twikidata\n"
        "Vladimir Putin\tPerson\tPoutine|Vladimir Poutine\tQ7747\n"
        "Donald Trump\tPerson\tTrump\tQ22686\n"
        "Ukraine\tState\tKiev\tQ212\n"
        "Russia\tState\tRussie|Moscou\tQ159\n",
        encoding="utf-8",
    )
    (gold / "a1.gold.tsv").write_text(
        "subject\trelation\tobject\tevidence\n"
        "Donald Trump\tnegotiated-with\tVladimir Putin\tTrump a appelé Poutine\n"
        "Russia\tattacked\tUkraine\tla Russie a envahi l'Ukraine\n"
        "Ukraine\texcluded-from\tRussia\tni l'Ukraine\n",
        encoding="utf-8",
    )
    return gold


def _row(subject, relation, obj, sid="", oid=""):
    return TripleRow("a1", subject, relation, obj, sid, oid, 0.9, "phrase")


def test_normalise_drops_case_accents_and_punctuation():
    assert bare("Élysée, l'Europe!") == "elysee l europe"
    assert bare("Radosław  Sikorski") == "radoslaw sikorski"


def test_aliases_ids_and_symmetry_match(tmp_path):
    gold, actors = load_gold(_gold(tmp_path))
    rows = [
        _row("Vladimir Poutine", "negotiated-with", "Trump"),  # aliases, reversed symmetric order
        _row("Russie", "attacked", "Kyiv", oid="Q212"),  # alias + Wikidata id
        _row("Ukraine", "criticized", "Russia"),  # a false positive
        _row("Ukraine", "negotiated-with", "Russia"),
        _row("Ukraine", "negotiated-with", "Russia"),  # a duplicate counts once
    ]
    s = score(rows, gold, actors)
    assert (s.micro.tp, s.micro.pred, s.micro.gold) == (2, 4, 3)
    assert s.per_relation["excluded-from"].recall == 0.0
    assert s.per_relation["attacked"].f1 == 1.0
    assert s.actors.gold == 4 and s.actors.tp == 4
    kinds = sorted((e.kind, e.relation) for e in s.errors)
    assert kinds == [("FN", "excluded-from"), ("FP", "criticized"), ("FP", "negotiated-with")]
    assert format_scores(s).splitlines()[-2].startswith("relations (micro)")


def test_reversed_directed_relation_does_not_match(tmp_path):
    gold, actors = load_gold(_gold(tmp_path))
    s = score([_row("Ukraine", "attacked", "Russia")], gold, actors)
    assert s.micro.tp == 0


def test_gold_problems_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such gold folder"):
        load_gold(tmp_path / "missing")
    (tmp_path / "x.gold.tsv").write_text("subject\trelation\tobject\nA\tloves\tB\n", encoding="utf-8")
    with pytest.raises(ValueError, match="x.gold.tsv:2: unknown relation 'loves'"):
        load_gold(tmp_path)


def test_gold_file_that_is_not_utf8_is_named(tmp_path):
    (tmp_path / "y.gold.tsv").write_bytes("subject\trelation\tobject\nÉtat\tattacked\tB\n".encode("latin-1"))
    with pytest.raises(ValueError, match="y.gold.tsv: not UTF-8"):
        load_gold(tmp_path)
