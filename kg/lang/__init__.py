"""Per-language grammatical words: one folder per language (``kg/lang/fr/``), read into a :class:`Grammar`.

As PETRARCH keeps one engine and one dictionary folder per language, the relation engine and the parse
repairs name no word of any language; they read the roles words play from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache, lru_cache
from pathlib import Path

from ..datafiles import DataError, Node, load_yaml, words
from ..textnorm import strip_accents

LANG_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """How words compare: lower case, no accents, one apostrophe."""
    return strip_accents(word.lower().replace("’", "'"))


@dataclass(frozen=True)
class Grammar:
    """The closed-class words of one language, by the role they play; see ``kg/lang/fr/grammar.yaml``."""

    genitive: tuple[str, ...]
    agent_marks: tuple[str, ...]
    comparison: tuple[str, ...]
    among: tuple[str, ...]
    without: tuple[str, ...]
    between: tuple[str, ...]
    state_marks: tuple[str, ...]
    late_verb_prepositions: tuple[str, ...]
    target_prepositions: tuple[str, ...]
    partitive: tuple[str, ...]
    contractions: dict
    argument_prepositions: tuple[str, ...]
    reflexives: tuple[str, ...]
    clitics: tuple[str, ...]
    object_clitics: tuple[str, ...]
    personal_pronouns: tuple[str, ...]
    subject_relatives: tuple[str, ...]
    object_relatives: tuple[str, ...]
    genitive_relatives: tuple[str, ...]
    latest_named: tuple[str, ...]
    group_nouns: tuple[str, ...]
    condition_subjects: tuple[str, ...]
    one_of: tuple[str, ...]
    perfect_auxiliary: tuple[str, ...]
    condition_marks: tuple[str, ...]
    purpose_marks: tuple[str, ...]
    simple_conjunctions: tuple[str, ...]
    reciprocal_adverbs: tuple[str, ...]
    reciprocal_verbs: tuple[str, ...]
    quote_marks: tuple[str, ...]
    closing_quote_marks: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    name_joiners: tuple[str, ...]
    conditional_stems: dict
    participle_endings: tuple[str, ...]
    present_endings: tuple[str, ...]
    infinitive_ending: str
    repairs: tuple[str, ...]
    time_words: tuple[str, ...]
    enumeration_marks: tuple[str, ...]

    def base(self, word: str) -> str:
        """A preposition as it compares: "aux" → "a", "d'" → "de"."""
        word = key(word)
        return self.contractions.get(word, word)

    @classmethod
    def load(cls, path: str | Path) -> Grammar:
        data = load_yaml(path)
        names = [f.name for f in fields(cls)]
        for name in data:
            if name not in names:
                raise DataError(path, data.line_of(name), f"unknown key {name!r}; known: {', '.join(names)}")
        values: dict = {}
        for f in fields(cls):
            if f.name not in data:
                raise DataError(path, data.line or 1, f"missing key {f.name!r}")
            value = data[f.name]
            if f.type == "dict":
                if not isinstance(value, Node):
                    raise DataError(path, data.line_of(f.name), f"{f.name!r} must be a mapping of words")
                values[f.name] = {key(str(k)): key(str(v)) for k, v in value.items()}
            elif f.type == "str":
                values[f.name] = str(value)
            else:  # keep the file's order: some roles are tried in order
                keep_case = f.name in {"participle_endings", "present_endings", "repairs"}
                values[f.name] = tuple(w if keep_case else key(w) for w in words(path, data, f.name, value))
        return cls(**values)


@cache
def grammar(lang: str = "fr") -> Grammar:
    """The grammar of ``lang`` from its folder; an unknown language names the ones there are."""
    path = LANG_DIR / lang / "grammar.yaml"
    if not path.is_file():
        known = sorted(p.name for p in LANG_DIR.iterdir() if (p / "grammar.yaml").is_file())
        raise ValueError(f"no grammar for language {lang!r}; known: {', '.join(known)}")
    return Grammar.load(path)
