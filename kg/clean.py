"""Turn scraped plain text into article text: split files holding several articles, drop web junk.

Junk (menus, captions and credits, "Lire aussi" links, newsletter, cookie and comment prompts, share
buttons, ads) is recognised line by line with the patterns of ``kg/data/junk.tsv``. The cleaned text is
the article text that every character offset refers to: one paragraph per line, paragraphs separated by a
blank line, the title first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .dates import find_dates, header_date
from .resources import DATA_DIR, tsv_records

#: a line longer than this is a paragraph, never junk.
JUNK_MAX_CHARS = 600
#: a caption is at most this long; a longer line ending with "(AFP)" is a paragraph of agency copy.
CAPTION_MAX_CHARS = 400
#: the picture description glued above a caption ("Un homme hisse un drapeau") is at most this long.
ALT_TEXT_MAX_CHARS = 70
#: lines this short at the very end of an article, without closing punctuation, are buttons and debris.
DEBRIS_MAX_CHARS = 60
#: a "cut" line (comment form, author box) ends the article only after this many paragraphs; before, it is
#: a link near the title and only that line goes.
MIN_PARAGRAPHS_BEFORE_CUT = 2
#: a title is one line at most this long, among the first lines of an article.
TITLE_MAX_CHARS = 200
TITLE_SEARCH_LINES = 12

_SEPARATOR = re.compile(r"^[ \t]*([=*~_#-])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_PUBLICATION = re.compile(
    r"^(publié|mis à jour|mise à jour|modifié|actualisé|posted|published|updated|last updated|date)\b", re.I
)
_BYLINE = re.compile(r"^(par|by)\s", re.I)
_CLOSING = ".!?…»”\"')]:;"


@dataclass(frozen=True)
class JunkRule:
    action: str  # line | caption | cut
    pattern: re.Pattern
    what: str


JUNK_ACTIONS = ("line", "caption", "cut")


@cache
def junk_rules(path: Path = DATA_DIR / "junk.tsv") -> tuple[JunkRule, ...]:
    """The rules of junk.tsv; an unknown action or a pattern that is no regex fails with its line."""
    rules = []
    for row in tsv_records(path, ("action", "pattern", "what")):
        action, pattern, what = row["action"], row["pattern"], row["what"]
        if action not in JUNK_ACTIONS:
            raise row.error(f"unknown action {action!r} for {what!r}; known: {', '.join(JUNK_ACTIONS)}")
        try:
            compiled = re.compile(pattern.replace("'", "['’]"), re.IGNORECASE)
        except re.error as err:
            raise row.error(f"pattern of {what!r} is not a regular expression: {err}") from None
        rules.append(JunkRule(action, compiled, what))
    return tuple(rules)


# Characters that str.split() does not already treat as spaces: invisible ones (dropped), non-breaking
# hyphens (plain hyphens), Unicode line and paragraph separators (line breaks), other control characters.
_SPECIAL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u200b-\u200d\u2010\u2011\u2028\u2029\u2060\ufeff]")
_REPLACEMENT = {"\u2010": "-", "\u2011": "-", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}


def normalize(raw: str) -> str:
    """One newline convention, plain spaces for every kind of space, no invisible or control characters."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPECIAL.sub(lambda m: _REPLACEMENT.get(m.group(), ""), text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def junk_action(line: str) -> str | None:
    """What the junk rules do with this (normalised, non-empty) line: line, caption, cut, or None."""
    if len(line) > JUNK_MAX_CHARS:
        return None
    for rule in junk_rules():
        if rule.pattern.search(line):
            if rule.action == "caption" and len(line) > CAPTION_MAX_CHARS:
                continue
            return rule.action
    return None


def clean_text(raw: str) -> str:
    """The article text of one scraped article: junk lines dropped, one paragraph per line, blank-separated."""
    lines = normalize(raw).split("\n")
    kept: list[str | None] = []  # per input line: its text, "" for blank, None for dropped junk
    for line in lines:
        if not line:
            kept.append("")
            continue
        action = junk_action(line)
        if action == "cut" and sum(1 for kept_line in kept if kept_line) >= MIN_PARAGRAPHS_BEFORE_CUT:
            break
        if action == "caption":
            _drop_alt_text(kept)
        kept.append(None if action else line)
    paragraphs = [line for line in kept if line]
    while (
        len(paragraphs) > 1 and len(paragraphs[-1]) <= DEBRIS_MAX_CHARS and not paragraphs[-1].endswith(tuple(_CLOSING))
    ):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _drop_alt_text(kept: list[str | None]) -> None:
    """Drop the picture description that opens a caption block: a short line glued to the caption."""
    if not kept or not kept[-1] or len(kept[-1]) > ALT_TEXT_MAX_CHARS:
        return
    if len(kept) == 1 or kept[-2] is None or kept[-2] == "":
        kept[-1] = None


def split_articles(raw: str) -> list[str]:
    """The articles of one file, as raw text each (clean them with :func:`clean_text`).

    Articles are separated by a line of ``===``, ``---``, ``***`` (three or more; one followed by a
    paragraph rather than a title is a section break and does not split), or, failing that, each starts
    with a header that repeats through the file: a title line followed by a publication line ("Publié le
    ...", "Mis à jour le ...", a bare date), possibly with a byline between them.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _SEPARATOR.search(text):
        chunks: list[str] = []
        for chunk in _SEPARATOR.split(text)[::2]:  # split() also returns the captured separator character
            if chunks and not _starts_with_title(chunk):  # a section break inside one article
                chunks[-1] = f"{chunks[-1]}\n\n{chunk}"
            elif chunk.strip():
                chunks.append(chunk)
    else:
        lines = text.split("\n")
        starts = [i for i in range(len(lines)) if _is_header(lines, i)]
        if len(starts) < 2:
            chunks = [text]
        else:
            starts[0] = 0  # anything before the first header belongs to the first article
            chunks = ["\n".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    return [chunk for chunk in chunks if chunk.strip()]


def _starts_with_title(chunk: str) -> bool:
    """Whether a chunk opens like an article: its first line, junk aside, is short and not a sentence."""
    first = clean_text("\n".join(chunk.strip().split("\n")[:TITLE_SEARCH_LINES])).split("\n", 1)[0]
    return bool(first) and len(first) <= TITLE_MAX_CHARS and not first.endswith(".")


def _is_header(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is a title followed by a publication line."""
    title = " ".join(lines[i].split())
    if not title or len(title) > TITLE_MAX_CHARS or title[-1] in ".!,;:":
        return False
    if _BYLINE.match(title) or _is_publication_line(title):
        return False
    following = [" ".join(line.split()) for line in lines[i + 1 : i + 6] if line.strip()][:2]
    if following and _BYLINE.match(following[0]) and len(following[0]) <= DEBRIS_MAX_CHARS:
        following = following[1:]
    return bool(following) and _is_publication_line(following[0])


def _is_publication_line(line: str) -> bool:
    """A short line that dates the article: "Publié le 12 février 2025 à 10h", or a bare date."""
    if len(line) > 120 or header_date(line) is None:
        return False
    if _PUBLICATION.match(line):
        return True
    spans = find_dates(line)
    return sum(end - start for start, end, _date in spans) >= 0.6 * len(line)
