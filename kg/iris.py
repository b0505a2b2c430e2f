"""The IRIs of kg's nodes: an actor's from its label's slug, an article's and its named graph's from its
id, a statement's hashed from what identifies it, so rebuilding an article gives the same nodes.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef

from .model import Actor, Statement
from .textnorm import strip_accents
from .vocab import ACTOR, ARTICLE, GRAPH, STATEMENT


def slugify(text: str) -> str:
    """The IRI-safe key of a label: accents stripped, lower case, other runs as ``-`` ("Élisabeth Borne" →
    ``elisabeth-borne``); characters with no ASCII form are dropped, and ``x`` stands for an empty result."""
    ascii_text = strip_accents(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def actor_iri(actor: Actor) -> URIRef:
    """The IRI of an actor, from its label's slug: one node per label, shared by every article naming it."""
    return ACTOR[slugify(actor.label)]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article's node, its id percent-encoded (``/`` included)."""
    return ARTICLE[quote(article_id, safe="")]


def graph_iri(article_id: str) -> URIRef:
    """The IRI of an article's named graph, its id percent-encoded: the unit replaced or pushed alone."""
    return GRAPH[quote(article_id, safe="")]


def statement_iri(st: Statement) -> URIRef:
    """A stable IRI for a statement, hashed from its article, actors, relation and start offset, so that
    rebuilding the same article gives the same node."""
    key = "\x1f".join([st.article_id, st.subject.label, st.relation, st.object.label, str(st.start)])
    return STATEMENT[hashlib.sha1(key.encode()).hexdigest()[:20]]
