"""Every example sentence of kg/data/cues.yaml (section ``examples``): the triples of its relation that the
extractor finds are exactly the expected ones (an empty list: the cue must not fire)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from kg.extract import extract_text, load_nlp
from kg.relations import CUES_PATH
from kg.vocab import relations

SYMMETRIC = {slug for slug, rel in relations().items() if rel.symmetric}


def _key(a: str, relation: str, b: str) -> tuple[str, str, str]:
    if relation in SYMMETRIC:
        a, b = sorted((a, b))
    return a, relation, b


def _cases():
    data = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8")) or {}
    for relation, examples in (data.get("examples") or {}).items():
        for n, ex in enumerate(examples or [], 1):
            yield pytest.param(relation, ex, id=f"{relation}-{n}-{ex['text'][:40]}")


@pytest.fixture(scope="module", autouse=True)
def nlp():
    return load_nlp()


@pytest.mark.parametrize("relation,example", list(_cases()))
def test_cue_example(relation, example):
    date = dt.date.fromisoformat(str(example["date"])) if example.get("date") else None
    found = {_key(s.subject.label, s.relation, s.object.label)
             for s in extract_text(example["text"], date) if s.relation == relation}
    expected = {_key(a, r, b) for a, r, b in example["expect"]}
    assert all(r == relation for _, r, _ in expected)
    assert found == expected
