"""Common nouns that stand for actors named elsewhere: a name in apposition ("son président Zelensky"), "son pays"
after a person, "les deux dirigeants" for the last two people named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from .gazetteer import Gazetteer
from .mentions import Mention, as_tuple
from .tokenscan import hashes, where


class NounMentions:
    """Nouns standing for actors, with the gazetteer ``gaz``'s offices and the word lists of mentions.yaml."""

    def __init__(self, nlp: Language, gaz: Gazetteer, words: dict[str, Any]):
        self.gaz = gaz
        self.words = words
        self.country_hashes = hashes(nlp, self.words["own_country"])
        self.pair_hashes = hashes(nlp, self.words["pair_people"] | self.words["pair_states"])

    def attached_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name in apposition to a common noun makes the noun stand for it: "son président Zelensky"."""
        heads = {m.head for m in mentions}
        out: list[Mention] = []
        for m in mentions:
            if m.type != "Person" or m.kind == "role":
                continue
            tok = doc[m.head]
            attached = tok.dep_ in {"flat:name", "appos"} or (tok.dep_ == "nmod" and tok.head.i == tok.i - 1)
            if attached and tok.head.pos_ == "NOUN" and tok.head.i not in heads:
                out.append(m._replace(head=tok.head.i))
        return out

    def own_countries(self, doc: Doc, mentions: list[Mention], date: dt.date | None) -> list[Mention]:
        """"son pays" after a person: the state that person leads or serves on the date ("Zelensky ... son pays")."""
        people = sorted((m for m in mentions if m.type == "Person"), key=lambda m: m.start)
        out: list[Mention] = []
        for i in where(doc, self.country_hashes):
            tok = doc[i]
            det = [c for c in tok.children if c.dep_ == "det" and c.lower_ in self.words["possessive_singular"]]
            first = doc[tok.sent.start - 1].sent.start if tok.sent.start > 0 else tok.sent.start
            before = [m for m in people if first <= m.start and m.end <= (det[0].i if det else i)]
            if not det or not before:
                continue
            holder = before[-1].actor
            offices = [o for o in self.gaz.offices_of(holder) if o.organisation.type == "State"]
            if date is not None:
                offices = [o for o in offices if o.held_on(date)]
            states = {o.organisation for o in offices}
            if len(states) == 1:
                state = states.pop()
                out.append(Mention(det[0].i, i + 1, i, *as_tuple(state), "metonym", 0.7))
        return out

    def pairs(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"les deux dirigeants", "les deux pays": the last two actors of that type named in this sentence or
        the two before. "les cinq dirigeants": the people (states) named there, when exactly that many are."""
        out: list[Mention] = []
        numbers = self.words["group_sizes"]
        for i in where(doc, self.pair_hashes):
            tok = doc[i]
            sizes = [numbers[c.lower_] for c in tok.children if c.dep_ == "nummod" and c.lower_ in numbers]
            if not sizes:
                continue
            size = sizes[0]
            kind = "State" if tok.lower_ in self.words["pair_states"] else "Person"
            sent = tok.sent
            for _ in range(2):
                sent = doc[sent.start - 1].sent if sent.start > 0 else sent
            # not a place named as where something happens ("la guerre en Ukraine")
            venues = self.words["venue_prepositions"]
            own = _clause_subjects(tok)  # "C a reçu les deux dirigeants": C is not one of them
            named = sorted((m for m in mentions if m.type == kind and sent.start <= m.start and m.end <= i
                            and not any(c.dep_ == "case" and c.lower_ in venues for c in doc[m.head].children)
                            and not any(own.intersection(range(m.start, m.end)))),
                           key=lambda m: m.start)
            last: list[Mention] = []
            for m in reversed(named):
                if all(m.label != x.label for x in last):
                    last.append(m)
            if size == 2:
                last = last[:2]
            start = min(c.i for c in tok.children if c.dep_ in {"det", "nummod"})
            if len(last) == size:
                out += [m._replace(start=start, end=i + 1, head=i, kind="role", confidence=0.7) for m in last]
        return out


def _clause_subjects(tok: Token) -> set[int]:
    """The subject of the verb whose complement ``tok`` is, with its coordinates (also hung on the auxiliary:
    "X a ensuite reçu"); empty when ``tok`` is itself a subject."""
    verb = tok.head
    if tok.dep_.startswith("nsubj") or verb.pos_ not in {"VERB", "AUX"}:
        return set()
    heads = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
    subjects = [c for h in heads for c in h.children if c.dep_.startswith("nsubj") and c.i != tok.i]
    subjects += [c for s in subjects for c in s.children if c.dep_ in {"conj", "flat:name", "flat"}]
    return {s.i for s in subjects}
