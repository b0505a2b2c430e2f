"""The ``kg_actors`` spaCy component: finds the actors a document names and what each mention stands for.

Order of evidence, most trusted first: gazetteer names and metonyms (PhraseMatcher), office titles
resolved to their holder ("le président ukrainien" → the president of Ukraine on the article's date),
adjectives of nationality ("la délégation russe" → Russia), then spaCy's NER for people and
organisations the gazetteer lacks, labelled with the fullest form of the name in the article.

Results are kept as plain tuples in Doc extensions so documents survive ``nlp.pipe(n_process=...)``:
``doc._.kg_mentions`` (list of :class:`Mention`) and ``doc._.kg_offices`` (list of :class:`OfficeFact`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .countries import organs
from .gazetteer import Gazetteer, Role, default_gazetteer, plural_form, strip_accents, surface_variants
from .lang import key
from .mentionwords import mention_words
from .model import Actor


class Mention(NamedTuple):
    """One mention: tokens [start, end), the token that carries it in the parse, and the actor."""

    start: int
    end: int
    head: int
    label: str
    type: str
    wikidata: str | None
    kind: str  # name | metonym | demonym | role | ner
    confidence: float

    @property
    def actor(self) -> Actor:
        return Actor(self.label, self.type, self.wikidata)


class OfficeFact(NamedTuple):
    """An office the text attributes to a person: ``holder relation organisation`` (leader-of, member-of)."""

    holder: tuple[str, str, str | None]
    relation: str
    organisation: tuple[str, str, str | None]
    token: int
    confidence: float


def _as_tuple(actor: Actor) -> tuple[str, str, str | None]:
    return (actor.label, actor.type, actor.wikidata)


for _name, _default in (("kg_date", None), ("kg_mentions", None), ("kg_offices", None), ("kg_sides", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_date(doc: Doc) -> dt.date | None:
    """The article date carried by a Doc (an ISO string, so it survives multiprocessing)."""
    value = doc._.kg_date
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def mentions_by_head(doc: Doc) -> dict[int, list[Mention]]:
    """Token index → the mentions that token stands for in the parse."""
    index: dict[int, list[Mention]] = {}
    for m in doc._.kg_mentions or []:
        index.setdefault(m.head, []).append(m)
    return index


def _span_root(doc: Doc, start: int, end: int) -> Token:
    span = doc[start:end]
    for tok in span:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return span[0]


class ActorFinder:
    """Pipeline component; see the module docstring. ``data_dir`` overrides the package's gazetteer."""

    def __init__(self, nlp: Language, name: str, data_dir: str = ""):
        self.name = name
        self.gaz = Gazetteer.load(data_dir) if data_dir else default_gazetteer()
        # Names match without case or accents ("Cédéao" for "CEDEAO"): on NORM, which this component
        # sets to the folded form of each token before matching (see _fold_norms).
        self.names = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.words = mention_words()
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
            docs = [_fold_norms(nlp.make_doc(v)) for v in variants]
            (self.exact if form.isupper() or elided else self.names).add(key, docs)
        self.role_heads: set[str] = set()  # first words of multi-word titles
        for role in self.gaz.roles.values():
            for form in role.forms:
                for variant in {form, plural_form(form)}:
                    # "l'ex-président", "l'ex-premier ministre": the prefix is glued to the title's first word
                    forms = {variant} | {p + variant for p in self.words["former_prefixes"]}
                    self.roles.add(role.name, [nlp.make_doc(v) for f in forms for v in surface_variants(f)])
                    if " " in variant:
                        self.role_heads.add(strip_accents(variant.split()[0].lower()))
        # Hashes of the words that can start a title with an adjective inside, a counterpart, or an
        # adjective of nationality: the document is scanned for them with one array operation.
        heads = self.role_heads | {f.split()[0].lower() for role in self.gaz.roles.values() for f in role.forms}
        self.head_hashes = _hashes(nlp, heads)
        self.counterpart_hashes = _hashes(nlp, self.words["counterparts"] | self.words["successors"])
        self.adjective_hashes = _hashes(nlp, self.gaz.adjective_words)
        self.country_hashes = _hashes(nlp, self.words["own_country"])
        self.pair_hashes = _hashes(nlp, self.words["pair_people"] | self.words["pair_states"])

    # ----------------------------------------------------------------- entry
    def __call__(self, doc: Doc) -> Doc:
        _fold_norms(doc)
        date = doc_date(doc)
        mentions: list[Mention] = []
        taken: set[int] = set()
        for m in self._gazetteer_mentions(doc):
            mentions.append(m)
            taken.update(range(m.start, m.end))
        mentions += self._ner_mentions(doc, taken, mentions)
        role_mentions, offices = self._role_mentions(doc, mentions, date)
        offices += self._affiliations(doc, mentions)
        mentions += role_mentions
        mentions += self._adjective_mentions(doc, mentions)
        mentions += self._attached_names(doc, mentions)
        mentions += self._own_countries(doc, mentions, date)
        mentions += self._pairs(doc, mentions)
        doc._.kg_mentions = mentions
        doc._.kg_offices = offices
        doc._.kg_sides = self._sides(mentions, date)
        return doc

    # ----------------------------------------------------------------- names and metonyms
    def _gazetteer_mentions(self, doc: Doc) -> list[Mention]:
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
            root = _span_root(doc, start, end)
            if kind == "metonym" and _is_venue(root):
                continue
            used.update(range(start, end))
            conf = 0.95 if kind == "name" else 0.85
            out.append(Mention(start, end, root.i, *_as_tuple(actor), kind, conf))
        return out

    # ----------------------------------------------------------------- NER fallback
    def _ner_mentions(self, doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
        people: list[Span] = []
        orgs: list[Span] = []
        for ent in doc.ents:
            if taken.intersection(range(ent.start, ent.end)):
                continue
            span = _trim_name(ent)
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
            root = _span_root(doc, span.start, span.end)
            out.append(Mention(span.start, span.end, root.i, *_as_tuple(actor), "ner", 0.7))
        for span in orgs:
            actor = self.gaz.lookup(span.text) or Actor(span.text, "Institution")
            root = _span_root(doc, span.start, span.end)
            if actor.type == "State" and _is_venue(root):
                continue
            out.append(Mention(span.start, span.end, root.i, *_as_tuple(actor), "ner", 0.6))
        return out

    # ----------------------------------------------------------------- offices
    def _role_mentions(
        self, doc: Doc, mentions: list[Mention], date: dt.date | None
    ) -> tuple[list[Mention], list[OfficeFact]]:
        """Office titles: resolve the holder (named beside the title, or the holder on the date)."""
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        people = {i for m in mentions if m.type == "Person" for i in range(m.start, m.end)}
        # A title must not cut an organisation's name: "président du Conseil européen" is a président.
        cut = {i for m in mentions if m.type != "Person" for i in range(m.start + 1, m.end)}
        spans = [(doc.vocab.strings[mid], s, e) for mid, s, e in self.roles(doc)]
        spans += self._titles_with_adjective(doc)
        spans += [("", i, i + 1) for i in _where(doc, self.counterpart_hashes)]
        spans.sort(key=lambda f: (f[1], -(f[2] - f[1])))
        out: list[Mention] = []
        offices: list[OfficeFact] = []
        last_end, last_role, last_org = -1, None, None
        for role_name, start, end in spans:
            if start < last_end or people.intersection(range(start, end)) or end in cut and start + 1 != end:
                continue
            if not role_name:  # "son homologue polonais": the role named last, in another organisation
                if last_role is None:
                    continue
                role = last_role
            else:
                role = self.gaz.roles[role_name]
            last_end = end
            last_role = role
            head = _span_root(doc, start, end)
            window = doc[max(0, start - 2) : end]
            former = any(t.lower_ in self.words["former"] or _prefix(t.lower_, self.words["former_prefixes"])
                         for t in window)
            plural = "Plur" in head.morph.get("Number")
            org, after = self._organisation(doc, start, end, by_start, date)
            if doc[start].lower_ in self.words["successors"]:  # "son prédécesseur Joe Biden": same office
                org = last_org
            last_org = org or last_org
            holders = self._named_holders(doc, start, after, by_start, by_end)
            conf = 0.9
            if not holders and org is not None and not plural and not former:
                holder = self.gaz.holder(role.name, org, date)
                if holder is not None:
                    holders = [holder]
                    conf = 0.75
            for holder in holders:
                if holder.type != "Person":
                    continue
                org_for = org or self._office_org(holder, role.name, date, former)
                if org_for is not None and org_for != holder:
                    offices.append(OfficeFact(_as_tuple(holder), role.relation, _as_tuple(org_for), head.i, conf))
                    state = self.gaz.actors.get(organs().get(org_for.label, ""))
                    if state is not None:  # "le directeur de la CIA" also serves the United States
                        relation = self.words["affiliation"]["relation"]
                        offices.append(OfficeFact(_as_tuple(holder), relation, _as_tuple(state), head.i, conf))
            if holders and not plural:
                out.append(Mention(start, end, head.i, *_as_tuple(holders[0]), "role", conf))
        return out, offices

    def _role(self, form: str) -> Role | None:
        return self.gaz.role(form)

    def _titles_with_adjective(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Titles with an adjective of nationality after their first word: "le secrétaire américain à la
        Défense", "le ministre allemand des Affaires étrangères"."""
        found = []
        for i in _where(doc, self.head_hashes):
            tok = doc[i]
            if i + 2 >= len(doc) or doc[i + 1].pos_ != "ADJ":
                continue
            for length in range(6, 0, -1):
                rest = doc[tok.i + 2 : tok.i + 2 + length]
                role = self._role(f"{tok.text} {rest.text}") if len(rest) == length else None
                if role is not None:
                    found.append((role.name, tok.i, rest.end))
                    break
        return found

    def _organisation(
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
                    led = self._led_state(by_start[i].actor, date) if doc[i - 1].pos_ == "ADP" else None
                    if led is None:
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
            # Portfolio words and articles: "ministre allemand de la Défense", "des Affaires étrangères";
            # an adjective of nationality the tagger took for a noun ("le numéro un chinois").
            if tok.pos_ == "ADP" and tok.lower_ not in self.words["title_prepositions"]:
                break
            if tok.pos_ == "ADP":
                destination = tok.lower_ in self.words["destination_prepositions"]
            if tok.pos_ in {"DET", "ADP", "NOUN", "PROPN"} and tok.ent_type_ != "PER":
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

    def _named_holders(
        self, doc: Doc, start: int, after: int, by_start: dict[int, Mention], by_end: dict[int, Mention]
    ) -> list[Actor]:
        """People named right after the title (with their coordinates) or just before it after a comma."""
        holders: list[Actor] = []
        # "Olivier Nduhungirehe, ministre rwandais des Affaires étrangères, Massad Boulos ...": a title with
        # no determiner right after a name and a comma is in apposition to that name, not to the next one.
        before = start - 1
        if (before >= 1 and doc[before].text == "," and before in by_end and by_end[before].type == "Person"
                and doc[start].lower_ not in self.words["counterparts"] | self.words["successors"]):
            return [by_end[before].actor]
        i = after
        if i < len(doc) and doc[i].text == ",":  # "le porte-parole du Pentagone, (le général) Pat Ryder"
            i += 1 + (i + 2 in by_start and doc[i + 1].pos_ == "DET")
        while i in by_start and by_start[i].type == "Person":
            holders.append(by_start[i].actor)
            i = by_start[i].end
            if i + 1 < len(doc) and doc[i].lower_ in self.words["holder_separators"] and i + 1 in by_start:
                i += 1
            else:
                break
        if holders:
            return holders
        # "Dmitri Peskov, porte-parole du Kremlin" / "Donald Trump, nouvellement élu président"
        if doc[start].lower_ in self.words["counterparts"] | self.words["successors"]:
            return []  # the person before "son homologue" is the other party
        j = start - 1
        while j >= 0 and start - j <= 4 and doc[j].text != ",":
            tok = doc[j]
            describes = tok.pos_ in {"ADV", "ADJ", "DET", "NOUN"} or "Part" in tok.morph.get("VerbForm")
            if tok.is_sent_start or not describes:
                return []
            j -= 1
        if j >= 0 and doc[j].text == "," and j in by_end and by_end[j].type == "Person":
            return [by_end[j].actor]
        return []

    def _sides(self, mentions: list[Mention], date: dt.date | None) -> list[tuple[tuple, tuple]]:
        """(person, organisation) for the people named, from the offices they held on the date: who is
        on whose side, so that relations do not pair a president with his own state."""
        sides = set()
        for m in mentions:
            if m.type != "Person":
                continue
            for office in self.gaz.offices_of(m.actor):
                if date is None or office.held_on(date):
                    sides.add((_as_tuple(m.actor), _as_tuple(office.organisation)))
        return sorted(sides)

    def _affiliations(self, doc: Doc, mentions: list[Mention]) -> list[OfficeFact]:
        """"Maria Snegovaya, du Center for Strategic and International Studies": a person presented by the
        institution they belong to."""
        by_start = {m.start: m for m in mentions}
        out = []
        for m in mentions:
            if m.type != "Person" or m.end + 2 >= len(doc) or doc[m.end].text != ",":
                continue
            i = m.end + 1
            if doc[i].lower_ not in self.words["affiliation_prepositions"]:
                continue
            i += 1
            while i < len(doc) and doc[i].pos_ == "DET":
                i += 1
            org = by_start.get(i)
            if org is not None and org.type == "Institution" and (org.end == len(doc) or doc[org.end].is_punct):
                relation = self.words["affiliation"]["relation"]
                out.append(OfficeFact(_as_tuple(m.actor), relation, _as_tuple(org.actor), m.head, 0.7))
        return out

    def _office_org(self, holder: Actor, role: str, date: dt.date | None, former: bool) -> Actor | None:
        """Where a named holder of a title serves, when the text names no organisation."""
        offices = list(self.gaz.offices_of(holder, role))
        if not offices and role in self.gaz.roles:  # "l'ancien président X", known to us as prime minister
            relation = self.gaz.roles[role].relation
            offices = [o for o in self.gaz.offices_of(holder)
                       if o.role in self.gaz.roles and self.gaz.roles[o.role].relation == relation]
        if date is not None and not former:
            on_date = [o for o in offices if o.held_on(date)]
            offices = on_date or offices
        orgs = {o.organisation for o in offices}
        return orgs.pop() if len(orgs) == 1 else None

    # ----------------------------------------------------------------- adjectives and demonyms
    def _adjective_mentions(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"la délégation russe" → Russia on "délégation"; "les Russes" → Russia; "russo-américain" → both."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        heads_with_person = {m.head for m in mentions if m.type == "Person"}
        out: list[Mention] = []
        hyphens = [m.start() for m in re.finditer("-", doc.text)]
        hyphenated = set((numpy.searchsorted(doc.to_array([IDX]), hyphens, side="right") - 1).tolist())
        for i in sorted(set(_where(doc, self.adjective_hashes)) | hyphenated):
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
                        out.append(Mention(tok.i, tok.i + 3, noun.i, *_as_tuple(a), "demonym", 0.75))
                    continue
            if not actors:
                found = self.gaz.adjective(tok.text)
                actors = [found] if found is not None else []
            if not actors:
                continue
            if tok.pos_ in {"NOUN", "PROPN"} and tok.text[:1].isupper():  # "les Russes"
                for a in actors:
                    out.append(Mention(tok.i, tok.i + 1, tok.i, *_as_tuple(a), "demonym", 0.8))
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
                out.append(Mention(tok.i, tok.i + 1, noun.i, *_as_tuple(a), "demonym", 0.75))
        return out

    def _attached_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
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

    def _own_countries(self, doc: Doc, mentions: list[Mention], date: dt.date | None) -> list[Mention]:
        """"son pays" after a person: the state that person leads or serves on the date ("Zelensky ... son pays")."""
        people = sorted((m for m in mentions if m.type == "Person"), key=lambda m: m.start)
        out: list[Mention] = []
        for i in _where(doc, self.country_hashes):
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
                out.append(Mention(det[0].i, i + 1, i, *_as_tuple(state), "metonym", 0.7))
        return out

    def _pairs(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"les deux dirigeants", "les deux pays": the last two actors of that type named in this sentence or
        the two before. "les cinq dirigeants": the people (states) named there, when exactly that many are."""
        out: list[Mention] = []
        numbers = self.words["group_sizes"]
        for i in _where(doc, self.pair_hashes):
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


def _fold_norms(doc: Doc) -> Doc:
    """Set each token's NORM to its lower-case form without accents, the key of the name matcher.

    The statistical components have run by then; nothing else in kg reads NORM."""
    for tok in doc:
        tok.norm_ = key(tok.lower_)
    return doc


def _hashes(nlp: Language, words: Iterable[str]) -> numpy.ndarray:
    return numpy.array(sorted({nlp.vocab.strings.add(w) for w in words}), dtype="uint64")


def _where(doc: Doc, hashes: numpy.ndarray) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``hashes``."""
    return numpy.flatnonzero(numpy.isin(doc.to_array([LOWER]), hashes)).tolist()


def _prefix(word: str, prefixes: frozenset[str]) -> str:
    """The prefix of ``prefixes`` that ``word`` starts with ("ex-" of "ex-premier"), else ""."""
    return next((p for p in prefixes if word.startswith(p)), "")


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
    start, end = ent.start, ent.end
    titles = mention_words()["titles"]
    while start < end and (ent.doc[start].lower_ in titles or ent.doc[start].pos_ in {"DET", "ADP", "PUNCT"}):
        start += 1
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


@Language.factory("kg_actors", default_config={"data_dir": ""})
def make_actor_finder(nlp: Language, name: str, data_dir: str) -> ActorFinder:
    return ActorFinder(nlp, name, data_dir)
