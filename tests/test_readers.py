"""Reading files, folders, stdin, HTML and JSON Lines; every kind of bad input is reported and skipped."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest

from kg import readers
from kg.readers import InputError, read_inputs

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

ARTICLE = (
    "Le Canada et le Mexique répliquent aux droits de douane américains\n\n"
    "Publié le 4 mars 2025\n\n"
    "Partager sur Facebook\n\n"
    "Ottawa a annoncé mardi des droits de douane sur les produits américains, en réponse à la décision "
    "de Washington.\n\n"
    "Lire aussi : Les marchés chutent après l'annonce\n\n"
    "Mexico prépare des mesures semblables, a déclaré la présidente mexicaine."
)


def collect(inputs, **kwargs):
    errors: list[tuple[str, str]] = []
    articles = list(read_inputs(inputs, on_error=lambda source, message: errors.append((source, message)), **kwargs))
    return articles, errors


def test_text_file_gives_one_clean_dated_article(tmp_path):
    path = tmp_path / "tarifs.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [article] = read_inputs([path])
    assert article.id == "tarifs"
    assert article.source == str(path)
    assert article.title == "Le Canada et le Mexique répliquent aux droits de douane américains"
    assert article.date == dt.date(2025, 3, 4)
    assert "Partager" not in article.text and "Lire aussi" not in article.text
    assert article.text.endswith("a déclaré la présidente mexicaine.")


def test_file_with_several_articles_gets_numbered_ids(tmp_path):
    second = "L'OTAN réunit ses ministres\n\nPublié le 5 mars 2025\n\nLes ministres de la Défense se retrouvent."
    (tmp_path / "revue.txt").write_text(f"{ARTICLE}\n\n=====\n\n{second}\n", encoding="utf-8")
    articles, errors = collect([tmp_path / "revue.txt"])
    assert errors == []
    assert [(a.id, a.title, a.date) for a in articles] == [
        ("revue-1", "Le Canada et le Mexique répliquent aux droits de douane américains", dt.date(2025, 3, 4)),
        ("revue-2", "L'OTAN réunit ses ministres", dt.date(2025, 3, 5)),
    ]


def test_folder_is_recursed_sorted_and_skips_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deux.md").write_text("# Deuxième titre\n\nLe texte du second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".cache.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    articles, errors = collect([tmp_path])
    assert errors == []
    assert [(a.id, a.title) for a in articles] == [
        ("a", "Le Canada et le Mexique répliquent aux droits de douane américains"),
        ("deux", "Deuxième titre"),
    ]


def test_utf16_with_bom_is_text(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    [article] = read_inputs([path])
    assert article.date == dt.date(2025, 3, 4) and "a déclaré la présidente mexicaine." in article.text


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    [article] = read_inputs(["-"])
    assert (article.id, article.source, article.date) == ("stdin", "stdin", dt.date(2025, 3, 4))


HTML_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="{charset}"><title>Le Japon et la Corée du Sud | Le Journal</title>
<meta property="article:published_time" content="2025-04-02T08:30:00+02:00">
<script>document.write("<p>injected</p>")</script></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/abonnement">S'abonner</a></nav>
<article><h1>Le Japon et la Corée du Sud renforcent leur coopération</h1>
<p>Le premier ministre japonais a reçu mercredi à Tokyo le président sud-coréen pour un sommet consacré à la
sécurité régionale et aux échanges commerciaux entre les deux pays.</p>
<p>Les deux dirigeants ont signé un accord sur le partage de renseignements militaires, selon un communiqué
publié à l'issue de la rencontre. Le texte cite le « &lt;script&gt; » d'un message piégé.</p>
<p>Lire aussi : La Chine proteste contre les manœuvres navales</p>
<p>Pékin a dénoncé une alliance dirigée contre la Chine, a indiqué le porte-parole de la diplomatie chinoise.</p>
</article>
<aside>Inscrivez-vous à notre newsletter</aside><footer>Mentions légales — Cookies</footer></body></html>
"""


def test_html_page_goes_through_trafilatura(tmp_path):
    path = tmp_path / "sommet.html"
    path.write_text(HTML_PAGE.format(charset="utf-8"), encoding="utf-8")
    [article] = read_inputs([path])
    assert article.id == "sommet"
    assert article.title == "Le Japon et la Corée du Sud renforcent leur coopération"
    assert article.date == dt.date(2025, 4, 2)
    assert "Pékin a dénoncé une alliance dirigée contre la Chine" in article.text
    assert "« <script> »" in article.text  # escaped text in the page is text, kept as such
    for junk in ("injected", "Accueil", "Lire aussi", "newsletter", "Mentions légales", "document.write"):
        assert junk not in article.text


@pytest.mark.parametrize("data", [
    '{"id": "a1", "text": "Kiev a signé un accord avec Varsovie.", "date": "2025-05-02"}\n'
    'not json\n{"id": "a2", "text": "Berlin livre des chars à Kiev."}\n',
    '[{"id": "a1", "text": "Kiev a signé un accord avec Varsovie.", "date": "2025-05-02"}, {"title": "sans texte"},'
    ' {"id": "a2", "text": "Berlin livre des chars à Kiev."}]',
])
def test_json_and_json_lines_on_stdin(monkeypatch, data: str):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    problems = []
    articles = list(read_inputs(["-"], on_error=lambda source, message: problems.append((source, message))))
    assert [(a.id, a.date) for a in articles] == [("a1", dt.date(2025, 5, 2)), ("a2", None)]
    assert len(problems) == 1 and problems[0][0] == "stdin" and problems[0][1].startswith("line 2: ")


def test_html_page_on_stdin(monkeypatch):
    page = HTML_PAGE.format(charset="utf-8").encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page), encoding="utf-8"))
    [article] = read_inputs(["-"])
    assert (article.id, article.title) == ("stdin", "Le Japon et la Corée du Sud renforcent leur coopération")


def test_html_declared_charset_is_honoured(tmp_path):
    path = tmp_path / "latin.htm"
    path.write_bytes(HTML_PAGE.format(charset="iso-8859-1").encode("latin-1", errors="replace"))
    [article] = read_inputs([path])
    assert "Le premier ministre japonais a reçu mercredi à Tokyo" in article.text


def test_broken_html_falls_back_to_stripping_tags(tmp_path):
    path = tmp_path / "casse.html"
    path.write_text(
        "<html><body><div><p>Le ministre turc a reçu son homologue iranien à Ankara."
        "<script>alert('x')<p>Un second paragraphe jamais fermé <b>en gras",
        encoding="utf-8",
    )
    [article] = read_inputs([path])
    assert article.text.startswith("Le ministre turc a reçu son homologue iranien à Ankara.")
    assert "alert" not in article.text


def test_jsonl_articles_and_bad_lines(tmp_path):
    path = tmp_path / "flux.jsonl"
    lines = [
        json.dumps({"id": "a-1", "title": "Sommet à Rome", "text": "L'Italie accueille le G7.", "date": "2025-06-01"}),
        "{pas du json",
        json.dumps({"title": "sans texte"}),
        "",
        json.dumps({"text": "Le Brésil et l'Argentine signent un accord.", "url": "https://exemple.org/a"}),
        json.dumps(["une", "liste"]),
        "caf\xe9",
    ]
    path.write_bytes("\n".join(lines[:-1]).encode("utf-8") + b"\n" + lines[-1].encode("latin-1") + b"\n")
    articles, errors = collect([path])
    assert [(a.id, a.title, a.date, a.source) for a in articles] == [
        ("a-1", "Sommet à Rome", dt.date(2025, 6, 1), str(path)),
        ("flux-5", "Le Brésil et l'Argentine signent un accord.", None, "https://exemple.org/a"),
    ]
    assert articles[0].text == "Sommet à Rome\n\nL'Italie accueille le G7."
    assert errors == [
        (str(path), "line 2: not valid JSON (Expecting property name enclosed in double quotes)"),
        (str(path), "line 3: no 'text' field (or it is empty)"),
        (str(path), "line 6: not a JSON object"),
        (str(path), "line 7: not UTF-8 text (convert it first, e.g. iconv -f latin1 -t utf-8)"),
    ]


def test_jsonl_size_cap_applies_per_line(tmp_path):
    path = tmp_path / "gros.jsonl"
    lines = [{"text": "Court."}, {"text": "Très long. " * 100}, {"text": "Encore court."}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 300
    articles, errors = collect([path], max_bytes=300)
    assert [a.id for a in articles] == ["gros-1", "gros-3"]
    assert errors == [(str(path), "line 2: too large (over the limit of 300 bytes), skipped")]


def test_json_file_with_a_list_of_articles(tmp_path):
    path = tmp_path / "lot.json"
    records = [{"text": "Premier article."}, {"id": "x", "text": "Second article."}]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    assert [a.id for a in read_inputs([path])] == ["lot-1", "x"]


def test_every_kind_of_bad_input_is_reported_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "bon.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = {
        "binaire.txt": b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)),
        "controle.txt": bytes(range(1, 9)) * 50,
        "latin1.txt": "Le président français a reçu à l'Élysée.".encode("latin-1"),
        "vide.txt": b"",
        "blanc.txt": b"  \n\t\n\r\n",
        "menu.txt": "Menu Close\n\nPublicité\n\nPartager sur Facebook\n".encode(),
        "rien.html": b"<html><body><script>var a = 1;</script></body></html>",
        "vide.jsonl": b"\n\n",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    huge = tmp_path / "enorme.txt"
    with huge.open("wb") as handle:  # sparse: over the limit without using the disk
        handle.truncate(readers.MAX_BYTES + 1)
    missing = tmp_path / "absent.txt"
    articles, errors = collect([tmp_path, missing])
    assert [a.id for a in articles] == ["bon"]
    messages = dict(errors)
    assert set(messages) == {str(tmp_path / name) for name in bad} | {str(huge), str(missing)}
    assert messages[str(tmp_path / "binaire.txt")] == "binary file (NUL bytes), not text"
    assert messages[str(tmp_path / "controle.txt")] == "binary file (mostly control characters), not text"
    assert messages[str(tmp_path / "latin1.txt")].startswith("not UTF-8 text")
    assert messages[str(tmp_path / "vide.txt")] == "empty file"
    assert messages[str(tmp_path / "blanc.txt")] == "empty file"
    assert messages[str(tmp_path / "menu.txt")] == "nothing left after removing web junk"
    assert messages[str(tmp_path / "rien.html")] == "no article text in this HTML page"
    assert messages[str(tmp_path / "vide.jsonl")] == "no article in this JSON input"
    assert messages[str(huge)] == "too large (20,971,521 bytes, limit 20,971,520), skipped"
    assert messages[str(missing)] == "no such file or folder"


def test_size_cap_is_a_parameter_and_huge_files_are_not_read(tmp_path, monkeypatch):
    path = tmp_path / "gros.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a file over the cap was read"))
    articles, errors = collect([path], max_bytes=100)
    assert articles == [] and errors == [(str(path), f"too large ({path.stat().st_size:,} bytes, limit 100), skipped")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    articles, errors = collect([path])
    assert articles == [] and errors == [(str(path), "cannot read: Permission denied")]


def test_hostile_strings_survive_as_plain_text(tmp_path):
    hostile = (
        "Un titre <script>alert(document.cookie)</script>\n\n"
        "Le porte-parole a cité <img src=x onerror=alert(1)> et {{ 7*7 }} puis ${jndi:ldap://x} sans effet.\n"
    )
    path = tmp_path / "piege.txt"
    path.write_text(hostile, encoding="utf-8")
    [article] = read_inputs([path])
    assert article.title == "Un titre <script>alert(document.cookie)</script>"
    assert "<img src=x onerror=alert(1)> et {{ 7*7 }} puis ${jndi:ldap://x}" in article.text


def test_without_handler_bad_input_raises_input_error(tmp_path):
    path = tmp_path / "vide.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="vide.txt: empty file") as info:
        list(read_inputs([path]))
    assert info.value.source == str(path)


def test_reading_streams_one_article_at_a_time(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(ARTICLE, encoding="utf-8")
    errors = []
    stream = read_inputs([tmp_path], on_error=lambda source, message: errors.append((source, message)))
    assert next(stream).id == "0"
    (tmp_path / "2.txt").unlink()  # a file not reached yet is not read yet: its loss is reported later
    assert [a.id for a in stream] == ["1"]
    assert errors == [(str(tmp_path / "2.txt"), "cannot read: No such file or directory")]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_shared_corpus(tmp_path):
    articles, errors = collect([CORPUS])
    assert errors == []
    assert [a.id for a in articles] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    by_id = {a.id: a for a in articles}
    assert by_id["003_49e0b9f3c81a6a48"].date == dt.date(2024, 11, 8)
    assert by_id["003_49e0b9f3c81a6a48"].title.startswith("Trump et Poutine prêts à renouer le dialogue")
    assert by_id["000_3f0fe1ea2c743237"].title.startswith("Le rapprochement entre les É-U et la Russie")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifos_and_dangling_links_are_named_not_opened(tmp_path):
    """A FIFO given by name or met in a folder would block for ever on open: it is reported and skipped."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("La France a signé un accord avec l'Allemagne.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "alone.txt")
    problems: list[tuple[str, str]] = []
    got = list(read_inputs([folder, tmp_path / "alone.txt"], on_error=lambda s, m: problems.append((s, m))))
    assert [a.id for a in got] == ["ok"]
    messages = {Path(source).name: message for source, message in problems}
    assert set(messages) == {"pipe.txt", "dangling.txt", "alone.txt"}
    assert "named pipe" in messages["pipe.txt"] and "named pipe" in messages["alone.txt"]
    assert "symbolic link" in messages["dangling.txt"] and "missing.txt" in messages["dangling.txt"]
