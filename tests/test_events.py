"""`kg export --format events` of the bundled example corpus: the documented columns, valid codes, real countries."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.countries import iso3
from kg.eventcodes import cameo_codes, plover_types
from kg.events import COLUMNS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def events(example_graph, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("events") / "events.csv"
    result = CliRunner().invoke(main, ["export", str(example_graph), "--format", "events", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype={"cameo": str}, keep_default_na=False)


def documented_columns() -> list[str]:
    text = (REPO / "docs" / "events-codebook.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([a-z_0-9]+)` \|", text, flags=re.MULTILINE)


def test_columns_are_the_documented_ones(events):
    assert list(events.columns) == documented_columns() == list(COLUMNS)
    assert len(events) > 200  # every statement of the example corpus
    assert events.event_id.is_unique
    assert events.event_id.str.startswith("https://w3id.org/kg-news/resource/statement/").all()
    assert (events.start_char < events.end_char).all()
    assert events.confidence.between(0, 1).all()
    assert events.symmetric.dtype == bool


def test_every_code_is_valid(events):
    codes, types = cameo_codes(), plover_types()
    coded = events[events.cameo != ""]
    assert len(coded) > 100
    assert coded.cameo.isin(list(codes)).all()
    assert all(t in codes[c].plover_types for c, t in zip(coded.cameo, coded.plover_type, strict=True))
    assert all(m in types[t].modes for t, m in zip(coded.plover_type, coded.plover_mode, strict=True) if m)
    assert (events[events.cameo == ""].plover_type == "").all()
    assert set(coded.plover_quad) <= {t.quad for t in types.values()}
    assert (events[events.family == "structural"].cameo == "").all()


def test_countries_and_ids_of_real_actors(events):
    valid = set(iso3().values())
    for side in ("source", "target"):
        countries = events[f"{side}_country"]
        assert countries[countries != ""].isin(valid).all()
    states = events[events.source_type == "State"]
    assert (states.source_country != "").all()  # every state of the gazetteer has its code
    first = events[events.article_id == "01_invasion-ukraine"].iloc[0]
    assert (first.source_label, first.source_country, first.source_wikidata) == ("Russia", "RUS", "Q159")
    assert (first.target_label, first.target_country, first.cameo, first.plover_type) == ("Ukraine", "UKR", "190",
                                                                                           "ASSAULT")
    assert first.event_date == first.publication_date == "2022-02-24"
    putin = events[events.source_label == "Vladimir Putin"]
    assert (putin.source_country == "RUS").all()  # a person: the state of the office he holds
    aid = events[(events.relation == "suspended-aid-to") & (events.article_id == "08_aide-suspendue")]
    assert list(aid.plover_type) == ["SANCTION"] and list(aid.cameo) == ["162"]
