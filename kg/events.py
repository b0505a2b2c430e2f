"""Statements as an event table in the ICEWS/POLECAT habit: one row per statement, codes and provenance in columns.

Researchers load event data into R or pandas and aggregate by CAMEO/PLOVER code, country and day;
docs/events-codebook.md names every column. The columns are :data:`COLUMNS`, in that order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import IO

from .countries import country_code
from .eventcodes import plover_types
from .iris import statement_iri
from .model import Actor, Article, Statement
from .vocab import relations

#: The columns of the event table, in order; docs/events-codebook.md documents each.
COLUMNS = (
    "event_id", "event_date", "publication_date",
    "source_label", "source_wikidata", "source_type", "source_country",
    "target_label", "target_wikidata", "target_type", "target_country",
    "relation", "symmetric", "family", "goldstein", "cameo", "plover_type", "plover_mode", "plover_quad",
    "article_id", "article_title", "url", "sentence", "start_char", "end_char", "confidence", "cue",
)
_URL = re.compile(r"https?://", re.IGNORECASE)


def _actor(prefix: str, actor: Actor, date) -> dict[str, object]:
    return {
        f"{prefix}_label": actor.label,
        f"{prefix}_wikidata": actor.wikidata or "",
        f"{prefix}_type": actor.type,
        f"{prefix}_country": country_code(actor, date),
    }


def event_rows(statements: Iterable[Statement], articles: dict[str, Article]) -> Iterator[dict[str, object]]:
    """One dict per statement with every column of :data:`COLUMNS` (empty string where unknown)."""
    rels, types = relations(), plover_types()
    for st in statements:
        rel = rels[st.relation]
        art = articles.get(st.article_id)
        published = art.date if art is not None else None
        date = st.date or published
        source = art.source if art is not None else ""
        yield {
            "event_id": str(statement_iri(st)),
            "event_date": date.isoformat() if date else "",
            "publication_date": published.isoformat() if published else "",
            **_actor("source", st.subject, date),
            **_actor("target", st.object, date),
            "relation": st.relation,
            "symmetric": rel.symmetric,
            "family": rel.family,
            "goldstein": rel.goldstein,
            "cameo": rel.cameo,
            "plover_type": rel.plover,
            "plover_mode": rel.plover_mode,
            "plover_quad": types[rel.plover].quad if rel.plover in types else "",
            "article_id": st.article_id,
            "article_title": art.title if art is not None else "",
            "url": source if _URL.match(source) else "",
            "sentence": st.evidence,
            "start_char": st.start,
            "end_char": st.end,
            "confidence": st.confidence,
            "cue": st.cue,
        }


def write_events(handle: IO[str], rows: Iterable[dict[str, object]], safe=lambda v: v) -> int:
    """Write the rows as CSV (header first) through ``safe`` for each cell; return how many were written."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: safe(v) for k, v in row.items()})
        count += 1
    return count
