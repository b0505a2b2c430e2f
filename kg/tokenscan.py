"""Tokens found by their lower-case form with one array operation over the Doc, not a loop over its tokens."""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc


def hashes(nlp: Language, words: Iterable[str]) -> numpy.ndarray:
    """The sorted hashes of ``words`` in the vocabulary, for :func:`where`."""
    return numpy.array(sorted({nlp.vocab.strings.add(w) for w in words}), dtype="uint64")


def where(doc: Doc, hashes: numpy.ndarray) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``hashes``."""
    return numpy.flatnonzero(numpy.isin(doc.to_array([LOWER]), hashes)).tolist()

