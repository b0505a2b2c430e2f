"""The ``kg_relations`` spaCy component: typed relations between the actors ``kg_actors`` found.

A cue (a verb, noun or adjective listed in ``kg/data/cues.yaml``) states a relation; the lexicon says
where its two actors sit in the dependency parse (grammatical subject, object, a preposition, "entre
X et Y", the noun's own adjective, or the parties of the talks named just before). Passive voice,
coordination and subject sharing between coordinated or embedded verbs are normalised here; negated,
conditional, hypothetical and merely intended relations are dropped. Offices found by ``kg_actors``
become leader-of / member-of statements.

Results go to ``doc._.kg_statements`` as plain tuples (see :class:`Found`) so that documents survive
``nlp.pipe(n_process=...)``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import Mention, doc_date, mentions_by_head
from .dates import event_date
from .gazetteer import strip_accents
from .vocab import relations as relation_inventory

CUES_PATH = Path(__file__).resolve().parent / "data" / "cues.yaml"

if not Doc.has_extension("kg_statements"):
    Doc.set_extension("kg_statements", default=None)

ActorTuple = tuple[str, str, "str | None"]


class Found(NamedTuple):
    """One relation found in a doc: actors as (label, type, wikidata), evidence as sentence offsets."""

    subject: tuple
    relation: str
    object: tuple
    start: int
    end: int
    date: str | None
    confidence: float
    cue: str


@dataclass(frozen=True)
class Cue:
    relation: str
    lemma: str
    pos: frozenset[str]
    subject: tuple[str, ...]
    object: tuple[str, ...]
    requires: tuple[str, ...] = ()
    obj_lemmas: tuple[str, ...] = ()
    negated: bool = False
    confidence: float = 0.8


@dataclass
class Lexicon:
    """The cue table and the words that block assertion (negation, modality, intention, condition)."""

    cues: dict[str, list[Cue]] = field(default_factory=dict)  # lemma → cues
    negation: frozenset[str] = frozenset()
    modal_verbs: frozenset[str] = frozenset()
    intention_words: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    venue_nouns: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str | Path = CUES_PATH) -> Lexicon:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        known = relation_inventory()
        lex = cls()
        for relation, entries in (data.get("relations") or {}).items():
            if relation not in known:
                raise ValueError(f"{path}: unknown relation {relation!r}; known: {', '.join(known)}")
            for entry in entries or []:
                cue = Cue(
                    relation=relation,
                    lemma=_key(entry["lemma"]),
                    pos=frozenset(_list(entry.get("pos", "VERB NOUN"))),
                    subject=tuple(_list(entry.get("subject", "agent"))),
                    object=tuple(_list(entry.get("object", "patient"))),
                    requires=tuple(_key(w) for w in _list(entry.get("requires", ""))),
                    obj_lemmas=tuple(_key(w) for w in _list(entry.get("obj_lemmas", ""))),
                    negated=bool(entry.get("negated", False)),
                    confidence=float(entry.get("confidence", 0.8)),
                )
                lex.cues.setdefault(cue.lemma, []).append(cue)
        blockers = data.get("blockers") or {}
        lex.negation = frozenset(_key(w) for w in blockers.get("negation", []))
        lex.modal_verbs = frozenset(_key(w) for w in blockers.get("modal_verbs", []))
        lex.intention_words = frozenset(_key(w) for w in blockers.get("intention_words", []))
        lex.condition_marks = frozenset(_key(w) for w in blockers.get("condition_marks", []))
        lex.venue_nouns = frozenset(_key(w) for w in data.get("venue_nouns", []))
        return lex


def _list(value: str | Iterable[str] | None) -> list[str]:
    """A YAML cell as a list: a single word or a list of words."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _key(word: str) -> str:
    return strip_accents(word.lower().replace("’", "'"))


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.load(CUES_PATH)


# Dependencies that continue a noun phrase into its coordinated or apposed members.
_GROUP_DEPS = {"conj", "appos", "flat:name", "flat"}
_SUBJ = {"nsubj", "nsubj:pass", "csubj"}


class RelationFinder:
    """Pipeline component; see the module docstring."""

    def __init__(self, nlp: Language, name: str, cues_path: str = ""):
        self.name = name
        self.lex = Lexicon.load(cues_path) if cues_path else default_lexicon()
        self.symmetric = {slug for slug, rel in relation_inventory().items() if rel.symmetric}

    def __call__(self, doc: Doc) -> Doc:
        date = doc_date(doc)
        heads = mentions_by_head(doc)
        found: dict[tuple, Found] = {}
        talks: list[tuple[int, list[tuple]]] = []  # (sentence index, parties) of the last talks named
        for s_index, sent in enumerate(doc.sents):
            sdate = _sentence_date(sent, date)
            for cue, subj, obj, conf in self._sentence(sent, heads, talks, s_index):
                for s, o in itertools.product(subj, obj):
                    if s == o:
                        continue
                    key = (s, cue.relation, o, sent.start_char)
                    if cue.relation in self.symmetric:
                        key = (min(s, o), cue.relation, max(s, o), sent.start_char)
                    if key not in found or found[key].confidence < conf:
                        found[key] = Found(s, cue.relation, o, sent.start_char, sent.end_char, sdate, conf, cue.lemma)
        for fact in doc._.kg_offices or []:
            sent = doc[fact.token].sent
            key = (tuple(fact.holder), fact.relation, tuple(fact.organisation), sent.start_char)
            if key not in found:
                found[key] = Found(
                    tuple(fact.holder), fact.relation, tuple(fact.organisation), sent.start_char,
                    sent.end_char, _sentence_date(sent, date), fact.confidence, doc[fact.token].lower_,
                )
        doc._.kg_statements = list(found.values())
        return doc

    # ----------------------------------------------------------------- one sentence
    def _sentence(
        self, sent: Span, heads: dict[int, list[Mention]], talks: list, s_index: int
    ) -> Iterator[tuple[Cue, list[tuple], list[tuple], float]]:
        for tok in sent:
            cues = self.lex.cues.get(_key(tok.lemma_)) or self.lex.cues.get(_key(tok.text))
            if not cues:
                continue
            for cue in cues:
                if tok.pos_ not in cue.pos or not self._fits(tok, cue):
                    continue
                negated = self._negated(tok)
                if negated != cue.negated or self._hypothetical(tok):
                    continue
                subj, obj = self._arguments(tok, cue, heads, talks, s_index, sent)
                if cue.relation == "negotiated-with":
                    parties = list(dict.fromkeys(subj + obj))
                    if len(parties) >= 2:
                        talks.append((s_index, parties))
                    yield from self._left_out(tok, parties, heads, cue)
                if subj and obj:
                    yield cue, subj, obj, cue.confidence

    def _fits(self, tok: Token, cue: Cue) -> bool:
        """Multi-word cues: the required words are among the cue's dependents ("passer au-dessus de")."""
        if cue.requires:
            near = {_key(c.lemma_) for c in tok.children} | {_key(c.text) for c in tok.children}
            if _is_reflexive(tok):
                near.add("se")
            if not all(r in near for r in cue.requires):
                return False
        if cue.obj_lemmas:
            objects = [c for c in tok.children if c.dep_ in {"obj", "nsubj:pass"}]
            if not any(r in _key(o.lemma_) or r in _key(o.text) for o in objects for r in cue.obj_lemmas):
                return False
        return True

    # ----------------------------------------------------------------- arguments
    def _arguments(
        self, tok: Token, cue: Cue, heads: dict[int, list[Mention]], talks: list, s_index: int, sent: Span
    ) -> tuple[list[tuple], list[tuple]]:
        between = self._between(tok, heads) if "between" in cue.subject + cue.object else []
        subj = self._role(tok, cue.subject, heads, talks, s_index, between)
        obj = self._role(tok, cue.object, heads, talks, s_index, between)
        if between and len(between) >= 2 and not (subj and obj):
            return between, between
        if cue.relation in self.symmetric and len(subj) >= 2 and not obj and self._reciprocal(tok):
            return subj, subj  # "X et Y se sont rencontrés"
        return subj, obj

    def _role(
        self, tok: Token, roles: tuple[str, ...], heads: dict[int, list[Mention]], talks: list,
        s_index: int, between: list[tuple],
    ) -> list[tuple]:
        out: list[tuple] = []
        for role in roles:
            if role == "agent":
                out += self._actors(self._agents(tok), heads)
            elif role == "patient":
                out += self._actors(self._patients(tok), heads)
            elif role == "self":
                out += [_actor(m) for m in heads.get(tok.i, [])]
            elif role == "between":
                continue
            elif role == "context":
                recent = [p for i, p in talks if s_index - i <= 2]
                if recent:
                    out += recent[-1]
            else:
                out += self._actors(self._prep(tok, role), heads)
            if out:
                break  # roles are alternatives, most specific first
        return list(dict.fromkeys(out))

    def _agents(self, tok: Token, depth: int = 0) -> list[Token]:
        """The logical subject: nsubj of an active verb, "par" agent of a passive, else shared subjects."""
        if depth > 3:
            return []
        passive = _is_passive(tok)
        subject_deps = {"obl:agent"} if passive else {"nsubj", "nsubj:pass"}
        found = [c for c in tok.children if c.dep_ in subject_deps and not (passive and _case(c) != "par")]
        if passive and not found:
            found = [c for c in tok.children if c.dep_ == "obl" and _case(c) == "par"]
        found = [self._antecedent(f) for f in found]
        if found:
            return found
        if tok.pos_ in {"NOUN", "PROPN"}:
            if tok.dep_ == "obj" and tok.head.pos_ == "VERB":  # "lancer une guerre commerciale contre"
                return self._agents(tok.head, depth + 1)
            return []
        if tok.dep_ in {"xcomp", "advcl"} or (tok.dep_ == "conj" and tok.head.pos_ in {"VERB", "AUX"}):
            return self._agents(tok.head, depth + 1)
        if (tok.dep_ == "acl:relcl" or tok.dep_ == "acl") and tok.head.pos_ in {"NOUN", "PROPN"}:
            nmods = [c for c in tok.head.children if c.dep_ == "nmod" and _case(c) in {"de", "du", "des"}]
            return nmods if tok.dep_ == "acl" and nmods else [tok.head]
        return []

    def _antecedent(self, tok: Token) -> Token:
        """A relative pronoun subject stands for the noun it attaches to ("l'OTAN, qui a ...")."""
        if tok.pos_ == "PRON" and tok.lower_ in {"qui", "lequel", "laquelle"} and tok.head.dep_ == "acl:relcl":
            return tok.head.head
        return tok

    def _patients(self, tok: Token) -> list[Token]:
        if _is_passive(tok):
            return [c for c in tok.children if c.dep_ == "nsubj:pass"]
        return [c for c in tok.children if c.dep_ in {"obj", "iobj"} and c.pos_ in {"NOUN", "PROPN", "PRON"}]

    def _prep(self, tok: Token, prep: str) -> list[Token]:
        """Dependents introduced by ``prep``; for a verb, also those of its object ("livrer des armes à")."""
        prep = _key(prep)
        heads = [tok]
        if tok.pos_ in {"VERB", "AUX"}:
            heads += [c for c in tok.children if c.dep_ in {"obj", "nsubj:pass"}]
            heads += [g for h in list(heads[1:]) for g in h.children if g.dep_ == "nmod"]
        out = []
        for h in heads:
            for c in h.children:
                if c.dep_ in {"obl", "obl:arg", "obl:mod", "nmod", "iobj", "obl:agent"} and _case(c) == prep:
                    out.append(c)
        return out

    def _between(self, tok: Token, heads: dict[int, list[Mention]]) -> list[tuple]:
        """"la rencontre entre X et Y", "l'appel Trump-Poutine": the parties named with the event noun."""
        parties = self._actors(self._prep(tok, "entre"), heads)
        if len(parties) >= 2:
            return parties
        doc = tok.doc
        i = tok.i + 1
        while i < len(doc) and doc[i].pos_ == "ADJ":
            i += 1
        pair: list[tuple] = []
        while i < len(doc) and len(pair) < 4:
            ms = [m for m in doc._.kg_mentions or [] if m.start == i]
            if not ms:
                break
            pair.append(_actor(ms[0]))
            i = ms[0].end
            if i < len(doc) and doc[i].text in {"-", "–"}:
                i += 1
            else:
                break
        return pair if len(pair) >= 2 else []

    def _actors(self, toks: Iterable[Token], heads: dict[int, list[Mention]]) -> list[tuple]:
        """Actors of the noun phrases headed by ``toks``, following coordination and apposition."""
        out: list[tuple] = []
        seen: set[int] = set()
        stack = list(toks)
        while stack:
            t = stack.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            out += [_actor(m) for m in heads.get(t.i, [])]
            stack += [c for c in t.children if c.dep_ in _GROUP_DEPS]
        return list(dict.fromkeys(out))

    def _reciprocal(self, tok: Token) -> bool:
        return _is_reflexive(tok) or tok.pos_ == "NOUN"

    def _left_out(
        self, tok: Token, parties: list[tuple], heads: dict[int, list[Mention]], cue: Cue
    ) -> Iterator[tuple[Cue, list[tuple], list[tuple], float]]:
        """"des négociations avec Moscou sans l'Ukraine": whoever "sans" names is excluded from the talks."""
        if not parties:
            return
        left = self._actors(self._prep(tok, "sans"), heads)
        if left:
            yield Cue("excluded-from", "sans", frozenset(), (), ()), left, parties, 0.7

    # ----------------------------------------------------------------- assertion
    def _negated(self, tok: Token) -> bool:
        clause = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
        for t in (tok, clause):
            if any(c.dep_ == "advmod" and (_key(c.lower_) in self.lex.negation or "Neg" in c.morph.get("Polarity"))
                   for c in t.children):
                return True
        return tok.pos_ == "NOUN" and _case(tok) == "sans"

    def _hypothetical(self, tok: Token) -> bool:
        """Conditional, hypothetical or intended: "pourrait négocier", "si X attaque", "veut la paix"."""
        t = tok
        for _ in range(4):
            if "Cnd" in t.morph.get("Mood") or any("Cnd" in c.morph.get("Mood") for c in t.children
                                                   if c.dep_.startswith("aux")):
                return True
            if any(c.dep_ == "mark" and _key(c.lower_) in self.lex.condition_marks for c in t.children):
                return True
            if t is not tok and (_key(t.lemma_) in self.lex.modal_verbs or _key(t.lemma_) in self.lex.intention_words):
                return True
            if t.head.i == t.i or t.dep_ not in {"xcomp", "obj", "nmod", "acl", "ccomp", "obl", "obl:arg", "conj"}:
                break
            t = t.head
        return False


def _is_reflexive(tok: Token) -> bool:
    """"s'est entretenu", "se sont rencontrées": the parser often labels these passive."""
    return any(c.dep_.startswith("expl") or _key(c.lower_) in {"se", "s'"} for c in tok.children)


def _is_passive(tok: Token) -> bool:
    if _is_reflexive(tok):
        return False
    return any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in tok.children) or "Pass" in tok.morph.get("Voice")


def _case(tok: Token) -> str:
    """The preposition that introduces a noun phrase ("à", "contre", "au-dessus de" → "de")."""
    cases = [c for c in tok.children if c.dep_ in {"case", "fixed"} and c.i < tok.i]
    return _key(cases[-1].text) if cases else ""


def _actor(m: Mention) -> tuple:
    return (m.label, m.type, m.wikidata)


def _sentence_date(sent: Span, article_date: dt.date | None) -> str | None:
    """The event date the sentence gives, else the article's date (ISO, to survive multiprocessing)."""
    found = event_date(sent.text, article_date) or article_date
    return found.isoformat() if found else None


@Language.factory("kg_relations", default_config={"cues_path": ""})
def make_relation_finder(nlp: Language, name: str, cues_path: str) -> RelationFinder:
    return RelationFinder(nlp, name, cues_path)
