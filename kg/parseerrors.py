"""Oxigraph's SPARQL parse errors turned into one line a person can act on: where, and the gist."""

from __future__ import annotations

import re

from .querytext import first_keyword

ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# Oxigraph lists the characters it expected as ranges ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' | ...]: noise to a reader.
_CHAR_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
_PREFIXED_NAME = re.compile(r"(?<![\w<:/#.-])([A-Za-z][\w.-]*)?:[^\s:]*$")


def syntax_message(error: str, query: str) -> str:
    """Oxigraph's parse error in one line: where, and the gist (an unknown prefix, the tokens expected).

    Oxigraph reports the position as line:column (1-based, in characters) and lists the grammar it
    expected there, character ranges included; the ranges go and an undeclared prefix is named.
    """
    match = ERROR_AT.match(error.strip())
    if match is None:
        return f"malformed query: {' '.join(error.split())}"
    line, column, detail = int(match[1]), int(match[2]), match[3]
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"malformed query at line {line}, column {column}"
    if first_keyword(query) not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return "malformed query: it must start with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX lines)"
    if "Prefix not found" in detail:
        name = _PREFIXED_NAME.search(text[: column - 1])
        prefix = (name[1] or "") if name else ""
        return f"{where}: unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>)"
    if "IRI parsing failed" in detail:
        return f"{where}: invalid IRI before this point (an IRI holds no spaces, quotes or braces)"
    rest = re.sub(r"^expected( one of)?", "", _CHAR_CLASS.sub("", detail).strip())
    expected = [t.strip() for t in re.findall(r'\s*("(?:[^"\\]|\\.)*"|[^,\s][^,]*)', rest)]
    expected = [t for t in expected if t]
    found = text[column - 1:].split()
    near = f" near {found[0][:30]!r}" if found else " (end of the query)" if line >= len(lines) else ""
    if not expected:
        return f"{where}{near}: unexpected text"
    shown = ", ".join(expected[:10]) + (", ..." if len(expected) > 10 else "")
    return f"{where}{near}: expected {'one of ' if len(expected) > 1 else ''}{shown}"
