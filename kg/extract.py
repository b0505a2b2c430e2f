"""Articles → statements: the spaCy pipeline with the ``kg_actors`` and ``kg_relations`` components.

``extract`` streams: documents go through ``nlp.pipe`` in batches (several processes with ``jobs``) and
each article's statements are yielded as soon as its document is done, so memory does not grow with
the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import cache

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import actors as _actors  # noqa: F401  (registers the kg_actors factory)
from . import relations as _relations  # noqa: F401  (registers the kg_relations factory)
from . import repairs as _repairs  # noqa: F401  (registers the kg_repairs factory)
from .model import Actor, Article, Statement

DEFAULT_MODEL = "fr_core_news_md"


# A sentence starts after a line break, or after a full stop (a token of its own, not "M.") followed
# by a capital or an opening quote; also with no space, after a lower-case word and before a capitalised one
# (pages glue paragraphs: "a condamnée.Les États-Unis").
_AFTER_BREAK = re.compile(r"\n\s*(?=\S)")
_AFTER_STOP = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«“\"])|(?<=[a-zß-öø-ÿ]{2}[.!?])(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’])")


@Language.component("kg_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """Sentences for the parser to respect: they start after a line break (headings, paragraphs) or a full
    stop followed by a capital, and nowhere else (the parser cuts "Pékin et Moscou ont signé" after
    "Pékin" and misses boundaries in long paragraphs). Set in one array operation: setting
    ``token.is_sent_start`` one token at a time costs time quadratic in the document's length."""
    if len(doc) < 2:
        return doc
    idx = doc.to_array([IDX]).astype("int64")
    starts = numpy.full(len(doc), -1, dtype="int64")  # -1: not a start
    starts[0] = 1
    text = doc.text  # built from the tokens on every access
    stops = [(m.start() - 1, m.end()) for m in _AFTER_STOP.finditer(text)]
    offsets = numpy.array(
        [m.end() for m in _AFTER_BREAK.finditer(text)]
        + [end for stop, end in stops if idx[min(numpy.searchsorted(idx, stop), len(idx) - 1)] == stop],
        dtype="int64",
    )
    found = numpy.searchsorted(idx, offsets)
    keep = found < len(doc)
    found, offsets = found[keep], offsets[keep]
    starts[found[idx[found] == offsets]] = 1
    starts[doc.to_array([IS_SPACE]).astype(bool)] = 0  # whitespace tokens: the parser decides
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


@cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The French pipeline with the actor and relation components appended (loaded once per process)."""
    nlp = spacy.load(model)
    nlp.add_pipe("kg_sentences", before="parser")
    nlp.add_pipe("kg_repairs")
    nlp.add_pipe("kg_actors")
    nlp.add_pipe("kg_relations")
    return nlp


# Longer articles are parsed in pieces cut at paragraph breaks: the parser's memory grows with the
# length of a document, and spaCy refuses texts over nlp.max_length.
CHUNK_CHARS = 100_000


def extract(
    articles: Iterable[Article], *, nlp: Language | None = None, jobs: int = 1, batch_size: int = 32
) -> Iterator[tuple[Article, list[Statement]]]:
    """Each article with its distinct statements, in input order, as soon as it is done."""
    nlp = nlp or load_nlp()
    pending: dict[int, Article] = {}

    def docs() -> Iterator[tuple[Doc, tuple[int, int, bool]]]:
        for n, article in enumerate(articles):
            pending[n] = article
            pieces = list(chunks(article.text, CHUNK_CHARS))
            for k, (offset, piece) in enumerate(pieces):
                doc = nlp.make_doc(piece)
                doc._.kg_date = article.date.isoformat() if article.date else None
                yield doc, (n, offset, k == len(pieces) - 1)

    found: list[Statement] = []
    for doc, (n, offset, last) in nlp.pipe(docs(), as_tuples=True, n_process=jobs, batch_size=batch_size):
        article = pending[n]
        found += statements_of(doc, article.id, offset)
        if last:
            del pending[n]
            yield article, found
            found = []


def chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``text`` cut at paragraph (else line, else sentence) breaks, each under ``limit``."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        cut = cut + 1 if cut > limit // 2 else limit
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def statements_of(doc: Doc, article_id: str, offset: int = 0) -> list[Statement]:
    """The statements the pipeline left on ``doc`` (a piece of the article at ``offset``)."""
    out = []
    text = doc.text
    for subject, relation, obj, start, end, date, confidence, cue in doc._.kg_statements or []:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(
            Statement(
                article_id=article_id,
                subject=Actor(*subject),
                relation=relation,
                object=Actor(*obj),
                evidence=text[start:end],
                start=start + offset,
                end=end + offset,
                date=dt.date.fromisoformat(date) if date else None,
                confidence=round(float(confidence), 3),
                cue=cue,
            )
        )
    return out


def extract_text(text: str, date: dt.date | None = None, article_id: str = "text") -> list[Statement]:
    """Statements of one text, for notebooks and tests."""
    article = Article(id=article_id, text=text, date=date)
    return next(extract([article]))[1]
