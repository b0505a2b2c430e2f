"""What a sentence needs from the rest of its document: the mentions, the talks named so far, who serves
whom, and what a pronoun stands for."""

from __future__ import annotations

import numpy
from spacy.tokens import Doc, Token

from ..lang import Grammar, key
from ..mentions import Mention, mentions_by_head
from .types import ActorKey

# How many sentences back the talks that an exclusion refers to may have been named.
CONTEXT_SENTENCES = 5
# How many sentences back a subject pronoun may find its antecedent, sentence subject by sentence subject.
TOPIC_SENTENCES = 2


def actor(m: Mention) -> ActorKey:
    return (m.label, m.type, m.wikidata)


class DocState:
    """Per-document state of the relation engine; one is made for each doc."""

    def __init__(self, doc: Doc, g: Grammar):
        self.doc = doc
        self.g = g
        self.heads = mentions_by_head(doc)
        self.starts = {m.start: m for m in doc._.kg_mentions or []}
        self.ends = {m.end: m for m in doc._.kg_mentions or []}
        self.sureness: dict[tuple, float] = {}  # actor → confidence of its best-resolved mention
        for m in doc._.kg_mentions or []:
            self.sureness[actor(m)] = max(self.sureness.get(actor(m), 0.0), m.confidence)
        self.talks: list[tuple[int, list]] = []
        self.sides_named: tuple[int, list] = (0, [])  # the last two-sided statement: sentence, its actors
        self.authors: dict[str, tuple[int, list]] = {}  # by relation: the subjects of its last statement
        self.candidates = numpy.zeros(0, dtype="int64")  # indices of the tokens that may be cues
        self.s_index = 0
        self.patterns: dict[int, list] = {}  # statements of the cue file's patterns, by sentence start
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
            if self.s_index - i <= CONTEXT_SENTENCES:
                k = tuple(parties)
                counts[k] = counts.get(k, 0) + 1
                last[k] = n
        if not counts:
            return []
        if present is not None:
            near = set(present) | {org for a in present for org in self.sides.get(a, ())}
            involved = {k: sum(p in near or bool(self.sides.get(p, set()) & near) for p in k) for k in counts}
            return list(max(counts, key=lambda k: (involved[k], counts[k], last[k])))
        return list(max(counts, key=lambda k: last[k]))

    def recent_talks(self) -> list:
        """The parties of all the talks named in this sentence and the one before: the meeting that "X a
        participé aux discussions" takes up, with everyone named at it."""
        return list(dict.fromkeys(p for i, parties in self.talks if self.s_index - i <= 1 for p in parties))

    def group(self) -> list:
        """What "les deux parties" and a mediator's "sides" stand for: the two actors of the last statement
        between two of a relation whose settings say it names sides, if made in the last few sentences."""
        when, parties = self.sides_named
        return list(parties) if parties and self.s_index - when <= CONTEXT_SENTENCES else []

    def author(self, relations: set[str]) -> list:
        """Who did what a demonstrative takes up ("Islamabad a dénoncé ces frappes"): the subjects of the last
        statement of one of ``relations``, made in this sentence or the few before."""
        recent = [self.authors[r] for r in relations if r in self.authors
                  and self.s_index - self.authors[r][0] <= CONTEXT_SENTENCES]
        return list(max(recent, key=lambda a: a[0])[1]) if recent else []

    def same_side(self, a: tuple, b: tuple) -> bool:
        """Two people serving the same state, or a person and the state they serve."""
        sa, sb = self.sides.get(a, set()), self.sides.get(b, set())
        return bool(sa & sb) or b in sa or a in sb

    def antecedent(self, tok: Token) -> Token | None:
        """What a pronoun subject stands for: the noun a relative clause attaches to, the subject of the
        previous sentence for a personal pronoun, the last actor named for "ce dernier" / "celle-ci"."""
        word = key(tok.lower_)
        if tok.i in self.heads or (tok.pos_ != "PRON" and word not in self.g.latest_named):
            return tok  # a name the tagger took for a pronoun ("Kiev a riposté") is still a name
        inside = [m for m in self.doc._.kg_mentions or [] if m.start <= tok.i < m.end]
        if inside:  # a piece of a name the parser split ("Kim Jong-un": "un" as a pronoun subject)
            return self.doc[inside[0].head]
        relative = tok.head.dep_ == "acl:relcl" or (  # or a relative clause the parser left unlabelled
            tok.head.dep_ == "dep" and tok.head.head.pos_ in {"NOUN", "PROPN"} and tok.head.head.i < tok.i)
        if word in self.g.subject_relatives and relative:
            noun = tok.head.head
            plural = "Plur" in tok.head.morph.get("Number") or any(
                "Plur" in a.morph.get("Number") for a in tok.head.children if a.dep_.startswith("aux"))
            if noun.dep_ == "conj" and plural:  # "les alliés et l'OTAN, qui ont ..." covers both
                return noun.head
            return noun
        if word in self.g.latest_named:
            before = [m for m in self.doc._.kg_mentions or [] if m.end <= tok.i and tok.i - m.end < 60]
            return self.doc[max(before, key=lambda m: m.end).head] if before else None
        if word in self.g.personal_pronouns and tok.dep_ in {"nsubj", "nsubj:pass"}:
            sent = tok.sent
            root = sent.root
            if tok.head != root:  # "X s'est rendu à Pyongyang, où il a été reçu": the main clause's subject
                for s in root.children:
                    if s.dep_ in {"nsubj", "nsubj:pass"} and s.i in self.heads and s.i < tok.i:
                        return s
            # the subject of the previous sentence; when that one is no actor ("L'objectif serait ..."), of the
            # sentence before it, as long as the topic holds (TOPIC_SENTENCES back)
            start = sent.start
            for _ in range(TOPIC_SENTENCES):
                if start == 0:
                    return None
                previous = self.doc[start - 1].sent
                subjects = [t for t in previous if t.dep_ in {"nsubj", "nsubj:pass"} and t.head.dep_ == "ROOT"]
                for s in subjects:
                    if s.i in self.heads:
                        return s
                start = previous.start
        return None
