"""The ``kg_relations`` spaCy component: the engine that applies the cue lexicon to a parsed document.

For each sentence, each word that is a cue of the lexicon is checked (part of speech, required and
forbidden words, negation, modality); its subject and object are read at the cue's argument positions
(:mod:`kg.relations.positions`), and every pair becomes a statement. Relation-specific behaviour comes from
the ``settings:`` of the cue file, words from the language's grammar: the engine names neither.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from ..datafiles import DataError
from ..dates import event_date
from ..lang import key
from ..mentions import doc_date
from ..textnorm import strip_accents
from ..vocab import relations as relation_inventory
from .arguments import Arguments
from .assertion import Assertion
from .discourse import DocState, actor
from .lexicon import CUES_PATH, Cue, Lexicon, Settings, default_lexicon
from .phrases import Phrases
from .positions import find
from .syntax import Syntax, definite, pos
from .types import Found

for _name in ("kg_statements", "kg_trace"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class RelationFinder(Arguments, Phrases, Assertion):
    """Pipeline component; see the module docstring. With ``trace``, ``doc._.kg_trace`` lists every cue
    that matched a word and why it fired or was blocked (what ``kg explain`` shows)."""

    def __init__(self, nlp: Language, name: str, cues_path: str = "", trace: bool = False):
        self.name = name
        self.lex = Lexicon.load(cues_path) if cues_path else default_lexicon()
        self.g = self.lex.grammar
        self.syn = Syntax(self.g)
        self.trace = trace
        self.symmetric = {slug for slug, rel in relation_inventory().items() if rel.symmetric}
        self._state: DocState | None = None
        # hashes of the cue words and their accent-less spellings, compared with lemmas and lower-cased
        # words in one array operation instead of creating a Token object for every word
        self.matcher = DependencyMatcher(nlp.vocab)
        for n, pattern in enumerate(self.lex.patterns):
            try:
                self.matcher.add(str(n), [pattern.pattern])
            except ValueError as err:  # spaCy's own check of the pattern
                raise DataError(cues_path or CUES_PATH, pattern.cue.line, f"bad pattern: {err}") from None
        words = self.lex.surface | {strip_accents(w) for w in self.lex.surface}
        self.cue_hashes = numpy.array(sorted(nlp.vocab.strings.add(w) for w in words), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        state = self._state = DocState(doc, self.g)
        doc._.kg_trace = [] if self.trace else None
        words = doc.to_array([LEMMA, LOWER])
        cues = numpy.isin(words, self.cue_hashes).any(axis=1)
        for m in doc._.kg_mentions or []:
            # a word of a proper name is no cue ("l'Alliance des États du Sahel", "les Forces de soutien
            # rapide"); a description is ("ses alliés européens")
            if m.kind == "name" and any(t.is_title and not t.is_sent_start for t in doc[m.start : m.end]):
                cues[m.start : m.end] = False
        state.candidates = numpy.flatnonzero(cues)
        state.patterns = self._pattern_hits(doc, state) if self.lex.patterns else {}
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
                    if s == o or (cue.settings.distinct_sides and state.same_side(s, o)):
                        continue
                    k = (s, cue.relation, o, sent.start_char)
                    if cue.relation in self.symmetric:
                        k = (min(s, o), cue.relation, max(s, o), sent.start_char)
                    # as sure as the cue and the less certain of the two actors' resolutions
                    sure = conf * min(state.sureness.get(s, 0.7), state.sureness.get(o, 0.7))
                    if k not in found or found[k].confidence < sure:
                        found[k] = Found(s, cue.relation, o, sent.start_char, sent.end_char, sdate,
                                         round(sure, 3), cue.lemma)
        for fact in doc._.kg_offices or []:
            sent = doc[fact.token].sent
            k = (tuple(fact.holder), fact.relation, tuple(fact.organisation), sent.start_char)
            if k not in found:
                found[k] = Found(
                    tuple(fact.holder), fact.relation, tuple(fact.organisation), sent.start_char,
                    sent.end_char, _sentence_date(sent, date), fact.confidence, doc[fact.token].lower_,
                )
        doc._.kg_statements = list(found.values())
        return doc

    def _note(self, tok: Token, cue: Cue, verdict: str, reason: str = "", subj=(), obj=()) -> None:
        if self.trace:
            tok.doc._.kg_trace.append({
                "token": tok.i, "cue": f"{cue.relation} {cue.lemma}{'/' if cue.pos else ''}{'|'.join(sorted(cue.pos))}"
                                      f" (line {cue.line})",
                "relation": cue.relation, "verdict": verdict, "reason": reason,
                "subject": [a[0] for a in subj], "object": [a[0] for a in obj],
            })

    def _sentence(self, sent: Span, state: DocState) -> Iterator[tuple[Cue, list, list, float]]:
        doc = sent.doc
        here = [doc[int(i)] for i in state.candidates[(state.candidates >= sent.start) & (state.candidates < sent.end)]]
        found = [(tok, self.lex.lookup(tok.lemma_, tok.text)) for tok in here]
        # talks first, so that an exclusion earlier in the sentence can refer to them ("X n'a pas été
        # conviée aux négociations entre Washington et Moscou")
        # and the cues that read what was said before (talks, sides) after those said here
        found.sort(key=lambda f: (any(_reads_back(c) for c in f[1]), not any(c.settings.talks for c in f[1])))
        for tok, cues in found:
            for cue in cues:
                if pos(tok) not in cue.pos:
                    continue  # not this cue at all: another part of speech
                if not self._fits(tok, cue):
                    self._note(tok, cue, "blocked", "required, forbidden or object words do not fit")
                    continue
                if self._negated(tok) != cue.negated:
                    self._note(tok, cue, "blocked", "negated" if not cue.negated else "not negated")
                    if cue.settings.sides:  # "X et Y ne négocient pas directement": still the two sides
                        self._name_sides(*self._arguments(tok, cue, state), state)
                    continue
                modality = self._modality(tok, cue)
                if modality is None:
                    self._note(tok, cue, "blocked", "not asserted: conditional, hypothetical, intended or cancelled")
                    continue
                subj, obj = self._arguments(tok, cue, state)
                conf = cue.confidence * modality
                if cue.settings.talks:
                    yield from self._talks(tok, cue, state, subj, obj, modality)
                if subj and obj:
                    if cue.settings.sides:
                        self._name_sides(subj, obj, state)
                    state.authors[cue.relation] = (state.s_index, subj)
                    self._note(tok, cue, "fired", "", subj, obj)
                    yield cue, subj, obj, conf
                else:
                    self._note(tok, cue, "blocked", "no subject" if not subj else "no object", subj, obj)
        yield from state.patterns.get(sent.start, [])

    @staticmethod
    def _name_sides(subj: list, obj: list, state: DocState) -> None:
        """A statement between two names the sides that "les deux parties" and mediators refer to."""
        parties = list(dict.fromkeys(subj + obj))
        if subj and obj and len(parties) == 2:
            state.sides_named = (state.s_index, parties)

    def _pattern_hits(self, doc: Doc, state: DocState) -> dict[int, list]:
        """Matches of the ``patterns:`` of the cue file, by sentence start, asserted as cues are."""
        hits: dict[int, list] = {}
        for match_id, tokens in self.matcher(doc):
            pattern = self.lex.patterns[int(doc.vocab.strings[match_id])]
            names = [n["RIGHT_ID"] for n in pattern.pattern]
            where = dict(zip(names, tokens, strict=True))
            anchor = doc[tokens[0]]
            if self._negated(anchor) != pattern.cue.negated:
                self._note(anchor, pattern.cue, "blocked", "negated" if not pattern.cue.negated else "not negated")
                continue
            modality = self._modality(anchor, pattern.cue)
            if modality is None:
                self._note(anchor, pattern.cue, "blocked", "not asserted")
                continue
            subj = self._actors([doc[where[pattern.subject]]], state)
            obj = self._actors([doc[where[pattern.object]]], state)
            self._note(anchor, pattern.cue, "fired" if subj and obj else "blocked", "pattern", subj, obj)
            if subj and obj:
                conf = pattern.cue.confidence * modality
                hits.setdefault(anchor.sent.start, []).append((pattern.cue, subj, obj, conf))
        return hits

    def _talks(self, tok: Token, cue: Cue, state: DocState, subj: list, obj: list, modality: float):
        """Remember the parties of talks for later exclusions, and who they are held without."""
        parties = list(dict.fromkeys(subj + obj))
        if len(parties) >= 2:
            state.talks.append((state.s_index, parties))
        elif tok.pos_ == "NOUN" and definite(tok) and state.talks:
            present = [actor(m) for t in tok.sent for m in state.heads.get(t.i, [])]
            state.talks.append((state.s_index, state.context(present)))  # "Moscou a confirmé l'appel"
        if not cue.settings.left_out:
            return
        without = self.g.without
        left = self._actors([t for p in without for t in self._prep(tok, p)], state)
        if not left and tok.dep_ == "obj":  # "ouvrir un dialogue avec Moscou sans l'Ukraine"
            left = self._actors([t for p in without for t in self._prep(tok.head, p)], state)
        if not left:  # "des discussions sur l'avenir de l'Ukraine sans les Ukrainiens"
            left = self._actors(self.syn.nested_without(tok), state)
        if left and parties:
            exclusion = Cue(cue.settings.left_out, next(iter(without)), frozenset(), (), (),
                            settings=self.lex.settings.get(cue.settings.left_out, Settings()))
            self._note(tok, exclusion, "fired", "left out of the talks", left, parties)
            yield exclusion, left, parties, 0.7 * modality

    def _fits(self, tok: Token, cue: Cue) -> bool:
        """Multi-word cues: the required words depend on the cue ("passer au-dessus de", "guerre commerciale")."""
        if cue.requires:
            near = [c for c in tok.children] + [g for c in tok.children for g in c.children]
            words = {key(c.lemma_) for c in near} | {key(c.text) for c in near}
            # or right after the cue, where the parser hung it elsewhere ("au milieu de la guerre entre X et Y")
            words |= {key(t.lower_) for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 3)]}
            if self.syn.is_reflexive(tok):
                words |= set(self.g.reflexives)
            # a quotation mark may hang anywhere in the clause ("comparer X à « un homme qui se noie »")
            end = min(tok.sent.end, tok.i + 12)
            words |= {t.text for t in tok.doc[tok.i + 1 : end] if t.is_punct}
            # or glued to a word by the tokenizer ("d’“État terroriste")
            words |= {q for t in tok.doc[tok.i + 1 : end] for q in self.g.quote_marks if q in t.text}
            if not all(r in words for r in cue.requires):
                return False
        if cue.forbids:  # words introducing a dependent ("appeler X à négocier" is no phone call)
            markers = {key(g.lower_) for c in tok.children for g in c.children if g.dep_ in {"case", "mark"}}
            # and the nouns of its complements ("échange de prisonniers", "frapper X de sanctions")
            markers |= {key(c.lemma_) for c in tok.children if c.dep_ in {"amod", "nmod"} or c.dep_.startswith("obl")}
            markers |= {key(g.lemma_) for c in tok.children if c.dep_ == "obj" for g in c.children if g.dep_ == "nmod"}
            markers |= {key(c.lemma_) for c in tok.children if c.dep_ == "obj"}  # "échanger des prisonniers"
            if any(f in markers for f in cue.forbids):
                return False
        if cue.obj_lemmas:
            deps = {"obj", "nsubj:pass"} if tok.pos_ in {"VERB", "AUX"} else {"nmod", "obl", "obl:arg", "obl:mod"}
            if "context" in cue.object:  # the talks taken part in are an oblique: "participer aux discussions"
                deps |= {"obl", "obl:arg", "obl:mod"}
            objects = [c for c in tok.children if c.dep_ in deps]
            relative = [c for c in tok.children if key(c.lower_) in self.g.object_relatives and c.i < tok.i]
            if tok.dep_ == "acl:relcl" and relative and all(o.i == relative[0].i for o in objects):
                objects.append(tok.head)  # "le prêt que Londres accorde à Kiev": the object is the noun relativised
            # "suspendre une partie des livraisons", "geler la planification des opérations contre X"
            objects += [c for o in objects if key(o.lemma_) in self.lex.quantity_nouns
                        for c in o.children if c.dep_ == "nmod" and self.syn.case(c) in self.g.genitive]
            if not any(r in key(o.lemma_) or r in key(o.text) for o in objects for r in cue.obj_lemmas):
                return False
        return True

    def _arguments(self, tok: Token, cue: Cue, state: DocState) -> tuple[list, list]:
        subj, obj = self._own_arguments(tok, cue, state)
        if not (subj and obj) and tok.dep_ == "conj" and tok.head.pos_ == "NOUN" and tok.pos_ == "NOUN":
            return self._own_arguments(tok.head, cue, state)  # "présenter X comme l'amie et l'alliée"
        return subj, obj

    def _own_arguments(self, tok: Token, cue: Cue, state: DocState) -> tuple[list, list]:
        # "between" on both sides: the parties with each other; on one side only: the parties, as that side
        pair = "between" in cue.subject and "between" in cue.object
        between = self._between(tok, state) if pair else []
        subj = self._role(tok, cue.subject, state, pair=pair)
        obj = self._role(tok, cue.object, state, genitive=not cue.direct, named=cue.named, pair=pair)
        if "host" in cue.object and self.syn.case(tok) in self.g.comparison:
            # "présenter X comme l'alliée de Y": said of X
            host, of = self._role(tok, ("host",), state), self._role(tok, self.g.genitive, state)
            if host and of:
                subj, obj = host, of
        if cue.agent_not and any(a[1] in cue.agent_not for a in self._role(tok, ("agent",), state)):
            return [], []  # "le Quad réunit X et Y": its members, not talks between them
        if cue.subject_type:
            subj = [a for a in subj if a[1] in cue.subject_type]
        if cue.object_type:
            obj = [a for a in obj if a[1] in cue.object_type]
        if len(between) >= 2 and not (subj and obj):
            return between, between
        if cue.settings.all_pairs and cue.mutual and len(subj) >= 2 and obj:
            return subj, list(dict.fromkeys(subj + obj))  # "X et Y ont accepté le plan américain": every pair
        if "context" in cue.object and cue.mutual and subj:
            # "X et Y ont participé aux discussions": with each other and with everyone at the meeting named just
            # before (in this sentence or the previous one), not with older talks; not where the talks taken part
            # in name their own parties ("participer aux pourparlers américano-ukrainiens")
            joined = [] if self._own_parties(tok) else state.recent_talks()
            if joined or len(subj) >= 2:
                parties = list(dict.fromkeys(subj + joined))
                # at a meeting, a state is there through the people named for it ("les émissaires américains X
                # et Y")
                people = [p for p in parties if p[1] == "Person"]
                parties = [p for p in parties if p[1] == "Person" or not any(state.same_side(q, p) for q in people)]
                return parties, parties
        if cue.relation in self.symmetric and len(subj) >= 2 and not obj and not cue.apart and (
                cue.mutual or self.syn.is_reflexive(tok) or tok.pos_ == "NOUN"):
            return subj, subj  # "X et Y se sont rencontrés"
        if len(subj) >= 2 and not obj and ("patient" in cue.object or tok.pos_ == "NOUN") and self._reciprocal(tok):
            return subj, subj  # "X et Y se sont (mutuellement) accusés", "ont échangé des accusations"
        rest = [o for o in obj if o not in subj]
        if cue.relation not in self.symmetric and len(subj) >= 2 and rest:
            obj = rest  # a subject parsed into the object's coordination too
        return subj, obj

    def _own_parties(self, tok: Token) -> bool:
        """The talks a participation verb names have parties of their own ("participer aux pourparlers
        américano-ukrainiens", "au sommet de l'OTAN"), rather than taking up the meeting named before."""
        talks = [c for c in tok.children if c.dep_ in {"obj", "obl", "obl:arg", "obl:mod"} and c.pos_ == "NOUN"]
        return any(self._own_agent(c) or self._between(c, self._state) for c in talks)

    def _reciprocal(self, tok: Token) -> bool:
        """A reflexive verb, or one with a reciprocal adverb, or a noun a reciprocal verb takes as object: its
        plural subject acts on each other."""
        if tok.pos_ == "NOUN":
            governor = self.syn.object_of(tok)
            return governor is not None and key(governor.lemma_) in self.g.reciprocal_verbs
        return self.syn.is_reflexive(tok) or any(key(c.lower_) in self.g.reciprocal_adverbs for c in tok.children)

    def _role(self, tok: Token, roles: tuple[str, ...], state: DocState, genitive: bool = True,
              named: bool = False, pair: bool = False) -> list:
        """Actors in the first argument position of ``roles`` that has any; "+position" is always added.
        ``genitive``: a bare noun stands for the actor of its genitive ("l'initiative de Washington");
        ``named``: only actors named there, not nouns that an adjective ties to one ("la délégation russe")."""

        def actors(toks) -> list:
            return self._actors(toks, state, genitive=genitive, named=named)

        out: list = []
        for role in roles:
            additive = role.startswith("+")
            if (out and not additive) or (pair and role == "between"):
                continue
            out += find(self, tok, state, actors, role.lstrip("+"))
        return list(dict.fromkeys(out))


def _reads_back(cue: Cue) -> bool:
    """A cue whose object is read from the statements made before it."""
    return any(p.lstrip("+") in {"context", "sides"} for p in cue.object)


def _sentence_date(sent: Span, article_date) -> str | None:
    """The event date the sentence gives, else the article's date (ISO, to survive multiprocessing)."""
    found = event_date(sent.text, article_date) or article_date
    return found.isoformat() if found else None


@Language.factory("kg_relations", default_config={"cues_path": "", "trace": False})
def make_relation_finder(nlp: Language, name: str, cues_path: str, trace: bool) -> RelationFinder:
    return RelationFinder(nlp, name, cues_path, trace)
