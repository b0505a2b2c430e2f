"""What a query returned (rows, a boolean or triples), collected from Oxigraph's answer under a row
limit and a deadline, with the columns of ``SELECT *`` in the order the query names them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from .querytext import QueryTimeout, star_order

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Results:
    """What a query returned: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    truncated: bool = False  # more rows existed than the row limit let through

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ASK"
        return "GRAPH" if self.triples is not None else "SELECT"

    def dicts(self) -> list[dict[str, str | None]]:
        """Rows as plain dicts of lexical values, handy in a notebook or a test."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]


def collect(answer: object, max_rows: int | None = None, deadline: float | None = None) -> Results:
    """Turn a pyoxigraph answer into Results, stopping at the row limit or the deadline."""
    if isinstance(answer, ox.QueryBoolean):
        return Results(boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples: list[ox.Triple] = []
        truncated = False
        for triple in answer:
            if max_rows is not None and len(triples) >= max_rows:
                truncated = True
                break
            _check(deadline)
            triples.append(triple)
        return Results(triples=triples, truncated=truncated)
    variables = [v.value for v in answer.variables]
    rows: list[tuple[Term | None, ...]] = []
    truncated = False
    for solution in answer:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        if len(rows) % 256 == 0:
            _check(deadline)
        rows.append(tuple(solution))  # a solution iterates its values in the order of the variables
    return Results(variables, rows, truncated=truncated)


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past its time limit")

def in_query_order(results: Results, query: str) -> Results:
    """The columns of a ``SELECT *`` result put in the order the query names the variables."""
    order = star_order(query)
    if order is None or results.boolean is not None or results.triples is not None:
        return results
    rank = {v: i for i, v in enumerate(order)}
    by_rank = sorted(range(len(results.variables)), key=lambda i: (rank.get(results.variables[i], len(rank)), i))
    results.variables = [results.variables[i] for i in by_rank]
    results.rows = [tuple(row[i] for i in by_rank) for row in results.rows]
    return results
