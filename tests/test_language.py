"""Only French is supported: an article that does not look French is named in a warning and extracted anyway."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.language import french_share, french_words, not_french
from kg.readers import read_inputs

ENGLISH = (
    "The United States and Russia held talks in Geneva on Tuesday, the first since the invasion of Ukraine. "
    "Secretary of State Marco Rubio said the discussions were constructive, but he warned that sanctions would "
    "remain in place until Moscow agreed to a ceasefire. President Donald Trump has criticized European leaders "
    "for not spending enough on defence."
)
FRENCH = (
    "Les États-Unis et la Russie ont tenu des pourparlers à Genève mardi, les premiers depuis l'invasion de "
    "l'Ukraine. Le secrétaire d'État Marco Rubio a jugé les discussions constructives, mais il a averti que les "
    "sanctions resteraient en place tant que Moscou n'aurait pas accepté un cessez-le-feu. La Russie a attaqué "
    "l'Ukraine."
)


def test_the_word_list_is_data():
    assert {"le", "la", "des", "qui", "dans"} <= french_words()
    assert "the" not in french_words()


def test_french_and_english_shares():
    assert french_share(FRENCH)[0] > 0.3
    assert french_share(ENGLISH)[0] < 0.05
    assert not_french(FRENCH) is None
    assert "does not look French" in not_french(ENGLISH)
    assert not_french("Donald Trump, Vladimir Putin") is None  # too short to tell


def test_reader_warns_and_keeps_the_article(tmp_path):
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    warned = []
    articles = list(read_inputs([tmp_path], on_warning=lambda source, message: warned.append((source, message))))
    assert [a.id for a in articles] == ["en", "fr"]
    assert len(warned) == 1 and warned[0][0] == str(tmp_path / "en.txt") and "'en'" in warned[0][1]
    with pytest.warns(UserWarning, match=r"en\.txt: article 'en' does not look French"):
        assert len(list(read_inputs([tmp_path]))) == 2


def test_kg_triples_names_the_file_and_the_jsonl_article_and_goes_on(tmp_path):
    """Real model: the English article is named (file and id), the French one is extracted, exit 0."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in (("fr1", FRENCH), ("en1", ENGLISH))),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["triples", str(corpus)])
    assert result.exit_code == 0, result.output
    assert f"kg: warning: {corpus}: article 'en1' does not look French" in result.stderr
    assert "fr1" not in result.stderr and "input problem" not in result.stderr
    assert "fr1\tRussia\tattacked\tUkraine" in result.stdout
