"""The CAMEO and PLOVER schemes as data (kg/data/cameo.tsv, plover.tsv), to check the ontology's codes against.

An event table is only useful to IR researchers if its codes are codes of the scheme they aggregate by:
a typo or an invented type (the old ``REDUCE``) silently drops rows from their counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .resources import DATA_DIR, tsv_records
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


QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@cache
def cameo_codes(path: Path = DATA_DIR / "cameo.tsv") -> dict[str, CameoCode]:
    """The CAMEO codes of cameo.tsv; a malformed code, a duplicate or an unknown PLOVER type fails with its line."""
    codes: dict[str, CameoCode] = {}
    for row in tsv_records(path, ("code", "plover", "mapping_mode", "manual_plover", "description")):
        code = CameoCode(*(cell.strip() for cell in row.values()))
        if not re.fullmatch(r"\d{3,4}", code.code):
            raise row.error(f"CAMEO code {code.code!r} is not 3 or 4 digits")
        if code.code in codes:
            raise row.error(f"CAMEO code {code.code} given twice")
        for name in (code.plover, code.manual_plover):
            if name and name not in plover_types():
                raise row.error(f"{name!r} is not a type of plover.tsv")
        codes[code.code] = code
    return codes


@cache
def plover_types(path: Path = DATA_DIR / "plover.tsv") -> dict[str, PloverType]:
    """The PLOVER types of plover.tsv; an unknown quad, a score that is no number or a duplicate fails."""
    types: dict[str, PloverType] = {}
    for row in tsv_records(path, ("type", "quad", "schrodt", "modes")):
        name, quad, score = row["type"].strip(), row["quad"].strip(), row["schrodt"].strip()
        if quad not in QUADS:
            raise row.error(f"unknown quad {quad!r}; known: {', '.join(QUADS)}")
        try:
            schrodt = float(score)
        except ValueError:
            raise row.error(f"schrodt score {score!r} is not a number") from None
        if name in types:
            raise row.error(f"PLOVER type {name} given twice")
        types[name] = PloverType(name, quad, schrodt, tuple(m for m in row["modes"].strip().split("|") if m))
    return types


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
