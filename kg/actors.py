"""The ``kg_actors`` spaCy component: finds the actors a document names and what each mention stands for.

Order of evidence, most trusted first: gazetteer names and metonyms (PhraseMatcher), office titles
resolved to their holder ("le président ukrainien" → the president of Ukraine on the article's date),
adjectives of nationality ("la délégation russe" → Russia), then spaCy's NER for people and
organisations the gazetteer lacks, labelled with the fullest form of the name in the article.

Each kind of evidence has its module: :mod:`kg.namementions` (names and NER), :mod:`kg.offices` (titles
and their holders, with :mod:`kg.organisations`), :mod:`kg.demonyms` (adjectives of nationality) and
:mod:`kg.nounmentions` (nouns standing for actors named elsewhere). What the component leaves on a Doc
is described in :mod:`kg.mentions`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .demonyms import DemonymFinder
from .gazetteer import Gazetteer, default_gazetteer
from .mentions import Mention, doc_date
from .mentionwords import mention_words
from .namementions import NameFinder, fold_norms
from .nounmentions import NounMentions
from .offices import OfficeFinder


class ActorFinder:
    """Pipeline component; see the module docstring. ``data_dir`` overrides the package's gazetteer."""

    def __init__(self, nlp: Language, name: str, data_dir: str = ""):
        self.name = name
        self.gaz = Gazetteer.load(data_dir) if data_dir else default_gazetteer()
        self.words = mention_words()
        self.names = NameFinder(nlp, self.gaz)
        self.offices = OfficeFinder(nlp, self.gaz, self.words)
        self.demonyms = DemonymFinder(nlp, self.gaz)
        self.nouns = NounMentions(nlp, self.gaz, self.words)

    def __call__(self, doc: Doc) -> Doc:
        fold_norms(doc)
        date = doc_date(doc)
        mentions: list[Mention] = []
        taken: set[int] = set()
        for m in self.names.gazetteer(doc):
            mentions.append(m)
            taken.update(range(m.start, m.end))
        mentions += self.names.ner(doc, taken, mentions)
        role_mentions, offices = self.offices.role_mentions(doc, mentions, date)
        offices += self.offices.affiliations(doc, mentions)
        mentions += role_mentions
        mentions += self.demonyms(doc, mentions)
        mentions += self.nouns.attached_names(doc, mentions)
        mentions += self.nouns.own_countries(doc, mentions, date)
        mentions += self.nouns.pairs(doc, mentions)
        doc._.kg_mentions = mentions
        doc._.kg_offices = offices
        doc._.kg_sides = self.offices.sides(mentions, date)
        return doc


@Language.factory("kg_actors", default_config={"data_dir": ""})
def make_actor_finder(nlp: Language, name: str, data_dir: str) -> ActorFinder:
    return ActorFinder(nlp, name, data_dir)
