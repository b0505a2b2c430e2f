"""Adjectives of nationality and demonyms: "la délégation russe" → Russia, "les Russes", "russo-américain" → both."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import Gazetteer
from .mentions import Mention, as_tuple
from .tokenscan import hashes, where


class DemonymFinder:
    """The adjectives of nationality of the gazetteer ``gaz``, found on the nouns they describe."""

    def __init__(self, nlp: Language, gaz: Gazetteer):
        self.gaz = gaz
        self.adjective_hashes = hashes(nlp, self.gaz.adjective_words)

    def __call__(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"la délégation russe" → Russia on "délégation"; "les Russes" → Russia; "russo-américain" → both."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        heads_with_person = {m.head for m in mentions if m.type == "Person"}
        out: list[Mention] = []
        hyphens = [m.start() for m in re.finditer("-", doc.text)]
        hyphenated = set((numpy.searchsorted(doc.to_array([IDX]), hyphens, side="right") - 1).tolist())
        for i in sorted(set(where(doc, self.adjective_hashes)) | hyphenated):
            tok = doc[i]
            if tok.i in covered or not tok.is_alpha and "-" not in tok.text:
                continue
            actors = self.gaz.compound_adjective(tok.text) if "-" in tok.text else []
            if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not doc[tok.i + 1].whitespace_:
                # "russo-américain" split by the tokenizer: the noun is that of the last part
                actors = self.gaz.compound_adjective(doc[tok.i : tok.i + 3].text)
                if actors:
                    last = doc[tok.i + 2]
                    noun = last.head if last.dep_ in {"amod", "acl"} else tok.head
                    for a in actors:
                        out.append(Mention(tok.i, tok.i + 3, noun.i, *as_tuple(a), "demonym", 0.75))
                    continue
            if not actors:
                found = self.gaz.adjective(tok.text)
                actors = [found] if found is not None else []
            if not actors:
                continue
            if tok.pos_ in {"NOUN", "PROPN"} and tok.text[:1].isupper():  # "les Russes"
                for a in actors:
                    out.append(Mention(tok.i, tok.i + 1, tok.i, *as_tuple(a), "demonym", 0.8))
                continue
            # "les médiateurs égyptiens et qataris": the tagger may take the second adjective for a noun
            second = tok.dep_ == "conj" and tok.head.pos_ == "ADJ" and tok.text.islower()
            if tok.pos_ != "ADJ" and tok.dep_ != "amod" and not second:
                continue
            first = tok
            while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "ADJ":
                first = first.head
            noun = first.head
            if first.dep_ == "conj" and noun.pos_ == "NOUN":  # "la délégation turque et russe": coordinated
                before = [c for c in noun.children if c.dep_ == "amod" and c.pos_ == "ADJ" and noun.i < c.i < first.i]
                first = before[0] if before else first  # with the noun, not with its first adjective
            if first.dep_ not in {"amod", "acl"} or noun.pos_ not in {"NOUN", "PROPN"}:
                continue
            if noun.i in heads_with_person or noun.i in covered:
                continue  # "le journaliste américain Bob Woodward" is Bob Woodward
            for a in actors:
                out.append(Mention(tok.i, tok.i + 1, noun.i, *as_tuple(a), "demonym", 0.75))
        return out
