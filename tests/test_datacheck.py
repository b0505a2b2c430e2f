"""``kg check-data``: every data file loads with its checks, and cue lemmas the model never produces are listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.datacheck import load_all, unproduced_lemmas
from kg.extract import load_nlp

CUES = """\
relations:
  sanctioned:
    - {lemma: sanctionner, pos: VERB}
  negotiated-with:
    - {lemma: négocie, pos: VERB}
  threatened:
    - {lemma: menace, pos: NOUN}
    - {lemma: représailles, pos: NOUN}
"""


@pytest.fixture()
def cues(tmp_path) -> Path:
    path = tmp_path / "cues.yaml"
    path.write_text(CUES, encoding="utf-8")
    return path


def test_the_shipped_data_files_all_load():
    assert len(load_all()) >= 15


def test_a_lemma_the_model_never_gives_is_listed_with_its_line(cues):
    misses = unproduced_lemmas(load_nlp(), cues)
    assert [(m.relation, m.lemma, m.line) for m in misses] == [
        ("negotiated-with", "négocie", 5),  # a conjugated form: the model says "négocier"
        ("threatened", "représailles", 8),  # the model's lemma is the singular "représaille"
    ]
    assert "négocier" in misses[0].found


def test_check_data_command_lists_them(cues):
    result = CliRunner().invoke(main, ["check-data", "--cues", str(cues), "--strict"])
    assert result.exit_code == 1, result.output
    assert f"{cues}:5: negotiated-with cue lemma 'négocie' is never the model's lemma" in result.output
    assert "2 cue lemma(s) the model never produces" in result.output


def test_check_data_command_names_file_and_line_of_a_wrong_cue_file(cues):
    cues.write_text(CUES.replace("pos: NOUN}", "pos: NOM}", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-data", "--cues", str(cues), "--no-lemmas"])
    assert result.exit_code == 1
    assert f"{cues}:7: unknown part of speech 'NOM'" in result.output


def test_check_data_command_on_the_shipped_files():
    result = CliRunner().invoke(main, ["check-data", "--no-lemmas"])
    assert result.exit_code == 0, result.output
    assert "data files load without error" in result.output
