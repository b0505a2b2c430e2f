"""Check every data file at once (``kg check-data``), and the cue lemmas the spaCy model never produces.

Each loader already fails with the file and line on a wrong row; this runs them all, so an edit is checked
before an extraction. A cue's ``lemma:`` is compared with the token's lemma, so a lemma the model never
gives (``restrictif`` where the tagger says ``restrictive``) silently matches only its own bare form: the
model is run on the lemma and on a few inflected forms of it to find those.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from .clean import junk_rules
from .countries import affiliations, iso3
from .datafiles import Node, load_yaml, words
from .dates import number_table
from .eventcodes import cameo_codes, plover_types
from .gazetteer import Gazetteer, plural_form
from .lang import grammar, key
from .language import french_words
from .mentionwords import WORDS_PATH, mention_words
from .relations.lexicon import CUES_PATH, Lexicon
from .resources import DATA_DIR


def load_all(cues: Path = CUES_PATH) -> list[str]:
    """Load every data file with its checks (the first wrong row raises a DataError); the files checked."""
    Gazetteer.load(DATA_DIR)
    iso3(), affiliations(), cameo_codes(), plover_types(), junk_rules(), french_words(), mention_words()
    tables = ("months.tsv", "weekdays.tsv", "relative_days.tsv")
    for name in tables:
        number_table(DATA_DIR / name)
    grammar("fr")
    Lexicon.load(cues)
    names = ("actors.tsv", "roles.tsv", "offices.tsv", "iso3166.tsv", "affiliations.tsv", "cameo.tsv", "plover.tsv",
             "junk.tsv", "french_words.tsv", *tables)
    return [*(str(DATA_DIR / n) for n in names), str(WORDS_PATH), "kg/lang/fr/grammar.yaml", str(cues)]


@dataclass(frozen=True)
class LemmaMiss:
    """A cue whose lemma no form of it was given by the model; ``found`` is what the model said instead."""

    relation: str
    lemma: str
    line: int
    found: tuple[str, ...]


def _contexts(lemma: str, pos: list[str]) -> Iterator[tuple[str, str]]:
    """(sentence, form) pairs that put the lemma and a few inflections of it where its part of speech goes."""
    yield f"Ils vont {lemma} la Russie.", lemma
    if "VERB" in pos:
        stem, ending = lemma[:-2], lemma[-2:]
        present, plural, participle = {"er": ("e", "ent", "é"), "ir": ("it", "issent", "i"),
                                       "re": ("", "ent", "u")}.get(ending, ("", "", ""))
        if stem and ending in ("er", "ir", "re"):
            yield f"La France {stem + present} la Russie.", stem + present
            yield f"Les pays {stem + plural} la Russie.", stem + plural
            yield f"La France a {stem + participle} la Russie.", stem + participle
    if "NOUN" in pos or "PROPN" in pos:
        article = "l'" if lemma[:1] in "aeiouéèêhâîô" else "le "
        yield f"Elle évoque {article}{lemma} de la Russie.", lemma
        yield f"Elle évoque les {plural_form(lemma)} de la Russie.", plural_form(lemma)
    if "ADJ" in pos:
        yield f"La France est {lemma}.", lemma
        yield f"Les pays sont {plural_form(lemma)}.", plural_form(lemma)


def _cue_entries(path: Path) -> Iterator[tuple[str, str, list[str], int]]:
    """(relation, lemma as written, parts of speech, line) of every cue of the file."""
    data = load_yaml(path)
    relations = data.get("relations") or Node()
    for relation, entries in relations.items():
        for entry in entries or []:
            pos = words(path, entry, "pos", entry.get("pos")) or ["VERB", "NOUN"]
            yield relation, str(entry["lemma"]), pos, entry.line


def unproduced_lemmas(nlp: Language, cues: Path = CUES_PATH) -> list[LemmaMiss]:
    """The cues whose ``lemma:`` the model gives to none of its forms (compared as the engine does, by key)."""
    Lexicon.load(cues)  # a wrong file fails here, with its line
    entries = list(_cue_entries(cues))
    checks = [(n, sentence, form) for n, (_, lemma, pos, _) in enumerate(entries) for sentence, form in
              _contexts(lemma, pos)]
    given: dict[int, list[str]] = {}
    for (n, _, form), doc in zip(checks, nlp.pipe(sentence for _, sentence, _ in checks), strict=True):
        form_words = form.lower().split()
        for tok in doc:
            if tok.lower_ in form_words or tok.lower_ == form.lower():
                given.setdefault(n, []).append(tok.lemma_)
    misses = []
    for n, (relation, lemma, _, line) in enumerate(entries):
        found = given.get(n, [])
        if key(lemma) not in {key(f) for f in found}:
            misses.append(LemmaMiss(relation, lemma, line, tuple(dict.fromkeys(found))))
    return misses
