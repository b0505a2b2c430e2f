"""How names are compared everywhere: accents, case and punctuation set aside the same way."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and an accent ("Radosław" → "Radoslaw").
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"})


@lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case- and accent-insensitive key with spaces collapsed: how a reader types a name."""
    return " ".join(strip_accents(text.casefold()).split())


def bare(text: str) -> str:
    """``fold`` without punctuation: the scorer's label comparison (GUIDELINES §3)."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
