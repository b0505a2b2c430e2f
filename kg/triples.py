"""The flat triple table: one row per distinct (article, subject, relation, object), as scored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Statement
from .vocab import in_order

HEADER = ("article", "subject", "relation", "object", "subject_id", "object_id", "confidence", "evidence")


@dataclass(frozen=True)
class TripleRow:
    article: str
    subject: str
    relation: str
    object: str
    subject_id: str
    object_id: str
    confidence: float
    evidence: str

    def cells(self) -> tuple[str, ...]:
        evidence = " ".join(self.evidence.split())
        return (self.article, self.subject, self.relation, self.object, self.subject_id, self.object_id,
                f"{self.confidence:.2f}", evidence)


def key(article: str, subject: str, relation: str, obj: str) -> tuple[str, str, str, str]:
    """Identity of a triple; symmetric relations are the same in either order."""
    subject, obj = in_order(subject, relation, obj)
    return (article, subject, relation, obj)


def flatten(statements: Iterable[Statement]) -> list[TripleRow]:
    """Distinct triples, each with its most confident statement's evidence, in reading order."""
    best: dict[tuple[str, str, str, str], Statement] = {}
    order: dict[tuple[str, str, str, str], int] = {}
    for i, st in enumerate(statements):
        k = key(st.article_id, st.subject.label, st.relation, st.object.label)
        order.setdefault(k, i)
        if k not in best or st.confidence > best[k].confidence:
            best[k] = st
    rows = []
    for k in sorted(best, key=order.__getitem__):
        st = best[k]
        rows.append(TripleRow(st.article_id, st.subject.label, st.relation, st.object.label,
                              st.subject.wikidata or "", st.object.wikidata or "", st.confidence, st.evidence))
    return rows
