"""Why a sentence gives the statements it gives: the parse, the repairs applied, the mentions and what each
resolved to, and every cue that matched a word with why it fired or was blocked. The tool to write a cue with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .extract import load_nlp


@dataclass
class Explanation:
    """One sentence (or text) as the extractor saw it."""

    text: str
    tokens: list[dict] = field(default_factory=list)  # i, text, lemma, pos, dep, head
    repairs: list[dict] = field(default_factory=list)  # token, repair, change
    mentions: list[dict] = field(default_factory=list)  # text, label, type, wikidata, kind, confidence
    cues: list[dict] = field(default_factory=list)  # token, word, cue, verdict, reason, subject, object
    statements: list[tuple[str, str, str, float]] = field(default_factory=list)


def explain(text: str, date: dt.date | None = None) -> Explanation:
    """Run the pipeline on ``text`` with the relation engine's trace on."""
    nlp = load_nlp()
    finder = nlp.get_pipe("kg_relations")
    finder.trace = True
    try:
        doc = nlp.make_doc(text)
        doc._.kg_date = date.isoformat() if date else None
        doc = nlp(doc)
    finally:
        finder.trace = False
    return _explanation(doc)


def _explanation(doc: Doc) -> Explanation:
    out = Explanation(doc.text)
    out.tokens = [{"i": t.i, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_, "head": t.head.i}
                  for t in doc]
    out.repairs = list(doc._.kg_repairs or [])
    out.mentions = [{"text": doc[m.start : m.end].text, "label": m.label, "type": m.type, "wikidata": m.wikidata,
                     "kind": m.kind, "confidence": m.confidence} for m in doc._.kg_mentions or []]
    out.cues = [{**t, "word": doc[t["token"]].text} for t in doc._.kg_trace or []]
    out.statements = [(f.subject[0], f.relation, f.object[0], f.confidence) for f in doc._.kg_statements or []]
    return out


def sentence_of(text: str, number: int) -> str:
    """The ``number``-th sentence (from 1) of an article, as the pipeline cuts it."""
    nlp = load_nlp()
    sentences = [s.text for s in nlp(text).sents if s.text.strip()]
    if not 1 <= number <= len(sentences):
        raise ValueError(f"the article has {len(sentences)} sentences; asked for sentence {number}")
    return sentences[number - 1]


def format_explanation(e: Explanation) -> str:
    """A plain-text report, one section each: parse, repairs, mentions, cues, statements."""
    lines = [e.text.strip(), "", "parse (i  word  lemma  POS  dependency → head):"]
    lines += [f"  {t['i']:>3}  {t['text']:<18} {t['lemma']:<18} {t['pos']:<6} {t['dep']:<12} → {t['head']}"
              for t in e.tokens if t["text"].strip()]
    lines += ["", "repairs:"] + ([f"  {r['repair']}: {r['change']}" for r in e.repairs] or ["  none"])
    lines += ["", "mentions:"] + ([f"  {m['text']!r} → {m['label']} ({m['type']}, {m['wikidata'] or 'no id'}; "
                                   f"{m['kind']}, {m['confidence']:.2f})" for m in e.mentions] or ["  none"])
    lines += ["", "cues:"]
    for c in e.cues:
        why = f" ({c['reason']})" if c["reason"] else ""
        parties = f": {', '.join(c['subject']) or '-'} → {', '.join(c['object']) or '-'}" if c["subject"] or \
            c["object"] else ""
        lines.append(f"  {c['word']!r} [{c['token']}] {c['cue']}: {c['verdict']}{why}{parties}")
    if not e.cues:
        lines.append("  no word of the sentence is a cue of kg/data/cues.yaml")
    lines += ["", "statements:"] + ([f"  {s} {r} {o} ({c:.2f})" for s, r, o, c in e.statements] or ["  none"])
    return "\n".join(lines)
