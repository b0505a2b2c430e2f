"""Read articles from files, folders and stdin: plain text, Markdown, HTML and JSON Lines, one at a time.

Bad input never stops a batch: each bad file (or JSONL line) is reported through ``on_error`` with a
message naming it, and reading goes on with the next one. An article that does not look French is read
all the same, with a warning through ``on_warning`` naming its file and id.
"""

from __future__ import annotations

import codecs
import html
import json
import os
import re
import stat
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .clean import clean_text, split_articles
from .dates import article_date
from .graphfiles import FORMATS as GRAPH_FORMATS
from .language import not_french
from .model import Article

#: files larger than this are reported and skipped without being read.
MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".jsonl", ".json")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES
GRAPH_SUFFIXES = set(GRAPH_FORMATS) - set(SUFFIXES)  # `kg build` output given back as input by mistake
#: share of control characters above which decoded text is treated as binary.
MAX_CONTROL_SHARE = 0.05

ErrorHandler = Callable[[str, str], None]
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html\b)", re.I)


class InputError(Exception):
    """A file that cannot be read as articles; the message names the file."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class _Skip(Exception):
    """Internal: this input is bad; the reason is the message."""


def read_inputs(
    inputs: Iterable[str | Path], on_error: ErrorHandler | None = None, max_bytes: int = MAX_BYTES,
    on_warning: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Articles of every input (a file, a folder read recursively in sorted order, or "-" for stdin).

    Bad inputs go to ``on_error(source, message)``; without a handler the first one raises InputError.
    Articles that do not look French go to ``on_warning(source, message)`` (a UserWarning without a
    handler) and are read all the same.
    """

    def report(source: str, message: str) -> None:
        if on_error is None:
            raise InputError(source, message)
        on_error(source, message)

    seen: dict[str, str] = {}
    for source, articles in _sources(inputs, max_bytes, report):
        for article in _guarded(source, articles, report):
            article = _unique(article, source, seen, report)
            _check_language(article, source, on_warning)
            yield article


def _check_language(article: Article, source: str, on_warning: ErrorHandler | None) -> None:
    reason = not_french(article.text)
    if reason is None:
        return
    message = f"article {article.id!r} {reason}"
    if on_warning is None:
        warnings.warn(f"{source}: {message}", UserWarning, stacklevel=3)
    else:
        on_warning(source, message)


def _sources(inputs: Iterable[str | Path], max_bytes: int,
             report: ErrorHandler) -> Iterator[tuple[str, Iterator[Article]]]:
    """(source name, its articles) for every input file, folders expanded."""
    for item in inputs:
        if str(item) == "-":
            yield "stdin", _read_stdin(max_bytes, report)
            continue
        path = Path(item)
        if path.is_dir():
            files = _folder_files(path, report)
            if not files:
                report(str(item), f"no article files ({' '.join(SUFFIXES)}) in this folder")
            for file in files:
                yield str(file), _read_file(file, max_bytes, report)
        elif path.suffix.lower() in GRAPH_SUFFIXES:
            report(str(item), "this is a graph file, not an article: use kg report, kg query or kg view on it")
        elif path.is_file():
            yield str(item), _read_file(path, max_bytes, report)
        else:
            report(str(item), _not_a_file(path))


def _unique(article: Article, source: str, seen: dict[str, str], report: ErrorHandler) -> Article:
    """Two inputs with the same id would overwrite each other in the graph: rename the later one and say so."""
    if article.id in seen:
        base, n = article.id, 2
        while f"{base}-{n}" in seen:
            n += 1
        article = replace(article, id=f"{base}-{n}")
        report(source, f"article id {base!r} is already used by {seen[base]}; this article is {article.id!r}")
    seen[article.id] = source
    return article


def _guarded(source: str, articles: Iterator[Article], report: ErrorHandler) -> Iterator[Article]:
    """Yield the articles of one input; a bad input is reported and ends only its own reading."""
    try:
        yield from articles
    except _Skip as exc:
        report(source, str(exc))
    except OSError as exc:
        report(source, f"cannot read: {exc.strerror or exc}")


def _not_a_file(path: Path) -> str:
    """Why ``path``, which is neither a folder nor a regular file, is not read (never by opening it)."""
    if path.is_symlink() and not path.exists():
        return f"a symbolic link to {os.readlink(path)}, which does not exist; skipped"
    if not path.exists():
        return "no such file or folder"
    mode = path.stat().st_mode
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a file: skipped (to read a pipe, give - and redirect it to standard input)"


def _folder_files(folder: Path, report: ErrorHandler | None = None) -> list[Path]:
    """Article files under ``folder``, sorted, skipping hidden files and folders and other extensions.

    An entry with an article extension that is not a regular file (a dangling symbolic link, a named pipe,
    a socket) is reported by name to ``report`` and skipped: opening a pipe would wait for ever.
    """
    files = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in SUFFIXES or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_file():
            files.append(path)
        elif report is not None and not path.is_dir():
            report(str(path), _not_a_file(path))
    return files


def _read_file(path: Path, max_bytes: int, report: ErrorHandler) -> Iterator[Article]:
    """The articles of one file, read by its extension (plain text for any other extension)."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":  # streamed: the size cap applies to each line
        yield from _read_json(path, max_bytes, report)
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise _Skip(f"too large ({size:,} bytes, limit {max_bytes:,}), skipped")
    if suffix == ".json":
        yield from _read_json(path, max_bytes, report)
        return
    data = path.read_bytes()
    if suffix in HTML_SUFFIXES:
        yield _html_article(_decode(data, sniff_charset=True), path.stem, str(path))
    else:
        text = _decode(data)
        if suffix == ".md":
            text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
        yield from _text_articles(text, path.stem, str(path), report)


def _read_stdin(max_bytes: int, report: ErrorHandler) -> Iterator[Article]:
    """The articles on standard input: an HTML page or JSON (Lines) if it starts like one, else plain text."""
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(max_bytes + 1) if stream else sys.stdin.read(max_bytes + 1).encode("utf-8")
    if len(data) > max_bytes:
        raise _Skip(f"too large (over the limit of {max_bytes:,} bytes), skipped")
    text = _decode(data, sniff_charset=True)
    if _HTML_START.match(text):
        yield _html_article(text, "stdin", "stdin")
    elif text.lstrip().startswith(("{", "[")):
        yield from _json_articles(_text_records(text), "stdin", "stdin", report)
    else:
        yield from _text_articles(text, "stdin", "stdin", report)


def _decode(data: bytes, sniff_charset: bool = False) -> str:
    """Bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or the charset an HTML page declares."""
    encodings = ["utf-8-sig"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif b"\x00" in data:
        raise _Skip("binary file (NUL bytes), not text")
    if sniff_charset:
        declared = _CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:200])
        if declared:
            encodings.append(declared.group(1).decode("ascii"))
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        controls = len(_CONTROL.findall(text))
        if controls > MAX_CONTROL_SHARE * max(len(text), 1):
            raise _Skip("binary file (mostly control characters), not text")
        return text
    raise _Skip("not UTF-8 text (convert it first, e.g. iconv -f latin1 -t utf-8)")


def _text_articles(text: str, stem: str, source: str, report: ErrorHandler) -> Iterator[Article]:
    """The articles of a plain-text file; ids are the stem, or stem-1, stem-2 ... when it holds several."""
    if not text.strip():
        raise _Skip("empty file")
    chunks = split_articles(text)
    cleaned = [clean_text(chunk) for chunk in chunks]
    if not any(cleaned):
        raise _Skip("nothing left after removing web junk")
    for n, body in enumerate(cleaned, start=1):
        if not body:
            report(source, f"article {n}: nothing left after removing web junk")
            continue
        yield _article(f"{stem}-{n}" if len(chunks) > 1 else stem, body, source)


def _article(id_: str, body: str, source: str, meta_date: str | None = None) -> Article:
    return Article(id=id_, text=body, title=body.split("\n", 1)[0], date=article_date(body, meta_date), source=source)


def _with_title(title: str | None, text: str) -> str:
    """The text with its title as first line (unless it already starts with it)."""
    title = (title or "").strip()
    if title and not text.lstrip().startswith(title):
        return f"{title}\n\n{text}"
    return text


def _html_article(page: str, stem: str, source: str) -> Article:
    """One article from an HTML page: trafilatura's main text, title and date; tag stripping if it fails."""
    import trafilatura  # slow to import; only HTML input needs it

    try:
        doc = trafilatura.bare_extraction(page, include_comments=False, with_metadata=True)
    except Exception:  # trafilatura/lxml raise many kinds of errors on broken markup
        doc = None
    text, title, date = (doc.text or "", doc.title, doc.date) if doc is not None else ("", None, None)
    if not text.strip():
        text, title, date = _strip_tags(page), None, None
    body = clean_text(_with_title(title, text))
    if not body:
        raise _Skip("no article text in this HTML page")
    return _article(stem, body, source, date)


def _strip_tags(page: str) -> str:
    """Text of an HTML page without a parser: scripts and styles dropped, block ends as line breaks."""
    page = re.sub(r"<(script|style|noscript|template)\b.*?(</\1\s*>|$)", " ", page, flags=re.I | re.S)
    page = re.sub(r"<!--.*?(-->|$)", " ", page, flags=re.S)
    page = re.sub(
        r"</?(p|div|br|h[1-6]|li|tr|article|section|header|footer|title|blockquote)\b[^>]*>", "\n", page, flags=re.I
    )
    return html.unescape(re.sub(r"<[^>]*>?", " ", page))


def _read_json(path: Path, max_bytes: int, report: ErrorHandler) -> Iterator[Article]:
    """Articles of a JSON Lines file, or of a .json file holding one object or a list of them."""
    yield from _json_articles(_json_records(path, max_bytes), path.stem, str(path), report)


def _json_articles(records: Iterable[tuple[int, object]], stem: str, source: str,
                   report: ErrorHandler) -> Iterator[Article]:
    """An article per good record (id ``stem-N`` unless it has one); a bad record is reported by its line."""
    found = False
    for lineno, record in records:
        try:
            if isinstance(record, _Skip):
                raise record
            yield _json_article(record, f"{stem}-{lineno}", source)
            found = True
        except _Skip as exc:
            report(source, f"line {lineno}: {exc}")
    if not found:
        raise _Skip("no article in this JSON input")


def _text_records(text: str) -> Iterator[tuple[int, object]]:
    """(line or item number, value or _Skip) of JSON text in memory: one document, else JSON Lines."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        pass
    else:
        yield from enumerate(whole if isinstance(whole, list) else [whole], start=1)
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield lineno, _json_line(line)


def _json_line(line: str) -> object:
    """One JSON Lines value, or the _Skip saying why the line is not JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return _Skip(f"not valid JSON ({exc.msg})")


def _json_records(path: Path, max_bytes: int) -> Iterator[tuple[int, object]]:
    """(line or item number, parsed value or the _Skip saying why it is bad), streaming for JSON Lines."""
    if path.suffix.lower() == ".json":  # its size was checked: read whole
        yield from _text_records(_decode(path.read_bytes()))
        return
    with path.open("rb") as handle:
        for lineno, raw in enumerate(iter(lambda: handle.readline(max_bytes + 1), b""), start=1):
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, a bounded piece at a time
                    raw = handle.readline(max_bytes + 1)
                yield lineno, _Skip(f"too large (over the limit of {max_bytes:,} bytes), skipped")
                continue
            try:
                line = _decode(raw).strip()
            except _Skip as exc:
                yield lineno, exc
                continue
            if line:
                yield lineno, _json_line(line)


def _json_article(record: object, default_id: str, source: str) -> Article:
    """An article from one JSON record: ``text`` required; ``title``, ``date``, ``url``, ``id`` optional."""
    if not isinstance(record, dict):
        raise _Skip("not a JSON object")
    text, title, date = (record.get(key) for key in ("text", "title", "date"))
    if not isinstance(text, str) or not text.strip():
        raise _Skip("no 'text' field (or it is empty)")
    body = clean_text(_with_title(title if isinstance(title, str) else None, text))
    if not body:
        raise _Skip("nothing left after removing web junk")
    return _article(
        str(record.get("id") or default_id),
        body,
        str(record.get("url") or source),
        date if isinstance(date, str) else None,
    )
