"""Every data file under kg/data fails loudly when wrong: a DataError naming the file and the line to fix.

Each case writes a copy of a shipped file with one mistake into tmp_path and loads it with the real loader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.clean import junk_rules
from kg.countries import affiliation_rows, iso3
from kg.datafiles import DataError
from kg.dates import number_table
from kg.eventcodes import cameo_codes, plover_types
from kg.gazetteer import Gazetteer
from kg.mentionwords import mention_words
from kg.resources import DATA_DIR, tsv_records

GAZETTEER_FILES = ("actors.tsv", "roles.tsv", "offices.tsv")


def _broken(tmp_path: Path, name: str, old: str, new: str, at: str | None = None) -> tuple[Path, int]:
    """Copy kg/data/<name> into tmp_path with ``old`` replaced by ``new``; the line where ``at`` now is, by
    default the line the replacement's first non-blank text is on."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {name}: update the test"
    bad = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(bad, encoding="utf-8")
    if at is not None:
        return path, bad[: bad.index(at)].count("\n") + 1
    leading = new[: len(new) - len(new.lstrip("\n"))]
    return path, (text[: text.index(old)] + leading).count("\n") + 1


def _fails(load, path: Path, line: int, message: str) -> None:
    with pytest.raises(DataError) as err:
        load()
    assert message in err.value.message, err.value
    assert (err.value.path, err.value.line) == (path, line), err.value
    assert str(err.value).startswith(f"{path}:{line}: ")


# ---------------------------------------------------------------- the shipped files
def test_the_shipped_files_load():
    gaz = Gazetteer.load(DATA_DIR)
    assert len(gaz.actors) > 800 and gaz.roles and gaz.offices
    assert iso3() and affiliation_rows() and cameo_codes() and plover_types() and junk_rules()
    assert mention_words()["group_sizes"]["deux"] == 2
    for name in ("months.tsv", "weekdays.tsv", "relative_days.tsv"):
        assert number_table(DATA_DIR / name)
    for path in DATA_DIR.glob("*.tsv"):
        assert tsv_records(path), path


# ---------------------------------------------------------------- actors.tsv, roles.tsv, offices.tsv
GAZETTEER_CASES = [
    ("actors.tsv", "Albania\tState\tQ222\tAlbanie", "Albania\tState\tQ222 Albanie", None,
     "5 tab-separated cells where the header has 6"),
    ("actors.tsv", "label\ttype\twikidata", "label\tkind\twikidata", None, "header must be label/type/wikidata"),
    ("actors.tsv", "Albania\tState\tQ222", "Albania\tEtat\tQ222", None, "unknown actor type 'Etat'"),
    ("actors.tsv", "Albania\tState\tQ222", "Albania\tState\tQ22a", None, "malformed Wikidata id 'Q22a'"),
    ("actors.tsv", "Albania\tState\tQ222", "Albania\tState\t222", None, "malformed Wikidata id '222'"),
    ("actors.tsv", "Albania\tState\tQ222\tAlbanie", "Andorra\tState\tQ222\tAlbanie", None,
     "label 'Andorra' given twice (line 9)"),
    ("actors.tsv", "Albania\tState\tQ222\tAlbanie", "Albania\tState\tQ222\tAlbanie|Kaboul", None,
     "'Kaboul' of Albania already names Afghanistan (line 11)"),
    ("actors.tsv", "albanais|albanaise", "afghan|albanais|albanaise", "Albania\tState",
     "of Albania already names Afghanistan (line 11)"),
    ("roles.tsv", "head-of-state\tleader-of", "head-of-state\tleads", None, "unknown relation 'leads'"),
    ("roles.tsv", "vice-president\tmember-of\tvice-président", "vice-president\tmember-of\tprésident|vice-président",
     None, "form 'président' of role vice-president is already a form of head-of-state (line 10)"),
    ("offices.tsv", "head-of-state\tUnited States\tBarack Obama", "head-of-stat\tUnited States\tBarack Obama", None,
     "unknown role 'head-of-stat'"),
    ("offices.tsv", "head-of-state\tUnited States\tBarack Obama", "head-of-state\tUnited States\tObama", None,
     "holder 'Obama' is not a label of actors.tsv"),
    ("offices.tsv", "head-of-state\tUnited States\tBarack Obama", "head-of-state\tÉtats-Unis\tBarack Obama", None,
     "organisation 'États-Unis' is not a label of actors.tsv"),
    ("offices.tsv", "Barack Obama\t2009-01-20", "Barack Obama\t20/01/2009", None,
     "start '20/01/2009' is not a date yyyy-mm-dd"),
    ("offices.tsv", "Barack Obama\t2009-01-20\t2017-01-20", "Barack Obama\t2009-01-20\t2017-02-30", None,
     "end '2017-02-30' is not a date"),
    ("offices.tsv", "Barack Obama\t2009-01-20", "Barack Obama\t2009", None, "start '2009' is not a date"),
    ("offices.tsv", "Barack Obama\t2009-01-20\t2017-01-20", "Barack Obama\t2019-01-20\t2017-01-20", None,
     "end 2017-01-20 before start 2019-01-20"),
]


@pytest.mark.parametrize("name, old, new, at, message", GAZETTEER_CASES)
def test_a_wrong_gazetteer_row_names_file_and_line(tmp_path, name, old, new, at, message):
    for other in GAZETTEER_FILES:
        shutil.copy(DATA_DIR / other, tmp_path / other)
    path, line = _broken(tmp_path, name, old, new, at)
    _fails(lambda: Gazetteer.load(tmp_path), path, line, message)


# ---------------------------------------------------------------- the other tables
OTHER_CASES = [
    ("affiliations.tsv", "Hamas\tPalestine", "Hamas\tHezbollah", affiliation_rows,
     "state 'Hezbollah' is not a State of actors.tsv"),
    ("affiliations.tsv", "Hamas\tPalestine", "Hamas\tPalestina", affiliation_rows,
     "state 'Palestina' is not a State"),
    ("affiliations.tsv", "Hamas\tPalestine\t", "Hamas\tPalestine\toui", affiliation_rows,
     "organ must be 'yes' or empty"),
    ("affiliations.tsv", "Hamas\tPalestine", "Hamaas\tPalestine", affiliation_rows, "actor 'Hamaas' is not a label"),
    ("affiliations.tsv", "Hamas\tPalestine\t", "Hamas\tPalestine", affiliation_rows, "2 tab-separated cells"),
    ("iso3166.tsv", "Albania\tALB", "Albania\tAL", iso3, "'AL' of Albania is not three capital letters"),
    ("iso3166.tsv", "Albania\tALB", "Hamas\tALB", iso3, "state 'Hamas' is not a State"),
    ("cameo.tsv", "030\tAGREE", "030\tAGREED", cameo_codes, "'AGREED' is not a type of plover.tsv"),
    ("cameo.tsv", "031\tAGREE", "30\tAGREE", cameo_codes, "CAMEO code '30' is not 3 or 4 digits"),
    ("cameo.tsv", "031\tAGREE", "030\tAGREE", cameo_codes, "CAMEO code 030 given twice"),
    ("plover.tsv", "AGREE\tverbal cooperation\t4.2", "AGREE\tverbal cooperation\thigh", plover_types,
     "schrodt score 'high' is not a number"),
    ("plover.tsv", "AGREE\tverbal cooperation", "AGREE\tverbal co-operation", plover_types, "unknown quad"),
    ("months.tsv", "mai\t5", "mai\tcinq", number_table, "'cinq' of 'mai' is not a whole number"),
    ("months.tsv", "mai\t5", "mai\t13", number_table, "13 of 'mai' is not in 1..12"),
    ("weekdays.tsv", "lundi\t0", "lundi\t7", number_table, "7 of 'lundi' is not in 0..6"),
    ("relative_days.tsv", "hier\t-1", "hier\t-1\tyesterday", number_table, "3 tab-separated cells"),
    ("junk.tsv", "line\t^©\tcopyright line", "lines\t^©\tcopyright line", junk_rules, "unknown action 'lines'"),
    ("junk.tsv", "line\t^©\tcopyright line", "line\t^(©\tcopyright line", junk_rules, "is not a regular expression"),
    ("french_words.tsv", "\nmais\n", "\nmais\tou\n", tsv_records, "2 tab-separated cells"),
]


@pytest.mark.parametrize("name, old, new, load, message", OTHER_CASES)
def test_a_wrong_table_row_names_file_and_line(tmp_path, name, old, new, load, message):
    path, line = _broken(tmp_path, name, old, new)
    _fails(lambda: load(path), path, line, message)


# ---------------------------------------------------------------- mentions.yaml
MENTION_CASES = [
    ("own_country: [pays]", "own_countries: [pays]", "unknown key 'own_countries'"),
    ("own_country: [pays]", "own_country: pays", "'own_country' must be a list of words"),
    ("own_country: [pays]", "own_country: [[pays]]", "'own_country' must be a word or a list of words"),
    ("group_sizes: {deux: 2,", "group_sizes: {deux: two,", "group_sizes.deux must be a whole number, not 'two'"),
    ("group_sizes: {deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10}",
     "group_sizes: [deux, trois]", "'group_sizes' must be a mapping"),
    ("affiliation: {relation: member-of}", "affiliation: {relation: member}",
     "affiliation needs a relation of the ontology, not 'member'"),
]


@pytest.mark.parametrize("old, new, message", MENTION_CASES)
def test_a_wrong_mentions_key_names_file_and_line(tmp_path, old, new, message):
    path, line = _broken(tmp_path, "mentions.yaml", old, new)
    _fails(lambda: mention_words(path), path, line, message)


def test_a_missing_mentions_key_names_the_file(tmp_path):
    path, _ = _broken(tmp_path, "mentions.yaml", "pair_states: [pays]\n", "")
    text = path.read_text(encoding="utf-8")
    first = next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#"))
    _fails(lambda: mention_words(path), path, first, "missing key 'pair_states'")
