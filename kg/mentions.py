"""What the ``kg_actors`` component leaves on a Doc, and the small readers of it the relation finder shares.

Results are kept as plain tuples in Doc extensions so documents survive ``nlp.pipe(n_process=...)``:
``doc._.kg_mentions`` (list of :class:`Mention`), ``doc._.kg_offices`` (list of :class:`OfficeFact`) and
``doc._.kg_sides`` (who is on whose side); ``doc._.kg_date`` is the article's date, set by the caller.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from spacy.tokens import Doc, Token

from .model import Actor


class Mention(NamedTuple):
    """One mention: tokens [start, end), the token that carries it in the parse, and the actor."""

    start: int
    end: int
    head: int
    label: str
    type: str
    wikidata: str | None
    kind: str  # name | metonym | demonym | role | ner
    confidence: float

    @property
    def actor(self) -> Actor:
        return Actor(self.label, self.type, self.wikidata)


class OfficeFact(NamedTuple):
    """An office the text attributes to a person: ``holder relation organisation`` (leader-of, member-of)."""

    holder: tuple[str, str, str | None]
    relation: str
    organisation: tuple[str, str, str | None]
    token: int
    confidence: float


def as_tuple(actor: Actor) -> tuple[str, str, str | None]:
    """An actor as the plain tuple stored in the Doc extensions."""
    return (actor.label, actor.type, actor.wikidata)


for _name, _default in (("kg_date", None), ("kg_mentions", None), ("kg_offices", None), ("kg_sides", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_date(doc: Doc) -> dt.date | None:
    """The article date carried by a Doc (an ISO string, so it survives multiprocessing)."""
    value = doc._.kg_date
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def mentions_by_head(doc: Doc) -> dict[int, list[Mention]]:
    """Token index → the mentions that token stands for in the parse."""
    index: dict[int, list[Mention]] = {}
    for m in doc._.kg_mentions or []:
        index.setdefault(m.head, []).append(m)
    return index


def span_root(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` that the rest hangs on in the parse (the first one when none does)."""
    span = doc[start:end]
    for tok in span:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return span[0]

