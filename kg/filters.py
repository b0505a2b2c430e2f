"""The statement filters shared by reports, views and exports (relation, actor type, time, confidence)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches

from .model import Statement
from .vocab import ACTOR_TYPES, relations


class FilterError(ValueError):
    """A filter value the graph's vocabulary does not know; the message lists the valid ones."""


@dataclass(frozen=True)
class Filters:
    """Which statements to keep: relations and actor types (empty: all), a date range, a minimum confidence.

    Values are checked and made canonical on creation (``negotiated-with``, ``negotiatedWith``, case ignored);
    an unknown value, an inverted date range or a confidence outside 0..1 raises FilterError."""

    relations: frozenset[str] = field(default_factory=frozenset)
    actor_types: frozenset[str] = field(default_factory=frozenset)
    since: dt.date | None = None
    until: dt.date | None = None
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        rels = relations()
        relation_names = {**{slug: slug for slug in rels}, **{r.local_name: slug for slug, r in rels.items()}}
        object.__setattr__(self, "relations", _known(self.relations, relation_names, "relation", list(rels)))
        type_names = {t: t for t in ACTOR_TYPES}
        object.__setattr__(self, "actor_types", _known(self.actor_types, type_names, "actor type", ACTOR_TYPES))
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"--since {self.since} is after --until {self.until}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise FilterError(f"--min-confidence must be between 0 and 1, not {self.min_confidence}")

    def keep(self, st: Statement) -> bool:
        """Whether a statement passes: a kept relation, both actors of a kept type, dated within the range
        (an undated statement fails any date bound) and at least ``min_confidence``."""
        if self.relations and st.relation not in self.relations:
            return False
        if self.actor_types and not (
            st.subject.type in self.actor_types and st.object.type in self.actor_types
        ):
            return False
        if (self.since or self.until) and st.date is None:
            return False
        if self.since and st.date < self.since:
            return False
        if self.until and st.date > self.until:
            return False
        return st.confidence >= self.min_confidence


def _known(values: frozenset[str], names: dict[str, str], what: str, listed) -> frozenset[str]:
    """Map what a user typed onto the vocabulary, ignoring case and ``-``/``_``; suggest near misses."""
    def key(text: str) -> str:
        return text.lower().replace("-", "").replace("_", "")

    by_key = {key(name): canonical for name, canonical in names.items()}
    found, unknown = set(), []
    for value in values:
        if key(value) in by_key:
            found.add(by_key[key(value)])
        else:
            unknown.append(value)
    if unknown:
        close = get_close_matches(key(unknown[0]), list(by_key), n=1)
        hint = f" (did you mean {by_key[close[0]]}?)" if close else ""
        raise FilterError(f"unknown {what} {', '.join(sorted(unknown))}{hint}; known: {', '.join(listed)}")
    return frozenset(found)


def apply(statements: Iterable[Statement], filters: Filters | None) -> list[Statement]:
    """The statements that pass ``filters``, as a list (all of them when ``filters`` is None)."""
    if filters is None:
        return list(statements)
    return [st for st in statements if filters.keep(st)]
