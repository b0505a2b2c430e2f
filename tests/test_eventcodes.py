"""Every relation's CAMEO code, PLOVER type and mode are codes of their schemes and agree with PLOVER's mapping."""

from __future__ import annotations

import dataclasses

from kg.eventcodes import cameo_codes, plover_types, problems
from kg.vocab import relations


def test_scheme_files_are_consistent():
    types = plover_types()
    assert len(types) == 16  # the manual's event categories
    assert {c.plover for c in cameo_codes().values()} <= set(types)
    assert {c.manual_plover for c in cameo_codes().values()} - {""} <= set(types)
    assert all(code.isdigit() and len(code) in (3, 4) for code in cameo_codes())
    assert not any(code.startswith(("01", "02")) for code in cameo_codes())  # comments: not coded by PLOVER


def test_every_relation_code_is_valid():
    rels = relations()
    assert {slug: problems(rel) for slug, rel in rels.items() if problems(rel)} == {}
    coded = {slug for slug, rel in rels.items() if rel.cameo}
    assert len(coded) >= 10
    assert rels["suspended-aid-to"].plover == "SANCTION"  # CAMEO 162 "Reduce or stop aid"


def test_wrong_codes_are_caught():
    rel = relations()["suspended-aid-to"]
    assert problems(dataclasses.replace(rel, plover="REDUCE"))  # the old, invented type
    assert problems(dataclasses.replace(rel, plover="AID"))  # a type, but not the one of CAMEO 162
    assert problems(dataclasses.replace(rel, cameo="16-2"))
    assert problems(dataclasses.replace(rel, plover_mode="phone"))  # a CONSULT mode, not a SANCTION one
    assert problems(dataclasses.replace(rel, cameo=""))  # PLOVER without CAMEO
