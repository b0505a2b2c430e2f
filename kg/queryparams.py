"""A named query's ``--param`` values checked and bound as RDF terms (an actor's name resolved to its
IRI), and ``run_query``, the notebook's entry point that binds them and runs the query on a source.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping

import pyoxigraph as ox

from .iris import actor_iri
from .model import Actor
from .namedqueries import PARAM_KINDS, NamedQuery, Param, parse_query_header
from .queryresults import Results, Term
from .querysources import Source
from .querytext import XSD, QueryError
from .vocab import KG, relations

ACTOR_LABELS = """
SELECT DISTINCT ?actor ?label WHERE {
  GRAPH ?g { ?actor rdfs:label ?label ; a ?type . }
  VALUES ?type { kg:Person kg:State kg:Institution kg:Group }
}"""
ACTOR_PRESENT = "ASK { GRAPH ?g { ?actor rdfs:label ?label } }"
PROLOGUE = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def resolve_actor(source: Source, name: str) -> tuple[ox.NamedNode, bool]:
    """The IRI a name stands for, and whether the graph has that actor.

    The gazetteer turns any alias into the canonical actor (``Putin`` → ``Vladimir Poutine``), whose IRI
    comes from its label; names the gazetteer does not know match a label of the graph ignoring case,
    accents and punctuation. A name known to neither raises QueryError with the closest labels.
    """
    from .gazetteer import default_gazetteer, normalize

    known = default_gazetteer().lookup(name)
    candidates = [actor_iri(known)] if known else []
    candidates.append(actor_iri(Actor(name.strip(), "Group")))  # IRIs come from slugified labels
    for iri in dict.fromkeys(candidates):
        node = ox.NamedNode(str(iri))
        if source.run(PROLOGUE + ACTOR_PRESENT, {"actor": node}).boolean:
            return node, True
    labels = source.run(PROLOGUE + ACTOR_LABELS).rows
    key = normalize(name)
    for actor, label in labels:
        if label is not None and normalize(label.value) == key:
            return actor, True
    if known:
        return ox.NamedNode(str(actor_iri(known))), False
    close = difflib.get_close_matches(name, sorted({lab.value for _, lab in labels if lab is not None}),
                                      n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown actor {name!r}: not in the gazetteer and no actor of the graph is so named{hint}")


def bind_param(source: Source, param: Param, value: str) -> tuple[Term, str | None]:
    """Turn one --param value into an RDF term; the second item is a note for the user, if any."""
    if param.kind == "actor":
        node, present = resolve_actor(source, value)
        return node, None if present else f"{value!r} ({node.value}) is not in this graph"
    if param.kind == "type":
        types = {t.lower(): t for t in ("Person", "State", "Institution", "Group")}
        if value.strip().lower() not in types:
            raise QueryError(f"{param.name}: unknown actor type {value!r}; known: {', '.join(types.values())}")
        return ox.NamedNode(str(KG[types[value.strip().lower()]])), None
    if param.kind == "relation":
        rels = relations()
        if value not in rels:
            raise QueryError(f"{param.name}: unknown relation {value!r}; known: {', '.join(rels)}")
        return ox.NamedNode(str(rels[value].iri)), None
    if param.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"{param.name}: {value!r} is not a date (YYYY-MM-DD)") from exc
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date")), None
    return ox.Literal(value), None


def bind_params(source: Source, query: NamedQuery, values: Mapping[str, str]) -> tuple[dict[str, Term], list[str]]:
    """Check the given parameters against the query's declared ones and bind each."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        takes = ", ".join(f"{p.name} ({p.kind})" for p in query.params) or "no parameters"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)}; it takes {takes}")
    missing = [p.name for p in query.params if p.name not in values]
    if missing:
        usage = " ".join(f"--param {p.name}=..." for p in query.params)
        raise QueryError(f"{query.name}: missing parameter {', '.join(missing)}; give {usage}")
    bindings: dict[str, Term] = {}
    notes: list[str] = []
    for name, value in values.items():
        if not value.strip():
            raise QueryError(f"empty value for parameter {name}; give --param {name}=VALUE "
                             f"({declared[name].kind}: {PARAM_KINDS[declared[name].kind]})")
        bindings[name], note = bind_param(source, declared[name], value)
        if note:
            notes.append(note)
    return bindings, notes


def run_query(source: Source, query: str | NamedQuery, params: Mapping[str, str] | None = None, *,
              max_rows: int | None = None) -> Results:
    """Run query text or a named query with its parameters bound; the notebook entry point."""
    if isinstance(query, str):
        query = parse_query_header("query", query)
    bindings, _ = bind_params(source, query, params or {})
    return source.run(query.text, bindings, max_rows=max_rows)
