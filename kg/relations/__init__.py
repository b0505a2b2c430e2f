"""Typed relations between the actors ``kg_actors`` found: the ``kg_relations`` spaCy component.

An engine with no word of any language and no relation name in it; what it reads:

- ``kg/data/cues.yaml``: the cues (verbs, nouns, adjectives) of each relation, where their two actors sit
  (:mod:`.positions`), named word classes, per-relation ``settings:`` and example sentences;
- ``kg/lang/<lang>/grammar.yaml``: the grammatical words of the language, by the role they play.

Modules: :mod:`.lexicon` (loading and checking the cue file), :mod:`.positions` (argument positions),
:mod:`.arguments` (subjects, objects, prepositional arguments), :mod:`.phrases` (noun phrases → actors),
:mod:`.assertion` (negation, modality), :mod:`.discourse` (talks named so far, pronouns),
:mod:`.syntax` (reading the parse), :mod:`.component` (the pipeline component). Negated, conditional,
hypothetical and merely intended relations are dropped; offices found by ``kg_actors`` become the
relations roles.tsv gives them. A statement's confidence is the cue's (lowered for reported conditionals)
times the resolution confidence of its less certain actor.
"""

from .component import RelationFinder, make_relation_finder
from .lexicon import CUES_PATH, Cue, Lexicon, Settings, default_lexicon
from .types import ActorKey, Found

__all__ = ["CUES_PATH", "ActorKey", "Cue", "Found", "Lexicon", "RelationFinder", "Settings", "default_lexicon",
           "make_relation_finder"]
