"""A mistake in the cue file or the grammar stops the program with the file and line to fix."""

from __future__ import annotations

import pytest

from kg.datafiles import DataError
from kg.extract import load_nlp
from kg.lang import LANG_DIR as LANGS
from kg.lang import Grammar
from kg.relations import CUES_PATH, Lexicon, RelationFinder

GOOD = CUES_PATH.read_text(encoding="utf-8")


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("old, new, message", [
    ("modal_verbs:", "modal_verb:", "unknown key 'modal_verb'"),
    ("{lemma: sanctionner, pos: VERB,", "{lemma: sanctionner, pos: VERB, objet: avec,", "unknown key 'objet'"),
    ("{lemma: sanctionner, pos: VERB, subject: agent,", "{lemma: sanctionner, pos: VERB, subject: agnet,",
     "unknown argument position 'agnet'"),
    ("{lemma: sanctionner, pos: VERB,", "{lemma: sanctionner, pos: VERBE,", "unknown part of speech 'VERBE'"),
    ("  sanctioned:\n    - {lemma: sanctionner", "  sanctionned:\n    - {lemma: sanctionner", "unknown relation"),
    ("negotiated-with: {talks: true,", "negotiated-with: {talk: true,", "unknown key 'talk'"),
    ("{lemma: sanctionner, pos: VERB,", "{lemma: sanctionner, pos: VERB, requires: $nothing,",
     "unknown word class '$nothing'"),
    ("      subject: sanctions\n", "      subject: sanction\n", "names no node of the pattern"),
])
def test_a_typo_fails_with_file_and_line(tmp_path, old, new, message):
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    path = tmp_path / "cues.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as err:
        Lexicon.load(path)
    assert message in str(err.value)
    assert err.value.path == path and err.value.line == _line(bad, new.split("\n")[0].strip())


def test_a_pattern_spacy_refuses_names_its_line(tmp_path):
    bad = GOOD.replace('REL_OP: ">", RIGHT_ID: case,', 'REL_OP: "><>", RIGHT_ID: case,', 1)
    path = tmp_path / "cues.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError, match="bad pattern") as err:
        RelationFinder(load_nlp(), "kg_relations", str(path))
    assert err.value.line == _line(bad, "- name: sous le coup de sanctions")


def test_grammar_unknown_key_names_its_line(tmp_path):
    text = (LANGS / "fr" / "grammar.yaml").read_text(encoding="utf-8").replace("genitive: [de]", "genitif: [de]")
    path = tmp_path / "grammar.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="unknown key 'genitif'") as err:
        Grammar.load(path)
    assert err.value.line == _line(text, "genitif:")
