"""Noun phrases → actors: coordination (also where the parser lost it), apposition, "entre X et Y", groups
named by what they include, and the genitive of a bare noun ("l'initiative de Washington")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..lang import key
from .discourse import DocState, actor
from .syntax import inverted, taken_up

# Dependencies that continue a noun phrase into its coordinated or apposed members.
_GROUP_DEPS = {"conj", "appos", "flat:name", "flat"}
_ARG_DEPS = {"obl", "obl:arg", "obl:mod", "nmod", "iobj", "obl:agent"}
# Mentions that name their actor (not "la délégation russe", "le président")
_NAMED_KINDS = {"name", "metonym", "ner"}
# Where the parser leaves the pieces of a subject list it cut up (not arguments of another word)
_LIST_DEPS = {"ROOT", "appos", "conj", "nsubj", "flat:name", "parataxis"}


class Phrases:
    """Mixed into the relation finder: needs ``self.syn``, ``self.g``, ``self.lex`` and ``self._state``."""

    def _actors(self, toks: Iterable[Token], state: DocState, follow: bool = True, genitive: bool = True,
                named: bool = False) -> list:
        """Actors of the noun phrases headed by ``toks``: coordination, apposition, "X, mais aussi Y",
        and for a bare noun its genitive ("cette initiative de la diplomatie américaine")."""
        out: list = []
        seen: set[int] = set()
        stack = [t for t in toks if t is not None]
        lex, syn = self.lex, self.syn
        while stack:
            t = stack.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            mentions = state.heads.get(t.i, [])
            here = [actor(m) for m in mentions if not named or m.kind in _NAMED_KINDS]
            name = self._descriptor_name(t, mentions, state)
            if name:  # "le mouvement palestinien Hamas": the group the name names, not the adjective's state
                here, stack = [], [*name, *stack]
            if not here and key(t.lemma_) in lex.gathering_nouns:  # "le sommet, qui a réuni X et Y"
                stack += [p for c in t.children if c.dep_ == "acl:relcl" and key(c.lemma_) in lex.gathering_verbs
                          for p in self._patients(c)]
            out += here
            if not here and key(t.lower_) in self.g.group_nouns and taken_up(t):
                out += state.group()  # "les deux parties se sont accusées"
            if not follow:
                continue
            stack += [c for c in t.children if c.dep_ in _GROUP_DEPS and not syn.compared(c)]
            # "des dirigeants européens, dont X et Y": the people the group includes
            stack += [c for c in t.children if c.dep_ == "acl:relcl" and c.i in state.heads
                      and any(key(gc.lower_) in self.g.genitive_relatives for gc in c.children)]
            # a name attached to a title ("les présidents Trump et Poutine") carries its own coordination
            stack += [t.doc[m.start : m.end].root for m in mentions if not m.start <= t.i < m.end]
            # not "un retour de l'Ukraine" (indefinite) nor "ses achats de pétrole russe" (someone else's)
            owned = any(c.dep_ == "det" and ("Ind" in c.morph.get("Definite") or "Yes" in c.morph.get("Poss"))
                        for c in t.children)
            quantity = key(t.lemma_) in lex.quantity_nouns  # "une dizaine de dirigeants"
            # "la Finlande, membre de l'OTAN": an apposition describes the actor, its genitive is not a party
            bare = not any(c.dep_ in {"cc", "det"} for c in t.children)  # "X, membre de Y" parsed as a coordinate
            described = (t.dep_ == "appos" or t.dep_ == "conj" and bare) and t.head.i in state.heads
            if genitive and not here and not described and t.pos_ == "NOUN" and (quantity or not owned):
                stack += [c for h in (t, *syn.quoted_adjectives(t)) for c in h.children
                          if c.dep_ == "nmod" and syn.case(c) in self.g.genitive]
                stack += self._led_by(t)  # "les forces menées par les États-Unis", "la coalition dirigée par X"
            if here:
                stack += self._linear_coordinates(t, state)
                if t.dep_ in {"nsubj", "nsubj:pass"}:
                    stack += self._preceding_coordinates(t, state)
        return list(dict.fromkeys(out))

    def _descriptor_name(self, tok: Token, mentions: list, state: DocState) -> list[Token]:
        """The name a descriptive noun introduces ("le mouvement islamiste palestinien Hamas", "la milice
        soudanaise FSR"), when the noun's only actors are demonyms: the name, not the nationality, is the actor."""
        if not mentions or any(m.kind != "demonym" for m in mentions) or tok.pos_ != "NOUN":
            return []
        return [c for c in tok.children if c.dep_ in {"nmod", "flat:name"} and c.i > tok.i and not self.syn.case(c)
                and any(m.kind in _NAMED_KINDS for m in state.heads.get(c.i, []))]

    def _linear_coordinates(self, tok: Token, state: DocState) -> list[Token]:
        """Mentions coordinated with ``tok`` that the parser attached elsewhere: "le Canada, mais aussi
        l'Europe", "de l'Ukraine et de l'Europe", "X, Y et Z" (commas count only if a conjunction ends
        the list), each maybe after a repeated preposition and a determiner."""
        mentions = state.heads.get(tok.i, [])
        if not mentions:
            return []
        lex = self.lex
        doc, i, end = tok.doc, max(m.end for m in mentions), tok.sent.end
        found: list[Token] = []
        pending: list[Token] = []  # coordinates after commas, kept once a conjunction closes the list
        while i < end:
            k = i
            comma = doc[k].text == ","
            k += comma
            j = k
            while k < end and key(doc[k].lower_) in lex.conjunctions:
                k += 1
            additive = self._additive(doc, k, end)  # "X, en plus de Y", "X, outre Y"
            k += additive
            conjunction = k > j
            if not (comma or conjunction):
                break
            strong = additive > 0 or any(key(doc[x].lower_) in lex.strong_conjunctions for x in range(j, k))
            while k < end and (key(doc[k].lower_) in lex.prepositions or doc[k].pos_ == "DET"
                               or doc[k].pos_ == "ADJ" and k not in state.starts and k not in state.heads):
                k += 1  # "..., en plus de l'ex-premier ministre X"
            if k in state.starts:
                head, i = doc[state.starts[k].head], state.starts[k].end
            elif k in state.heads:  # "les États européens": the mention is the adjective, the noun heads it
                head, i = doc[k], max(k + 1, *(m.end for m in state.heads[k]))
            else:
                break
            if head.dep_ in {"nsubj", "nsubj:pass"} and not strong:
                break  # "Trump critique Zelensky et Poutine répond": a new clause, not a coordinate
            pending.append(head)
            if conjunction:
                found += pending
                pending = []
        return found

    def _additive(self, doc: Doc, k: int, end: int) -> int:
        """The length of an additive phrase ("en plus de", "de même que") that starts at ``k``, else 0."""
        for phrase in self.lex.additive_phrases:
            n = len(phrase)
            if k + n <= end and tuple(key(t.lower_) for t in doc[k : k + n]) == phrase:
                return n
        return 0

    def _preceding_coordinates(self, tok: Token, state: DocState) -> list[Token]:
        """"Pékin et Moscou ont signé": a subject's coordinate the parser cut off at the sentence start."""
        start = min(m.start for m in state.heads[tok.i])
        doc, found = tok.doc, []
        # "A, B, C et D ont participé" cut into pieces: commas join a list that a conjunction closes
        name = [tok, *(c for c in tok.children if c.dep_ == "flat:name")]  # "Keir Starmer et X": on "Starmer"
        closed = any(c.dep_ == "conj" and any(g.dep_ == "cc" for g in c.children) for t in name for c in t.children)
        while start - 1 > tok.sent.start and doc[start - 1].pos_ == "DET":  # "..., et le représentant X"
            start -= 1
        while start - 1 > tok.sent.start:
            j = start - 1
            if doc[j].text == "," and closed:
                prev = state.ends.get(j)
                if prev is None or doc[prev.head].dep_ not in _LIST_DEPS or self.syn.case(doc[prev.head]):
                    break  # "Après avoir rencontré Poutine, Trump et Xi", "À Kiev, X et Y": no subject
                found.append(doc[prev.head])
                start = prev.start
                continue
            if key(doc[j].lower_) not in self.g.simple_conjunctions:
                break
            closed = True
            while j - 1 >= tok.sent.start and doc[j - 1].pos_ == "DET":
                j -= 1
            if j - 1 > tok.sent.start and doc[j - 1].text == "," and j - 1 in state.ends:
                j -= 1  # "Le ministre, X, et le secrétaire, Y, ont ...": the comma that closes X's apposition
            prev = state.ends.get(j)
            if prev is None or doc[prev.head].head.i == tok.head.i and doc[prev.head].dep_ in _ARG_DEPS:
                break
            found.append(doc[prev.head])
            start = prev.start
        return found

    def _apposed(self, tok: Token, state: DocState) -> list[Token]:
        """"X, membre de Y", "Israël, en guerre contre le Hamas": the noun the cue is said of, from the
        parse, else the actor that ends right before the comma that opens the apposition; also the subject of
        "X est l'un des soutiens de Y"."""
        g = self.g
        if inverted(tok):
            tok = tok.head
        head = tok.head
        one_of = key(head.lemma_) in g.one_of
        found = []
        said_of = tok.pos_ == "ADJ" and tok.dep_ in {"amod", "acl"}  # "JD Vance, présent à la rencontre"
        if tok.dep_ == "appos" or (tok.dep_ == "nmod" and self.syn.case(tok) in g.state_marks) or said_of:
            found = [head]
        elif tok.dep_ == "nmod" and one_of and head.dep_ == "appos":
            found = [head.head]
        elif tok.dep_ == "nmod" and one_of and any(c.dep_ == "cop" for c in head.children):
            found = [state.antecedent(c) for c in head.children if c.dep_ == "nsubj"]  # "X est l'un des ..."
            found = [f for f in found if f is not None]
        elif tok.dep_ == "nmod" and one_of and head.dep_ == "xcomp" and (
                {key(head.head.lemma_), key(head.head.lower_)} & self.lex.copular_verbs):  # "X reste l'un des"
            found = [state.antecedent(c) for c in head.head.children if c.dep_ == "nsubj"]
            found = [f for f in found if f is not None]
        if any(f.i in state.heads for f in found):
            return found
        if "Plur" in tok.morph.get("Number") and not found:  # "X et Y, deux États membres de l'UE": both
            last = self._before_comma(tok, state)
            return [t.head if t.dep_ == "conj" and t.head.i in state.heads else t for t in last]
        # "Membre de l'UE, la Pologne accueille", "En guerre contre X, Y a ...": said of the noun after the comma
        if tok.left_edge.i == tok.sent.start and tok.dep_ not in {"nsubj", "nsubj:pass"}:
            for t in tok.sent[1:]:
                if t.morph.get("VerbForm") == ["Fin"]:
                    break
                if t.text == ",":
                    i = t.i + 1
                    while i < tok.sent.end and tok.doc[i].pos_ == "DET":
                        i += 1
                    return [tok.doc[state.starts[i].head]] if i in state.starts else []
            return []
        return self._before_comma(tok, state)

    def _before_comma(self, tok: Token, state: DocState) -> list[Token]:
        """The actor that ends right before the comma opening the apposition ``tok`` heads ("l'UE (UE), le
        plus important contributeur"), or nothing."""
        i = tok.i - 1
        skip = {"DET", "ADP", "ADJ", "ADV", "PRON", "NUM"}
        while i > tok.sent.start and (tok.doc[i].pos_ in skip or key(tok.doc[i].lemma_) in self.g.one_of):
            i -= 1
        if tok.doc[i].text != ",":
            return []
        if i not in state.ends and tok.doc[i - 1].text == ")":  # "l'Union européenne (UE),"
            i -= 1
        return [tok.doc[state.ends[i].head]] if i in state.ends else []

    def _between(self, tok: Token, state: DocState) -> list:
        """"la rencontre entre X et Y", "l'appel Trump-Poutine", "les pourparlers russo-ukrainiens": the parties
        named with the event noun."""
        g = self.g
        marked = [t for prep in g.between for t in self._prep(tok, prep)]
        if not marked:  # the parser often attaches a late "entre X et Y" elsewhere in the sentence
            for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 20)]:
                if key(t.lower_) in g.between and t.dep_ == "case":
                    marked = [t.head]
                    break
                if t.morph.get("VerbForm") in (["Fin"], ["Inf"]) or t.lower_ in g.clause_breaks:
                    break
                if t.text == "," and t.i + 1 < tok.sent.end and t.nbor().head.dep_ in {"nsubj", "nsubj:pass"}:
                    break  # "marqué par des rivalités, ce rapprochement entre X et Y": the subject's parties
        parties = self._actors(marked, state)
        if len(parties) >= 2:
            return parties
        own = list(dict.fromkeys(actor(m) for m in state.heads.get(tok.i, [])))
        if len(own) >= 2:  # "les pourparlers russo-ukrainiens": the parties in the noun's own adjective
            return own
        doc, i = tok.doc, tok.i + 1  # "l'appel (téléphonique) Trump-Poutine"
        while i < len(doc) and doc[i].pos_ == "ADJ":
            i += 1
        pair: list = []
        while i in state.starts and len(pair) < 4:
            m = state.starts[i]
            pair.append(actor(m))
            i = m.end
            if i < len(doc) and doc[i].text in g.name_joiners:
                i += 1
            else:
                break
        return pair if len(pair) >= 2 else []
