"""Score extracted triples against gold files as GUIDELINES §3 defines (set of distinct triples per article)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .textnorm import bare
from .triples import TripleRow, flatten, key
from .vocab import relations


@dataclass(frozen=True)
class GoldTriple:
    """One row of a gold file, a triple a reader found in the article, e.g. Abdel Fattah al-Sisi,
    leader-of, Egypt with the French evidence "le président égyptien Abdel Fattah al-Sissi"."""

    subject: str
    relation: str
    object: str
    evidence: str


@dataclass
class GoldActors:
    """Gold actor labels with their aliases and Wikidata ids, to map extracted actors onto them."""

    by_name: dict[str, str] = field(default_factory=dict)
    by_qid: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> GoldActors:
        """Read an actors.tsv (label, ``|``-separated aliases, wikidata); no path or no file gives empty indexes."""
        actors = cls()
        if path is None or not path.is_file():
            return actors
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                label = (row.get("label") or "").strip()
                if not label:
                    continue
                for name in [label, *(row.get("aliases") or "").split("|")]:
                    if name.strip():
                        actors.by_name.setdefault(bare(name), label)
                qid = (row.get("wikidata") or "").strip()
                if qid:
                    actors.by_qid[qid] = label
        return actors

    def canonical(self, label: str, qid: str = "") -> str:
        """The gold label an extracted actor matches, or its own normalised label when none does."""
        if qid and qid in self.by_qid:
            return self.by_qid[qid]
        return self.by_name.get(bare(label), label)


def read_gold_file(path: Path) -> list[GoldTriple]:
    """The triples of one ``*.gold.tsv`` (tab-separated subject, relation, object, optional evidence); a missing
    column, an unknown relation or text that is not UTF-8 raises ValueError naming the file."""
    try:
        return _read_gold_file(path)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _read_gold_file(path: Path) -> list[GoldTriple]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"subject", "relation", "object"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: gold file lacks column(s) {', '.join(sorted(missing))}")
        known = relations()
        triples = []
        for n, row in enumerate(reader, start=2):
            if row["relation"] not in known:
                raise ValueError(f"{path}:{n}: unknown relation {row['relation']!r}")
            triples.append(GoldTriple(row["subject"], row["relation"], row["object"], row.get("evidence") or ""))
        return triples


class GoldError(ValueError):
    """The gold folder is missing or wrong; the message names the file."""


def load_gold(directory: Path) -> tuple[dict[str, list[GoldTriple]], GoldActors]:
    """Gold triples by article id, and the actor list (actors.tsv in the folder or its parent)."""
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such gold folder")
    gold = {p.name[: -len(".gold.tsv")]: read_gold_file(p) for p in sorted(directory.glob("*.gold.tsv"))}
    if not gold:
        raise FileNotFoundError(f"{directory}: no *.gold.tsv files")
    actors_file = next((p for p in (directory / "actors.tsv", directory.parent / "actors.tsv") if p.is_file()), None)
    return gold, GoldActors.load(actors_file)


@dataclass
class Counts:
    """True positives, predicted and gold counts, with the precision, recall and F1 they give (0.0 if undefined)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ErrorCase:
    """A triple scored wrong, for review: ``FP`` extracted but not in the gold, ``FN`` in the gold but missed."""

    kind: str  # "FP" or "FN"
    article: str
    subject: str
    relation: str
    object: str
    evidence: str


@dataclass
class Scores:
    """What ``score`` returns: counts per relation, their micro sum, actor counts, the errors, and which gold
    articles were scored, had no prediction or were not read."""

    per_relation: dict[str, Counts]
    micro: Counts
    actors: Counts
    errors: list[ErrorCase]
    articles: list[str]  # the gold articles scored: every one that was read, with or without predictions
    no_prediction: list[str] = field(default_factory=list)  # scored articles nothing was extracted from
    not_read: list[str] = field(default_factory=list)  # gold articles absent from the inputs: not scored


def score(rows: Iterable[TripleRow], gold: dict[str, list[GoldTriple]], actors: GoldActors,
          read: Iterable[str] | None = None) -> Scores:
    """Compare per article the sets of distinct triples, over every gold article that was read.

    ``read`` is the ids of the articles given to the extractor; a gold article among them with nothing
    extracted counts all its gold triples as false negatives. Gold articles not read are listed in
    ``not_read`` and not scored. Without ``read``, every gold article counts as read.
    """
    predicted: dict[str, dict[tuple, TripleRow]] = defaultdict(dict)
    for row in rows:
        k = key(row.article, actors.canonical(row.subject, row.subject_id), row.relation,
                actors.canonical(row.object, row.object_id))
        predicted[row.article].setdefault(k, row)
    seen = set(gold) if read is None else set(read) | set(predicted)
    articles = sorted(set(gold) & seen)
    not_read = sorted(set(gold) - seen)
    no_prediction = [art for art in articles if not predicted.get(art)]
    per_relation = {slug: Counts() for slug in relations()}
    micro, actor_counts, errors = Counts(), Counts(), []
    for art in articles:
        gold_keys = {key(art, g.subject, g.relation, g.object): g for g in gold[art]}
        pred_keys = predicted[art]
        for k in pred_keys.keys() | gold_keys.keys():
            counts = per_relation[k[2]]
            hit_p, hit_g = k in pred_keys, k in gold_keys
            counts.pred += hit_p
            counts.gold += hit_g
            counts.tp += hit_p and hit_g
            if hit_p and not hit_g:
                errors.append(ErrorCase("FP", art, k[1], k[2], k[3], pred_keys[k].evidence))
            elif hit_g and not hit_p:
                errors.append(ErrorCase("FN", art, k[1], k[2], k[3], gold_keys[k].evidence))
        gold_actors = {a for k in gold_keys for a in (k[1], k[3])}
        pred_actors = {a for k in pred_keys for a in (k[1], k[3])}
        actor_counts.tp += len(gold_actors & pred_actors)
        actor_counts.pred += len(pred_actors)
        actor_counts.gold += len(gold_actors)
    for counts in per_relation.values():
        micro.tp += counts.tp
        micro.pred += counts.pred
        micro.gold += counts.gold
    return Scores(per_relation, micro, actor_counts, errors, articles, no_prediction, not_read)


def evaluate(gold_dir: Path, inputs: Iterable[str | Path], *, jobs: int = 1,
             on_error: Callable[[str, str], None] | None = None,
             on_warning: Callable[[str, str], None] | None = None) -> Scores:
    """Extract ``inputs`` and score them against the gold folder ``gold_dir``: the library side of `kg evaluate`."""
    from .pipeline import run  # spaCy loads only here

    try:
        gold, actors = load_gold(gold_dir)
    except (FileNotFoundError, ValueError) as exc:
        raise GoldError(str(exc)) from exc
    read: list[str] = []
    rows: list[TripleRow] = []
    for article, statements in run(inputs, jobs=jobs, on_error=on_error, on_warning=on_warning):
        read.append(article.id)
        rows.extend(flatten(statements))
    return score(rows, gold, actors, read)


def format_scores(scores: Scores) -> str:
    """A fixed-width table; the last three lines are the summary the team tracks."""
    lines = [f"{'relation':<18} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for slug, c in scores.per_relation.items():
        if c.gold or c.pred:
            lines.append(f"{slug:<18} {c.gold:>5} {c.pred:>5} {c.tp:>5} "
                         f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    if scores.not_read:
        lines.append(f"gold articles not in the inputs, not scored: {len(scores.not_read)} "
                     f"({', '.join(scores.not_read)})")
    lines.append(f"gold articles with no prediction: {len(scores.no_prediction)}"
                 + (f" ({', '.join(scores.no_prediction)})" if scores.no_prediction else ""))
    lines.append(f"articles scored: {len(scores.articles)}")
    for name, c in (("relations (micro)", scores.micro), ("actors", scores.actors)):
        lines.append(f"{name:<18} {c.gold:>5} {c.pred:>5} {c.tp:>5} "
                     f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    return "\n".join(lines)
