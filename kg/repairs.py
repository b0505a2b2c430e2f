"""The ``kg_repairs`` spaCy component: fixes, before actors and relations read the parse, the places where
the parser is known to go wrong on news prose. Each repair is a small registered function; the language's
grammar (``repairs:`` in ``kg/lang/<lang>/grammar.yaml``) says which run, in order. What each changed goes
to ``doc._.kg_repairs`` (shown by ``kg explain``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import DEP, POS
from spacy.language import Language
from spacy.parts_of_speech import ADJ, VERB
from spacy.tokens import Doc, Token

from .lang import grammar, key
from .relations.syntax import Syntax
from .resources import data_rows

if not Doc.has_extension("kg_repairs"):
    Doc.set_extension("kg_repairs", default=None)

Repair = Callable[[Doc, "Repairer"], list[dict]]
REPAIRS: dict[str, Repair] = {}


def repair(name: str) -> Callable[[Repair], Repair]:
    def register(fn: Repair) -> Repair:
        REPAIRS[name] = fn
        return fn
    return register


@repair("participle")
def participle(doc: Doc, r: Repairer) -> list[dict]:
    """A past participle with the perfect auxiliary that the tagger took for an adjective ("a gelé les
    avoirs") is a verb whose lemma is its infinitive."""
    g, done = r.g, []
    adjectives = numpy.flatnonzero(doc.to_array([POS]) == ADJ).tolist() if len(doc) else []
    for i in adjectives:  # one array operation instead of a Token object for every word
        tok = doc[i]
        ending = next((e for e in g.participle_endings if tok.lower_.endswith(e)), None)
        if ending is None:
            continue
        if any(c.dep_ == "aux:tense" and key(c.lemma_) in g.perfect_auxiliary for c in tok.children):
            lemma = tok.lower_[: -len(ending)] + g.infinitive_ending
            done.append({"token": i, "repair": "participle", "change": f"ADJ → VERB, lemma {tok.lemma_} → {lemma}"})
            tok.pos_ = "VERB"
            tok.lemma_ = lemma
    return done


@repair("present_lemma")
def present_lemma(doc: Doc, r: Repairer) -> list[dict]:
    """A present-tense verb the lemmatizer left as written ("il reste en contact", "Moscou bombarde") has the
    infinitive for lemma, so that cues written with the infinitive match it."""
    g, done = r.g, []
    verbs = numpy.flatnonzero(doc.to_array([POS]) == VERB).tolist() if len(doc) else []
    for i in verbs:
        tok = doc[i]
        if tok.lemma_.lower() != tok.lower_ or "Inf" in tok.morph.get("VerbForm"):
            continue  # an infinitive is its own lemma ("suspendre" is no present of "suspendrer")
        ending = next((e for e in g.present_endings if tok.lower_.endswith(e)), None)
        if ending is not None:
            lemma = tok.lower_[: -len(ending)] + g.infinitive_ending
            done.append({"token": i, "repair": "present_lemma", "change": f"lemma {tok.lemma_} → {lemma}"})
            tok.lemma_ = lemma
    return done


@repair("time_object")
def time_object(doc: Doc, r: Repairer) -> list[dict]:
    """"ont adopté jeudi un paquet de sanctions": the parser makes the time word the verb's object and hangs
    the real object on it; the noun phrase after the time word is the verb's object."""
    done, times = [], r.time_words
    # one array operation instead of a Token object for every word
    candidates = numpy.flatnonzero(numpy.isin(doc.to_array([DEP]), r.object_deps)).tolist() if len(doc) else []
    for i in candidates:
        tok = doc[i]
        if tok.head.pos_ != "VERB" or key(tok.lower_) not in times:
            continue
        if tok.head.i > tok.i:
            continue  # a time before its verb: not the case
        # "depuis janvier des frappes": after a time a preposition introduces, only a partitive object
        introduced = any(c.dep_ == "case" for c in tok.children)
        nouns = [c for c in tok.children if c.i > tok.i and c.pos_ in {"NOUN", "PROPN"} and key(c.lower_) not in times
                 and c.dep_ in {"nmod", "appos", "amod", "obj", "dep", "flat:name"}
                 and (_partitive(c, r) or not introduced and not any(gc.dep_ == "case" for gc in c.children))]
        if not nouns or any(c.dep_ == "obj" and c.i != tok.i for c in tok.head.children):
            continue
        obj, verb = nouns[0], tok.head
        done.append({"token": obj.i, "repair": "time_object",
                     "change": f"{obj.text}: {obj.dep_} of {tok.text} → obj of {verb.text}; {tok.text} → obl:mod"})
        obj.head, obj.dep_ = verb, "obj"
        tok.dep_ = "obl:mod"
    return done


@repair("loose_object")
def loose_object(doc: Doc, r: Repairer) -> list[dict]:
    """"a dit avoir frappé, lundi soir, des dizaines de cibles": after a time set off by commas the parser hangs
    the object on the main verb as a modifier without preposition; it is the object of the last verb before it
    (the main verb or its verb complement) when that verb has none."""
    done = []
    for i in numpy.flatnonzero(doc.to_array([DEP]) == r.modifier_dep).tolist() if len(doc) else []:
        tok, head = doc[i], doc[i].head
        if tok.pos_ != "NOUN" or head.pos_ != "VERB" or head.i > tok.i:
            continue
        if {key(tok.lower_), key(tok.lemma_)} & r.time_words:
            continue
        if any(c.dep_ == "case" for c in tok.children) or not any(
                c.dep_ == "det" and "Art" in c.morph.get("PronType") for c in tok.children):
            continue
        verb = max([head] + [c for c in head.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ == "VERB"
                             and c.i < tok.i], key=lambda v: v.i)
        if any(c.dep_ == "obj" for c in verb.children) or not any(t.text == "," for t in doc[verb.i + 1 : tok.i]):
            continue
        change = f"{tok.text}: obl:mod of {head.text} → obj of {verb.text}"
        done.append({"token": i, "repair": "loose_object", "change": change})
        tok.head, tok.dep_ = verb, "obj"
    return done


def _partitive(tok: Token, r: Repairer) -> bool:
    """A noun introduced by a partitive article alone ("des frappes"), which the parser takes for "de"."""
    cases = [c for c in tok.children if c.dep_ == "case"]
    return len(cases) == 1 and key(cases[0].lower_) in r.g.partitive


@repair("place_apposition")
def place_apposition(doc: Doc, r: Repairer) -> list[dict]:
    """"a reçu à Paris Volodymyr Zelensky": the parser makes the person an apposition of the place before it;
    a person's name apposed to a place that a preposition introduces is the verb's object."""
    done = []
    for ent in doc.ents:
        tok = ent.root
        place = tok.head
        if ent.label_ != "PER" or tok.dep_ != "appos" or place.ent_type_ != "LOC" or place.i > tok.i:
            continue
        verb = place.head
        if not place.dep_.startswith("obl") or verb.pos_ != "VERB" or not any(c.dep_ == "case" for c in place.children):
            continue
        done.append({"token": tok.i, "repair": "place_apposition",
                     "change": f"{tok.text}: appos of {place.text} → obj of {verb.text}"})
        tok.head, tok.dep_ = verb, "obj"
    return done


@repair("enumeration")
def enumeration(doc: Doc, r: Repairer) -> list[dict]:
    """"comptait quinze pays membres, à savoir le Bénin, le Ghana ...": the parser hangs the list on the verb or
    makes the mark its preposition; the list is an apposition to the whole noun phrase before the mark (climbed
    from the word before it through its noun complements: "les États membres de l'alliance, à savoir ..." are
    the member states)."""
    done = []
    for start, end in r.marks(doc):
        before = start - 1 - (start > 0 and doc[start - 1].is_punct)
        after = end + (end < len(doc) and doc[end].is_punct)
        if before < 0 or after >= len(doc) or doc[before].pos_ not in {"NOUN", "PROPN"}:
            continue
        noun = doc[before]
        while noun.dep_ in {"nmod", "amod", "appos"} and noun.head.pos_ in {"NOUN", "PROPN"} and noun.head.i < noun.i:
            noun = noun.head
        item = doc[after]
        if item.dep_ in {"det", "case"} and item.head.i > item.i:  # "à savoir le Bénin": the noun, not its article
            item = item.head
        if item.pos_ not in {"NOUN", "PROPN"} or item.head.i == noun.i:
            continue
        done.append({"token": item.i, "repair": "enumeration",
                     "change": f"{item.text}: {item.dep_} of {item.head.text} → appos of {noun.text}"})
        for tok in doc[start:end]:
            if tok.head.i == item.i:
                tok.dep_ = "mark"
        item.head, item.dep_ = noun, "appos"
    return done


@repair("quoted_speaker")
def quoted_speaker(doc: Doc, r: Repairer) -> list[dict]:
    """"« La Russie bombarde l'Ukraine », a dénoncé X": the parser takes the subject of the quotation for the
    verb's subject and the speaker after the verb for its object; the speaker is the subject, and the quotation's
    subject is left as a plain dependent (the position ``quoted`` reads it)."""
    done = []
    verbs = numpy.flatnonzero(doc.to_array([POS]) == VERB).tolist() if len(doc) else []
    for i in verbs:
        verb = doc[i]
        quote = r.syn.quotation_before(verb)
        if quote is None:
            continue
        inside = [c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass"} and quote.start <= c.i < quote.end]
        after = [c for c in verb.children
                 if c.i > verb.i and c.dep_ in {"obj", "nsubj"} and c.pos_ in {"NOUN", "PROPN"}]
        if not after or after[0].dep_ != "obj" or any(c.dep_ == "nsubj" and c.i < quote.start for c in verb.children):
            continue
        speaker = after[0]
        done.append({"token": speaker.i, "repair": "quoted_speaker",
                     "change": f"{speaker.text}: obj → nsubj of {verb.text}"
                               + "".join(f"; {c.text}: {c.dep_} → dep" for c in inside)})
        speaker.dep_ = "nsubj"
        for c in inside:
            c.dep_ = "dep"
    return done


class Repairer:
    """Pipeline component; see the module docstring."""

    def __init__(self, nlp: Language, name: str, lang: str = "fr"):
        self.name = name
        self.g = grammar(lang)
        self.syn = Syntax(self.g)
        # read once here, not for every document
        calendar = {key(row[0]) for table in ("weekdays.tsv", "months.tsv") for row in data_rows(table)}
        self.time_words = frozenset(self.g.time_words) | calendar
        self.object_deps = numpy.array([nlp.vocab.strings.add(d) for d in ("obj", "obl:mod", "obl")], dtype="uint64")
        self.modifier_dep = nlp.vocab.strings.add("obl:mod")
        unknown = [r for r in self.g.repairs if r not in REPAIRS]
        if unknown:
            raise ValueError(f"kg/lang/{lang}/grammar.yaml: unknown repairs {unknown}; known: {', '.join(REPAIRS)}")
        self.steps = [REPAIRS[r] for r in self.g.repairs]
        self.mark_words = [tuple(m.split()) for m in self.g.enumeration_marks]

    def marks(self, doc: Doc) -> list[tuple[int, int]]:
        """Where an enumeration mark of the grammar stands, as (start, end) token offsets."""
        words = [key(t.lower_) for t in doc]
        return [(i, i + len(m)) for m in self.mark_words for i in range(len(words) - len(m) + 1)
                if tuple(words[i : i + len(m)]) == m]

    def __call__(self, doc: Doc) -> Doc:
        done: list[dict] = []
        for step in self.steps:
            done += step(doc, self)
        doc._.kg_repairs = done
        return doc


@Language.factory("kg_repairs", default_config={"lang": "fr"})
def make_repairer(nlp: Language, name: str, lang: str) -> Repairer:
    return Repairer(nlp, name, lang)
