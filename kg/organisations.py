"""The state or institution an office title belongs to, read from the words in and after the title."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Doc

from .gazetteer import Gazetteer
from .mentions import Mention
from .model import Actor


class OrganisationReader:
    """Reads the organisation of a title with the gazetteer ``gaz`` and the word lists of mentions.yaml."""

    def __init__(self, gaz: Gazetteer, words: dict[str, Any]):
        self.gaz = gaz
        self.words = words

    def __call__(
        self, doc: Doc, start: int, end: int, by_start: dict[int, Mention], date: dt.date | None
    ) -> tuple[Actor | None, int]:
        """The state or institution a title belongs to: an adjective of nationality or "de X" in or after it
        ("le secrétaire américain à la Défense", "la présidente de la Commission européenne"); "de" and a
        head of state or government: the state they lead ("le conseiller de Vladimir Poutine")."""
        org: Actor | None = None
        i = start + 1
        limit = end + 8
        destination = False  # after "pour": where the holder is sent, not whom they serve
        while i < len(doc) and i < limit:
            tok = doc[i]
            if i in by_start and destination:
                i = by_start[i].end
                continue
            if i in by_start:
                if by_start[i].type == "Person":
                    after_preposition = doc[i - 1].pos_ == "ADP"
                    led = self._led_state(by_start[i].actor, date) if after_preposition else None
                    if led is None:  # the holder, or a person the title is said of ("désigné par X")
                        i = by_start[i].end if after_preposition else i
                        break
                    org = org or led
                    limit += by_start[i].end - i
                    i = by_start[i].end
                    continue
                org = org or by_start[i].actor
                i = by_start[i].end
                continue
            if tok.pos_ == "CCONJ" and i >= end:  # "l'envoyé spécial pour l'Ukraine et la Russie, Keith Kellogg"
                nxt = i + 2 if i + 2 < len(doc) and doc[i + 1].pos_ == "DET" else i + 1
                if nxt in by_start and by_start[nxt].type != "Person":
                    limit += nxt - i
                    i = nxt
                    continue
            if tok.lower_ in self.words["title_modifiers"]:  # "le président élu américain"
                i += 1
                continue
            if tok.pos_ == "ADJ" or (i < end and tok.pos_ != "PUNCT"):
                org = org or self.gaz.adjective(tok.text) or self._compound(doc, i)
                i += 1
                continue
            # Portfolio words, articles and numbers: "ministre allemand de la Défense", "des Affaires étrangères",
            # "les dirigeants des trois pays"; an adjective of nationality the tagger took for a noun ("le numéro un
            # chinois").
            if tok.pos_ == "ADP" and tok.lower_ not in self.words["title_prepositions"]:
                break
            if tok.pos_ == "ADP":
                destination = tok.lower_ in self.words["destination_prepositions"]
            if tok.pos_ in {"DET", "ADP", "NOUN", "PROPN", "NUM"} and tok.ent_type_ != "PER":
                if tok.pos_ == "NOUN" and tok.text.islower():
                    org = org or self.gaz.adjective(tok.text)
                i += 1
                continue
            break
        return org, max(i, end)

    def _led_state(self, person: Actor, date: dt.date | None) -> Actor | None:
        """The one state ``person`` held an employer role in (mentions.yaml) on ``date``, by offices.tsv."""
        states = {o.organisation for o in self.gaz.offices_of(person)
                  if (date is None or o.held_on(date)) and o.organisation.type == "State"
                  and o.role in self.words["employer_roles"]}
        return states.pop() if len(states) == 1 else None

    def _compound(self, doc: Doc, i: int) -> Actor | None:
        """"nord-coréen" split by the tokenizer into three tokens, read from its first one."""
        if i + 2 < len(doc) and doc[i + 1].text == "-":
            found = self.gaz.compound_adjective(doc[i : i + 3].text) or [self.gaz.adjective(doc[i : i + 3].text)]
            return found[0] if len(found) == 1 else None
        return None
