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

from .datafiles import Row
from .model import Actor
from .resources import DATA_DIR, tsv_records
from .textnorm import strip_accents
from .vocab import ACTOR_TYPES
from .vocab import relations as relation_inventory

ACTOR_COLUMNS = ("label", "type", "wikidata", "aliases", "metonyms", "adjectives")
ROLE_COLUMNS = ("role", "relation", "forms")
OFFICE_COLUMNS = ("role", "organisation", "holder", "start", "end")

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
    """One row of offices.tsv: ``holder`` held ``role`` in ``organisation`` from ``start`` to ``end``
    (None: an open bound; no end means still in office)."""

    role: str
    organisation: Actor
    holder: Actor
    start: dt.date | None
    end: dt.date | None

    def held_on(self, date: dt.date) -> bool:
        """Whether the office was held on ``date``: start day included, end day excluded, a missing bound open."""
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
        """Read actors.tsv, roles.tsv and offices.tsv from ``data_dir``; missing files give empty tables.

        A wrong row fails with its file and line (:class:`DataError`): an unknown type or relation, a
        malformed Wikidata id or date, a label, form or role given twice, an office of an unknown role or actor.
        """
        data_dir = Path(data_dir)
        gaz = cls()
        owners: dict[str, tuple[Actor, int]] = {}  # every name, metonym and adjective form → its actor, line
        for row in tsv_records(data_dir / "actors.tsv", ACTOR_COLUMNS):
            gaz._add_actor(row, owners)
        relations = relation_inventory()
        form_lines: dict[str, int] = {}
        for row in tsv_records(data_dir / "roles.tsv", ROLE_COLUMNS):
            gaz._add_role(row, relations, form_lines)
        for row in tsv_records(data_dir / "offices.tsv", OFFICE_COLUMNS):
            gaz._add_office(row)
        return gaz

    def _add_actor(self, row: Row, owners: dict[str, tuple[Actor, int]]) -> None:
        label, kind, wikidata = row["label"].strip(), row["type"].strip(), row["wikidata"].strip()
        if not label:
            raise row.error("an actor without a label")
        if label in self.actors:
            raise row.error(f"label {label!r} given twice (line {owners[normalize(label)][1]})")
        if kind not in ACTOR_TYPES:
            raise row.error(f"unknown actor type {kind!r} of {label}; known: {', '.join(ACTOR_TYPES)}")
        if wikidata and not re.fullmatch(r"Q\d+", wikidata):
            raise row.error(f"malformed Wikidata id {wikidata!r} of {label} (Q and digits)")
        actor = Actor(label, kind, wikidata or None)
        self.actors[label] = actor
        names, metonyms = [label, *_cell(row["aliases"])], _cell(row["metonyms"])
        for name in (*names, *metonyms):
            _claim(owners, normalize(name), actor, row, name)
        for name in names:
            self.names.setdefault(normalize(name), actor)
            self.surface.setdefault("name", []).append((name, actor, "name"))
        for name in metonyms:
            self.metonyms.setdefault(normalize(name), actor)
            self.surface.setdefault("metonym", []).append((name, actor, "metonym"))
        for adjective in _cell(row["adjectives"]):
            for form in adjective_forms(adjective):
                _claim(owners, "adjective " + strip_accents(form), actor, row, form)
                self.adjectives.setdefault(strip_accents(form), actor)
                self.adjective_words |= {form, strip_accents(form)}
            for stem in combining_forms(adjective):
                self.combining.setdefault(stem, actor)
                self.adjective_words.add(stem)

    def _add_role(self, row: Row, relations: dict, form_lines: dict[str, int]) -> None:
        name, relation = row["role"].strip(), row["relation"].strip()
        if not name:
            raise row.error("a role without a name")
        if name in self.roles:
            raise row.error(f"role {name!r} given twice")
        if relation not in relations:
            raise row.error(f"unknown relation {relation!r} of role {name}; known: {', '.join(relations)}")
        role = Role(name, relation, tuple(_cell(row["forms"])))
        self.roles[name] = role
        for form in role.forms:
            other = self.role_forms.get(normalize(form))
            if other is not None and other.name != name:
                raise row.error(f"form {form!r} of role {name} is already a form of {other.name} "
                                f"(line {form_lines[normalize(form)]})")
            self.role_forms[normalize(form)] = role
            form_lines.setdefault(normalize(form), row.line)
        for form in role.forms:  # plurals ("ministres de la défense"), after every singular form
            self.role_forms.setdefault(normalize(plural_form(form)), role)
            form_lines.setdefault(normalize(plural_form(form)), row.line)

    def _add_office(self, row: Row) -> None:
        role = row["role"].strip()
        if role not in self.roles:
            raise row.error(f"unknown role {role!r}: not a role of roles.tsv")
        org, holder = (self._label(row, column) for column in ("organisation", "holder"))
        start, end = _date(row, "start"), _date(row, "end")
        if start and end and end < start:
            raise row.error(f"end {end} before start {start}")
        office = Office(role, org, holder, start, end)
        self.offices.append(office)
        self.by_holder.setdefault(holder, []).append(office)

    def _label(self, row: Row, column: str) -> Actor:
        label = row[column].strip()
        if label not in self.actors:
            raise row.error(f"{column} {label!r} is not a label of actors.tsv")
        return self.actors[label]

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
        """The role a title names, matched on its normalised form ("Présidente" → head-of-state), or None."""
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


def _claim(owners: dict[str, tuple[Actor, int]], key: str, actor: Actor, row: Row, form: str) -> None:
    """Record that ``key`` names ``actor``; a form that already names another actor fails (one actor a form)."""
    owner = owners.setdefault(key, (actor, row.line))
    if owner[0] != actor:
        raise row.error(f"{form!r} of {actor.label} already names {owner[0].label} (line {owner[1]}): "
                        "a surface form must name one actor")


def _date(row: Row, column: str) -> dt.date | None:
    """An ISO date yyyy-mm-dd, or None for an empty cell."""
    value = row[column].strip()
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise row.error(f"{column} {value!r} is not a date yyyy-mm-dd")


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the package's data files, loaded once per process."""
    return Gazetteer.load(DATA_DIR)
