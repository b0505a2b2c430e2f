"""Finding a cue's arguments in the parse: its logical subject, its object, its prepositional arguments.

The logical subject is found by an ordered list of rules (:attr:`Arguments.AGENT_RULES`): the first rule
that applies answers, so the order is part of the meaning and lives in one place.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lang import key
from .discourse import DocState, actor
from .syntax import governing_verb, inverted, pos, possessed

_ARG_DEPS = {"obl", "obl:arg", "obl:mod", "nmod", "iobj", "obl:agent"}
_SUBJECTS = {"nsubj", "nsubj:pass"}
_VERBS = {"VERB", "AUX"}


class Arguments:
    """Mixed into the relation finder: needs ``self.syn``, ``self.g``, ``self.lex`` and ``self._state``."""

    AGENT_RULES = ("_subjects", "_shared_with_main_verb", "_fronted_subject", "_verb_list_subject",
                   "_purpose_subject", "_noun_agent",
                   "_name_as_root", "_embedding_subject", "_auxiliary_subject", "_noun_of_clause")

    def _agents(self, tok: Token, state: DocState, depth: int = 0) -> list[Token]:
        """The logical subject: nsubj of an active verb, "par" agent of a passive, else shared subjects."""
        if depth > 3:
            return []
        for rule in self.AGENT_RULES:
            found = getattr(self, rule)(tok, state, depth)
            if found is not None:
                return found
        return []

    def _subjects(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """The subject the parse gives, or the "par" agent of a passive."""
        g, syn = self.g, self.syn
        passive = syn.is_passive(tok)
        deps = {"obl:agent", "obl", "obl:arg", "obl:mod"} if passive else _SUBJECTS
        found = [c for c in tok.children if c.dep_ in deps and (not passive or syn.case(c) in g.agent_marks)]
        if not found and not passive:  # "X a pour sa part critiqué Y": the subject hung on the auxiliary
            found = [gc for c in tok.children if c.dep_.startswith("aux") and c.i < tok.i
                     for gc in c.children if gc.dep_ == "nsubj"]
        if not found and not passive and "Fin" in tok.morph.get("VerbForm"):
            # "Bangkok accuse Phnom Penh de ...": a name opening the clause that the parser took for a modifier
            found = [c for c in tok.children if c.i < tok.i and c.dep_ in {"advmod", "obl:mod", "dep"}
                     and not syn.case(c) and c.i == tok.i - 1 and self._named(c)]
        if found and not passive:  # "Comme la Hongrie, la Pologne maintient un embargo": both maintain it
            found += [c for c in tok.children if c.dep_.startswith("obl") and syn.case(c) in g.comparison
                      and c.i < found[0].i]
        # "cette dernière utilise ...": the parser may attach "dernière" to the verb as a modifier
        found += [c for c in tok.children if key(c.lower_) in g.latest_named and c.dep_ not in deps]
        if not passive and any(f.i < tok.i for f in found):  # "X a rencontré Y" with Y parsed as a subject too
            found = [f for f in found if f.i < tok.i or f.dep_ != "nsubj"]
        found = [state.antecedent(self._represented(f)) for f in found]
        return [f for f in found if f is not None] if found else None

    def _shared_with_main_verb(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"X a critiqué Y, reprochant à Z ...": a present participle after a comma shares X."""
        participle = "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense")
        if not (participle and tok.i > tok.sent.start and tok.doc[tok.i - 1].text == "," and tok.head.i < tok.i):
            return None
        verb = governing_verb(tok)
        return self._agents(verb, state, depth + 1) if verb is not None and verb.i != tok.i else None

    def _fronted_subject(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"Après deux jours de négociations, X et Y sont parvenus ...": the subject parsed as a coordinate
        of the fronted phrase, after its comma."""
        if tok.pos_ not in _VERBS or self.syn.is_passive(tok) or "Inf" in tok.morph.get("VerbForm"):
            return None
        fronted = [d for c in tok.children if c.dep_.startswith("obl") and c.i < tok.i for d in c.children
                   if d.dep_ == "conj" and d.i < tok.i and d.i in state.heads
                   and any(t.text == "," for t in tok.doc[c.i : d.i])]
        return fronted or None

    def _verb_list_subject(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"X présente des plans, réaffirme son soutien à Y et ...": a list of verb phrases that the parser cut,
        hanging the first (with the subject) on the second as a clause without a conjunction."""
        if "Fin" not in tok.morph.get("VerbForm") or tok.i == tok.sent.start or tok.doc[tok.i - 1].text != ",":
            return None
        first = [c for c in tok.children if c.dep_ == "advcl" and c.i < tok.i and "Fin" in c.morph.get("VerbForm")
                 and not any(gc.dep_ == "mark" for gc in c.children)]
        return self._agents(first[0], state, depth + 1) or None if first else None

    def _purpose_subject(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"X utilise Y pour interférer": an infinitive of purpose shares its verb's subject."""
        if "Inf" not in tok.morph.get("VerbForm") or not any(key(c.lower_) in self.g.purpose_marks
                                                             for c in tok.children):
            return None
        head = governing_verb(tok)
        return self._agents(head, state, depth + 1) if head is not None else []

    def _noun_agent(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """The agent of an event noun: its "par" complement, what it is apposed to, or the subject of the
        verb that governs it ("lancer une guerre commerciale contre", "a annoncé de nouvelles sanctions")."""
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        g, syn, head, case = self.g, self.syn, tok.head, self.syn.case(tok)
        # "l'invasion de l'Ukraine par la Russie", "la guerre lancée par la Russie"
        # (not "un soutien, perçu par le Kremlin comme une ingérence": a view, not an agent)
        by = [c for c in tok.children if c.dep_ == "nmod" and syn.case(c) in g.agent_marks] + self._led_by(tok)
        if by:
            return by
        if tok.dep_ == "appos":  # "l'UE, le plus important contributeur"
            return [head]
        governor = syn.object_of(tok)
        if governor is not None:
            if key(governor.lemma_) in self.lex.stance_verbs:
                return []  # "le Kremlin a dénoncé les livraisons d'armes à l'Ukraine": not the deliverer
            return self._agents(governor, state, depth + 1)
        # "adopter un paquet de sanctions contre", "approuver l'un des paquets de sanctions"
        container = head
        while (container.dep_ == "nmod" and self.syn.case(container) in g.genitive
               and key(container.head.lemma_) in g.one_of):
            container = container.head
        if tok.dep_ == "nmod" and case in g.genitive and container.dep_ == "obj" and container.head.pos_ in _VERBS:
            return self._agents(container.head, state, depth + 1)
        if tok.dep_ in {"obl", "obl:arg", "nmod"} and head.pos_ in _VERBS and possessed(tok):
            return self._agents(head, state, depth + 1)  # "X a assuré Moscou de son soutien"
        if tok.dep_.startswith("obl") and case in g.agent_marks and head.pos_ == "VERB" and not syn.is_passive(head):
            return self._agents(head, state, depth + 1)  # "s'est conclu par un appui", "riposter par des frappes"
        # by lemma: the tagger takes rarer forms of these verbs for other parts of speech ("multiplie")
        supported = head.pos_ not in {"NOUN", "PROPN"} and key(head.lemma_) in self.lex.support_verbs
        if supported and case not in g.agent_marks + g.comparison:  # "a annoncé lundi de nouvelles sanctions"
            return self._agents(head, state, depth + 1)
        if tok.dep_.startswith("obl") and case in g.among and head.pos_ in _VERBS:
            return self._agents(head, state, depth + 1)  # "Parmi les membres de l'Alliance, la Norvège a"
        if case in g.comparison and head.pos_ in _VERBS:  # "X est considéré comme une menace"
            return [state.antecedent(c) for c in head.children if c.dep_ in _SUBJECTS]
        if tok.dep_.startswith("obl") and head.dep_ == "acl" and head.head.pos_ in {"NOUN", "PROPN"}:
            return [head.head]  # "l'approche américaine, axée sur un soutien à" / "la Russie, isolée depuis"
        return []

    def _led_by(self, tok: Token) -> list[Token]:
        """The "par" agent of the participle a noun takes ("la guerre lancée par la Russie", "les négociations
        menées par le Qatar"); not a view ("un soutien, perçu par le Kremlin comme une ingérence")."""
        g, syn = self.g, self.syn
        return [gc for acl in tok.children if acl.dep_ == "acl"
                and not any(syn.case(gc) in g.comparison for gc in acl.children)
                for gc in acl.children if gc.dep_ in {"obl:agent", "obl"} and syn.case(gc) in g.agent_marks]

    def _framed_verb(self, tok: Token) -> Token | None:
        """The verb whose time a noun sets ("lors d'un entretien avec X, Y a déclaré", "après sa rencontre
        avec X"): a noun after one of the lexicon's ``frame_phrases``, past its determiners and adjectives."""
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return None
        doc, j = tok.doc, tok.i
        while j > tok.sent.start and doc[j - 1].head.i == tok.i and doc[j - 1].dep_ in {"det", "amod", "nummod"}:
            j -= 1
        for phrase in self.lex.frame_phrases:
            n = len(phrase)
            if j - n >= tok.sent.start and all(
                    self.g.base(t.lower_) == self.g.base(w) for t, w in zip(doc[j - n : j], phrase, strict=True)):
                return governing_verb(tok)
        return None

    def _name_as_root(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"Dmitri Peskov, porte-parole du Kremlin, a qualifié": the name parsed as root; "X a présenté ...,
        et a assuré ...": the second verb a coordinate of that name."""
        head = tok.head
        if tok.dep_ in {"parataxis", "conj"} and head.dep_ == "ROOT" and head.pos_ in {"NOUN", "PROPN"} and (
                tok.dep_ == "parataxis" or head.i in state.heads):
            return [head]
        return None

    def _embedding_subject(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """An infinitive complement, an adverbial clause or a coordinated verb shares its head's subject."""
        if tok.dep_ in {"xcomp", "advcl"} or (tok.dep_ == "conj" and tok.head.pos_ in _VERBS):
            return self._agents(tok.head, state, depth + 1)
        return None

    def _auxiliary_subject(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"X a de son côté accusé Y": the subject of the auxiliary the parser took for the verb."""
        auxiliary = self.syn.detached_auxiliary(tok)
        return self._agents(auxiliary, state, depth + 1) if auxiliary is not None else None

    def _noun_of_clause(self, tok: Token, state: DocState, depth: int) -> list[Token] | None:
        """"la décision du président de lancer": the owner of the noun the infinitive completes."""
        head = tok.head
        if tok.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            nmods = [c for c in head.children if c.dep_ == "nmod" and self.syn.case(c) in self.g.genitive]
            return nmods or ([head] if head.i in state.heads else [])
        return None

    def _patients(self, tok: Token) -> list[Token]:
        """The direct object of an active verb, the subject of a passive, with the parser's known slips."""
        state = self._state
        if self.syn.is_passive(tok):
            found = [c for c in tok.children if c.dep_ in _SUBJECTS]
            if found or "Part" not in tok.morph.get("VerbForm"):
                return [a for a in map(state.antecedent, found) if a is not None]
            # a participle said of a noun or of the subject of its clause: "Zelensky, reçu par Trump",
            # "Reçu par Donald Trump, Volodymyr Zelensky a ..."
            if tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                return [tok.head]
            if tok.dep_ == "advcl":
                return [c for c in tok.head.children if c.dep_ in _SUBJECTS]
            # the parser may make the participle the root and the main verb its dependent
            clauses = [c for c in tok.children if c.dep_ in {"parataxis", "conj", "advcl"} and c.pos_ == "VERB"]
            return [s for c in clauses[:1] for s in c.children if s.dep_ in _SUBJECTS]
        found = [c for c in tok.children if c.dep_ in {"obj", "iobj"}
                 and (c.pos_ in {"NOUN", "PROPN", "PRON"} or c.i in state.heads)]  # "Donald" tagged X
        if not found:  # a clitic right before its verb that the parser labelled a determiner ("l’accusait")
            found = [c for c in tok.children if c.dep_ == "det" and c.pos_ == "PRON" and c.i == tok.i - 1]
        found = [self._clitic_antecedent(c, tok) or c for c in found]
        if not found and tok.pos_ == "VERB":  # a name the parser took for an oblique without preposition
            found = [c for c in tok.children if c.dep_ in {"obl", "obl:arg", "obl:mod", "xcomp", "advmod", "nmod"}
                     and c.i > tok.i and not self.syn.case(c) and self._named(c)]
            # or for a second subject after the verb ("X a rencontré Y" parsed with two subjects)
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if any(c.i < tok.i for c in subjects) and not self.syn.is_passive(tok):
                found += [c for c in subjects if c.i > tok.i and c.i in state.heads]
            # or for an apposition, with no comma, of the place before it ("a reçu à Londres X et Y")
            found += [a for c in tok.children if c.dep_.startswith("obl") and c.i > tok.i and self.syn.case(c)
                      and c.i not in state.heads for a in c.children
                      if a.dep_ in {"appos", "conj"} and a.i == c.i + 1 and a.i in state.heads]
        return found

    def _targets(self, tok: Token) -> list[Token]:
        """Who a strike on military targets hits: the owner of the targets ("des positions du Hezbollah",
        indefinite as they are) or the country they lie in ("des sites au Pakistan", "des cibles en Syrie",
        "des positions dans le sud du Liban"). Only for the nouns of ``target_nouns``."""
        if tok.pos_ in _VERBS:
            targets = [c for c in tok.children if c.dep_ == "obj"]
        else:
            targets = [t for prep in self.g.target_prepositions for t in self._prep(tok, prep)]
        genitive = self.g.genitive
        # "des dizaines de cibles du Hezbollah": the targets a quantity counts
        targets += [c for t in targets if key(t.lemma_) in self.lex.quantity_nouns
                    for c in t.children if c.dep_ == "nmod" and self.syn.case(c) in genitive]
        targets = [t for t in targets if key(t.lemma_) in self.lex.target_nouns]
        if not targets:
            return []
        named = [t for t in targets if t.i in self._state.heads]  # "la capitale syrienne"
        if named:
            return named
        owners = [c for t in targets for c in t.children if c.dep_ == "nmod" and self.syn.case(c) in genitive]
        if owners and self._actors(owners, self._state):  # not "des sites d'infrastructures dans l'ouest de X"
            return owners
        # "des infrastructures situées au Pakistan", "des sites d'infrastructures dans l'ouest de l'Iran": the
        # place may hang on a participle of the target or on its genitive
        hosts = [tok, *targets, *owners, *(c for t in targets for c in t.children if c.dep_ == "acl")]
        places = [c for h in hosts for c in h.children if c.dep_ in _ARG_DEPS
                  and self.syn.case(c) in self.lex.locative_prepositions and c.i > targets[0].i]
        # "dans le sud du Liban", "dans la région de Kherson": the region's genitive
        return [p for p in places if p.i in self._state.heads] or [
            gc for p in places for gc in p.children if gc.dep_ == "nmod" and self.syn.case(gc) in genitive]

    def _clitic_antecedent(self, pron: Token, verb: Token) -> Token | None:
        """"Trump l'accusait de ...": an object clitic before its verb stands for the last person named, in
        this sentence or the one before, who is not the verb's own subject; only people, whose gender the
        clitic cannot contradict as it could a state's."""
        if pron.i > verb.i or key(pron.lower_) not in self.g.object_clitics or pron.pos_ != "PRON":
            return None
        state = self._state
        own = {actor(m) for a in self._agents(verb, state) for m in state.heads.get(a.i, [])}
        sent = pron.sent
        start = pron.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        people = [m for m in pron.doc._.kg_mentions or [] if start <= m.start and m.end <= pron.i
                  and m.type == "Person" and actor(m) not in own]
        if not people:
            return None
        last = max(people, key=lambda m: m.end)
        # "X a présenté son plan. Y l'a critiqué": a thing named as an object in between is the nearer referent
        if any(t.dep_ == "obj" and t.pos_ == "NOUN" and t.i not in state.heads
               for t in pron.doc[last.end : pron.i]) or pron.doc[last.head].dep_ == "nmod":
            return None  # nor the owner of a thing named ("le plan de X")
        return pron.doc[last.head]

    def _represented(self, tok: Token) -> Token:
        """"X et Y, dont les représentants étaient présents": representatives introduced by "dont" stand for
        the actor the relative clause is said of (also where the parser hung the clause's subject elsewhere)."""
        if key(tok.lemma_) not in self.lex.representative_nouns or not any(
                key(c.lower_) in self.g.genitive_relatives for c in tok.children):
            return tok
        clause = tok.head
        if clause.dep_ == "acl:relcl":
            return clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.i < tok.i and c.i in self._state.heads]
        return subjects[0] if subjects else tok

    def _named(self, tok: Token) -> bool:
        """A name of an actor, or a metonym ("Bangkok"), that the parser may have given any label; not a
        nationality adjective."""
        return tok.pos_ in {"NOUN", "PROPN", "X", "VERB", "ADV"} and any(
            m.type != "State" or m.kind in {"name", "metonym"} for m in self._state.heads.get(tok.i, []))

    def _prep(self, tok: Token, prep: str) -> list[Token]:
        """Dependents introduced by ``prep``; for a verb also those of its object and obliques
        ("livrer des armes à l'Ukraine", "informés en avance de cette initiative")."""
        prep = key(prep)
        heads = [tok]
        if tok.dep_ == "obj" and tok.head.pos_ in _VERBS:  # the parser often hangs the PP on the verb
            heads.append(tok.head)
        if tok.pos_ in _VERBS:
            heads += [c for c in tok.children if c.dep_ in {"obj", "obl:mod", "obl", "obl:arg"}]
            heads += [gc for h in heads[1:] if h.dep_ == "obj" for gc in h.children if gc.dep_ in {"nmod", "conj"}]
            # through a quantity: "suspendre une partie des livraisons d'armes à l'Ukraine"
            heads += [gc for h in heads[1:] if h.dep_ == "nmod" and key(h.head.lemma_) in self.lex.quantity_nouns
                      for gc in h.children if gc.dep_ == "nmod"]
        else:  # "la suspension de l'aide à l'Ukraine", "l'aide destinée à Kiev"
            # but the genitive of a target is its owner's ("un raid sur la banlieue de Beyrouth" is no raid by
            # Beyrouth)
            genitive = prep in self.g.genitive
            heads += [c for c in tok.children if c.dep_ in {"nmod", "acl"} and self.syn.case(c) != prep
                      and not (genitive and key(c.lemma_) in self.lex.target_nouns)]
            heads += self.syn.quoted_adjectives(tok)  # "l'attaque « brutale » de la Russie"
            if inverted(tok):
                heads.append(tok.head)
        out = []
        own = {self.syn.case(tok)} | {self.g.base(f.lower_) for c in tok.children if c.dep_ == "case"
                                      for f in c.children if f.dep_ == "fixed"}  # "face à": both words
        for h in heads:
            for c in h.children:
                # a PP the parser coordinated with the noun still depends on it ("avec, notamment, les pays"),
                # unless it repeats the noun's own preposition ("face à la menace de X et au retrait de Y")
                coordinate = c.dep_ == "conj" and h.i == tok.i and self.syn.case(c) in own
                if (c.dep_ in _ARG_DEPS or c.dep_ == "conj") and self.syn.case(c) == prep and not coordinate:
                    out.append(c)
        return out

    def _later_prep(self, tok: Token, prep: str) -> list[Token]:
        """A "contre X" / "à X" the parser hung on a later word of the same clause ("la guerre lancée par la
        Russie contre l'Ukraine"): the first such phrase after a cue noun, before the next finite verb."""
        prep = self.g.base(prep)
        if prep in self.g.genitive or (pos(tok) != "NOUN" and prep not in self.g.late_verb_prepositions):
            return []  # the genitive is everywhere, "à" after a verb is often a place: only the parse can place them
        for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 12)]:
            if t.morph.get("VerbForm") == ["Fin"] or t.text in self.g.clause_breaks:
                break
            if t.dep_ == "case" and self.g.base(t.lower_) == prep and t.head.i > t.i:
                if t.head.dep_ == "conj" and t.head.head.i == tok.i:
                    continue  # coordinated with the cue, not its argument ("la menace de X et au retrait de Y")
                return [t.head]
        return []
