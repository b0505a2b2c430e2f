"""Plain data passed between the stages: article → statements (actors inside)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Actor:
    """A canonical actor: the label every mention of it resolves to."""

    label: str
    type: str  # one of vocab.ACTOR_TYPES
    wikidata: str | None = None


@dataclass
class Article:
    """One article's cleaned text and metadata; ``id`` is what the scorer calls the article."""

    id: str
    text: str
    title: str = ""
    date: dt.date | None = None
    source: str = ""  # file path or URL it came from


@dataclass(frozen=True)
class Statement:
    """One relation stated by one sentence; offsets are those of the sentence in ``Article.text``."""

    article_id: str
    subject: Actor
    relation: str  # relation slug, e.g. "negotiated-with"
    object: Actor
    evidence: str
    start: int
    end: int
    date: dt.date | None = None
    confidence: float = 1.0
    cue: str = ""
