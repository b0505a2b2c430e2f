"""Reading the dependency parse the way French news needs it: voice, reflexives, prepositions, and the
places where the parser's tree is known to be off. Words come from the language's :class:`Grammar`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang import Grammar, key

# How many words a quotation has at least to be a clause even where the tagger missed its verb.
QUOTED_CLAUSE = 5


class Syntax:
    """Questions about one token's place in the parse, answered with one language's grammatical words."""

    def __init__(self, g: Grammar):
        self.g = g

    def case(self, tok: Token) -> str:
        """The preposition that introduces a noun phrase, as it compares ("aux" → "a", "au-dessus de" → "de")."""
        cases = [c for c in tok.children if c.dep_ in {"case", "fixed"} and c.i < tok.i]
        return self.g.base(cases[-1].text) if cases else ""

    def object_of(self, tok: Token) -> Token | None:
        """The verb whose direct object ``tok`` is, also where the parser took a partitive for a genitive and
        hung the object on the oblique before it ("imposer à l'Inde des droits", "dévoiler à son tour des
        sanctions"): a name or a possessed noun takes no such complement."""
        head = tok.head
        if tok.dep_ == "obj" and head.pos_ in {"VERB", "AUX"}:
            return head
        cases = [c.lower_ for c in tok.children if c.dep_ == "case" and c.i < tok.i]
        partitive = tok.dep_ == "nmod" and len(cases) == 1 and key(cases[0]) in self.g.partitive
        if partitive and head.dep_ in {"obl", "obl:arg", "obl:mod"} and head.head.pos_ == "VERB" and (
                head.pos_ == "PROPN" or possessed(head)):
            return head.head
        return None

    def quoted_adjectives(self, tok: Token) -> list[Token]:
        """Adjectives in quotation marks after the noun ("l'attaque « brutale » de la Russie"): the parser
        hangs the noun's complement on them."""
        return [c for c in tok.children if c.dep_ == "amod" and c.i > tok.i and c.i > 0
                and tok.doc[c.i - 1].text in self.g.quote_marks]

    def quotation_before(self, tok: Token) -> Span | None:
        """The quotation a verb of speech closes as an incise ("« ... », a dénoncé X"): the words between the
        quotation marks that end right before the verb, its auxiliaries and a comma; a quoted clause (a finite
        verb, or QUOTED_CLAUSE words at least), not a quoted word, before a finite verb or a perfect ("le
        qualifiant de « geste provocateur », mettant en garde X" is no incise)."""
        doc, j = tok.doc, tok.i - 1
        start = tok.sent.start
        auxiliaries = [c for c in tok.children if c.dep_.startswith("aux") and c.i < tok.i]
        if "Fin" not in tok.morph.get("VerbForm") and not auxiliaries:
            return None
        while j > start and (doc[j].head.i == tok.i and doc[j].dep_.startswith("aux") or doc[j].text == ","):
            j -= 1
        if j <= start or doc[j].text not in self.g.closing_quote_marks:
            return None
        for i in range(j - 1, start - 1, -1):
            if doc[i].text in self.g.quote_marks:
                quote = doc[i + 1 : j]
                clause = len(quote) >= QUOTED_CLAUSE or any("Fin" in t.morph.get("VerbForm") for t in quote)
                return quote if clause else None
        return None

    def detached_auxiliary(self, tok: Token) -> Token | None:
        """"X a de son côté accusé Y", "X a une nouvelle fois menacé Y": the parser made the auxiliary the
        verb and hung the past participle on the adverbial phrase between them."""
        if tok.dep_ != "acl" or "Part" not in tok.morph.get("VerbForm") or "Pres" in tok.morph.get("Tense"):
            return None
        phrase, verb = tok.head, tok.head.head
        adverbial = phrase.dep_ in {"obj", "obl", "obl:arg", "obl:mod"}
        if not (verb.i < phrase.i < tok.i and key(verb.lemma_) in self.g.perfect_auxiliary and adverbial):
            return None
        between = tok.doc[verb.i + 1 : tok.i]
        if len(between) > 5 or any(t.is_punct or t.pos_ in {"VERB", "AUX", "PROPN"} for t in between):
            return None
        return verb

    def nested_without(self, tok: Token) -> list[Token]:
        """"sans X" on a complement of the noun ``tok`` (not inside a clause of its own), or of the verb it is
        the object of ("reprendre des pourparlers sur le sort des prisonniers sans X")."""
        stack = [c for c in tok.children if c.dep_ == "nmod"]
        if tok.dep_ == "obj":
            stack += [c for c in tok.head.children if c.dep_.startswith("obl") and c.i > tok.i]
        out = []
        while stack:
            t = stack.pop()
            if self.case(t) in self.g.without:
                out.append(t)
            else:
                stack += [c for c in t.children if c.dep_ == "nmod"]
        return out

    def compared(self, tok: Token) -> bool:
        """A coordinate that is a comparison ("la Russie, tout comme le Canada"): it shares the other role."""
        return any(key(w.lower_) in self.g.comparison for c in tok.children if c.i < tok.i for w in (c, *c.children))

    def is_reflexive(self, tok: Token) -> bool:
        """"s'est entretenu", "se sont rencontrées": the parser often labels these passive; the clitic may
        hang elsewhere ("le président s'en est pris à"), so the words right before the verb are read too."""
        if any(c.dep_.startswith("expl") or key(c.lower_) in self.g.reflexives for c in tok.children):
            return True
        i = tok.i - 1
        while i >= tok.sent.start and (tok.doc[i].head.i == tok.i and tok.doc[i].dep_.startswith("aux")
                                       or key(tok.doc[i].lower_) in self.g.clitics):
            if key(tok.doc[i].lower_) in self.g.reflexives:
                return True
            i -= 1
        return False

    def reflexive_se(self, tok: Token) -> bool:
        """The elided reflexive ("s'en est pris"), not the elided conjunction of a condition ("s'il")."""
        nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
        word = key(tok.lower_)
        return word in self.g.reflexives and word.endswith("'") and (
            nxt is None or key(nxt.lower_) not in self.g.condition_subjects)

    def is_passive(self, tok: Token) -> bool:
        """Passive voice: an auxiliary of passive, or a passive participle without the perfect auxiliary ("la
        guerre lancée par"). A lone nsubj:pass label is not enough: the parser puts it on active subjects."""
        if self.is_reflexive(tok):
            return False
        auxes = [c for c in tok.children if c.dep_.startswith("aux")]
        if any(a.dep_ == "aux:pass" for a in auxes):
            return True
        if any(key(a.lemma_) in self.g.perfect_auxiliary for a in auxes):
            return False
        # a bare participle with an agent: "Reçu par Donald Trump, Zelensky ..."
        by = any(c.dep_.startswith("obl") and self.case(c) in self.g.agent_marks for c in tok.children)
        return "Pass" in tok.morph.get("Voice") or ("Part" in tok.morph.get("VerbForm") and by)


def pos(tok: Token) -> str:
    """The part of speech, with a lower-case word the tagger took for a proper noun ("frappes") a noun."""
    return "NOUN" if tok.pos_ == "PROPN" and tok.text.islower() else tok.pos_


def inverted(tok: Token) -> bool:
    """"fervents soutiens de X": the parser took the adjective for the noun and the noun for its modifier;
    "deux États membres de l'UE": a noun compound whose complement the parser hung on the first noun."""
    if tok.head.pos_ != "NOUN" or tok.head.i >= tok.i:
        return False
    bare = tok.head.i == tok.i - 1 and not any(c.dep_ == "case" for c in tok.children)
    if tok.pos_ == "ADJ":  # "les états membres de l'UE" with "membres" tagged as an adjective
        return tok.dep_ == "amod" and bare
    return tok.pos_ == "NOUN" and (tok.dep_ == "amod" or tok.dep_ == "nmod" and bare)


def possessed(tok: Token) -> bool:
    """"son soutien", "leur appui": the noun's agent is its possessor."""
    return any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in tok.children)


def definite(tok: Token) -> bool:
    """"l'appel", "cette rencontre", "leur entretien": a noun that refers back to something named."""
    return any(c.dep_ == "det" and ("Def" in c.morph.get("Definite") or c.morph.get("PronType") == ["Dem"]
                                    or "Yes" in c.morph.get("Poss")) for c in tok.children)


def taken_up(tok: Token) -> bool:
    """"les deux parties", "ces belligérants": a plural noun with a definite or demonstrative article and no
    qualifier, which takes up actors named before ("les parties prenantes", "leurs voisins" do not)."""
    return ("Plur" in tok.morph.get("Number") and not possessed(tok) and definite(tok)
            and not any(c.dep_ in {"amod", "nmod", "acl", "acl:relcl"} for c in tok.children))


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` in the parse (its head, or its head's head ...), if there is one."""
    head = tok.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in {"VERB", "AUX"} else None
