"""The CAMEO and PLOVER schemes as data (kg/data/cameo.tsv, plover.tsv), to check the ontology's codes against.

An event table is only useful to IR researchers if its codes are codes of the scheme they aggregate by:
a typo or an invented type (the old ``REDUCE``) silently drops rows from their counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .resources import data_rows
from .vocab import Relation


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code and the PLOVER type PLOVER's mapping (and, where it differs, its manual) gives it."""

    code: str
    plover: str
    mapping_mode: str
    manual_plover: str
    description: str

    @property
    def plover_types(self) -> set[str]:
        return {t for t in (self.plover, self.manual_plover) if t}


@dataclass(frozen=True)
class PloverType:
    """One PLOVER event type with its quad category, Schrodt score and the modes the manual defines."""

    name: str
    quad: str
    schrodt: float
    modes: tuple[str, ...]


@cache
def cameo_codes() -> dict[str, CameoCode]:
    return {row[0]: CameoCode(*row) for row in data_rows("cameo.tsv")}


@cache
def plover_types() -> dict[str, PloverType]:
    return {
        name: PloverType(name, quad, float(score), tuple(m for m in modes.split("|") if m))
        for name, quad, score, modes in data_rows("plover.tsv")
    }


def problems(rel: Relation) -> list[str]:
    """What is wrong with a relation's CAMEO code, PLOVER type and mode; empty when they are valid and agree."""
    found = []
    if not rel.cameo:
        if rel.plover or rel.plover_mode:
            found.append(f"{rel.slug}: PLOVER {rel.plover} {rel.plover_mode} without a CAMEO code")
        return found
    code = cameo_codes().get(rel.cameo)
    if code is None:
        return [f"{rel.slug}: CAMEO {rel.cameo!r} is not a code of kg/data/cameo.tsv"]
    if rel.plover not in plover_types():
        found.append(f"{rel.slug}: PLOVER {rel.plover!r} is not a type of kg/data/plover.tsv")
    elif rel.plover not in code.plover_types:
        found.append(f"{rel.slug}: CAMEO {rel.cameo} is PLOVER {'/'.join(sorted(code.plover_types))}, "
                     f"not {rel.plover}")
    elif rel.plover_mode and rel.plover_mode not in plover_types()[rel.plover].modes:
        found.append(f"{rel.slug}: {rel.plover_mode!r} is not a mode of PLOVER {rel.plover}")
    return found
