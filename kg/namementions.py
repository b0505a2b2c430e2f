"""Actors named in a document: gazetteer names and metonyms (PhraseMatcher), then spaCy's NER for the people and
organisations the gazetteer lacks, a person labelled with the fullest form of the name in the article."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, surface_variants
from .lang import key
from .mentions import Mention, as_tuple, span_root
from .mentionwords import mention_words, rank_end
from .model import Actor


class NameFinder:
    """The names of the gazetteer ``gaz`` (matched as :meth:`gazetteer` says) and the NER fallback."""

    def __init__(self, nlp: Language, gaz: Gazetteer):
        self.gaz = gaz
        # Names match without case or accents ("Cédéao" for "CEDEAO"): on NORM, which the component
        # sets to the folded form of each token before matching (see fold_norms).
        self.names = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[str, tuple[Actor, str, str]] = {}
        for form, kind, actor in self.gaz.patterns():
            key = f"{kind}|{actor.label}|{form}"
            self.keys[key] = (actor, kind, form)
            variants = surface_variants(form)
            # Capitals tell these names from French words: "UE" (not "eu"), "l'Alliance" (not "une alliance");
            # an elided article is capitalised at the start of a sentence ("L'Alliance").
            elided = bool(re.fullmatch(r"l['’]\w+", form)) and form[2].isupper()
            if elided:
                variants |= surface_variants("L" + form[1:])
            docs = [fold_norms(nlp.make_doc(v)) for v in variants]
            (self.exact if form.isupper() or elided else self.names).add(key, docs)

    def gazetteer(self, doc: Doc) -> list[Mention]:
        """Names and metonyms of the gazetteer, longest match first, no overlaps; a place used as a venue left out."""
        found: list[tuple[int, int, str]] = []
        for matcher in (self.exact, self.names):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                form = self.keys[key][2]
                if form[:1].isupper() and not doc[start].text[:1].isupper():
                    continue  # a proper name written in lower case is a common word here
                found.append((start, end, key))
        # Longest match first, no overlaps.
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        used: set[int] = set()
        out: list[Mention] = []
        for start, end, key in found:
            if used.intersection(range(start, end)):
                continue
            actor, kind, _ = self.keys[key]
            root = span_root(doc, start, end)
            if kind == "metonym" and _is_venue(root):
                continue
            used.update(range(start, end))
            conf = 0.95 if kind == "name" else 0.85
            out.append(Mention(start, end, root.i, *as_tuple(actor), kind, conf))
        return out

    def ner(self, doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
        """spaCy's people and organisations outside the tokens ``taken`` by gazetteer mentions (``known``)."""
        people: list[Span] = []
        orgs: list[Span] = []
        for ent in doc.ents:
            if taken.intersection(range(ent.start, ent.end)):
                continue
            span = _trim_name(ent)
            if span is not None and len(span) > 1 and self.gaz.role(span[0].text) is not None:
                span = _trim_name(span[1:])  # "Président turc", "Président Zelensky": a title, then a name or not
            if span is None:
                continue
            if ent.label_ == "PER" and not (len(span) == 1 and _after_article(span)):
                people.append(span)
            # a single name after an article is no person ("le « Quad »"): an organisation, as ORG names are
            elif ent.label_ == "PER" or (ent.label_ == "ORG" and len(span.text) > 2 and span[0].pos_ == "PROPN"):
                orgs.append(span)
        out: list[Mention] = []
        # Canonical label of a person = the fullest form of the name in the document.
        known_people = [doc[m.start : m.end].text for m in known if m.type == "Person"]
        full_names = [p.text for p in people if len(p) > 1]
        for span in people:
            label = _fullest(span.text, full_names)
            actor = self.gaz.lookup(label) or self.gaz.lookup(span.text)
            if actor is None:
                if any(_same_person(span.text, k) for k in known_people):
                    continue  # a stray part of a gazetteer name
                actor = Actor(label, "Person")
            root = span_root(doc, span.start, span.end)
            out.append(Mention(span.start, span.end, root.i, *as_tuple(actor), "ner", 0.7))
        for span in orgs:
            actor = self.gaz.lookup(span.text) or Actor(span.text, "Institution")
            root = span_root(doc, span.start, span.end)
            if actor.type == "State" and _is_venue(root):
                continue
            out.append(Mention(span.start, span.end, root.i, *as_tuple(actor), "ner", 0.6))
        return out


def fold_norms(doc: Doc) -> Doc:
    """Set each token's NORM to its lower-case form without accents, the key of the name matcher.

    The statistical components have run by then; nothing else in kg reads NORM."""
    for tok in doc:
        tok.norm_ = key(tok.lower_)
    return doc


def _after_article(span: Span) -> bool:
    """A definite article right before the name (quotation marks aside)."""
    i = span.start - 1
    while i >= 0 and span.doc[i].is_quote:
        i -= 1
    return i >= 0 and span.doc[i].pos_ == "DET" and "Def" in span.doc[i].morph.get("Definite")


def _is_venue(root: Token) -> bool:
    """A place name used as a location ("à Londres", "en Turquie", "le sommet de Londres")."""
    words = mention_words()
    cases = [c.lower_ for c in root.children if c.dep_ == "case"]
    if any(c in words["venue_prepositions"] for c in cases):
        return True
    if any(c in words["place_or_recipient_prepositions"] for c in cases):  # "s'est tenu à Londres", "à Kiev"
        verb = root.head
        # "le prêt que Londres accorde à Kiev": the verb's object is the relativised noun; so is the noun a
        # participle is said of ("l'aide destinée à Kiev"), unless an event ("le sommet organisé à Londres")
        relative = verb.dep_ == "acl:relcl" and any(c.lower_ in {"que", "qu'", "qu’"} for c in verb.children)
        said_of = (verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm")
                   and verb.head.lemma_ not in words["event_nouns"])
        party = verb.lemma_.lower() in words["party_verbs"]  # "s'en prendre à Pékin", "céder à Moscou"
        if verb.pos_ in {"VERB", "AUX"} and root.i < verb.i and root.nbor().text == ",":
            return True  # a setting put before its clause: "À Riyad, Américains et Russes ont entamé ..."
        return (verb.pos_ in {"VERB", "AUX"} and not relative and not said_of and not party
                and not any(c.dep_ == "obj" for c in verb.children))
    return any(c in words["venue_genitives"] for c in cases) and root.dep_ == "nmod" and (
        root.head.lemma_ in words["event_nouns"])


def _trim_name(ent: Span) -> Span | None:
    """The name in an entity, without the words before it ("M.", "le Général de brigade") or punctuation."""
    start, end = ent.start, ent.end
    titles = mention_words()["titles"]
    while start < end:
        if ent.doc[start].lower_ in titles or ent.doc[start].pos_ in {"DET", "ADP", "PUNCT"}:
            start += 1
        elif (after := rank_end(ent.doc, start)) > start:
            start = after
        else:
            break
    while end > start and ent.doc[end - 1].pos_ == "PUNCT":
        end -= 1
    if start >= end or not ent.doc[start].text[:1].isupper():
        return None
    return ent.doc[start:end]


def _same_person(short: str, full: str) -> bool:
    parts, fparts = short.split(), full.split()
    return len(parts) <= len(fparts) and fparts[-len(parts) :] == parts


def _fullest(name: str, full_names: list[str]) -> str:
    """The longest name in the document that ends with this one ("Trump" → "Donald Trump")."""
    best = name
    for full in full_names:
        if _same_person(name, full) and len(full) > len(best):
            best = full
    return best

