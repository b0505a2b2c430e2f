"""SPARQL query text read with a tokenizer that knows comments, strings and IRIs: the query form, the
columns of ``SELECT *``, the usual prefixes, and the error every query module raises.

Everything else that reads or rewrites query text (parameter substitution, the ``SERVICE`` guard,
parse-error messages) builds on the tokenizer and the prefixes here.
"""

from __future__ import annotations

import re

from .vocab import ACTOR, ARTICLE, KG, PROV, STATEMENT, WD

XSD = "http://www.w3.org/2001/XMLSchema#"


# Prefixes a typed query may use without declaring them.
PREFIXES = {
    "kg": str(KG), "actor": str(ACTOR), "article": str(ARTICLE), "st": str(STATEMENT), "wd": str(WD),
    "prov": str(PROV), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD, "dcterms": "http://purl.org/dc/terms/", "schema": "https://schema.org/",
}


class QueryError(ValueError):
    """A query, name, parameter or source that cannot be used; the message says why and what would work."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
READ_ONLY = "SPARQL updates (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE...) are not run"
# What may precede the first keyword: blanks, comments, PREFIX and BASE declarations.
_PROLOGUE_ITEM = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s*[^\s:<>]*:\s*<[^<>]*>|(?i:BASE)\s*<[^<>]*>")


def _prologue_end(query: str) -> int:
    pos = 0
    while (item := _PROLOGUE_ITEM.match(query, pos)) and item.end() > pos:
        pos = item.end()
    return pos


def first_keyword(query: str) -> str:
    """The first word after the prologue (comments, PREFIX, BASE), upper-cased: the query or update form."""
    word = re.match(r"[A-Za-z]+", query[_prologue_end(query):])
    return word.group().upper() if word else ""


_SELECT_STAR = re.compile(r"(?i:SELECT)\s+(?:(?i:DISTINCT|REDUCED)\s+)?\*")
# SPARQL tokens: comments, strings and IRIs are matched whole, so a '?' inside them is no variable.
TOKEN = re.compile("|".join((
    r"#[^\n]*",  # comment
    r'"""[\s\S]*?"""', r"'''[\s\S]*?'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r'<[^<>"{}|^`\\\s]*>',  # IRI
    r"[?$](?P<var>\w+)",
    r"(?P<word>[A-Za-z]+)",
    r"(?P<punct>[(){}])",
)))


def star_order(query: str) -> list[str] | None:
    """For ``SELECT *``, the variables in the order they first appear in the query; None otherwise.

    Oxigraph lists the columns of ``SELECT *`` in its own order (reversed, for a plain pattern);
    a reader expects them as written, and SPARQL leaves the order to the implementation.
    """
    start = _prologue_end(query)
    if not _SELECT_STAR.match(query, start):
        return None
    found = (m["var"] for m in TOKEN.finditer(query, start) if m["var"])
    return list(dict.fromkeys(found))

def update_keyword(query: str) -> str | None:
    """The update operation a request starts with (``INSERT``, ``DROP``...), or None for a query.

    The first keyword after the prologue decides, as in the SPARQL grammar, so a query that merely
    mentions ``DELETE`` in a comment, a string or an IRI is not taken for an update.
    """
    keyword = first_keyword(query)
    return keyword if keyword in UPDATE_KEYWORDS else None

def add_prefixes(query: str) -> str:
    """The query with PREFIX declarations for the usual prefixes it uses but does not declare.

    For endpoints; a local store takes the usual prefixes as defaults, so its error positions are exact.
    """
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w-]*):", query)}
    used = set(re.findall(r"(?<![\w<\"'#])([A-Za-z][\w-]*):", query))
    missing = [p for p in PREFIXES if p in used and p not in declared]
    # On the query's first line, so the line numbers of a parse error stay the user's.
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing) + query
