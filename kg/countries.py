"""Which state an actor is or belongs to, as an ISO 3166-1 alpha-3 code: the country column event data sets carry.

ICEWS and POLECAT users aggregate by country; the data is ours (kg/data/iso3166.tsv for states,
affiliations.tsv for national bodies and parties, offices.tsv for people), so a new actor needs no code.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from .gazetteer import default_gazetteer
from .model import Actor
from .resources import data_rows


@cache
def iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code of each State, by its actors.tsv label."""
    return {state: code for state, code in data_rows("iso3166.tsv")}


@cache
def affiliations() -> dict[str, str]:
    """The state label of each non-state actor that belongs to one state."""
    return {actor: state for actor, state, *_ in data_rows("affiliations.tsv")}


@cache
def organs() -> dict[str, str]:
    """Bodies of a state's own executive, by label, with that state: their office holders serve it."""
    return {actor: state for actor, state, *organ in data_rows("affiliations.tsv") if organ == ["yes"]}


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
