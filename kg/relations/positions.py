"""Argument positions: where a cue's subject or object sits in the parse, one small function each.

A cue of ``cues.yaml`` names its positions (``subject: [between, agent]``); a name registered here, a
prefixed one (``xcomp:à``, ``verb:à``) or a preposition of the language's ``argument_prepositions``. Each
function takes the finder, the cue's token, the document state and ``actors`` (noun phrases → actors, with
the cue's genitive and naming options) and returns actors.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..lang import key
from .discourse import DocState, actor
from .syntax import governing_verb

Position = Callable[..., list]
POSITIONS: dict[str, Position] = {}
PREFIXED: dict[str, Callable[..., list]] = {}


def position(name: str, prefixed: bool = False) -> Callable[[Position], Position]:
    def register(fn: Position) -> Position:
        (PREFIXED if prefixed else POSITIONS)[name] = fn
        return fn
    return register


@position("agent")
def agent(f, tok: Token, state: DocState, actors) -> list:
    """The logical subject; "ni X ni l'UE, le plus gros contributeur": a singular apposition to a
    coordination is said of its last conjunct."""
    coordinated = tok.dep_ == "appos" and any(c.dep_ == "conj" for c in tok.head.children)
    last = f._before_comma(tok, state) if coordinated and "Sing" in tok.morph.get("Number") else []
    return f._actors(last, state, follow=False) if last else actors(f._agents(tok, state))


@position("patient")
def patient(f, tok: Token, state: DocState, actors) -> list:
    """The direct object of an active verb, the subject of a passive."""
    return actors(f._patients(tok))


@position("self")
def self_(f, tok: Token, state: DocState, actors) -> list:
    """The actor the cue noun itself names ("l'agression russe", "la délégation américaine")."""
    return [actor(m) for m in state.heads.get(tok.i, [])]


@position("clause")
def clause(f, tok: Token, state: DocState, actors) -> list:
    """The subject of the clause the cue introduces ("X a déploré que Y ...")."""
    clauses = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
    return actors([a for c in clauses for a in f._agents(c, state)])


@position("condition")
def condition(f, tok: Token, state: DocState, actors) -> list:
    """The subject of a condition on the cue or on its complement ("menacer de suspendre l'aide si X ne
    coopère pas", "avertir que Y répondra si X ..."): whom a conditional threat is made to."""
    # the parser hangs a "si" clause on the cue, its complement or the complement's object, and its mark on the
    # clause's verb or on its first word
    clauses = [c for c in tok.subtree if c.i > tok.i and c.pos_ in {"VERB", "AUX"} and c.dep_ != "conj"
               and (key(c.left_edge.lower_) in f.g.condition_marks
                    or any(key(m.lower_) in f.g.condition_marks for m in c.children if m.dep_ == "mark"))]
    return actors([a for c in clauses for a in f._agents(c, state)])


@position("act")
def act(f, tok: Token, state: DocState, actors) -> list:
    """The author of an act a demonstrative takes up ("Islamabad a dénoncé ces frappes", "Pékin a condamné
    ces restrictions"): the subjects of the last statement of the relation the act's noun is a cue of."""
    taken_up = [c for c in tok.children if c.dep_ == "obj" and c.pos_ == "NOUN" and c.i not in state.heads
                and any("Dem" in d.morph.get("PronType") for d in c.children if d.dep_ == "det")]
    return [a for c in taken_up
            for a in state.author({cue.relation for cue in f.lex.lookup(c.lemma_, c.text) if "NOUN" in cue.pos})]


@position("possessor")
def possessor(f, tok: Token, state: DocState, actors) -> list:
    """"l'Ukraine et ses alliés" → the Ukraine; "X a défendu son allié Y" → the subject of the clause
    (GUIDELINES §4: a possessive refers to the one named before)."""
    if not any("Yes" in c.morph.get("Poss") for c in tok.children):
        return []
    if tok.dep_ == "conj":
        return f._actors([tok.head], state, follow=False)
    verb = governing_verb(tok)
    return actors(f._agents(verb, state)) if verb is not None else []


@position("host")
def host(f, tok: Token, state: DocState, actors) -> list:
    """The object of the verb a predicative noun depends on ("qualifier la Chine de « rival »")."""
    verb = tok.head
    if tok.dep_ == "nmod" and verb.dep_ == "obj":  # the parser hung the noun on the object
        return actors([verb])
    if tok.dep_ != "obj" and verb.pos_ in {"VERB", "AUX"} and not f.syn.is_passive(verb):
        return actors(f._patients(verb))
    return []


@position("apposed")
def apposed(f, tok: Token, state: DocState, actors) -> list:
    """"la Pologne, l'un des plus fervents soutiens de l'Ukraine": the noun the cue is said of."""
    return actors(f._apposed(tok, state))


@position("target")
def target(f, tok: Token, state: DocState, actors) -> list:
    """The owner of the military targets named ("des positions du Hezbollah") or the country they lie in."""
    return actors(f._targets(tok))


@position("context")
def context(f, tok: Token, state: DocState, actors) -> list:
    """The parties of the talks named last, in this sentence or the few before."""
    return state.context()


@position("sides")
def sides(f, tok: Token, state: DocState, actors) -> list:
    """The two sides of the last two-sided statement, in this sentence or the few before: whom a mediator
    talks with ("l'Égypte et le Qatar jouent les médiateurs")."""
    return state.group()


@position("mediated")
def mediated(f, tok: Token, state: DocState, actors) -> list:
    """The two sides of the last two-sided statement, for talks a third party leads ("des négociations menées
    par le Qatar et l'Égypte", "l'accord, négocié par les États-Unis et la France"): only where the leaders are
    a passive's "par" agent and on neither side: mediators talk with each side."""
    leaders = actors(f._led_by(tok) if tok.pos_ == "NOUN" else f._agents(tok, state) if f.syn.is_passive(tok) else [])
    sides = state.group()
    if not leaders or not sides or any(a == s or state.same_side(a, s) for a in leaders for s in sides):
        return []
    return sides


@position("frame")
def frame(f, tok: Token, state: DocState, actors) -> list:
    """The subject of the verb whose time the noun sets ("lors d'un entretien avec X, Y a déclaré", "Y a
    suspendu l'aide après son altercation avec X"): who took part in the talks or the agreement."""
    verb = f._framed_verb(tok)
    return actors(f._agents(verb, state)) if verb is not None else []


@position("frame", prefixed=True)
def frame_argument(f, tok: Token, state: DocState, actors, prep: str) -> list:
    """The ``prep`` argument of the verb whose time the noun sets ("Y a assuré à X que ..., lors d'un entretien
    téléphonique", "Y a réitéré son soutien à X lors d'une rencontre"): the other party."""
    verb = f._framed_verb(tok)
    return actors(f._prep(verb, prep)) if verb is not None else []


@position("quoted")
def quoted(f, tok: Token, state: DocState, actors) -> list:
    """The subject of the quotation a verb closes as an incise ("« Le Hamas rejette la trêve », a dénoncé
    X"): whom the speaker accuses or denounces."""
    quote = f.syn.quotation_before(tok)
    if quote is None:
        return []
    subjects = [t for t in quote if t.dep_ == "nsubj" and quote.start <= t.head.i < quote.end
                and not f.syn.is_passive(t.head) or t.head.i == tok.i and t.dep_ == "dep"]
    if not subjects and tok.dep_ == "parataxis" and quote.start <= tok.head.i < quote.end:
        subjects = [tok.head] if tok.head.pos_ in {"NOUN", "PROPN"} else []  # the quotation parsed as a name
    return actors(subjects[:1])


@position("between")
def between(f, tok: Token, state: DocState, actors) -> list:
    """The parties of "entre X et Y" / "l'appel Trump-Poutine" (as a pair with each other when a cue puts
    "between" on both sides; see the finder)."""
    return f._between(tok, state)


@position("xcomp", prefixed=True)
def xcomp(f, tok: Token, state: DocState, actors, prep: str) -> list:
    """The ``prep`` argument of the infinitive the cue governs ("renoncer à exiger de Moscou"); ``prep`` may
    also be a position ("xcomp:patient": "menacer d'attaquer X")."""
    # a noun's infinitive is its acl: "la menace de X d'imposer des droits au Brésil"
    infinitives = [c for c in tok.children if c.dep_ in {"xcomp", "ccomp", "acl"} and "Inf" in c.morph.get("VerbForm")]
    if prep in POSITIONS:
        return [a for c in infinitives for a in POSITIONS[prep](f, c, state, actors)]
    return actors([a for c in infinitives for a in f._prep(c, prep)])


@position("verb", prefixed=True)
def verb(f, tok: Token, state: DocState, actors, prep: str) -> list:
    """The ``prep`` argument of the verb a noun cue is the object of ("imposer à l'Inde des droits")."""
    governor = f.syn.object_of(tok)
    return actors(f._prep(governor, prep)) if governor is not None else []


def preposition(f, tok: Token, state: DocState, actors, prep: str) -> list:
    """The argument ``prep`` introduces, where the parse puts it or a little later in the clause."""
    return actors(f._prep(tok, prep) or f._later_prep(tok, prep))


def find(f, tok: Token, state: DocState, actors, name: str) -> list:
    """The actors at one position of a cue."""
    if name in POSITIONS:
        return POSITIONS[name](f, tok, state, actors)
    prefix, _, prep = name.partition(":")
    if prep and prefix in PREFIXED:
        return PREFIXED[prefix](f, tok, state, actors, prep)
    return preposition(f, tok, state, actors, name)
