"""Dates in French (and English) news text: the article's own date, and the dates of the events it reports.

Month, weekday and relative-day words live in ``kg/data/*.tsv``. Dates without a year are resolved
against the article's date, because news mostly talks about the recent past: "le 12 février" is the latest
12 February up to a few days after the article's date (a meeting announced for next week), "lundi" the
latest Monday on or before it ("lundi dernier" strictly before, "lundi prochain" after).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from .resources import DATA_DIR, tsv_records

#: how far after the reference date a year-less date may still fall (scheduled meetings, late updates).
FUTURE_SLACK_DAYS = 7
#: how many leading non-empty lines of an article count as its header (title, byline, dateline).
HEADER_LINES = 6
#: a header line longer than this is a paragraph: its dates are events unless they open the line.
DATELINE_MAX_CHARS = 160
_DATELINE_PREFIX = re.compile(r"^(?:[^\W\d][\w'’. -]{0,30},\s*)?(?:le\s+)?$", re.IGNORECASE)


#: the values a word table's number may take, by file (any integer elsewhere)
_RANGES = {"months.tsv": range(1, 13), "weekdays.tsv": range(7)}


@cache
def _words(name: str) -> dict[str, int]:
    return number_table(DATA_DIR / name)


def number_table(path: Path) -> dict[str, int]:
    """A table of words and the number each stands for (months, weekdays, relative days), checked row by row."""
    table: dict[str, int] = {}
    allowed = _RANGES.get(path.name)
    for row in tsv_records(path):
        if len(row) != 2:
            raise row.error("a word table has two columns: the word and its number")
        word, number = (cell.strip() for cell in row.values())
        try:
            value = int(number)
        except ValueError:
            raise row.error(f"{number!r} of {word!r} is not a whole number") from None
        if allowed is not None and value not in allowed:
            raise row.error(f"{value} of {word!r} is not in {allowed.start}..{allowed.stop - 1}")
        if word in table:
            raise row.error(f"{word!r} given twice")
        table[word] = value
    return table


def _alternation(words) -> str:
    """Longest first, so "janvier" wins over "janv"; apostrophes match both ' and ’."""
    parts = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace("'", "['’]").replace(r"\ ", r"\s+") for w in parts)


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    month = rf"(?P<month>{_alternation(_words('months.tsv'))})\.?"
    weekday = rf"(?P<weekday>{_alternation(_words('weekdays.tsv'))})"
    year = r"(?P<year>(?:19|20)\d\d)"
    day = r"(?P<day>[0-3]?\d)(?:er|ᵉʳ|st|nd|rd|th)?"
    flags = re.IGNORECASE
    return [
        ("iso", re.compile(rf"\b{year}-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b", flags)),
        ("numeric", re.compile(rf"\b(?P<day>[0-3]?\d)[/.](?P<m>[01]?\d)[/.]{year}\b", flags)),
        ("english", re.compile(rf"\b(?:{weekday},?\s+)?{month}\s+{day},?\s+{year}\b", flags)),
        ("text", re.compile(rf"\b(?:{weekday}\s+)?{day}\s+{month}(?:\s+{year})?\b", flags)),
        ("weekday", re.compile(rf"\b{weekday}(?:\s+(?P<dir>dernier|passé|prochain|last|next))?\b", flags)),
        ("relative", re.compile(rf"(?<![\w-])(?P<rel>{_alternation(_words('relative_days.tsv'))})(?![\w-])", flags)),
    ]


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower().replace("’", "'"))


def _latest_on_or_before(month: int, day: int, limit: dt.date) -> dt.date | None:
    for year in (limit.year, limit.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February of a common year
            continue
        if candidate <= limit:
            return candidate
    return None


def _resolve(kind: str, m: re.Match, reference: dt.date | None) -> dt.date | None:
    """The date a match names, or None if it needs a reference we lack or is not a real day."""
    groups = m.groupdict()
    if kind == "relative":
        offset = _words("relative_days.tsv")[_key(groups["rel"])]
        return reference + dt.timedelta(days=offset) if reference else None
    if kind == "weekday":
        if reference is None:
            return None
        target = _words("weekdays.tsv")[_key(groups["weekday"])]
        back = (reference.weekday() - target) % 7
        direction = (groups.get("dir") or "").lower()
        if direction in ("prochain", "next"):
            return reference + dt.timedelta(days=(target - reference.weekday()) % 7 or 7)
        if direction and back == 0:  # "lundi dernier" written on a Monday: a week ago
            back = 7
        return reference - dt.timedelta(days=back)
    month = int(groups["m"]) if groups.get("m") else _words("months.tsv")[_key(groups["month"])]
    day = int(groups["day"])
    if groups.get("year"):
        try:
            return dt.date(int(groups["year"]), month, day)
        except ValueError:
            return None
    if reference is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return _latest_on_or_before(month, day, reference + dt.timedelta(days=FUTURE_SLACK_DAYS))


def find_dates(text: str, reference: dt.date | None = None) -> list[tuple[int, int, dt.date]]:
    """Every date named in ``text`` as (start, end, date), in text order; year-less ones need ``reference``.

    Where matches overlap, the earlier pattern of the list wins (an explicit date over a bare weekday).
    """
    found: list[tuple[int, int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            date = _resolve(kind, m, reference)
            if date is not None:
                found.append((m.start(), m.end(), date))
    return sorted(found)


def parse_date(value: str | None) -> dt.date | None:
    """A metadata date ("2025-03-01", "2025-03-01T10:00:00Z", "1er mars 2025") as a date, or None."""
    if not value:
        return None
    value = str(value).strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    dates = find_dates(value)
    return dates[0][2] if dates else None


def _in_dateline(line: str, start: int) -> bool:
    """A long line is a paragraph: a date in it dates the article only if it opens the line, alone or after
    a place as in agency copy ("Moscou, le 5 juin 2025 (AFP) –")."""
    return len(line) <= DATELINE_MAX_CHARS or bool(_DATELINE_PREFIX.match(line[:start]))


def header_date(line: str) -> dt.date | None:
    """The date of a dateline ("Publié le 12 février 2025", "Paris, le 4 avril 2025 (AFP) –") or None."""
    return next((date for start, _end, date in find_dates(line) if _in_dateline(line, start)), None)


def article_date(text: str, meta_date: str | None = None, today: dt.date | None = None) -> dt.date | None:
    """The article's date: its metadata, else the first dateline of its header, else an estimate.

    Estimates, in order: a year-less dateline with a weekday ("Mercredi 12 février") gets the first year,
    not before any year the text mentions and not after ``today``, where that day has that weekday; else
    the latest of the full dates the text mentions and of its year-less days with a weekday anywhere in
    the body ("ce mardi 4 février" after a mention of 2024), those that one year alone fits from the latest
    year mentioned to ``today`` (an article is written on or after the events it reports).
    """
    date = parse_date(meta_date)
    if date:
        return date
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        date = header_date(line)
        if date:
            return date
    today = today or dt.date.today()
    mentioned = [int(year) for year in re.findall(r"\b(?:19|20)\d\d\b", text) if int(year) <= today.year]
    for line in lines:
        for m in _text_pattern().finditer(line):
            if m.group("weekday") and not m.group("year") and _in_dateline(line, m.start()):
                date = _weekday_year(m, max(mentioned, default=today.year - 10), today)
                if date:
                    return date
    # "ce mardi 4 février" in the body, after a mention of 2024: the one such Tuesday since then
    weekdays = [days[0] for m in _text_pattern().finditer(text) if mentioned and m.group("weekday")
                and not m.group("year") and len(days := _weekday_days(m, max(mentioned), today)) == 1]
    return max([date for _s, _e, date in find_dates(text)] + weekdays, default=None)


def _text_pattern() -> re.Pattern:
    return dict(_patterns())["text"]


def _weekday_year(m: re.Match, first_year: int, today: dt.date) -> dt.date | None:
    """The first day from ``first_year`` to ``today`` with the match's day, month and weekday."""
    return next(iter(_weekday_days(m, first_year, today)), None)


def _weekday_days(m: re.Match, first_year: int, today: dt.date) -> list[dt.date]:
    """The days from ``first_year`` to ``today`` with the match's day, month and weekday, in order."""
    month, day = _words("months.tsv")[_key(m.group("month"))], int(m.group("day"))
    weekday = _words("weekdays.tsv")[_key(m.group("weekday"))]
    days = []
    for year in range(first_year, today.year + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date.weekday() == weekday and date <= today:
            days.append(date)
    return days


def event_date(sentence: str, reference: dt.date | None) -> dt.date | None:
    """The date of the event ``sentence`` reports (its first date), resolved against ``reference``."""
    dates = find_dates(sentence, reference)
    return dates[0][2] if dates else None
