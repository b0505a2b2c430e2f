"""Each argument position on its own: a sentence, the cue word, and the actors the position finds there."""

from __future__ import annotations

import pytest

from kg.extract import load_nlp
from kg.relations.discourse import DocState
from kg.relations.positions import POSITIONS, PREFIXED, find

CASES = [
    ("agent", "La Russie a envahi l'Ukraine.", "envahi", {"Russia"}),
    ("patient", "La Russie a envahi l'Ukraine.", "envahi", {"Ukraine"}),
    ("self", "L'agression russe a choqué l'Europe.", "agression", {"Russia"}),
    ("between", "La rencontre entre Donald Trump et Vladimir Poutine a duré trois heures.", "rencontre",
     {"Donald Trump", "Vladimir Putin"}),
    ("clause", "La France a déploré que la Russie bombarde l'Ukraine.", "déploré", {"Russia"}),
    ("condition", "Les États-Unis ont menacé de suspendre leur aide militaire si l'Ukraine refusait le plan.", "menacé",
     {"Ukraine"}),
    ("possessor", "L'Ukraine et ses alliés ont protesté.", "alliés", {"Ukraine"}),
    ("apposed", "La Pologne, membre de l'OTAN, a protesté.", "membre", {"Poland"}),
    ("target", "Israël a frappé des positions du Hezbollah.", "frappé", {"Hezbollah"}),
    ("xcomp:à", "La France a renoncé à imposer des sanctions à l'Iran.", "renoncé", {"Iran"}),
    ("avec", "La Chine a négocié avec la Russie.", "négocié", {"Russia"}),
    ("host", "Le Kremlin a qualifié Volodymyr Zelensky de « menace ».", "menace", {"Volodymyr Zelensky"}),
    ("verb:à", "L'Inde a imposé à la Chine des droits de douane.", "droits", {"China"}),
    ("contre", "Le Canada a pris des sanctions contre la Russie.", "sanctions", {"Russia"}),
    ("quoted", "« Le Hamas a refusé toutes les offres », dénonce Benjamin Netanyahu.", "dénonce", {"Hamas"}),
    ("frame:à", "Emmanuel Macron a redit son soutien à Volodymyr Zelensky lors d'une rencontre à Paris.", "rencontre",
     {"Volodymyr Zelensky"}),
    ("frame", "Après son entretien avec Olaf Scholz, Emmanuel Macron a quitté Berlin.", "entretien",
     {"Emmanuel Macron"}),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize("name, text, word, expected", CASES, ids=[c[0] for c in CASES])
def test_position(nlp, name, text, word, expected):
    doc = nlp(text)
    finder = nlp.get_pipe("kg_relations")
    state = finder._state = DocState(doc, finder.g)
    tok = next(t for t in doc if t.text == word)
    found = find(finder, tok, state, lambda toks: finder._actors(toks, state), name)
    assert {a[0] for a in found} == expected


def test_context_is_the_talks_named_before(nlp):
    doc = nlp("Donald Trump a rencontré Vladimir Poutine. La Pologne n'a pas été invitée.")
    finder = nlp.get_pipe("kg_relations")
    state = finder._state = DocState(doc, finder.g)
    state.talks, state.s_index = [(1, [("Donald Trump", "Person", None), ("Vladimir Putin", "Person", None)])], 2
    tok = next(t for t in doc if t.text == "invitée")
    assert [a[0] for a in find(finder, tok, state, list, "context")] == ["Donald Trump", "Vladimir Putin"]


def test_sides_are_the_two_of_the_last_two_sided_statement(nlp):
    doc = nlp("L'Inde et le Pakistan ont signé une trêve. Le Qatar a joué les médiateurs.")
    finder = nlp.get_pipe("kg_relations")
    state = finder._state = DocState(doc, finder.g)
    state.sides_named, state.s_index = (1, [("India", "State", "Q668"), ("Pakistan", "State", "Q843")]), 2
    tok = next(t for t in doc if t.text == "médiateurs")
    assert [a[0] for a in find(finder, tok, state, list, "sides")] == ["India", "Pakistan"]
    state.s_index = 9  # too long ago
    assert find(finder, tok, state, list, "sides") == []


def test_mediated_is_the_sides_of_talks_a_third_party_leads(nlp):
    doc = nlp("L'Inde et le Pakistan ont signé une trêve. Les négociations menées par le Qatar ont duré un mois.")
    finder = nlp.get_pipe("kg_relations")
    state = finder._state = DocState(doc, finder.g)
    india, pakistan = ("India", "State", "Q668"), ("Pakistan", "State", "Q843")
    state.sides_named, state.s_index = (1, [india, pakistan]), 2
    tok = next(t for t in doc if t.text == "négociations")

    def actors(toks):
        return finder._actors(toks, state)

    assert [a[0] for a in find(finder, tok, state, actors, "mediated")] == ["India", "Pakistan"]
    state.sides_named = (1, [india, next(a for a in actors(finder._led_by(tok)))])  # a leader is a side
    assert find(finder, tok, state, actors, "mediated") == []


def test_act_is_the_author_of_the_act_taken_up(nlp):
    doc = nlp("L'Inde a frappé le Pakistan. Islamabad a dénoncé ces frappes.")
    finder = nlp.get_pipe("kg_relations")
    state = finder._state = DocState(doc, finder.g)
    state.authors, state.s_index = {"attacked": (1, [("India", "State", "Q668")])}, 2
    tok = next(t for t in doc if t.text == "dénoncé")
    assert [a[0] for a in find(finder, tok, state, list, "act")] == ["India"]
    state.authors = {"sanctioned": (1, [("India", "State", "Q668")])}  # "frappes" is no cue of sanctioned
    assert find(finder, tok, state, list, "act") == []


def test_every_registered_position_has_a_case():
    covered = {c[0].partition(":")[0] for c in CASES} | {"context", "sides", "act", "mediated"}
    assert set(POSITIONS) | set(PREFIXED) <= covered
