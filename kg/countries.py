"""Which state an actor is or belongs to, as an ISO 3166-1 alpha-3 code: the country column event data sets carry.

ICEWS and POLECAT users aggregate by country; the data is ours (kg/data/iso3166.tsv for states,
affiliations.tsv for national bodies and parties, offices.tsv for people), so a new actor needs no code.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from .datafiles import Row
from .gazetteer import default_gazetteer
from .model import Actor
from .resources import DATA_DIR, tsv_records


@cache
def iso3(path: Path = DATA_DIR / "iso3166.tsv") -> dict[str, str]:
    """ISO 3166-1 alpha-3 code of each State, by its actors.tsv label; a wrong row fails with its line."""
    codes: dict[str, str] = {}
    for row in tsv_records(path, ("state", "alpha3")):
        state, code = _state(row, "state"), row["alpha3"].strip()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise row.error(f"alpha-3 code {code!r} of {state} is not three capital letters")
        if state in codes:
            raise row.error(f"{state} given twice")
        codes[state] = code
    return codes


@cache
def affiliation_rows(path: Path = DATA_DIR / "affiliations.tsv") -> tuple[tuple[str, str, bool], ...]:
    """(actor, state, organ) of each row of affiliations.tsv, checked: a known actor, a State, organ yes or empty."""
    gaz, out, seen = default_gazetteer(), [], set()
    for row in tsv_records(path, ("actor", "state", "organ")):
        actor, state, organ = row["actor"].strip(), _state(row, "state"), row["organ"].strip()
        if actor not in gaz.actors:
            raise row.error(f"actor {actor!r} is not a label of actors.tsv")
        if organ not in ("", "yes"):
            raise row.error(f"organ must be 'yes' or empty, not {organ!r}")
        if actor in seen:
            raise row.error(f"{actor} given twice")
        seen.add(actor)
        out.append((actor, state, organ == "yes"))
    return tuple(out)


def _state(row: Row, column: str) -> str:
    """The cell ``column`` of ``row``, which must be the label of a State of actors.tsv."""
    label = row[column].strip()
    actor = default_gazetteer().actors.get(label)
    if actor is None or actor.type != "State":
        raise row.error(f"{column} {label!r} is not a State of actors.tsv")
    return label


@cache
def affiliations() -> dict[str, str]:
    """The state label of each non-state actor that belongs to one state."""
    return {actor: state for actor, state, _ in affiliation_rows()}


@cache
def organs() -> dict[str, str]:
    """Bodies of a state's own executive, by label, with that state: their office holders serve it."""
    return {actor: state for actor, state, organ in affiliation_rows() if organ}


def _state_of_label(label: str) -> str:
    """A State's own label, or the state an institution or group of affiliations.tsv belongs to."""
    return label if label in iso3() else affiliations().get(label, "")


def state_of(actor: Actor, date: dt.date | None = None) -> str:
    """The label of the State ``actor`` is or belongs to; for a person, through the offices they held.

    A person's office on ``date`` decides; without one, all their offices must point to one state.
    Empty when unknown or ambiguous (someone who held national and EU office, an IGO, a coalition).
    """
    own = _state_of_label(actor.label)
    if own or actor.type != "Person":
        return own
    gaz = default_gazetteer()
    person = gaz.actors.get(actor.label)
    if person is None:
        return ""
    offices = list(gaz.offices_of(person))
    if date is not None:
        current = {_state_of_label(o.organisation.label) for o in offices if o.held_on(date)} - {""}
        if len(current) == 1:
            return current.pop()
    states = {_state_of_label(o.organisation.label) for o in offices} - {""}
    return states.pop() if len(states) == 1 else ""


def country_code(actor: Actor, date: dt.date | None = None) -> str:
    """ISO 3166-1 alpha-3 of :func:`state_of`, or empty."""
    state = state_of(actor, date)
    return iso3().get(state, "")
