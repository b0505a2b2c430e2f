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


def _tiny_real_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """Two French articles, one with relations and one with none, and gold for them plus one article not given."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guerre.txt").write_text("La Russie a attaqué l'Ukraine.\n", encoding="utf-8")
    (corpus / "plage.txt").write_text(
        "Il a fait beau hier à la plage de Biarritz, et les enfants ont joué au ballon.\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    header = "subject\trelation\tobject\tevidence\n"
    (gold / "guerre.gold.tsv").write_text(
        header + "Russia\tattacked\tUkraine\tLa Russie a attaqué l'Ukraine.\n", encoding="utf-8")
    # Gold says something the extractor cannot find: the article must still count, as a false negative.
    (gold / "plage.gold.tsv").write_text(
        header + "France\tcriticized\tSpain\tles enfants ont joué au ballon\n", encoding="utf-8")
    (gold / "absent.gold.tsv").write_text(header + "China\tthreatened\tTaiwan\tla Chine a menacé\n",
                                          encoding="utf-8")
    return corpus, gold


def test_articles_with_no_prediction_are_scored_and_absent_ones_named(tmp_path):
    """Real model: an article nothing is extracted from still counts its gold; a gold article not read is named."""
    from kg.evaluate import evaluate

    corpus, gold = _tiny_real_corpus(tmp_path)
    s = evaluate(gold, [corpus])
    assert s.articles == ["guerre", "plage"]
    assert s.no_prediction == ["plage"]
    assert s.not_read == ["absent"]
    assert (s.micro.tp, s.micro.pred, s.micro.gold) == (1, 1, 2)
    assert s.micro.recall == 0.5 and s.micro.precision == 1.0
    text = format_scores(s)
    assert "gold articles with no prediction: 1 (plage)" in text
    assert "gold articles not in the inputs, not scored: 1 (absent)" in text
    assert text.splitlines()[-3] == "articles scored: 2"


def test_kg_evaluate_reports_what_was_scored(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    corpus, gold = _tiny_real_corpus(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), str(corpus)])
    assert result.exit_code == 0, result.output
    assert "kg: 1 gold article(s) not in the inputs, not scored: absent" in result.stderr
    assert "articles scored: 2" in result.stdout
    assert "gold articles with no prediction: 1 (plage)" in result.stdout


def test_without_the_ids_read_every_gold_article_counts(tmp_path):
    _gold(tmp_path)
    (tmp_path / "gold" / "a2.gold.tsv").write_text(
        "subject\trelation\tobject\nRussia\tattacked\tUkraine\n", encoding="utf-8")
    gold, actors = load_gold(tmp_path / "gold")
    s = score([_row("Russie", "attacked", "Ukraine")], gold, actors)
    assert s.articles == ["a1", "a2"] and s.no_prediction == ["a2"] and s.micro.gold == 4
    s = score([_row("Russie", "attacked", "Ukraine")], gold, actors, read=["a1"])
    assert s.articles == ["a1"] and s.not_read == ["a2"] and s.micro.gold == 3
