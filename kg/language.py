"""A cheap check that an article is French, the only language the pipeline (fr_core_news_md) handles.

French prose has about a third of its words among the function words of ``kg/data/french_words.tsv``
(31 % to 53 % on the real French articles of the project); English or other text has almost none.
"""

from __future__ import annotations

import re
from functools import cache

from .resources import data_rows

MIN_SHARE = 0.15  # below this share of French function words, the text is not French
MIN_WORDS = 20  # shorter texts say too little to judge
_WORD = re.compile(r"[^\W\d_]+")


@cache
def french_words() -> frozenset[str]:
    return frozenset(row[0].strip().lower() for row in data_rows("french_words.tsv") if row and row[0].strip())


def french_share(text: str) -> tuple[float, int]:
    """The share of the words of ``text`` that are French function words, and how many words it has."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    known = french_words()
    return sum(w in known for w in words) / len(words), len(words)


def not_french(text: str) -> str | None:
    """Why ``text`` does not look French, or None when it does (or is too short to tell)."""
    share, n = french_share(text)
    if n < MIN_WORDS or share >= MIN_SHARE:
        return None
    return (f"does not look French ({share:.0%} French function words in {n} words, French text has over "
            f"{MIN_SHARE:.0%}): kg supports French only, its extraction will miss most of it")
