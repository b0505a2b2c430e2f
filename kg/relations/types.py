"""What the relation component puts on a doc: plain tuples, so that documents survive multiprocessing."""

from __future__ import annotations

from typing import NamedTuple

ActorKey = tuple  # (label, type, wikidata)


class Found(NamedTuple):
    """One relation found in a doc: actors as (label, type, wikidata), evidence as sentence offsets."""

    subject: ActorKey
    relation: str
    object: ActorKey
    start: int
    end: int
    date: str | None
    confidence: float
    cue: str
