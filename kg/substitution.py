"""Parameters put into query text as RDF terms (SEP-0007 substitution), so every engine plans the
query around the constant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from .queryresults import Term
from .querytext import TOKEN, QueryError

_SOLUTION_MODIFIERS = ("GROUP", "ORDER")
_END_OF_MODIFIER = ("HAVING", "LIMIT", "OFFSET", "VALUES")


def _clause_ends(clause: str, depth: int, word: str, punct: str | None) -> bool:
    """Whether this token closes a projection, a GROUP/ORDER BY list or a VALUES variable list."""
    if clause == "select":
        return depth == 0 and (word in ("WHERE", "FROM") or punct == "{")
    if clause == "modifier":
        return depth == 0 and (word in _END_OF_MODIFIER or punct in ("{", "}"))
    return clause == "values" and punct == "{"


def substitute(query: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound variable replaced by its term, in N-Triples syntax.

    This is SEP-0007 substitution done on the query text, as Jena's ParameterizedSparqlString does:
    a variable the query's SELECT projects becomes ``(term AS ?var)`` so it stays a column (subqueries
    stop projecting it: it is no longer a variable there), and elsewhere the term stands where the
    variable stood. Every engine then plans with the constant: Oxigraph's own
    ``substitutions`` are joined after planning, which made ``relations-between`` 3-10x slower, and a
    ``VALUES`` block was hash-joined after the whole pattern (1-2 s instead of 20 ms). A value cannot
    become query syntax: terms are built and checked by Oxigraph (an IRI holds no ``>`` nor blanks,
    a literal's quotes and line breaks are escaped), and comments, strings and IRIs of the query are
    left as they are.
    """
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"?{name}: a blank node cannot be bound (it would be a new variable)")
    out: list[str] = []
    pos, clause, depth, previous, selects = 0, "", 0, "", 0
    for token in TOKEN.finditer(query):
        word, punct, var = (token["word"] or "").upper(), token["punct"], token["var"]
        if word == "SELECT":
            clause, depth, selects = "select", 0, selects + 1
        elif word in _SOLUTION_MODIFIERS:
            clause, depth = "modifier", 0
        elif word == "VALUES":
            clause = "values"
        elif _clause_ends(clause, depth, word, punct):
            clause = ""
        elif punct == "(":
            depth += 1
        elif punct == ")":
            depth -= 1
        if var is not None and var in bindings:
            if previous == "AS" or clause == "values":
                how = f"AS ?{var}" if previous == "AS" else "VALUES"
                raise QueryError(f"?{var} is assigned by the query ({how}), so it cannot be a parameter")
            term = str(bindings[var])
            if clause == "select" and depth == 0:
                term = f"({term} AS ?{var})" if selects == 1 else ""
            elif clause == "modifier" and depth == 0:
                term = f"({term})"
            out += [query[pos:token.start()], term]
            pos = token.end()
        if word or punct or var is not None:
            previous = word
    out.append(query[pos:])
    return "".join(out)
