"""Office titles and the people who hold them: "le président ukrainien" → the president of Ukraine on the article's
date, "son homologue polonais", "Maria Snegovaya, du CSIS"; and the offices each person named holds (their side)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .countries import affiliations, organs
from .gazetteer import Gazetteer, Office, Role, plural_form, strip_accents, surface_variants
from .mentions import Mention, OfficeFact, as_tuple, span_root
from .mentionwords import rank_end
from .model import Actor
from .organisations import OrganisationReader
from .tokenscan import hashes, where


class OfficeFinder:
    """Titles of the gazetteer ``gaz``'s roles, resolved with the word lists of mentions.yaml."""

    def __init__(self, nlp: Language, gaz: Gazetteer, words: dict[str, Any]):
        self.gaz = gaz
        self.words = words
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.organisation = OrganisationReader(gaz, words)
        role_heads: set[str] = set()  # first words of multi-word titles
        for role in self.gaz.roles.values():
            for form in role.forms:
                for variant in {form, plural_form(form)}:
                    # "l'ex-président", "l'ex-premier ministre": the prefix is glued to the title's first word
                    forms = {variant} | {p + variant for p in self.words["former_prefixes"]}
                    self.roles.add(role.name, [nlp.make_doc(v) for f in forms for v in surface_variants(f)])
                    if " " in variant:
                        role_heads.add(strip_accents(variant.split()[0].lower()))
        # Hashes of the words that can start a title with an adjective inside, or a counterpart: the document
        # is scanned for them with one array operation.
        heads = role_heads | {f.split()[0].lower() for role in self.gaz.roles.values() for f in role.forms}
        self.head_hashes = hashes(nlp, heads)
        self.counterpart_hashes = hashes(nlp, self.words["counterparts"] | self.words["successors"])
        self.state_roles = {o.role for o in self.gaz.offices if o.organisation.type == "State"}

    def role_mentions(
        self, doc: Doc, mentions: list[Mention], date: dt.date | None
    ) -> tuple[list[Mention], list[OfficeFact]]:
        """Office titles: resolve the holder (named beside the title, or the holder on the date)."""
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        people = {i for m in mentions if m.type == "Person" for i in range(m.start, m.end)}
        # A title must not cut an organisation's name: "président du Conseil européen" is a président.
        cut = {i for m in mentions if m.type != "Person" for i in range(m.start + 1, m.end)}
        named = {m.actor for m in mentions if m.type == "Person"}
        spans = [(doc.vocab.strings[mid], s, e) for mid, s, e in self.roles(doc)]
        spans += self._titles_with_adjective(doc)
        spans += [("", i, i + 1) for i in where(doc, self.counterpart_hashes)]
        spans.sort(key=lambda f: (f[1], -(f[2] - f[1])))
        out: list[Mention] = []
        offices: list[OfficeFact] = []
        last_end, last_role, last_org = -1, None, None
        for role_name, start, end in spans:
            if start < last_end or people.intersection(range(start, end)) or end in cut and start + 1 != end:
                continue
            if start in cut or _describes_noun(doc, start, end):
                continue  # a word of a name or an adjective: "le Conseil souverain", "un État souverain"
            if not role_name:  # "son homologue polonais": the role named last, in another organisation
                role = self._counterpart_role(doc, start, last_end, mentions, date) or last_role
                if role is None:
                    continue
            else:
                role = self.gaz.roles[role_name]
            last_end = end
            last_role = role
            head = span_root(doc, start, end)
            window = doc[max(0, start - 2) : end]
            former = any(t.lower_ in self.words["former"] or _prefix(t.lower_, self.words["former_prefixes"])
                         for t in window)
            plural = "Plur" in head.morph.get("Number")
            org, after = self.organisation(doc, start, end, by_start, date)
            if doc[start].lower_ in self.words["successors"]:  # "son prédécesseur Joe Biden": same office
                org = last_org
            last_org = org or last_org
            holders = self._named_holders(doc, start, after, by_start, by_end)[: None if plural else 1]
            conf = 0.9
            if not holders and org is not None and not plural and not former:
                holder = self._implied_holder(role.name, org, named, date) or self.gaz.holder(role.name, org, date)
                if holder is None and org.type == "State":  # "le commandant en chef ukrainien"
                    holder = self._holder_in_organ(role.name, org, date)
                if holder is not None:
                    holders = [holder]
                    conf = 0.75
            for holder in holders:
                if holder.type != "Person":
                    continue
                org_for = org or self._office_org(holder, role.name, date, former)
                if org is not None and org.type == "State":
                    org_for = self._state_body(holder, role.name, org, date) or org_for
                if org_for is not None and org_for != holder:
                    offices.append(OfficeFact(as_tuple(holder), role.relation, as_tuple(org_for), head.i, conf))
                    state = self.gaz.actors.get(organs().get(org_for.label, ""))
                    if state is not None:  # "le directeur de la CIA" also serves the United States
                        relation = self.words["affiliation"]["relation"]
                        offices.append(OfficeFact(as_tuple(holder), relation, as_tuple(state), head.i, conf))
            if holders and not plural:
                out.append(Mention(start, end, head.i, *as_tuple(holders[0]), "role", conf))
        return out, offices

    def _implied_holder(self, role: str, org: Actor, named: set[Actor], date: dt.date | None) -> Actor | None:
        """The holder of ``role`` in ``org`` that the article names, when it names one holder of the office
        and not the holder on the date (GUIDELINES §4: an undated article's roles resolve to the holder its
        events imply; a date estimated from the text can be a photo's or a past event's)."""
        holders = {o.holder for o in self.gaz.offices if o.role == role and o.organisation == org}
        on_date = {o.holder for o in self.gaz.offices if o.role == role and o.organisation == org
                   and (o.held_on(date) if date is not None else o.end is None)}
        implied = (holders & named) - on_date
        return implied.pop() if len(implied) == 1 and not on_date & named else None

    def _state_offices(self, role: str, state: Actor, date: dt.date | None) -> list[Office]:
        """Offices of ``role`` held on ``date`` (now, without one) in a body of ``state`` (affiliations.tsv)."""
        bodies = affiliations()
        return [o for o in self.gaz.offices if o.role == role and bodies.get(o.organisation.label) == state.label
                and (o.held_on(date) if date is not None else o.end is None)]

    def _holder_in_organ(self, role: str, state: Actor, date: dt.date | None) -> Actor | None:
        """The one holder of ``role`` in a body of ``state`` on the date, for a role held in no state itself
        (offices.tsv): the Ukrainian commander-in-chief commands the Ukrainian army; "le président yéménite"
        is not the leader of a movement based in Yemen."""
        if role in self.state_roles:
            return None
        holders = {o.holder for o in self._state_offices(role, state, date)}
        return holders.pop() if len(holders) == 1 else None

    def _state_body(self, holder: Actor, role: str, state: Actor, date: dt.date | None) -> Actor | None:
        """The body of ``state`` where ``holder`` holds ``role`` when they hold it there and not in the state
        itself: "le commandant en chef ukrainien, X" leads the Ukrainian army, not Ukraine."""
        own = [o for o in self.gaz.offices_of(holder, role) if o.organisation == state]
        if own:
            return None
        bodies = {o.organisation for o in self._state_offices(role, state, date) if o.holder == holder}
        return bodies.pop() if len(bodies) == 1 else None

    def _counterpart_role(
        self, doc: Doc, start: int, last_end: int, mentions: list[Mention], date: dt.date | None
    ) -> Role | None:
        """The role of "son homologue": that of the person named before it in the sentence, after the last
        title ("Donald Trump accuse son homologue vénézuélien"), when that person held one role on the date."""
        first = max(last_end, doc[start].sent.start)
        named = [m for m in mentions if m.type == "Person" and first <= m.start and m.end <= start]
        if not named:
            return None
        person = max(named, key=lambda m: m.start).actor
        roles = {o.role for o in self.gaz.offices_of(person)
                 if o.role in self.gaz.roles and (date is None or o.held_on(date))}
        return self.gaz.roles[roles.pop()] if len(roles) == 1 else None

    def _role(self, form: str) -> Role | None:
        return self.gaz.role(form)

    def _titles_with_adjective(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Titles with an adjective of nationality after their first word: "le secrétaire américain à la
        Défense", "le ministre allemand des Affaires étrangères"."""
        found = []
        for i in where(doc, self.head_hashes):
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
            i = _name_after(doc, i + 1, by_start)
        while i in by_start and by_start[i].type == "Person":
            holders.append(by_start[i].actor)
            i = by_start[i].end
            if i + 1 < len(doc) and doc[i].lower_ in self.words["holder_separators"]:
                i = _name_after(doc, i + 1, by_start)
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

    def sides(self, mentions: list[Mention], date: dt.date | None) -> list[tuple[tuple, tuple]]:
        """(person, organisation) for the people named, from the offices they held on the date: who is
        on whose side, so that relations do not pair a president with his own state."""
        sides = set()
        for m in mentions:
            if m.type != "Person":
                continue
            for office in self.gaz.offices_of(m.actor):
                if date is None or office.held_on(date):
                    sides.add((as_tuple(m.actor), as_tuple(office.organisation)))
        return sorted(sides)

    def affiliations(self, doc: Doc, mentions: list[Mention]) -> list[OfficeFact]:
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
                out.append(OfficeFact(as_tuple(m.actor), relation, as_tuple(org.actor), m.head, 0.7))
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


def _name_after(doc: Doc, i: int, by_start: dict[int, Mention]) -> int:
    """Where the name starts after an article and a military rank from token ``i`` ("le colonel X"), or ``i``."""
    j = i + (i < len(doc) and doc[i].pos_ == "DET")
    for start in (j, rank_end(doc, j)):
        if start in by_start:
            return start
    return i


def _describes_noun(doc: Doc, start: int, end: int) -> bool:
    """A one-word title that the parse reads as an adjective of a noun ("le conseil souverain", "le pays
    leader"): no title there. A name not in the gazetteer counts too: a capitalised noun ("Conseil
    Souverain") right before it, not at the sentence start."""
    if end != start + 1 or start == 0:
        return False
    tok, before = doc[start], doc[start - 1]
    if tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return True
    return tok.is_title and before.is_title and not before.is_sent_start and before.pos_ == "NOUN"


def _prefix(word: str, prefixes: frozenset[str]) -> str:
    """The prefix of ``prefixes`` that ``word`` starts with ("ex-" of "ex-premier"), else ""."""
    return next((p for p in prefixes if word.startswith(p)), "")

