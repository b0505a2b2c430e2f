"""Cooperation and conflict per actor pair: the sum of the relations' Goldstein weights, from statements or arrays."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import partial
from itertools import repeat
from typing import NamedTuple

import numpy as np

from . import fastgraph
from .model import Statement
from .vocab import relations


class PairBalance(NamedTuple):
    """Cooperation and conflict between two actors, summed over distinct statements in both directions.

    A named tuple (immutable, ``_asdict()``): a report at 500k statements holds about 400k of them, which
    a frozen dataclass took two seconds to create."""

    actor_a: str
    actor_b: str
    statements: int
    cooperative: int
    conflictual: int
    structural: int
    net: float  # sum of Goldstein weights: > 0 cooperation dominates, < 0 conflict


def cooperation(statements: Iterable[Statement]) -> list[PairBalance]:
    """Net cooperation per actor pair (Goldstein weights from the ontology), most cooperative first.

    Repeats of the same triple within one article count once, as in the gold standard.
    """
    rels = relations()
    distinct = set()
    for st in statements:
        s, o = st.subject.label, st.object.label
        if s != o:
            if rels[st.relation].symmetric and o < s:
                s, o = o, s
            distinct.add((st.article_id, s, st.relation, o))
    tally: Counter[tuple[str, str, str]] = Counter(
        (min(s, o), max(s, o), rel) for _, s, rel, o in distinct
    )
    column = {"cooperative": 0, "conflictual": 1, "structural": 2}
    per_pair: dict[tuple[str, str], list] = {}
    for (a, b, rel), count in tally.items():
        sums = per_pair.setdefault((a, b), [0, 0, 0, 0.0])  # cooperative, conflictual, structural, net
        sums[column[rels[rel].family]] += count
        sums[3] += count * rels[rel].goldstein
    balances = [
        PairBalance(a, b, coop + conf + struct, coop, conf, struct, round(net, 3))
        for (a, b), (coop, conf, struct, net) in per_pair.items()
    ]
    return sorted(balances, key=lambda p: (-p.net, -p.statements, p.actor_a, p.actor_b))



def array_cooperation(a: fastgraph.ActorArrays) -> list[PairBalance]:
    """:func:`cooperation` on the arrays of :func:`kg.fastgraph.actor_arrays`."""
    rels = [relations()[slug] for slug in a.slugs]
    kinds, n = len(rels), a.n
    linked = a.subject != a.object
    s, o, r, art = a.subject[linked], a.object[linked], a.relation[linked], a.article[linked]
    swap = np.array([rel.symmetric for rel in rels], dtype=bool)[r] & (o < s)
    s, o = np.where(swap, o, s), np.where(swap, s, o)
    triples, counts = fastgraph._distinct_per_key((s * n + o) * kinds + r, art)  # distinct articles per triple
    s, rest = np.divmod(triples, n * kinds)
    o, r = np.divmod(rest, kinds)
    keys, inverse = np.unique((np.minimum(s, o) * n + np.maximum(s, o)) * kinds + r, return_inverse=True)
    tally = np.bincount(inverse, counts)  # per (pair, relation)
    pairs, at = np.unique(keys // kinds, return_inverse=True)
    r = keys % kinds
    family = np.array([("cooperative", "conflictual", "structural").index(rel.family) for rel in rels])[r]
    goldstein = np.array([rel.goldstein for rel in rels])[r]
    sums = [np.bincount(at, np.where(family == k, tally, 0), minlength=len(pairs)).astype(np.int64)
            for k in range(3)]
    net = np.array(list(map(round, np.bincount(at, tally * goldstein, minlength=len(pairs)).tolist(), repeat(3))))
    total = sums[0] + sums[1] + sums[2]
    low, high = pairs // n, pairs % n
    order = np.lexsort((high, low, -total, -net))
    names = np.array(a.labels, dtype=object)
    columns = (names[low[order]], names[high[order]], total[order], *(x[order] for x in sums), net[order])
    make = partial(tuple.__new__, PairBalance)  # PairBalance._make without its per-row length check in Python
    return list(map(make, zip(*(x.tolist() for x in columns), strict=True)))

