"""Is the relation asserted? Negation, conditionals, hypotheses, intentions and cancellations block a cue;
reported conditionals lower its confidence."""

from __future__ import annotations

from spacy.tokens import Token

from ..lang import key
from .lexicon import Cue
from .syntax import pos

_EMBEDDING_DEPS = {"xcomp", "obj", "nmod", "acl", "ccomp", "obl", "obl:arg", "conj"}


class Assertion:
    """Mixed into the relation finder: needs ``self.syn``, ``self.g``, ``self.lex`` and ``self._state``."""

    def _own_agent(self, tok: Token) -> bool:
        """A noun that names its own agent ("l'invasion russe", "l'attaque de la Russie") states an event
        whatever the verb around it says ("la Chine n'a jamais condamné l'invasion russe")."""
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return False
        if tok.i in self._state.heads:
            return True
        marks = self.g.genitive + self.g.agent_marks
        return any(c.dep_ == "nmod" and self.syn.case(c) in marks and c.i in self._state.heads for c in tok.children)

    def _negated(self, tok: Token) -> bool:
        # a noun shares the negation of its verb only as its object ("n'a pas accordé de concessions"),
        # not as its subject ("la rencontre n'a pas débouché sur un accord")
        own = tok.pos_ in {"VERB", "AUX"} or self._own_agent(tok) or tok.dep_ != "obj"
        clause = tok if own else tok.head
        # "ne va pas imposer", "n'a pas pu rencontrer": the negation of the verb the clause completes
        carried = clause.dep_ == "xcomp" and key(clause.head.lemma_) in self.lex.negation_carriers
        carrier = [clause.head] if carried else []
        for t in (tok, clause, *carrier):
            for c in t.children:  # the particle itself: the tagger also marks names ("Macron") Neg
                if c.dep_ == "advmod" and key(c.lower_) in self.lex.negation:
                    return True
        return tok.pos_ == "NOUN" and self.syn.case(tok) in self.g.without

    def _generic(self, tok: Token) -> bool:
        """"toute négociation", "aucun accord": a noun whose only determiner is generic names no event."""
        dets = [c for c in tok.children if c.dep_ == "det"]
        if not dets and tok.dep_ == "conj":  # "toute trêve ou accord": the coordinate shares the determiner
            dets = [c for c in tok.head.children if c.dep_ == "det"]
        return len(dets) == 1 and key(dets[0].lower_) in self.lex.generic_determiners

    def _conditional_form(self, tok: Token) -> bool:
        """A conditional the tagger took for an imperfect: the infinitive as stem plus an imperfect ending
        ("rencontrerait", "prendrait"), unlike the imperfect itself ("rencontrait")."""
        if tok.pos_ not in {"VERB", "AUX"} or "Fin" not in tok.morph.get("VerbForm"):
            return False
        lemma = tok.lemma_.lower()
        stems = {lemma} | {lemma[: -len(end)] + stem for end, stem in self.g.conditional_stems.items()
                           if lemma.endswith(end)}
        return any(tok.lower_ == stem + end for stem in stems for end in self.lex.conditional_endings)

    def _modality(self, tok: Token, cue: Cue) -> float | None:
        """None when the cue is conditional, hypothetical or intended ("pourrait négocier", "si X attaque",
        "sa volonté de négocier"); a factor below 1 for reported allegations ("aurait rencontré")."""
        lex = self.lex
        factor = 1.0
        t = tok
        cancelled = tok.dep_ in {"obj", "nmod"} or tok.dep_ == "nsubj:pass" and self.syn.is_passive(tok.head)
        governor = tok.head  # through a quantity: "suspendre une partie des livraisons"
        if tok.dep_ == "nmod" and key(governor.lemma_) in lex.quantity_nouns and governor.dep_ in {"obj", "nmod"}:
            governor = governor.head
        if any(self._generic(t) for t in (tok, *(c for c in tok.children if c.dep_ in {"obj", "obl:arg"}))):
            return None  # "participer à toute négociation", "aucun accord": no event
        # "X et Y négocient un accord", "discutent d'un cessez-le-feu": not reached (yet)
        pending = tok.dep_ in {"obj", "obl", "obl:arg", "obl:mod"} and key(tok.head.lemma_) in lex.pending_verbs
        if cue.settings.pending_blocks and pos(tok) == "NOUN" and tok.head.pos_ in {"VERB", "AUX"} and pending:
            return None
        # ending a standing relation states it held: "mettre fin à la guerre entre X et Y"
        # "la suspension de l'aide", "l'aide a été suspendue", "mettre en pause l'aide" is no aid
        halted = key(governor.lemma_) in lex.cancel_words or any(
            c.dep_.startswith("obl") and key(c.lemma_) in lex.cancel_words for c in governor.children)
        if cancelled and not cue.stative and halted:
            return None
        if not cue.stative and tok.dep_.startswith("obl") and any(c.dep_ == "obj" and key(c.lemma_) in lex.cancel_words
                                              for c in tok.head.children):
            return None  # "mettre fin à son aide", "mettre un terme aux sanctions"
        # "souhaite renforcer ses liens avec", "veut nouer une alliance" (not "pourrait fragiliser les alliances")
        wished = tok.dep_ == "obj" and tok.head.dep_ in {"xcomp", "ccomp"}
        if cue.stative and wished and key(tok.head.head.lemma_) in lex.wish_verbs:
            return None
        for _ in range(1 if cue.stative or self._own_agent(tok) else 5):
            auxes = [c for c in t.children if c.dep_.startswith("aux")]
            if "Cnd" in t.morph.get("Mood") or self._conditional_form(t):
                return None
            if any("Cnd" in a.morph.get("Mood") for a in auxes):
                if "Part" not in t.morph.get("VerbForm"):
                    return None
                factor = 0.75  # conditionnel passé of reported speech: "Trump aurait maintenu des contacts"
            if any(c.dep_ == "mark" and key(c.lower_) in lex.condition_marks and not self.syn.reflexive_se(c)
                   for c in t.children):
                return None
            lemma = key(t.lemma_)
            # "doit rencontrer", not "devait rencontrer" (planned, maybe cancelled)
            scheduled = (cue.settings.scheduled and lemma in lex.scheduling_verbs
                         and "Imp" not in t.morph.get("Tense"))
            if t is not tok and not scheduled and (lemma in lex.modal_verbs or lemma in lex.intention_words):
                return None
            if t.head.i == t.i or t.dep_ not in _EMBEDDING_DEPS:
                break
            t = t.head
        return factor
