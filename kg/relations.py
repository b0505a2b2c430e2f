"""The ``kg_relations`` spaCy component: typed relations between the actors ``kg_actors`` found.

A cue (a verb or noun listed in ``kg/data/cues.yaml``) states a relation; the lexicon says where its
two actors sit in the dependency parse (grammatical subject, object, a preposition, "entre X et Y", the
noun's own adjective, the subject of a reported clause, or the parties of the talks named just
before). Passive voice, reflexives, coordination, relative and personal pronouns and subject sharing
between coordinated or embedded verbs are normalised here; negated, conditional, hypothetical and
merely intended relations are dropped. Offices found by ``kg_actors`` become leader-of / member-of.
A statement's confidence is the cue's (lowered for reported conditionals and exclusions inferred from
"sans") times the resolution confidence of its less certain actor.

Results go to ``doc._.kg_statements`` as plain tuples (see :class:`Found`) so that documents survive
``nlp.pipe(n_process=...)``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy
import yaml
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.parts_of_speech import ADJ
from spacy.tokens import Doc, Span, Token

from .actors import Mention, doc_date, mentions_by_head
from .dates import event_date
from .gazetteer import strip_accents
from .vocab import relations as relation_inventory

CUES_PATH = Path(__file__).resolve().parent / "data" / "cues.yaml"

if not Doc.has_extension("kg_statements"):
    Doc.set_extension("kg_statements", default=None)

ActorKey = tuple  # (label, type, wikidata)


class Found(NamedTuple):
    """One relation found in a doc: actors as (label, type, wikidata), evidence as sentence offsets."""

    subject: ActorKey
    relation: str
    object: ActorKey
    start: int
    end: int
    date: str | None
    confidence: float
    cue: str


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
    direct: bool = False
    named: bool = False
    subject_type: str = ""
    confidence: float = 0.8


@dataclass
class Lexicon:
    """The cue table and the words that block assertion (negation, modality, intention, condition)."""

    cues: dict[str, list[Cue]] = field(default_factory=dict)  # lemma → cues
    surface: set[str] = field(default_factory=set)  # the cue words as written, lower-case, for a fast scan
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
    event_nouns: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    gathering_verbs: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    target_nouns: frozenset[str] = frozenset()
    representative_nouns: frozenset[str] = frozenset()
    copular_verbs: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()
    locative_prepositions: frozenset[str] = frozenset()
    additive_phrases: tuple[tuple[str, ...], ...] = ()
    conjunctions: frozenset[str] = frozenset()
    strong_conjunctions: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()

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
                    pos=frozenset(_list(entry.get("pos")) or ["VERB", "NOUN"]),
                    subject=tuple(_list(entry.get("subject")) or ["agent"]),
                    object=tuple(_list(entry.get("object")) or ["patient"]),
                    requires=tuple(_key(w) for w in _list(entry.get("requires"))),
                    forbids=tuple(_key(w) for w in _list(entry.get("forbids"))),
                    obj_lemmas=tuple(_key(w) for w in _list(entry.get("obj_lemmas"))),
                    negated=bool(entry.get("negated", False)),
                    stative=bool(entry.get("stative", False)),
                    mutual=bool(entry.get("mutual", False)),
                    direct=bool(entry.get("direct", False)),
                    named=bool(entry.get("named", False)),
                    subject_type=str(entry.get("subject_type", "")),
                    confidence=float(entry.get("confidence", 0.8)),
                )
                lex.cues.setdefault(cue.lemma, []).append(cue)
                lex.surface.add(str(entry["lemma"]).lower().replace("’", "'"))
        words = {**(data.get("blockers") or {}), **(data.get("grammar") or {})}
        for name in ("negation", "modal_verbs", "scheduling_verbs", "wish_verbs", "pending_verbs",
                     "generic_determiners", "intention_words", "condition_marks", "cancel_words",
                     "conditional_endings", "conjunctions", "strong_conjunctions", "prepositions", "event_nouns",
                     "gathering_verbs", "support_verbs", "quantity_nouns", "target_nouns", "locative_prepositions",
                     "representative_nouns", "copular_verbs", "stance_verbs"):
            setattr(lex, name, frozenset(_key(str(w)) for w in words.get(name, [])))
        # longest first, each as its words ("en plus de" → ("en", "plus", "de"))
        phrases = {tuple(_key(w) for w in str(p).split()) for p in words.get("additive_phrases", [])}
        lex.additive_phrases = tuple(sorted(phrases, key=len, reverse=True))
        return lex


def _list(value: str | Iterable[str] | None) -> list[str]:
    """A YAML cell as a list: a single word or a list of words."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return strip_accents(word.lower().replace("’", "'"))


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.load(CUES_PATH)


# Dependencies that continue a noun phrase into its coordinated or apposed members.
_GROUP_DEPS = {"conj", "appos", "flat:name", "flat"}
_ARG_DEPS = {"obl", "obl:arg", "obl:mod", "nmod", "iobj", "obl:agent"}
_GENITIVE = {"de"}
# Contracted and elided prepositions ("du", "aux", "d'") compare as their base form.
_CONTRACTED = {"du": "de", "des": "de", "d'": "de", "au": "à", "aux": "à"}
# Relations where two people of the same side cannot be the two parties.
_BETWEEN_SIDES = {"negotiated-with", "agreed-with", "rival-of"}
# Prepositions that still mark a verb's argument when the parser hung them further down the clause.
_LATE_VERB_PREPOSITIONS = {"contre", "avec"}
# Mentions that name their actor (not "la délégation russe", "le président")
_NAMED_KINDS = {"name", "metonym", "ner"}
# How many sentences back the talks that an exclusion refers to may have been named.
_CONTEXT_SENTENCES = 5


class RelationFinder:
    """Pipeline component; see the module docstring."""

    def __init__(self, nlp: Language, name: str, cues_path: str = ""):
        self.name = name
        self.lex = Lexicon.load(cues_path) if cues_path else default_lexicon()
        self.symmetric = {slug for slug, rel in relation_inventory().items() if rel.symmetric}
        self._state: _DocState | None = None
        # hashes of the cue words and their accent-less spellings, compared with lemmas and lower-cased
        # words in one array operation instead of creating a Token object for every word
        words = self.lex.surface | {strip_accents(w) for w in self.lex.surface}
        self.cue_hashes = numpy.array(sorted(nlp.vocab.strings.add(w) for w in words), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        _repair_participles(doc)
        state = self._state = _DocState(doc)
        words = doc.to_array([LEMMA, LOWER])
        state.candidates = numpy.flatnonzero(numpy.isin(words, self.cue_hashes).any(axis=1))
        found: dict[tuple, Found] = {}
        date = doc_date(doc)
        text = doc.text  # built from the tokens on every access
        for sent in doc.sents:
            if not text[sent.start_char : sent.end_char].strip():
                continue  # blank lines are no sentences: they must not push the talks out of context
            state.s_index += 1
            sdate = None
            for cue, subj, obj, conf in self._sentence(sent, state):
                sdate = sdate or _sentence_date(sent, date)
                for s, o in itertools.product(subj, obj):
                    if s == o or (cue.relation in _BETWEEN_SIDES and state.same_side(s, o)):
                        continue
                    key = (s, cue.relation, o, sent.start_char)
                    if cue.relation in self.symmetric:
                        key = (min(s, o), cue.relation, max(s, o), sent.start_char)
                    # as sure as the cue and the less certain of the two actors' resolutions
                    sure = conf * min(state.sureness.get(s, 0.7), state.sureness.get(o, 0.7))
                    if key not in found or found[key].confidence < sure:
                        found[key] = Found(s, cue.relation, o, sent.start_char, sent.end_char, sdate,
                                           round(sure, 3), cue.lemma)
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
    def _sentence(self, sent: Span, state: _DocState) -> Iterator[tuple[Cue, list, list, float]]:
        doc = sent.doc
        here = [doc[int(i)] for i in state.candidates[(state.candidates >= sent.start) & (state.candidates < sent.end)]]
        found = [(tok, self.lex.cues.get(_key(tok.lemma_)) or self.lex.cues.get(_key(tok.text))) for tok in here]
        # talks first, so that an exclusion earlier in the sentence can refer to them ("X n'a pas été
        # conviée aux négociations entre Washington et Moscou")
        found.sort(key=lambda f: not any(c.relation == "negotiated-with" for c in f[1] or ()))
        for tok, cues in found:
            if not cues:
                continue
            for cue in cues:
                if _pos(tok) not in cue.pos or not self._fits(tok, cue):
                    continue
                if self._negated(tok) != cue.negated:
                    continue
                modality = self._modality(tok, cue)
                if modality is None:
                    continue
                subj, obj = self._arguments(tok, cue, state)
                conf = cue.confidence * modality
                if cue.relation == "negotiated-with":
                    parties = list(dict.fromkeys(subj + obj))
                    if len(parties) >= 2:
                        state.talks.append((state.s_index, parties))
                    elif tok.pos_ == "NOUN" and _definite(tok) and state.talks:
                        present = [_actor(m) for t in tok.sent for m in state.heads.get(t.i, [])]
                        state.talks.append((state.s_index, state.context(present)))  # "Moscou a confirmé l'appel"
                    left = self._actors(self._prep(tok, "sans"), state)
                    if not left and tok.dep_ == "obj":  # "ouvrir un dialogue avec Moscou sans l'Ukraine"
                        left = self._actors(self._prep(tok.head, "sans"), state)
                    if not left:  # "des discussions sur l'avenir de l'Ukraine sans les Ukrainiens"
                        left = self._actors(_nested_without(tok), state)
                    if left and parties:
                        yield _LEFT_OUT, left, parties, 0.7 * modality
                if subj and obj:
                    yield cue, subj, obj, conf

    def _fits(self, tok: Token, cue: Cue) -> bool:
        """Multi-word cues: the required words depend on the cue ("passer au-dessus de", "guerre commerciale")."""
        if cue.requires:
            near = [c for c in tok.children] + [g for c in tok.children for g in c.children]
            words = {_key(c.lemma_) for c in near} | {_key(c.text) for c in near}
            if _is_reflexive(tok):
                words.add("se")
            # a quotation mark may hang anywhere in the clause ("comparer X à « un homme qui se noie »")
            end = min(tok.sent.end, tok.i + 12)
            words |= {t.text for t in tok.doc[tok.i + 1 : end] if t.is_punct}
            if not all(r in words for r in cue.requires):
                return False
        if cue.forbids:  # words introducing a dependent ("appeler X à négocier" is no phone call)
            markers = {_key(g.lower_) for c in tok.children for g in c.children if g.dep_ in {"case", "mark"}}
            # and the nouns of its complements ("échange de prisonniers", "frapper X de sanctions")
            markers |= {_key(c.lemma_) for c in tok.children if c.dep_ in {"amod", "nmod"} or c.dep_.startswith("obl")}
            markers |= {_key(g.lemma_) for c in tok.children if c.dep_ == "obj" for g in c.children if g.dep_ == "nmod"}
            markers |= {_key(c.lemma_) for c in tok.children if c.dep_ == "obj"}  # "échanger des prisonniers"
            if any(f in markers for f in cue.forbids):
                return False
        if cue.obj_lemmas:
            deps = {"obj", "nsubj:pass"} if tok.pos_ in {"VERB", "AUX"} else {"nmod", "obl", "obl:arg", "obl:mod"}
            if "context" in cue.object:  # the talks taken part in are an oblique: "participer aux discussions"
                deps |= {"obl", "obl:arg", "obl:mod"}
            objects = [c for c in tok.children if c.dep_ in deps]
            relative = [c for c in tok.children if c.lower_ in {"que", "qu'", "qu’"} and c.i < tok.i]
            if tok.dep_ == "acl:relcl" and relative and all(o.i == relative[0].i for o in objects):
                objects.append(tok.head)  # "le prêt que Londres accorde à Kiev": the object is the noun relativised
            # "suspendre une partie des livraisons", "geler la planification des opérations contre X"
            objects += [c for o in objects if _key(o.lemma_) in self.lex.quantity_nouns
                        for c in o.children if c.dep_ == "nmod" and _case(c) in _GENITIVE]
            if not any(r in _key(o.lemma_) or r in _key(o.text) for o in objects for r in cue.obj_lemmas):
                return False
        return True

    # ----------------------------------------------------------------- arguments
    def _arguments(self, tok: Token, cue: Cue, state: _DocState) -> tuple[list, list]:
        subj, obj = self._own_arguments(tok, cue, state)
        if not (subj and obj) and tok.dep_ == "conj" and tok.head.pos_ == "NOUN" and tok.pos_ == "NOUN":
            return self._own_arguments(tok.head, cue, state)  # "présenter X comme l'amie et l'alliée"
        return subj, obj

    def _own_arguments(self, tok: Token, cue: Cue, state: _DocState) -> tuple[list, list]:
        between = self._between(tok, state) if "between" in cue.subject + cue.object else []
        subj = self._role(tok, cue.subject, state)
        obj = self._role(tok, cue.object, state, genitive=not cue.direct, named=cue.named)
        if "host" in cue.object and _case(tok) == "comme":  # "présenter X comme l'alliée de Y": said of X
            host, of = self._role(tok, ("host",), state), self._role(tok, ("de",), state)
            if host and of:
                subj, obj = host, of
        if cue.subject_type:
            subj = [a for a in subj if a[1] == cue.subject_type]
        if len(between) >= 2 and not (subj and obj):
            return between, between
        if cue.relation == "agreed-with" and cue.mutual and len(subj) >= 2 and obj:
            return subj, list(dict.fromkeys(subj + obj))  # "X et Y ont accepté le plan américain": every pair
        if "context" in cue.object and cue.mutual and len(subj) >= 2:
            return subj, subj  # "X et Y ont participé aux discussions": with each other, not with older talks
        if cue.relation in self.symmetric and len(subj) >= 2 and not obj and (cue.mutual or self._reciprocal(tok)):
            return subj, subj  # "X et Y se sont rencontrés"
        return subj, obj

    def _role(self, tok: Token, roles: tuple[str, ...], state: _DocState, genitive: bool = True,
              named: bool = False) -> list:
        """Actors in the first argument position of ``roles`` that has any; "+role" is always added.
        ``genitive``: a bare noun stands for the actor of its genitive ("l'initiative de Washington");
        ``named``: only actors named there, not nouns that an adjective ties to one ("la délégation russe")."""

        def actors(toks: Iterable[Token]) -> list:
            return self._actors(toks, state, genitive=genitive, named=named)

        out: list = []
        for role in roles:
            additive = role.startswith("+")
            role = role.lstrip("+")
            if out and not additive:
                continue
            if role == "agent":
                # "ni X ni l'UE, le plus gros contributeur": a singular apposition is said of the last conjunct
                coordinated = tok.dep_ == "appos" and any(c.dep_ == "conj" for c in tok.head.children)
                last = self._before_comma(tok, state) if coordinated and "Sing" in tok.morph.get("Number") else []
                out += self._actors(last, state, follow=False) if last else actors(self._agents(tok, state))
            elif role == "patient":
                out += actors(self._patients(tok))
            elif role == "self":
                out += [_actor(m) for m in state.heads.get(tok.i, [])]
            elif role == "clause":  # "X a déploré que Y ..." → Y
                clauses = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
                out += actors([a for c in clauses for a in self._agents(c, state)])
            elif role == "possessor":  # "l'Ukraine et ses alliés" → Ukraine
                if any("Yes" in c.morph.get("Poss") for c in tok.children) and tok.dep_ == "conj":
                    out += self._actors([tok.head], state, follow=False)
            elif role == "host":  # "qualifier la Chine de « rival »", "assurer Kiev de son soutien"
                verb = tok.head
                if tok.dep_ == "nmod" and verb.dep_ == "obj":  # the parser hung the noun on the object
                    out += actors([verb])
                elif tok.dep_ != "obj" and verb.pos_ in {"VERB", "AUX"} and not _is_passive(verb):
                    out += actors(self._patients(verb))
            elif role == "apposed":  # "la Pologne, l'un des plus fervents soutiens de l'Ukraine"
                out += actors(self._apposed(tok, state))
            elif role.startswith("xcomp:"):  # "renoncer à exiger de Moscou", "à imposer des sanctions à X"
                infinitives = [c for c in tok.children
                               if c.dep_ in {"xcomp", "ccomp"} and "Inf" in c.morph.get("VerbForm")]
                out += actors([a for c in infinitives for a in self._prep(c, role[6:])])
            elif role.startswith("verb:"):  # "imposer à l'Inde des droits de douane"
                verb = _object_of(tok)
                if verb is not None:
                    out += actors(self._prep(verb, role[5:]))
            elif role == "target":  # "frapper des sites au Pakistan", "des positions du Hezbollah"
                out += actors(self._targets(tok))
            elif role == "context":
                out += state.context()
            elif role != "between":
                out += actors(self._prep(tok, role) or self._later_prep(tok, role))
        return list(dict.fromkeys(out))

    def _agents(self, tok: Token, state: _DocState, depth: int = 0) -> list[Token]:
        """The logical subject: nsubj of an active verb, "par" agent of a passive, else shared subjects."""
        if depth > 3:
            return []
        passive = _is_passive(tok)
        deps = {"obl:agent", "obl", "obl:arg", "obl:mod"} if passive else {"nsubj", "nsubj:pass"}
        found = [c for c in tok.children if c.dep_ in deps and (not passive or _case(c) == "par")]
        if not found and not passive:  # "X a pour sa part critiqué Y": the subject hung on the auxiliary
            found = [g for c in tok.children if c.dep_.startswith("aux") and c.i < tok.i
                     for g in c.children if g.dep_ == "nsubj"]
        if not found and not passive and "Fin" in tok.morph.get("VerbForm"):
            # "Bangkok accuse Phnom Penh de ...": a name opening the clause that the parser took for a modifier
            found = [c for c in tok.children if c.i < tok.i and c.dep_ in {"advmod", "obl:mod", "dep"}
                     and not _case(c) and c.i == tok.i - 1 and self._named(c)]
        if found and not passive:  # "Comme la Hongrie, la Pologne maintient un embargo": both maintain it
            found += [c for c in tok.children if c.dep_.startswith("obl") and _case(c) == "comme" and c.i < found[0].i]
        # "cette dernière utilise ...": the parser may attach "dernière" to the verb as a modifier
        found += [c for c in tok.children if c.lower_ in {"dernier", "dernière"} and c.dep_ not in deps]
        if not passive and any(f.i < tok.i for f in found):  # "X a rencontré Y" with Y parsed as a subject too
            found = [f for f in found if f.i < tok.i or f.dep_ != "nsubj"]
        found = [self._represented(f) for f in found]
        found = [state.antecedent(f) for f in found]
        if found:
            return [f for f in found if f is not None]
        participle = "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense")
        if participle and tok.i > tok.sent.start and tok.doc[tok.i - 1].text == "," and tok.head.i < tok.i:
            verb = tok.head  # "X a critiqué Y, reprochant à Z ...": the present participle shares X
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in {"VERB", "AUX"} and verb.i != tok.i:
                return self._agents(verb, state, depth + 1)
        if tok.pos_ in {"VERB", "AUX"} and not passive and "Inf" not in tok.morph.get("VerbForm"):
            # "Après deux jours de négociations, X et Y sont parvenus ...": the subject parsed as a coordinate
            # of the fronted phrase, after its comma
            fronted = [d for c in tok.children if c.dep_.startswith("obl") and c.i < tok.i for d in c.children
                       if d.dep_ == "conj" and d.i < tok.i and d.i in state.heads
                       and any(t.text == "," for t in tok.doc[c.i : d.i])]
            if fronted:
                return fronted
        head = tok.head
        if "Inf" in tok.morph.get("VerbForm") and any(_key(c.lower_) in {"pour", "afin"} for c in tok.children):
            while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:  # "utilise X pour interférer"
                head = head.head
            return self._agents(head, state, depth + 1) if head.pos_ in {"VERB", "AUX"} else []
        if tok.pos_ in {"NOUN", "PROPN"}:
            # "l'invasion de l'Ukraine par la Russie", "la guerre lancée par la Russie"
            # (not "un soutien, perçu par le Kremlin comme une ingérence": a view, not an agent)
            by = [c for c in tok.children if c.dep_ == "nmod" and _case(c) == "par"]
            for acl in (c for c in tok.children if c.dep_ == "acl"):
                if not any(_case(g) == "comme" for g in acl.children):
                    by += [g for g in acl.children if g.dep_ in {"obl:agent", "obl"} and _case(g) == "par"]
            if by:
                return by
            if tok.dep_ == "appos":  # "l'UE, le plus important contributeur"
                return [head]
            if _object_of(tok) is not None:  # "lancer une guerre commerciale contre"
                if _key(_object_of(tok).lemma_) in self.lex.stance_verbs:
                    return []  # "le Kremlin a dénoncé les livraisons d'armes à l'Ukraine": not the deliverer
                return self._agents(_object_of(tok), state, depth + 1)
            container = tok.dep_ == "nmod" and _case(tok) in _GENITIVE and head.dep_ == "obj"
            if container and head.head.pos_ in {"VERB", "AUX"}:  # "adopter un paquet de sanctions contre"
                return self._agents(head.head, state, depth + 1)
            if tok.dep_ in {"obl", "obl:arg", "nmod"} and head.pos_ in {"VERB", "AUX"} and _possessed(tok):
                return self._agents(head, state, depth + 1)  # "X a assuré Moscou de son soutien"
            if tok.dep_.startswith("obl") and _case(tok) == "par" and head.pos_ == "VERB" and not _is_passive(head):
                return self._agents(head, state, depth + 1)  # "s'est conclu par un appui", "riposter par des frappes"
            # by lemma: the tagger takes rarer forms of these verbs for other parts of speech ("multiplie")
            supported = head.pos_ not in {"NOUN", "PROPN"} and _key(head.lemma_) in self.lex.support_verbs
            if supported and _case(tok) not in {"par", "comme"}:  # "a annoncé lundi de nouvelles sanctions"
                return self._agents(head, state, depth + 1)
            if _case(tok) == "comme" and head.pos_ in {"VERB", "AUX"}:  # "X est considéré comme une menace"
                return [state.antecedent(c) for c in head.children if c.dep_ in {"nsubj", "nsubj:pass"}]
            if tok.dep_.startswith("obl") and head.dep_ == "acl" and head.head.pos_ in {"NOUN", "PROPN"}:
                return [head.head]  # "l'approche américaine, axée sur un soutien à" / "la Russie, isolée depuis"
            return []
        if tok.dep_ in {"parataxis", "conj"} and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"} and (
                tok.dep_ == "parataxis" or head.i in state.heads):
            # "Dmitri Peskov, porte-parole du Kremlin, a qualifié": the name parsed as root; "X a présenté ...,
            # et a assuré ...": the second verb a coordinate of that name
            return [head]
        if tok.dep_ in {"xcomp", "advcl"} or (tok.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}):
            return self._agents(head, state, depth + 1)
        auxiliary = _detached_auxiliary(tok)
        if auxiliary is not None:  # "X a de son côté accusé Y"
            return self._agents(auxiliary, state, depth + 1)
        if tok.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:  # "la décision du président de lancer"
            nmods = [c for c in head.children if c.dep_ == "nmod" and _case(c) in _GENITIVE]
            return nmods or ([head] if head.i in state.heads else [])
        return []

    def _apposed(self, tok: Token, state: _DocState) -> list[Token]:
        """"X, membre de Y", "Israël, en guerre contre le Hamas": the noun the cue is said of, from the
        parse, else the actor that ends right before the comma that opens the apposition; also the subject of
        "X est l'un des soutiens de Y"."""
        if _inverted(tok):
            tok = tok.head
        head = tok.head
        found = []
        said_of = tok.pos_ == "ADJ" and tok.dep_ in {"amod", "acl"}  # "JD Vance, présent à la rencontre"
        if tok.dep_ == "appos" or (tok.dep_ == "nmod" and _case(tok) == "en") or said_of:
            found = [head]
        elif tok.dep_ == "nmod" and head.lemma_ == "un" and head.dep_ == "appos":
            found = [head.head]
        elif tok.dep_ == "nmod" and head.lemma_ == "un" and any(c.dep_ == "cop" for c in head.children):
            found = [state.antecedent(c) for c in head.children if c.dep_ == "nsubj"]  # "X est l'un des ..."
            found = [f for f in found if f is not None]
        elif tok.dep_ == "nmod" and head.lemma_ == "un" and head.dep_ == "xcomp" and (
                {_key(head.head.lemma_), _key(head.head.lower_)} & self.lex.copular_verbs):  # "X reste l'un des"
            found = [state.antecedent(c) for c in head.head.children if c.dep_ == "nsubj"]
            found = [f for f in found if f is not None]
        if any(f.i in state.heads for f in found):
            return found
        if "Plur" in tok.morph.get("Number") and not found:  # "X et Y, deux États membres de l'UE": both
            last = self._before_comma(tok, state)
            return [t.head if t.dep_ == "conj" and t.head.i in state.heads else t for t in last]
        if tok.i == tok.sent.start:  # "Membre de l'UE, la Pologne accueille": said of the noun after the comma
            for t in tok.sent[1:]:
                if t.morph.get("VerbForm") == ["Fin"]:
                    break
                if t.text == ",":
                    i = t.i + 1
                    while i < tok.sent.end and tok.doc[i].pos_ == "DET":
                        i += 1
                    return [tok.doc[state.starts[i].head]] if i in state.starts else []
            return []
        return self._before_comma(tok, state)

    def _before_comma(self, tok: Token, state: _DocState) -> list[Token]:
        """The actor that ends right before the comma opening the apposition ``tok`` heads ("l'UE (UE), le
        plus important contributeur"), or nothing."""
        i = tok.i - 1
        skip = {"DET", "ADP", "ADJ", "ADV", "PRON", "NUM"}
        while i > tok.sent.start and (tok.doc[i].pos_ in skip or tok.doc[i].lemma_ == "un"):
            i -= 1
        if tok.doc[i].text != ",":
            return []
        if i not in state.ends and tok.doc[i - 1].text == ")":  # "l'Union européenne (UE),"
            i -= 1
        return [tok.doc[state.ends[i].head]] if i in state.ends else []

    def _later_prep(self, tok: Token, prep: str) -> list[Token]:
        """A "contre X" / "à X" the parser hung on a later word of the same clause ("la guerre lancée par la
        Russie contre l'Ukraine"): the first such phrase after a cue noun, before the next finite verb."""
        if prep in _GENITIVE or (_pos(tok) != "NOUN" and prep not in _LATE_VERB_PREPOSITIONS):
            return []  # "de" is everywhere, "à" after a verb is often a place: only the parse can place them
        prep = _key(prep)
        for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 12)]:
            if t.morph.get("VerbForm") == ["Fin"] or t.text in {".", ";", ":"}:
                break
            word = _key(t.lower_)
            if t.dep_ == "case" and _key(_CONTRACTED.get(word, word)) == prep and t.head.i > t.i:
                if t.head.dep_ == "conj" and t.head.head.i == tok.i:
                    continue  # coordinated with the cue, not its argument ("la menace de X et au retrait de Y")
                return [t.head]
        return []

    def _patients(self, tok: Token) -> list[Token]:
        if _is_passive(tok):
            found = [c for c in tok.children if c.dep_ in {"nsubj:pass", "nsubj"}]
            if found or "Part" not in tok.morph.get("VerbForm"):
                return [a for a in map(self._state.antecedent, found) if a is not None]
            # a participle said of a noun or of the subject of its clause: "Zelensky, reçu par Trump",
            # "Reçu par Donald Trump, Volodymyr Zelensky a ..."
            if tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                return [tok.head]
            if tok.dep_ == "advcl":
                return [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubj:pass"}]
            # the parser may make the participle the root and the main verb its dependent
            clauses = [c for c in tok.children if c.dep_ in {"parataxis", "conj", "advcl"} and c.pos_ == "VERB"]
            return [s for c in clauses[:1] for s in c.children if s.dep_ in {"nsubj", "nsubj:pass"}]
        found = [c for c in tok.children if c.dep_ in {"obj", "iobj"}
                 and (c.pos_ in {"NOUN", "PROPN", "PRON"} or c.i in self._state.heads)]  # "Donald" tagged X
        if not found:  # a clitic right before its verb that the parser labelled a determiner ("l’accusait")
            found = [c for c in tok.children if c.dep_ == "det" and c.pos_ == "PRON" and c.i == tok.i - 1]
        found = [self._clitic_antecedent(c, tok) or c for c in found]
        if not found and tok.pos_ == "VERB":  # a name the parser took for an oblique without preposition
            found = [c for c in tok.children if c.dep_ in {"obl", "obl:arg", "obl:mod", "xcomp", "advmod", "nmod"}
                     and c.i > tok.i and not _case(c) and self._named(c)]
            # or for a second subject after the verb ("X a rencontré Y" parsed with two subjects)
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if any(c.i < tok.i for c in subjects) and not _is_passive(tok):
                found += [c for c in subjects if c.i > tok.i and c.i in self._state.heads]
            # or for an apposition, with no comma, of the place before it ("a reçu à Londres X et Y")
            found += [a for c in tok.children if c.dep_.startswith("obl") and c.i > tok.i and _case(c)
                      and c.i not in self._state.heads for a in c.children
                      if a.dep_ in {"appos", "conj"} and a.i == c.i + 1 and a.i in self._state.heads]
        return found

    def _targets(self, tok: Token) -> list[Token]:
        """Who a strike on military targets hits: the owner of the targets ("des positions du Hezbollah",
        indefinite as they are) or the country they lie in ("des sites au Pakistan", "des cibles en Syrie",
        "des positions dans le sud du Liban"). Only for the nouns of ``target_nouns``."""
        if tok.pos_ in {"VERB", "AUX"}:
            targets = [c for c in tok.children if c.dep_ == "obj"]
        else:
            targets = self._prep(tok, "contre") + self._prep(tok, "sur")
        targets = [t for t in targets if _key(t.lemma_) in self.lex.target_nouns]
        if not targets:
            return []
        owners = [c for t in targets for c in t.children if c.dep_ == "nmod" and _case(c) in _GENITIVE]
        if owners:
            return owners
        places = [c for h in (tok, *targets) for c in h.children
                  if c.dep_ in _ARG_DEPS and _case(c) in self.lex.locative_prepositions and c.i > targets[0].i]
        # "dans le sud du Liban", "dans la région de Kherson": the region's genitive
        return [p for p in places if p.i in self._state.heads] or [
            g for p in places for g in p.children if g.dep_ == "nmod" and _case(g) in _GENITIVE]

    def _clitic_antecedent(self, pron: Token, verb: Token) -> Token | None:
        """"Trump l'accusait de ...": an object clitic before its verb stands for the last person named, in
        this sentence or the one before, who is not the verb's own subject; only people, whose gender the
        clitic cannot contradict as it could a state's."""
        if pron.i > verb.i or _key(pron.lower_) not in {"l'", "le", "la"} or pron.pos_ != "PRON":
            return None
        own = {_actor(m) for a in self._agents(verb, self._state) for m in self._state.heads.get(a.i, [])}
        sent = pron.sent
        start = pron.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        people = [m for m in pron.doc._.kg_mentions or [] if start <= m.start and m.end <= pron.i
                  and m.type == "Person" and _actor(m) not in own]
        if not people:
            return None
        last = max(people, key=lambda m: m.end)
        # "X a présenté son plan. Y l'a critiqué": a thing named as an object in between is the nearer referent
        if any(t.dep_ == "obj" and t.pos_ == "NOUN" and t.i not in self._state.heads
               for t in pron.doc[last.end : pron.i]) or pron.doc[last.head].dep_ == "nmod":
            return None  # nor the owner of a thing named ("le plan de X")
        return pron.doc[last.head]

    def _named(self, tok: Token) -> bool:
        """A name of an actor, or a metonym ("Bangkok"), that the parser may have given any label; not a
        nationality adjective."""
        return tok.pos_ in {"NOUN", "PROPN", "X", "VERB", "ADV"} and any(
            m.type != "State" or m.kind in {"name", "metonym"} for m in self._state.heads.get(tok.i, []))

    def _prep(self, tok: Token, prep: str) -> list[Token]:
        """Dependents introduced by ``prep``; for a verb also those of its object and obliques
        ("livrer des armes à l'Ukraine", "informés en avance de cette initiative")."""
        prep = _key(prep)
        heads = [tok]
        if tok.dep_ == "obj" and tok.head.pos_ in {"VERB", "AUX"}:  # the parser often hangs the PP on the verb
            heads.append(tok.head)
        if tok.pos_ in {"VERB", "AUX"}:
            heads += [c for c in tok.children if c.dep_ in {"obj", "obl:mod", "obl", "obl:arg"}]
            heads += [g for h in heads[1:] if h.dep_ == "obj" for g in h.children if g.dep_ in {"nmod", "conj"}]
            # through a quantity: "suspendre une partie des livraisons d'armes à l'Ukraine"
            heads += [g for h in heads[1:] if h.dep_ == "nmod" and _key(h.head.lemma_) in self.lex.quantity_nouns
                      for g in h.children if g.dep_ == "nmod"]
        else:  # "la suspension de l'aide à l'Ukraine", "l'aide destinée à Kiev"
            heads += [c for c in tok.children if c.dep_ in {"nmod", "acl"} and _case(c) != prep]
            heads += _quoted_adjectives(tok)  # "l'attaque « brutale » de la Russie"
            if _inverted(tok):
                heads.append(tok.head)
        out = []
        own = {_case(tok)} | {_key(_CONTRACTED.get(f.lower_, f.lower_)) for c in tok.children if c.dep_ == "case"
                              for f in c.children if f.dep_ == "fixed"}  # "face à": both words
        for h in heads:
            for c in h.children:
                # a PP the parser coordinated with the noun still depends on it ("avec, notamment, les pays"),
                # unless it repeats the noun's own preposition ("face à la menace de X et au retrait de Y")
                coordinate = c.dep_ == "conj" and h.i == tok.i and _case(c) in own
                if (c.dep_ in _ARG_DEPS or c.dep_ == "conj") and _case(c) == prep and not coordinate:
                    out.append(c)
        return out

    def _between(self, tok: Token, state: _DocState) -> list:
        """"la rencontre entre X et Y", "l'appel Trump-Poutine": the parties named with the event noun."""
        marked = self._prep(tok, "entre")
        if not marked:  # the parser often attaches a late "entre X et Y" elsewhere in the sentence
            for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 20)]:
                if t.lower_ == "entre" and t.dep_ == "case":
                    marked = [t.head]
                    break
                if t.morph.get("VerbForm") in (["Fin"], ["Inf"]) or t.lower_ in {".", ";", ":"}:
                    break
                if t.text == "," and t.i + 1 < tok.sent.end and t.nbor().head.dep_ in {"nsubj", "nsubj:pass"}:
                    break  # "marqué par des rivalités, ce rapprochement entre X et Y": the subject's parties
        parties = self._actors(marked, state)
        if len(parties) >= 2:
            return parties
        doc, i = tok.doc, tok.i + 1  # "l'appel (téléphonique) Trump-Poutine"
        while i < len(doc) and doc[i].pos_ == "ADJ":
            i += 1
        pair: list = []
        while i in state.starts and len(pair) < 4:
            m = state.starts[i]
            pair.append(_actor(m))
            i = m.end
            if i < len(doc) and doc[i].text in {"-", "–"}:
                i += 1
            else:
                break
        return pair if len(pair) >= 2 else []

    def _actors(self, toks: Iterable[Token], state: _DocState, follow: bool = True, genitive: bool = True,
                named: bool = False) -> list:
        """Actors of the noun phrases headed by ``toks``: coordination, apposition, "X, mais aussi Y",
        and for a bare noun its genitive ("cette initiative de la diplomatie américaine")."""
        out: list = []
        seen: set[int] = set()
        stack = [t for t in toks if t is not None]
        while stack:
            t = stack.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            mentions = state.heads.get(t.i, [])
            here = [_actor(m) for m in mentions if not named or m.kind in _NAMED_KINDS]
            if not here and _key(t.lemma_) in self.lex.event_nouns:  # "le sommet, qui a réuni X et Y"
                stack += [p for c in t.children if c.dep_ == "acl:relcl" and _key(c.lemma_) in self.lex.gathering_verbs
                          for p in self._patients(c)]
            out += here
            if not follow:
                continue
            stack += [c for c in t.children if c.dep_ in _GROUP_DEPS and not _compared(c)]
            # "des dirigeants européens, dont X et Y": the people the group includes
            stack += [c for c in t.children if c.dep_ == "acl:relcl" and c.i in state.heads
                      and any(_key(g.lower_) == "dont" for g in c.children)]
            # a name attached to a title ("les présidents Trump et Poutine") carries its own coordination
            stack += [t.doc[m.start : m.end].root for m in mentions if not m.start <= t.i < m.end]
            # not "un retour de l'Ukraine" (indefinite) nor "ses achats de pétrole russe" (someone else's)
            owned = any(c.dep_ == "det" and ("Ind" in c.morph.get("Definite") or "Yes" in c.morph.get("Poss"))
                        for c in t.children)
            quantity = _key(t.lemma_) in self.lex.quantity_nouns  # "une dizaine de dirigeants"
            # "la Finlande, membre de l'OTAN": an apposition describes the actor, its genitive is not a party
            bare = not any(c.dep_ in {"cc", "det"} for c in t.children)  # "X, membre de Y" parsed as a coordinate
            described = (t.dep_ == "appos" or t.dep_ == "conj" and bare) and t.head.i in state.heads
            if genitive and not here and not described and t.pos_ == "NOUN" and (quantity or not owned):
                stack += [c for h in (t, *_quoted_adjectives(t)) for c in h.children
                          if c.dep_ == "nmod" and _case(c) in _GENITIVE]
            if here:
                stack += self._linear_coordinates(t, state)
                if t.dep_ in {"nsubj", "nsubj:pass"}:
                    stack += self._preceding_coordinates(t, state)
        return list(dict.fromkeys(out))

    def _linear_coordinates(self, tok: Token, state: _DocState) -> list[Token]:
        """Mentions coordinated with ``tok`` that the parser attached elsewhere: "le Canada, mais aussi
        l'Europe", "de l'Ukraine et de l'Europe", "X, Y et Z" (commas count only if a conjunction ends
        the list), each maybe after a repeated preposition and a determiner."""
        mentions = state.heads.get(tok.i, [])
        if not mentions:
            return []
        doc, i, end = tok.doc, max(m.end for m in mentions), tok.sent.end
        found: list[Token] = []
        pending: list[Token] = []  # coordinates after commas, kept once a conjunction closes the list
        while i < end:
            k = i
            comma = doc[k].text == ","
            k += comma
            j = k
            while k < end and _key(doc[k].lower_) in self.lex.conjunctions:
                k += 1
            additive = self._additive(doc, k, end)  # "X, en plus de Y", "X, outre Y"
            k += additive
            conjunction = k > j
            if not (comma or conjunction):
                break
            strong = additive > 0 or any(_key(doc[x].lower_) in self.lex.strong_conjunctions for x in range(j, k))
            while k < end and (_key(doc[k].lower_) in self.lex.prepositions or doc[k].pos_ == "DET"
                               or doc[k].pos_ == "ADJ" and k not in state.starts and k not in state.heads):
                k += 1  # "..., en plus de l'ex-premier ministre X"
            if k in state.starts:
                head, i = doc[state.starts[k].head], state.starts[k].end
            elif k in state.heads:  # "les États européens": the mention is the adjective, the noun heads it
                head, i = doc[k], max(k + 1, *(m.end for m in state.heads[k]))
            else:
                break
            if head.dep_ in {"nsubj", "nsubj:pass"} and not strong:
                break  # "Trump critique Zelensky et Poutine répond": a new clause, not a coordinate
            pending.append(head)
            if conjunction:
                found += pending
                pending = []
        return found

    def _additive(self, doc: Doc, k: int, end: int) -> int:
        """The length of an additive phrase ("en plus de", "de même que") that starts at ``k``, else 0."""
        for phrase in self.lex.additive_phrases:
            n = len(phrase)
            if k + n <= end and tuple(_key(t.lower_) for t in doc[k : k + n]) == phrase:
                return n
        return 0

    def _preceding_coordinates(self, tok: Token, state: _DocState) -> list[Token]:
        """"Pékin et Moscou ont signé": a subject's coordinate the parser cut off at the sentence start."""
        start = min(m.start for m in state.heads[tok.i])
        doc, found = tok.doc, []
        while start - 1 > tok.sent.start and doc[start - 1].pos_ == "DET":  # "..., et le représentant X"
            start -= 1
        while start - 1 > tok.sent.start and _key(doc[start - 1].lower_) in {"et", "ou"}:
            j = start - 1
            while j - 1 >= tok.sent.start and doc[j - 1].pos_ == "DET":
                j -= 1
            if j - 1 > tok.sent.start and doc[j - 1].text == "," and j - 1 in state.ends:
                j -= 1  # "Le ministre, X, et le secrétaire, Y, ont ...": the comma that closes X's apposition
            prev = state.ends.get(j)
            if prev is None or doc[prev.head].head.i == tok.head.i and doc[prev.head].dep_ in _ARG_DEPS:
                break
            found.append(doc[prev.head])
            start = prev.start
        return found

    def _reciprocal(self, tok: Token) -> bool:
        return _is_reflexive(tok) or tok.pos_ == "NOUN"

    # ----------------------------------------------------------------- assertion
    def _own_agent(self, tok: Token) -> bool:
        """A noun that names its own agent ("l'invasion russe", "l'attaque de la Russie") states an event
        whatever the verb around it says ("la Chine n'a jamais condamné l'invasion russe")."""
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return False
        if tok.i in self._state.heads:
            return True
        return any(c.dep_ == "nmod" and _case(c) in _GENITIVE | {"par"} and c.i in self._state.heads
                   for c in tok.children)

    def _negated(self, tok: Token) -> bool:
        # a noun shares the negation of its verb only as its object ("n'a pas accordé de concessions"),
        # not as its subject ("la rencontre n'a pas débouché sur un accord")
        own = tok.pos_ in {"VERB", "AUX"} or self._own_agent(tok) or tok.dep_ != "obj"
        clause = tok if own else tok.head
        for t in (tok, clause):
            for c in t.children:  # the particle "ne" itself: the tagger also marks names ("Macron") Neg
                if c.dep_ == "advmod" and _key(c.lower_) in self.lex.negation:
                    return True
        return tok.pos_ == "NOUN" and _case(tok) == "sans"

    def _represented(self, tok: Token) -> Token:
        """"X et Y, dont les représentants étaient présents": representatives introduced by "dont" stand for
        the actor the relative clause is said of (also where the parser hung the clause's subject elsewhere)."""
        if _key(tok.lemma_) not in self.lex.representative_nouns or not any(
                _key(c.lower_) == "dont" for c in tok.children):
            return tok
        clause = tok.head
        if clause.dep_ == "acl:relcl":
            return clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.i < tok.i and c.i in self._state.heads]
        return subjects[0] if subjects else tok

    def _generic(self, tok: Token) -> bool:
        """"toute négociation", "aucun accord": a noun whose only determiner is generic names no event."""
        dets = [c for c in tok.children if c.dep_ == "det"]
        return len(dets) == 1 and _key(dets[0].lower_) in self.lex.generic_determiners

    def _conditional_form(self, tok: Token) -> bool:
        """A conditional the tagger took for an imperfect: the infinitive as stem plus an imperfect ending
        ("rencontrerait", "prendrait"), unlike the imperfect itself ("rencontrait")."""
        if tok.pos_ not in {"VERB", "AUX"} or "Fin" not in tok.morph.get("VerbForm"):
            return False
        lemma = tok.lemma_.lower()
        stems = {lemma, lemma[:-1]} if lemma.endswith("re") else {lemma}
        return any(tok.lower_ == stem + end for stem in stems for end in self.lex.conditional_endings)

    def _modality(self, tok: Token, cue: Cue) -> float | None:
        """None when the cue is conditional, hypothetical or intended ("pourrait négocier", "si X attaque",
        "sa volonté de négocier"); a factor below 1 for reported allegations ("aurait rencontré")."""
        factor = 1.0
        t = tok
        cancelled = tok.dep_ in {"obj", "nmod"} or tok.dep_ == "nsubj:pass" and _is_passive(tok.head)
        governor = tok.head  # through a quantity: "suspendre une partie des livraisons"
        if tok.dep_ == "nmod" and _key(governor.lemma_) in self.lex.quantity_nouns and governor.dep_ in {"obj", "nmod"}:
            governor = governor.head
        if any(self._generic(t) for t in (tok, *(c for c in tok.children if c.dep_ in {"obj", "obl:arg"}))):
            return None  # "participer à toute négociation", "aucun accord": no event
        # "X et Y négocient un accord", "discutent d'un cessez-le-feu": not reached (yet)
        pending = tok.dep_ in {"obj", "obl", "obl:arg", "obl:mod"} and _key(tok.head.lemma_) in self.lex.pending_verbs
        if cue.relation == "agreed-with" and _pos(tok) == "NOUN" and tok.head.pos_ in {"VERB", "AUX"} and pending:
            return None
        if cancelled and _key(governor.lemma_) in self.lex.cancel_words:
            return None  # "la suspension de l'aide", "l'aide a été suspendue" is no aid
        if tok.dep_.startswith("obl") and any(c.dep_ == "obj" and _key(c.lemma_) in self.lex.cancel_words
                                              for c in tok.head.children):
            return None  # "mettre fin à son aide", "mettre un terme aux sanctions"
        # "souhaite renforcer ses liens avec", "veut nouer une alliance" (not "pourrait fragiliser les alliances")
        wished = tok.dep_ == "obj" and tok.head.dep_ in {"xcomp", "ccomp"}
        if cue.stative and wished and _key(tok.head.head.lemma_) in self.lex.wish_verbs:
            return None
        for _ in range(1 if cue.stative or self._own_agent(tok) else 5):
            auxes = [c for c in t.children if c.dep_.startswith("aux")]
            if "Cnd" in t.morph.get("Mood") or self._conditional_form(t):
                return None
            if any("Cnd" in a.morph.get("Mood") for a in auxes):
                if "Part" not in t.morph.get("VerbForm"):
                    return None
                factor = 0.75  # conditionnel passé of reported speech: "Trump aurait maintenu des contacts"
            if any(c.dep_ == "mark" and _key(c.lower_) in self.lex.condition_marks and not _reflexive_se(c)
                   for c in t.children):
                return None
            lemma = _key(t.lemma_)
            # "doit rencontrer", not "devait rencontrer" (planned, maybe cancelled)
            scheduled = (cue.relation == "negotiated-with" and lemma in self.lex.scheduling_verbs
                         and "Imp" not in t.morph.get("Tense"))
            if t is not tok and not scheduled and (lemma in self.lex.modal_verbs or lemma in self.lex.intention_words):
                return None
            if t.head.i == t.i or t.dep_ not in {"xcomp", "obj", "nmod", "acl", "ccomp", "obl", "obl:arg", "conj"}:
                break
            t = t.head
        return factor


_LEFT_OUT = Cue("excluded-from", "sans", frozenset(), (), ())


class _DocState:
    """What a sentence needs from the rest of the document: mentions, talks named so far, who serves whom."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.heads = mentions_by_head(doc)
        self.starts = {m.start: m for m in doc._.kg_mentions or []}
        self.ends = {m.end: m for m in doc._.kg_mentions or []}
        self.sureness: dict[tuple, float] = {}  # actor → confidence of its best-resolved mention
        for m in doc._.kg_mentions or []:
            self.sureness[_actor(m)] = max(self.sureness.get(_actor(m), 0.0), m.confidence)
        self.talks: list[tuple[int, list]] = []
        self.candidates = numpy.zeros(0, dtype="int64")  # indices of the tokens that may be cues
        self.s_index = 0
        self.sides: dict[tuple, set[tuple]] = {}
        for fact in doc._.kg_offices or []:
            self.sides.setdefault(tuple(fact.holder), set()).add(tuple(fact.organisation))
        for person, organisation in doc._.kg_sides or []:
            self.sides.setdefault(tuple(person), set()).add(tuple(organisation))

    def context(self, present: list | None = None) -> list:
        """The parties of the talks named last in the last few sentences, what "ni X ni Y n'ont été
        invités" refers to. Given the actors ``present`` in a sentence that says "l'appel", the talks
        that involve them (or whom they serve), then the talks named most often."""
        counts: dict[tuple, int] = {}
        last: dict[tuple, int] = {}
        for n, (i, parties) in enumerate(self.talks):
            if self.s_index - i <= _CONTEXT_SENTENCES:
                key = tuple(parties)
                counts[key] = counts.get(key, 0) + 1
                last[key] = n
        if not counts:
            return []
        if present is not None:
            near = set(present) | {org for a in present for org in self.sides.get(a, ())}
            involved = {k: sum(p in near or bool(self.sides.get(p, set()) & near) for p in k) for k in counts}
            return list(max(counts, key=lambda k: (involved[k], counts[k], last[k])))
        return list(max(counts, key=lambda k: last[k]))

    def same_side(self, a: tuple, b: tuple) -> bool:
        """Two people serving the same state, or a person and the state they serve."""
        sa, sb = self.sides.get(a, set()), self.sides.get(b, set())
        return bool(sa & sb) or b in sa or a in sb

    def antecedent(self, tok: Token) -> Token | None:
        """What a pronoun subject stands for: the noun a relative clause attaches to, the subject of the
        previous sentence for il/elle, the last actor named for "ce dernier" / "celle-ci"."""
        if tok.i in self.heads or (tok.pos_ != "PRON" and tok.lower_ not in {"dernier", "dernière"}):
            return tok  # a name the tagger took for a pronoun ("Kiev a riposté") is still a name
        inside = [m for m in self.doc._.kg_mentions or [] if m.start <= tok.i < m.end]
        if inside:  # a piece of a name the parser split ("Kim Jong-un": "un" as a pronoun subject)
            return self.doc[inside[0].head]
        word = _key(tok.lower_)
        if word in {"qui", "lequel", "laquelle", "lesquels", "lesquelles"} and tok.head.dep_ == "acl:relcl":
            noun = tok.head.head
            plural = "Plur" in tok.head.morph.get("Number") or any(
                "Plur" in a.morph.get("Number") for a in tok.head.children if a.dep_.startswith("aux"))
            if noun.dep_ == "conj" and plural:  # "les alliés et l'OTAN, qui ont ..." covers both
                return noun.head
            return noun
        if word in {"dernier", "derniere", "celui-ci", "celle-ci"}:
            before = [m for m in self.doc._.kg_mentions or [] if m.end <= tok.i and tok.i - m.end < 60]
            return self.doc[max(before, key=lambda m: m.end).head] if before else None
        if word in {"il", "elle", "ils", "elles"} and tok.dep_ in {"nsubj", "nsubj:pass"}:
            sent = tok.sent
            root = sent.root
            if tok.head != root:  # "X s'est rendu à Pyongyang, où il a été reçu": the main clause's subject
                for s in root.children:
                    if s.dep_ in {"nsubj", "nsubj:pass"} and s.i in self.heads and s.i < tok.i:
                        return s
            if sent.start == 0:
                return None
            previous = self.doc[sent.start - 1].sent
            subjects = [t for t in previous if t.dep_ in {"nsubj", "nsubj:pass"} and t.head.dep_ == "ROOT"]
            for s in subjects:
                if s.i in self.heads:
                    return s
        return None


_PARTICIPLE = ("ées", "és", "ée", "é")


def _repair_participles(doc: Doc) -> None:
    """A past participle with the auxiliary "avoir" that the tagger took for an adjective ("a gelé les avoirs")
    is a verb whose lemma is its infinitive."""
    adjectives = numpy.flatnonzero(doc.to_array([POS]) == ADJ).tolist() if len(doc) else []
    for i in adjectives:  # one array operation instead of a Token object for every word
        tok = doc[i]
        if not tok.lower_.endswith(_PARTICIPLE):
            continue
        if any(c.dep_ == "aux:tense" and c.lemma_ == "avoir" for c in tok.children):
            stem = next(tok.lower_[: -len(e)] for e in _PARTICIPLE if tok.lower_.endswith(e))
            tok.pos_ = "VERB"
            tok.lemma_ = stem + "er"


def _pos(tok: Token) -> str:
    """The part of speech, with a lower-case word the tagger took for a proper noun ("frappes") a noun."""
    return "NOUN" if tok.pos_ == "PROPN" and tok.text.islower() else tok.pos_


def _object_of(tok: Token) -> Token | None:
    """The verb whose direct object ``tok`` is, also where the parser took a partitive "des" for a genitive and
    hung the object on the oblique before it ("imposer à l'Inde des droits", "dévoiler à son tour des sanctions"):
    a name or a possessed noun takes no such complement."""
    head = tok.head
    if tok.dep_ == "obj" and head.pos_ in {"VERB", "AUX"}:
        return head
    cases = [c.lower_ for c in tok.children if c.dep_ == "case" and c.i < tok.i]
    partitive = tok.dep_ == "nmod" and cases == ["des"] and head.dep_ in {"obl", "obl:arg", "obl:mod"}
    if partitive and head.head.pos_ == "VERB" and (head.pos_ == "PROPN" or _possessed(head)):
        return head.head
    return None


def _quoted_adjectives(tok: Token) -> list[Token]:
    """Adjectives in quotation marks after the noun ("l'attaque « brutale » de la Russie"): the parser hangs
    the noun's complement on them."""
    return [c for c in tok.children if c.dep_ == "amod" and c.i > tok.i and c.i > 0
            and tok.doc[c.i - 1].text in {"«", '"', "“"}]


def _detached_auxiliary(tok: Token) -> Token | None:
    """"X a de son côté accusé Y", "X a une nouvelle fois menacé Y": the parser made "a" the verb and hung
    the past participle on the adverbial phrase between them; that "avoir" is the participle's auxiliary."""
    if tok.dep_ != "acl" or "Part" not in tok.morph.get("VerbForm") or "Pres" in tok.morph.get("Tense"):
        return None
    phrase, verb = tok.head, tok.head.head
    adverbial = phrase.dep_ in {"obj", "obl", "obl:arg", "obl:mod"}
    if not (verb.i < phrase.i < tok.i and verb.lemma_ == "avoir" and adverbial):
        return None
    between = tok.doc[verb.i + 1 : tok.i]
    if len(between) > 5 or any(t.is_punct or t.pos_ in {"VERB", "AUX", "PROPN"} for t in between):
        return None
    return verb


def _nested_without(tok: Token) -> list[Token]:
    """"sans X" on a complement of the noun ``tok`` (not inside a clause of its own), or of the verb it is
    the object of ("reprendre des pourparlers sur le sort des prisonniers sans X")."""
    stack = [c for c in tok.children if c.dep_ == "nmod"]
    if tok.dep_ == "obj":
        stack += [c for c in tok.head.children if c.dep_.startswith("obl") and c.i > tok.i]
    out = []
    while stack:
        t = stack.pop()
        if _case(t) == "sans":
            out.append(t)
        else:
            stack += [c for c in t.children if c.dep_ == "nmod"]
    return out


def _compared(tok: Token) -> bool:
    """A coordinate that is a comparison ("la Russie, tout comme le Canada"): it shares the other role."""
    words = [w for c in tok.children if c.i < tok.i for w in (c, *c.children)]
    return any(w.lower_ == "comme" for w in words)


def _inverted(tok: Token) -> bool:
    """"fervents soutiens de X": the parser took the adjective for the noun and the noun for its modifier;
    "deux États membres de l'UE": a noun compound whose complement the parser hung on the first noun."""
    if tok.head.pos_ != "NOUN" or tok.head.i >= tok.i:
        return False
    bare = tok.head.i == tok.i - 1 and not any(c.dep_ == "case" for c in tok.children)
    if tok.pos_ == "ADJ":  # "les états membres de l'UE" with "membres" tagged as an adjective
        return tok.dep_ == "amod" and bare
    return tok.pos_ == "NOUN" and (tok.dep_ == "amod" or tok.dep_ == "nmod" and bare)


def _possessed(tok: Token) -> bool:
    """"son soutien", "leur appui": the noun's agent is its possessor."""
    return any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in tok.children)


def _definite(tok: Token) -> bool:
    """"l'appel", "cette rencontre", "leur entretien": a noun that refers back to something named."""
    return any(c.dep_ == "det" and ("Def" in c.morph.get("Definite") or c.morph.get("PronType") == ["Dem"]
                                    or "Yes" in c.morph.get("Poss")) for c in tok.children)


def _is_reflexive(tok: Token) -> bool:
    """"s'est entretenu", "se sont rencontrées": the parser often labels these passive; the clitic may hang
    elsewhere ("le président s'en est pris à"), so the words right before the verb are read too."""
    if any(c.dep_.startswith("expl") or _key(c.lower_) in {"se", "s'"} for c in tok.children):
        return True
    i = tok.i - 1
    while i >= tok.sent.start and (tok.doc[i].head.i == tok.i and tok.doc[i].dep_.startswith("aux")
                                   or _key(tok.doc[i].lower_) in _CLITICS):
        if _key(tok.doc[i].lower_) in {"se", "s'"}:
            return True
        i -= 1
    return False


def _reflexive_se(tok: Token) -> bool:
    """The reflexive "s'" ("s'en est pris"), not the "s'" of "s'il" that opens a condition."""
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return _key(tok.lower_) == "s'" and (nxt is None or _key(nxt.lower_) not in {"il", "ils"})


# Clitics between a reflexive pronoun and its verb ("s'en est pris", "ne s'y est pas rendu").
_CLITICS = {"se", "s'", "en", "y", "ne", "n'"}


def _is_passive(tok: Token) -> bool:
    """Passive voice: an "être" auxiliary of passive, or a passive participle without "avoir" ("la guerre
    lancée par"). A lone nsubj:pass label is not enough: the parser puts it on active subjects too."""
    if _is_reflexive(tok):
        return False
    auxes = [c for c in tok.children if c.dep_.startswith("aux")]
    if any(a.dep_ == "aux:pass" for a in auxes):
        return True
    if any(a.lemma_ == "avoir" for a in auxes):
        return False
    # a bare participle with an agent: "Reçu par Donald Trump, Zelensky ..."
    by = any(c.dep_.startswith("obl") and _case(c) == "par" for c in tok.children)
    return "Pass" in tok.morph.get("Voice") or ("Part" in tok.morph.get("VerbForm") and by)


def _case(tok: Token) -> str:
    """The preposition that introduces a noun phrase ("à", "contre", "au-dessus de" → "de")."""
    cases = [c for c in tok.children if c.dep_ in {"case", "fixed"} and c.i < tok.i]
    if not cases:
        return ""
    word = _key(cases[-1].text)
    return _key(_CONTRACTED.get(word, word))  # "aux" compares as "a", like "à"


def _actor(m: Mention) -> ActorKey:
    return (m.label, m.type, m.wikidata)


def _sentence_date(sent: Span, article_date: dt.date | None) -> str | None:
    """The event date the sentence gives, else the article's date (ISO, to survive multiprocessing)."""
    found = event_date(sent.text, article_date) or article_date
    return found.isoformat() if found else None


@Language.factory("kg_relations", default_config={"cues_path": ""})
def make_relation_finder(nlp: Language, name: str, cues_path: str) -> RelationFinder:
    return RelationFinder(nlp, name, cues_path)
