"""The words the ``kg_actors`` component reads mentions with (``kg/data/mentions.yaml``), checked as loaded.

A misspelt or missing key would silently empty a word list (no titles trimmed, no venue recognised), so
every key is checked against the ones the component reads and every value against its type, with the line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .datafiles import DataError, Node, check_keys, load_yaml, words
from .vocab import relations

WORDS_PATH = Path(__file__).resolve().parent / "data" / "mentions.yaml"

#: keys whose value is a list of words, read as a set of lower-case words
WORD_LISTS = ("titles", "ranks", "former", "former_prefixes", "holder_separators", "affiliation_prepositions",
              "title_prepositions", "title_modifiers", "destination_prepositions", "employer_roles",
              "place_or_recipient_prepositions", "venue_genitives", "venue_prepositions", "party_verbs",
              "event_nouns", "counterparts", "successors", "own_country", "possessive_singular", "pair_people",
              "pair_states")
#: keys whose value is a mapping, with the type of its values
TABLES: dict[str, type] = {"affiliation": str, "group_sizes": int}
_TYPE_NAMES = {str: "word", int: "whole number"}


@cache
def mention_words(path: Path = WORDS_PATH) -> dict[str, Any]:
    """Word lists as sets of lower-case words, tables (number words) as dicts; a wrong file fails with its line."""
    data = load_yaml(path)
    check_keys(path, data, (*WORD_LISTS, *TABLES), "mentions.yaml")
    for name in (*WORD_LISTS, *TABLES):
        if name not in data:
            raise DataError(path, data.line or 1, f"missing key {name!r}")
    out: dict[str, Any] = {}
    for name in WORD_LISTS:
        if not isinstance(data[name], list):
            raise DataError(path, data.line_of(name), f"{name!r} must be a list of words, not {data[name]!r}")
        out[name] = frozenset(w.lower() for w in words(path, data, name, data[name]))
    for name, kind in TABLES.items():
        out[name] = _table(path, data, name, kind)
    relation = out["affiliation"].get("relation")
    if relation not in relations():
        raise DataError(path, data["affiliation"].line_of("relation"),
                        f"affiliation needs a relation of the ontology, not {relation!r}")
    return out


def _table(path: Path, data: Node, name: str, kind: type) -> dict[str, Any]:
    """A mapping of words to values of ``kind`` (``bool`` is no ``int`` here)."""
    table = data[name]
    if not isinstance(table, Node):
        raise DataError(path, data.line_of(name), f"{name!r} must be a mapping, not {table!r}")
    for word, value in table.items():
        if not isinstance(value, kind) or isinstance(value, bool):
            raise DataError(path, table.line_of(word), f"{name}.{word} must be a {_TYPE_NAMES[kind]}, not {value!r}")
    return {str(word).lower(): value for word, value in table.items()}


def rank_end(doc: Doc, i: int) -> int:
    """The index after a military rank (mentions.yaml) that starts at token ``i``, the longest one; ``i`` when none."""
    ranks = mention_words()["ranks"]
    for n in range(5, 0, -1):
        if i + n <= len(doc) and doc[i : i + n].text.lower().replace("’", "'") in ranks:
            return i + n
    return i
