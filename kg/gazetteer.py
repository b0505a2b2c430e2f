"""The gazetteer: canonical actors, their names, metonyms and adjectives, and who held which office when.

Everything here is read from the data files under ``kg/data`` (actors.tsv, roles.tsv, offices.tsv), so
adding an actor or an office holder never needs a code change. Lookups are accent-, case- and
punctuation-insensitive, the way the scorer of GUIDELINES.md §3 compares labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .model import Actor
from .resources import tsv_records
from .textnorm import strip_accents
from .vocab import ACTOR_TYPES

DATA_DIR = Path(__file__).resolve().parent / "data"

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})
_LEADING_ARTICLE = re.compile(r"^(?:l'|le |la |les |the )", re.IGNORECASE)



def normalize(name: str) -> str:
    """Lower-case, accents, punctuation and leading articles removed: the key every lookup uses."""
    text = strip_accents(name.translate(_APOSTROPHES)).lower().strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def surface_variants(form: str) -> set[str]:
    """The spellings of one form that the matcher should accept (typographic apostrophe, accents)."""
    base = " ".join(form.translate(_APOSTROPHES).split())
    out = {base, strip_accents(base)}
    out |= {v.replace("'", "’") for v in out}
    return out


def adjective_forms(adjective: str) -> set[str]:
    """Masculine/feminine, singular/plural of a French adjective of nationality ("russe", "allemand")."""
    a = adjective.lower().strip()
    if not a:
        return set()
    forms = {a}
    if a.endswith("e"):
        forms.add(a + "s")
    elif a.endswith(("s", "x")):
        forms |= {a + "e", a + "es"}
    elif a.endswith("en"):
        forms |= {a + "ne", a + "s", a + "nes"}
    elif a.endswith("c"):  # turc → turque
        forms |= {a + "s", a[:-1] + "que", a[:-1] + "ques"}
    elif a.endswith("al"):  # occidental → occidentaux
        forms |= {a + "e", a + "es", a[:-2] + "aux"}
    else:
        forms |= {a + "e", a + "s", a + "es"}
    return forms


def plural_form(form: str) -> str:
    """Plural of a title: the first word takes the mark ("ministre de la Défense" → "ministres de ...")."""
    first, _, rest = form.partition(" ")
    if first.endswith(("s", "x", "z")):
        plural = first
    elif first.endswith("al"):
        plural = first[:-2] + "aux"
    elif first.endswith("eau"):
        plural = first + "x"
    else:
        plural = first + "s"
    return f"{plural} {rest}".strip()


def combining_forms(adjective: str) -> set[str]:
    """First halves of compound adjectives: russe → russo (russo-américain), américain → américano."""
    a = adjective.lower().strip()
    stems = {a + "o", a.rstrip("e") + "o"}
    for suffix, repl in (("ain", "ano"), ("ien", "o"), ("ais", "o"), ("ois", "o"), ("and", "o")):
        if a.endswith(suffix):
            stems.add(a[: -len(suffix)] + repl)
    return {strip_accents(s) for s in stems}


@dataclass(frozen=True)
class Role:
    """An office kind ("president"), the relation its holder has to the organisation, its French forms."""

    name: str
    relation: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Office:
    role: str
    organisation: Actor
    holder: Actor
    start: dt.date | None
    end: dt.date | None

    def held_on(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass
class Gazetteer:
    """Indexes over the actor, role and office tables; build with :meth:`load`."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, Actor] = field(default_factory=dict)  # normalised alias → actor
    metonyms: dict[str, Actor] = field(default_factory=dict)  # normalised metonym → actor
    adjectives: dict[str, Actor] = field(default_factory=dict)  # lower-case adjective form → actor
    combining: dict[str, Actor] = field(default_factory=dict)  # "russo" → Russia
    adjective_words: set[str] = field(default_factory=set)  # every adjective and combining form, lower-case
    surface: dict[str, list[tuple[str, Actor, str]]] = field(default_factory=dict)  # kind → [(form, actor)]
    roles: dict[str, Role] = field(default_factory=dict)
    role_forms: dict[str, Role] = field(default_factory=dict)  # normalised form → role
    offices: list[Office] = field(default_factory=list)
    by_holder: dict[Actor, list[Office]] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: str | Path = DATA_DIR) -> Gazetteer:
        """Read actors.tsv, roles.tsv and offices.tsv from ``data_dir``; missing files give empty tables."""
        data_dir = Path(data_dir)
        gaz = cls()
        for row in tsv_records(data_dir / "actors.tsv"):
            gaz._add_actor(row)
        for row in tsv_records(data_dir / "roles.tsv"):
            name, relation = row.get("role", "").strip(), row.get("relation", "").strip()
            if not name or not relation:
                continue
            role = Role(name, relation, tuple(_cell(row.get("forms"))))
            gaz.roles[name] = role
            for form in role.forms:
                gaz.role_forms.setdefault(normalize(form), role)
                gaz.role_forms.setdefault(normalize(plural_form(form)), role)
        for row in tsv_records(data_dir / "offices.tsv"):
            org = gaz.lookup(row.get("organisation", ""))
            holder = gaz.lookup(row.get("holder", ""))
            role = row.get("role", "").strip()
            if org is None or holder is None or not role:
                continue
            office = Office(role, org, holder, _date(row.get("start")), _date(row.get("end")))
            gaz.offices.append(office)
            gaz.by_holder.setdefault(holder, []).append(office)
        return gaz

    def _add_actor(self, row: dict[str, str]) -> None:
        label, kind = row.get("label", "").strip(), row.get("type", "").strip()
        if not label or kind not in ACTOR_TYPES:
            return
        actor = Actor(label, kind, (row.get("wikidata") or "").strip() or None)
        self.actors[label] = actor
        names = [label, *_cell(row.get("aliases"))]
        for name in names:
            self.names.setdefault(normalize(name), actor)
            self.surface.setdefault("name", []).append((name, actor, "name"))
        for name in _cell(row.get("metonyms")):
            self.metonyms.setdefault(normalize(name), actor)
            self.surface.setdefault("metonym", []).append((name, actor, "metonym"))
        for adjective in _cell(row.get("adjectives")):
            for form in adjective_forms(adjective):
                self.adjectives.setdefault(strip_accents(form), actor)
                self.adjective_words |= {form, strip_accents(form)}
            for stem in combining_forms(adjective):
                self.combining.setdefault(stem, actor)
                self.adjective_words.add(stem)

    # ------------------------------------------------------------------ lookups
    def lookup(self, name: str) -> Actor | None:
        """The actor a name, alias, metonym or wikidata id stands for ("Poutine", "Putin", "Kremlin")."""
        name = (name or "").strip()
        if not name:
            return None
        if name in self.actors:
            return self.actors[name]
        key = normalize(name)
        found = self.names.get(key) or self.metonyms.get(key)
        if found is None and re.fullmatch(r"Q\d+", name):
            found = next((a for a in self.actors.values() if a.wikidata == name), None)
        if found is None:
            found = self.adjective(name)
        return found

    def adjective(self, word: str) -> Actor | None:
        """The state (or group) an adjective or demonym names: "russes", "Américains" → its actor."""
        return self.adjectives.get(strip_accents(word.lower().translate(_APOSTROPHES)))

    def compound_adjective(self, word: str) -> list[Actor]:
        """Every actor a hyphenated adjective names: "russo-américaines" → [Russia, United States]."""
        parts = strip_accents(word.lower().translate(_APOSTROPHES)).split("-")
        if len(parts) < 2:
            return []
        found = [self.combining.get(p) or self.adjectives.get(p) for p in parts[:-1]]
        found.append(self.adjectives.get(parts[-1]))
        if any(a is None for a in found):
            return []
        return list(dict.fromkeys(a for a in found if a is not None))

    def role(self, form: str) -> Role | None:
        return self.role_forms.get(normalize(form))

    def holder(self, role: str, organisation: Actor | str, date: dt.date | None) -> Actor | None:
        """Who held ``role`` in ``organisation`` on ``date`` (the latest holder when no date is known)."""
        org = organisation if isinstance(organisation, Actor) else self.lookup(organisation)
        if org is None:
            return None
        candidates = [o for o in self.offices if o.role == role and o.organisation == org]
        if date is not None:
            on_date = [o for o in candidates if o.held_on(date)]
            return on_date[0].holder if len(on_date) == 1 else None
        current = [o for o in candidates if o.end is None]
        return current[0].holder if len(current) == 1 else None

    def offices_of(self, holder: Actor, role: str | None = None) -> Iterator[Office]:
        """The offices a person held (optionally of one role), for "le président Zelensky" → Ukraine."""
        for office in self.by_holder.get(holder, ()):
            if role is None or office.role == role:
                yield office

    def patterns(self) -> Iterator[tuple[str, str, Actor]]:
        """(surface form, kind, actor) for every name and metonym, the input of the PhraseMatcher."""
        for kind in ("name", "metonym"):
            for form, actor, _ in self.surface.get(kind, []):
                yield form, kind, actor


def _cell(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _date(value: str | None) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        try:
            return dt.date(int(value[:4]), 1, 1)
        except ValueError:
            return None


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the package's data files, loaded once per process."""
    return Gazetteer.load(DATA_DIR)
