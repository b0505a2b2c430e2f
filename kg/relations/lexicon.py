"""The cue lexicon (``kg/data/cues.yaml``): cues, word classes and per-relation settings, checked as loaded.

Every key, relation, argument position, word class and setting is checked against what the engine knows;
a mistake fails with the file and line (:class:`kg.datafiles.DataError`) instead of silently matching
nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

from ..datafiles import DataError, Node, check_keys, load_yaml, words
from ..lang import Grammar, grammar, key
from ..vocab import ACTOR_TYPES
from ..vocab import relations as relation_inventory
from .positions import POSITIONS, PREFIXED

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "cues.yaml"
POS_TAGS = ("VERB", "NOUN", "ADJ", "ADV", "PROPN")
SECTIONS = ("relations", "patterns", "classes", "settings", "grammar", "blockers", "examples")
PHRASE_LISTS = ("additive_phrases", "frame_phrases")  # lists of phrases of several words, not of words
PATTERN_KEYS = ("name", "pattern", "subject", "object", "negated", "confidence")


@dataclass(frozen=True)
class Settings:
    """What a relation does beyond its cues; see the ``settings:`` section of cues.yaml."""

    talks: bool = False  # its parties are the talks that "context" and exclusions refer to
    left_out: str = ""  # the relation of an actor left out of it ("des discussions sans X")
    scheduled: bool = False  # a scheduled instance counts ("X doit rencontrer Y")
    distinct_sides: bool = False  # two people serving the same side are not its two parties
    all_pairs: bool = False  # "X et Y ont accepté le plan de Z": every pair of the three, for mutual cues
    sides: bool = False  # a statement between two names the two sides "les deux parties" and mediators refer to
    pending_blocks: bool = False  # a noun cue under a pending verb is not reached ("négocier un accord")


@dataclass(frozen=True)
class Cue:
    """One lexicon entry; see the header of cues.yaml for what each field means."""

    relation: str
    lemma: str
    pos: frozenset[str]
    subject: tuple[str, ...]
    object: tuple[str, ...]
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    obj_lemmas: tuple[str, ...] = ()
    negated: bool = False
    stative: bool = False
    mutual: bool = False
    apart: bool = False  # several subjects and no object: not paired with each other (mediators)
    direct: bool = False
    named: bool = False
    subject_type: frozenset[str] = frozenset()  # the subject must be an actor of one of these types
    object_type: frozenset[str] = frozenset()
    agent_not: frozenset[str] = frozenset()  # no cue when the verb's subject is an actor of these types
    confidence: float = 0.8
    settings: Settings = Settings()
    line: int = 0  # where the cue is written in its file


_FLAGS = ("negated", "stative", "mutual", "apart", "direct", "named")
_WORD_FIELDS = ("requires", "forbids", "obj_lemmas")
ENTRY_KEYS = ("lemma", "pos", "subject", "object", *_WORD_FIELDS, *_FLAGS, "subject_type", "object_type", "agent_not",
              "confidence")


@dataclass(frozen=True)
class Pattern:
    """A construction no position covers, as a spaCy DependencyMatcher pattern: the nodes named ``subject``
    and ``object`` are where the two actors sit (see the ``patterns:`` section of cues.yaml)."""

    cue: Cue
    pattern: list
    subject: str
    object: str


@dataclass
class Lexicon:
    """The cue table and the word classes the engine reads (blocking of assertion, phrase structure)."""

    cues: dict[str, list[Cue]] = field(default_factory=dict)  # word → cues
    surface: set[str] = field(default_factory=set)  # the cue words as written, lower-case, for a fast scan
    settings: dict[str, Settings] = field(default_factory=dict)
    patterns: list[Pattern] = field(default_factory=list)
    grammar: Grammar | None = None
    lang: str = "fr"
    negation: frozenset[str] = frozenset()
    modal_verbs: frozenset[str] = frozenset()
    scheduling_verbs: frozenset[str] = frozenset()
    wish_verbs: frozenset[str] = frozenset()
    pending_verbs: frozenset[str] = frozenset()
    generic_determiners: frozenset[str] = frozenset()
    intention_words: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    cancel_words: frozenset[str] = frozenset()
    conditional_endings: frozenset[str] = frozenset()
    gathering_nouns: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    gathering_verbs: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    target_nouns: frozenset[str] = frozenset()
    representative_nouns: frozenset[str] = frozenset()
    copular_verbs: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()
    negation_carriers: frozenset[str] = frozenset()
    locative_prepositions: frozenset[str] = frozenset()
    additive_phrases: tuple[tuple[str, ...], ...] = ()
    frame_phrases: tuple[tuple[str, ...], ...] = ()
    conjunctions: frozenset[str] = frozenset()
    strong_conjunctions: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str | Path = CUES_PATH, lang: str = "fr") -> Lexicon:
        path = Path(path)
        data = load_yaml(path)
        check_keys(path, data, SECTIONS, "the cue file")
        lex = cls(grammar=grammar(lang), lang=lang)
        known = relation_inventory()
        classes = _classes(path, data.get("classes") or Node())
        lex.settings = _settings(path, data.get("settings") or Node(), known)
        relations = data.get("relations") or Node()
        for relation, entries in relations.items():
            if relation not in known:
                raise DataError(path, relations.line_of(relation),
                                f"unknown relation {relation!r}; known: {', '.join(known)}")
            for entry in entries or []:
                cue = _cue(path, entry, relation, relations.line_of(relation), lex, classes)
                lex.cues.setdefault(cue.lemma, []).append(cue)
                lex.surface.add(str(entry["lemma"]).lower().replace("’", "'"))
        lex.patterns = _patterns(path, data.get("patterns") or Node(), known, lex.settings)
        class_names = [f.name for f in fields(cls) if f.type == "frozenset[str]"]
        for section in ("grammar", "blockers"):
            node = data.get(section) or Node()
            check_keys(path, node, [*class_names, *PHRASE_LISTS], f"the {section} section")
            for name in node:
                if name not in PHRASE_LISTS:
                    setattr(lex, name, frozenset(key(w) for w in words(path, node, name, node[name])))
            for name in PHRASE_LISTS:
                # longest first, each as its words ("en plus de" → ("en", "plus", "de"))
                phrases = {tuple(key(w) for w in p.split()) for p in words(path, node, name, node.get(name))}
                if phrases:
                    setattr(lex, name, tuple(sorted(phrases, key=len, reverse=True)))
        return lex

    def lookup(self, lemma: str, text: str) -> list[Cue]:
        """The cues of a word, by its lemma, else by its form (the tagger's lemma of rare forms is off)."""
        return self.cues.get(key(lemma)) or self.cues.get(key(text)) or []


def _patterns(path: Path, node: Node, known: dict, settings: dict) -> list[Pattern]:
    out = []
    for relation, entries in node.items():
        if relation not in known:
            raise DataError(path, node.line_of(relation), f"patterns for unknown relation {relation!r}")
        for entry in entries or []:
            if not isinstance(entry, Node):
                raise DataError(path, node.line_of(relation), f"a pattern of {relation} must be a mapping")
            check_keys(path, entry, PATTERN_KEYS, f"a pattern of {relation}")
            nodes = entry.get("pattern")
            if not isinstance(nodes, list) or not nodes or not all(isinstance(n, Node) for n in nodes):
                raise DataError(path, entry.line, "'pattern' must be a list of DependencyMatcher nodes")
            ids = [n.get("RIGHT_ID") for n in nodes]
            for side in ("subject", "object"):
                if entry.get(side) not in ids:
                    raise DataError(path, entry.line_of(side), f"{side} {entry.get(side)!r} names no node of the "
                                    f"pattern; its nodes: {', '.join(map(str, ids))}")
            confidence = entry.get("confidence", 0.7)
            if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
                raise DataError(path, entry.line_of("confidence"), "confidence must be a number in [0, 1]")
            cue = Cue(relation, str(entry.get("name") or ids[0]), frozenset(), (), (),
                      negated=bool(entry.get("negated")), confidence=float(confidence),
                      settings=settings.get(relation, Settings()), line=entry.line)
            out.append(Pattern(cue, [dict(n) for n in nodes], entry["subject"], entry["object"]))
    return out


def _classes(path: Path, node: Node) -> dict[str, tuple[str, ...]]:
    """Named word lists that cues refer to as ``$name`` instead of copying them."""
    return {name: tuple(key(w) for w in words(path, node, name, value)) for name, value in node.items()}


def _settings(path: Path, node: Node, known: dict) -> dict[str, Settings]:
    out = {}
    names = [f.name for f in fields(Settings)]
    for relation, values in node.items():
        if relation not in known:
            raise DataError(path, node.line_of(relation), f"settings for unknown relation {relation!r}")
        if not isinstance(values, Node):
            raise DataError(path, node.line_of(relation), f"settings of {relation!r} must be a mapping")
        check_keys(path, values, names, f"the settings of {relation}")
        left_out = values.get("left_out", "")
        if left_out and left_out not in known:
            raise DataError(path, values.line_of("left_out"), f"unknown relation {left_out!r}")
        for name in names:
            if name != "left_out" and name in values and not isinstance(values[name], bool):
                raise DataError(path, values.line_of(name), f"{name!r} must be true or false")
        out[relation] = Settings(**dict(values))
    return out


def _positions(path: Path, entry: Node, name: str, default: str, lex: Lexicon) -> tuple[str, ...]:
    found = tuple(words(path, entry, name, entry.get(name))) or (default,)
    prepositions = lex.grammar.argument_prepositions
    for position in found:
        bare = position.lstrip("+")
        prefix, _, rest = bare.partition(":")
        if bare in POSITIONS or (rest and prefix in PREFIXED and (key(rest) in prepositions or rest in POSITIONS)):
            continue
        if key(bare) not in prepositions:
            raise DataError(path, entry.line_of(name), (
                f"unknown argument position {position!r}; known: {', '.join(POSITIONS)}, "
                f"{', '.join(p + ':PREPOSITION' for p in PREFIXED)} (or :POSITION) or a preposition of "
                f"argument_prepositions in kg/lang/{lex.lang}/grammar.yaml"))
    return found


def _cue(path: Path, entry, relation: str, line: int, lex: Lexicon, classes: dict) -> Cue:
    if not isinstance(entry, Node):
        raise DataError(path, line, f"a cue of {relation} must be a mapping, not {entry!r}")
    check_keys(path, entry, ENTRY_KEYS, f"a cue of {relation}")
    if not entry.get("lemma"):
        raise DataError(path, entry.line, f"a cue of {relation} without a lemma")
    pos = words(path, entry, "pos", entry.get("pos")) or ["VERB", "NOUN"]
    for tag in pos:
        if tag not in POS_TAGS:
            raise DataError(path, entry.line_of("pos"), f"unknown part of speech {tag!r}; known: {', '.join(POS_TAGS)}")
    for flag in _FLAGS:
        if flag in entry and not isinstance(entry[flag], bool):
            raise DataError(path, entry.line_of(flag), f"{flag!r} must be true or false")
    types = {}
    for name in ("subject_type", "object_type", "agent_not"):
        types[name] = frozenset(words(path, entry, name, entry.get(name)))
        for t in types[name] - set(ACTOR_TYPES):
            raise DataError(path, entry.line_of(name), f"unknown actor type {t!r}; known: {', '.join(ACTOR_TYPES)}")
    confidence = entry.get("confidence", 0.8)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise DataError(path, entry.line_of("confidence"), f"confidence must be a number in [0, 1], not {confidence!r}")
    lists = {}
    for name in _WORD_FIELDS:
        out: list[str] = []
        for w in words(path, entry, name, entry.get(name)):
            if w.startswith("$"):
                if w[1:] not in classes:
                    raise DataError(path, entry.line_of(name), f"unknown word class {w!r}; known: "
                                    + ", ".join("$" + c for c in classes))
                out += classes[w[1:]]
            else:
                out.append(key(w))
        lists[name] = tuple(out)
    return Cue(
        relation=relation,
        lemma=key(str(entry["lemma"])),
        pos=frozenset(pos),
        subject=_positions(path, entry, "subject", "agent", lex),
        object=_positions(path, entry, "object", "patient", lex),
        **lists,
        **{flag: entry.get(flag, False) for flag in _FLAGS},
        **types,
        confidence=float(confidence),
        settings=lex.settings.get(relation, Settings()),
        line=entry.line,
    )


@cache
def default_lexicon() -> Lexicon:
    """The bundled cue file, or ``$KG_CUES`` (to try an edited copy without touching the package)."""
    return Lexicon.load(os.environ.get("KG_CUES") or CUES_PATH)
