"""Web junk removal and article splitting on news-like text and on the real scraped corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.clean import clean_text, junk_rules, normalize, split_articles

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

SCRAPED = """Menu Close
Accueil
Rechercher

Berlin et Varsovie resserrent leurs liens face à Moscou

Publié le 14 mars 2025 à 09h12 \u2022 Mis à jour le 14 mars 2025 à 11h40

Partager sur Facebook
Partager sur X

Le chancelier allemand a reçu jeudi le premier ministre polonais à Berlin.
Les deux dirigeants se serrent la main devant la chancellerie. (Photo AFP / Jean Dupont)

Publicité

Les deux gouvernements ont signé un accord de coopération militaire, selon un communiqué commun.

Lire aussi : La Pologne augmente son budget de défense
À lire aussi - Ce que prévoit le plan européen

Un soldat en tenue de combat
Des soldats polonais lors d'un exercice près de la frontière. (La Presse associée/Anna Nowak)

Varsovie réclame depuis des mois un soutien plus ferme de ses alliés européens face à la Russie.
Photo : Reuters

Read more: Why Poland is rearming so fast

Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.
Nous utilisons des cookies pour améliorer votre expérience. Tout accepter
Tout refuser

Voir aussi
Studio 2 pièces Lyon 69003
450 € par mois
Rhône (69), Lyon 69003, Auvergne-Rhône-Alpes

Laisser une réponse
Votre adresse e-mail ne sera pas publiée.
Le chancelier allemand est un traître, écrit un lecteur.
"""


def test_clean_text_removes_junk_and_keeps_the_article():
    text = clean_text(SCRAPED)
    paragraphs = text.split("\n\n")
    assert paragraphs == [
        "Berlin et Varsovie resserrent leurs liens face à Moscou",
        "Publié le 14 mars 2025 à 09h12 \u2022 Mis à jour le 14 mars 2025 à 11h40",
        "Le chancelier allemand a reçu jeudi le premier ministre polonais à Berlin.",
        "Les deux gouvernements ont signé un accord de coopération militaire, selon un communiqué commun.",
        "Varsovie réclame depuis des mois un soutien plus ferme de ses alliés européens face à la Russie.",
    ]


SCRAPED_EN = """Skip to main content
Search
Ottawa and Mexico City hit back at US tariffs
By Jane Smith and Paul Jones, Reuters
Published March 4, 2025
Listen to this article
Canada announced retaliatory tariffs on US goods on Tuesday, Prime Minister Justin Trudeau said.
A truck waits at the border crossing in Windsor. (Getty Images)
Mexico said it would respond with measures of its own on Sunday.
Related: Markets tumble after the announcement
Tags: trade, tariffs
About the author
Jane Smith covers trade policy in Ottawa.
"""


def test_english_page_junk_bylines_and_author_box():
    assert clean_text(SCRAPED_EN).split("\n\n") == [
        "Ottawa and Mexico City hit back at US tariffs",
        "Published March 4, 2025",
        "Canada announced retaliatory tariffs on US goods on Tuesday, Prime Minister Justin Trudeau said.",
        "Mexico said it would respond with measures of its own on Sunday.",
    ]


def test_comment_link_near_the_title_does_not_end_the_article():
    raw = "Un titre\n\nLeave a Reply\n\nLe premier paragraphe.\n\nLe second.\n\nLeave a Reply\n\nUn commentaire."
    assert clean_text(raw) == "Un titre\n\nLe premier paragraphe.\n\nLe second."


NEWS_LINES_WITH_JUNK_WORDS = [
    "Le gouvernement veut partager les renseignements avec Kiev, a indiqué le ministre.",
    "Partager les renseignements avec Kiev reste une priorité.",
    "Sur le même sujet, le ministre a refusé de répondre aux questions des journalistes.",
    "La CNIL a infligé une amende à Google pour avoir déposé des cookies sans consentement.",
    "Nous refusons que nos données et nos cookies servent à des puissances étrangères, a dit la ministre.",
    "Meta a modifié sa politique de confidentialité, a dénoncé la Commission européenne.",
    "Le salaire minimum passera à 1 400 euros par mois.",
    "Pour aller plus loin, l'UE envisage de nouvelles sanctions contre Moscou.",
    "Le président a lancé sa propre newsletter pour s'adresser directement à ses abonnés, une première.",
    "Les manifestants (photo) se sont rassemblés devant l'ambassade de Russie.",
    "Photo de famille : les dirigeants du G7 posent à Kananaskis avant le dîner.",
    "Lire entre les lignes du communiqué est un exercice difficile.",
    "Le chancelier a répondu aux critiques de Washington (Zeitenwende).",
    "Par ailleurs, le ministre a reçu son homologue.",
    "By then, the talks had collapsed.",
]


def test_news_sentences_that_mention_junk_words_are_kept():
    text = clean_text("Titre\n\n" + "\n\n".join(NEWS_LINES_WITH_JUNK_WORDS))
    assert text.split("\n\n")[1:] == NEWS_LINES_WITH_JUNK_WORDS


def test_caption_credit_only_drops_short_glued_picture_text():
    body = "Le sommet de Londres a réuni les dirigeants européens autour du président ukrainien."
    # a long paragraph of agency copy that ends with "(AFP)" is not a caption
    long_paragraph = "Le Kremlin a rejeté les accusations de Kiev et dénoncé une provocation. " * 7 + "(AFP)"
    text = clean_text(f"Titre de l'article\n\n{body}\n\n{long_paragraph}\n\nDernier paragraphe du texte.")
    assert text.split("\n\n") == ["Titre de l'article", body, long_paragraph, "Dernier paragraphe du texte."]


def test_clean_text_normalises_spaces_and_keeps_hostile_strings_as_text():
    raw = "Titre\u00a0avec\u202fespaces\r\n\r\nKim Jong\u2011un <script>alert('x')</script> &amp; co.\u200b\n"
    assert clean_text(raw) == "Titre avec espaces\n\nKim Jong-un <script>alert('x')</script> &amp; co."
    assert clean_text("Titre\u2028Un.\u2029Deux.\x85Trois.") == "Titre\n\nUn.\n\nDeux.\n\nTrois."


def test_only_junk_gives_empty_text():
    assert clean_text("Menu Close\n\nPublicité\n\nPartager sur Facebook\n") == ""
    assert clean_text("   \n\n ") == ""


def test_junk_rules_are_data_and_all_compile():
    rules = junk_rules()
    assert {rule.action for rule in rules} == {"line", "caption", "cut"}
    assert all(rule.what for rule in rules)


ARTICLE_A = "Paris et Rome signent un traité\nPublié le 3 mars 2025\n\nLa France et l'Italie ont signé un traité."
ARTICLE_B = "Madrid accueille un sommet\nPar Marie Martin\nPublié le 4 mars 2025\n\nL'Espagne reçoit ses voisins."


@pytest.mark.parametrize("separator", ["=====", "----------", "***", "* * *"])
def test_split_on_separator_lines(separator):
    chunks = split_articles(f"{ARTICLE_A}\n\n{separator}\n\n{ARTICLE_B}\n{separator}\n")
    assert [chunk.strip() for chunk in chunks] == [ARTICLE_A, ARTICLE_B]


def test_section_break_followed_by_a_paragraph_does_not_split():
    second_part = "Les deux ministres ont ensuite évoqué la situation en mer Noire et les livraisons de céréales."
    raw = f"{ARTICLE_A}\n\n* * *\n\n{second_part}\n\n=====\n\n{ARTICLE_B}"
    chunks = split_articles(raw)
    assert len(chunks) == 2
    assert clean_text(chunks[0]).endswith(second_part) and clean_text(chunks[1]) == clean_text(ARTICLE_B)


def test_split_on_repeated_title_and_publication_line():
    chunks = split_articles(f"Menu\n{ARTICLE_A}\n\n{ARTICLE_B}\n")
    assert [clean_text(chunk) for chunk in chunks] == [clean_text(ARTICLE_A), clean_text(ARTICLE_B)]


def test_one_article_with_two_date_lines_is_not_split():
    raw = "Un titre\nPublié le 3 mars 2025\nMis à jour le 4 mars 2025\n\nLe texte de l'article."
    assert split_articles(raw) == [raw]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [], ids=lambda p: p.stem)
def test_real_scraped_articles_lose_their_junk(path):
    raw = path.read_text(encoding="utf-8")
    assert len(split_articles(raw)) == 1
    text = clean_text(raw)
    lines = text.split("\n\n")
    for line in lines:
        assert not re.match(r"(read more|lire aussi|menu close|leave a reply|partager)\b", line, re.I), line
        assert not re.search(r"\([^()]*(/|shutterstock|photo)[^()]*\)$", line, re.I), line
        assert not re.search(r"(infolettre|newsletter|€ par jour|\b\d{5}$|ne sera pas publiée)", line, re.I), line
    # every long paragraph of the raw file that is not a caption survives intact
    body = [
        " ".join(line.split())
        for line in raw.splitlines()
        if len(line) > 200 and not re.search(r"\)$|infolettre|abonn", line)
    ]
    assert body and all(paragraph in lines for paragraph in body)
    assert len(text) > 0.6 * len(" ".join(raw.split()))


GOLD = CORPUS.parent / "eval" / "dev"


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/eval/dev is not beside the repository")
def test_cleaning_keeps_every_gold_evidence_quote():
    """Whatever the annotators quoted as evidence is article text, so cleaning must keep it."""
    for gold in sorted(GOLD.glob("*.gold.tsv")):
        text = clean_text((CORPUS / f"{gold.name.split('.')[0]}.txt").read_text(encoding="utf-8"))
        rows = [line.split("\t") for line in gold.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
        assert rows
        for row in rows:
            assert normalize(row[3]) in text, (gold.name, row[3])
