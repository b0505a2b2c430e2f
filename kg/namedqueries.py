"""The named queries shipped as ``kg/queries/*.rq``: their header comment read into what each answers
and the parameters it declares (``# @param NAME (KIND) help``), and lookup by name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .querytext import QueryError

QUERY_DIR = Path(__file__).resolve().parent / "queries"


PARAM_KINDS = {
    "actor": "an actor's name or alias, resolved through the gazetteer and the graph's labels",
    "type": "an actor type: Person, State, Institution or Group",
    "relation": "a relation slug, e.g. negotiated-with",
    "date": "a date, YYYY-MM-DD",
    "text": "a plain string",
}

@dataclass(frozen=True)
class Param:
    """A parameter a named query declares (``# @param NAME (KIND) help``); ``kind`` is a key of ``PARAM_KINDS``."""

    name: str
    kind: str
    help: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its header comment parsed: what it answers and what it takes."""

    name: str
    text: str
    description: str
    params: tuple[Param, ...] = ()

    @property
    def summary(self) -> str:
        return self.description.split("\n\n", 1)[0].replace("\n", " ")


_PARAM_LINE = re.compile(r"^@param\s+\??([A-Za-z_]\w*)\s*\(\s*(\w+)\s*\)\s*(.*)$")


def parse_query_header(name: str, text: str) -> NamedQuery:
    """Read the leading ``#`` comment of a query: prose lines are the description, ``@param`` lines params."""
    prose: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        match = _PARAM_LINE.match(body)
        if match:
            pname, kind, help_text = match.groups()
            if kind not in PARAM_KINDS:
                raise QueryError(f"{name}: parameter {pname} has unknown kind {kind!r}; "
                                 f"known: {', '.join(PARAM_KINDS)}")
            params.append(Param(pname, kind, help_text.strip()))
        elif body.startswith("@"):
            raise QueryError(f"{name}: cannot read header line {line!r}; write '# @param NAME (KIND) help'")
        else:
            prose.append(body)
    description = re.sub(r"\n{3,}", "\n\n", "\n".join(prose)).strip()
    # Join wrapped lines of a paragraph so the description reflows in --list.
    description = "\n\n".join(" ".join(p.split("\n")) for p in description.split("\n\n"))
    return NamedQuery(name, text, description, tuple(params))


@cache
def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The queries shipped under kg/queries (or the ``.rq`` files of ``folder``), by file name without ``.rq``."""
    return {p.stem: parse_query_header(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted((folder or QUERY_DIR).glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """The shipped query called ``name`` (a file name without ``.rq``); an unknown name raises QueryError
    with the closest match and the known names."""
    queries = named_queries()
    if name not in queries:
        close = difflib.get_close_matches(name, queries, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise QueryError(f"unknown query {name!r}{hint}; known: {', '.join(queries)} (see kg query --list)")
    return queries[name]
