"""Article dates and event dates in French (and English) news text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.clean import clean_text
from kg.dates import article_date, event_date, find_dates, parse_date

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
D = dt.date


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Mis à jour le 8 novembre 2024 à 7h52", D(2024, 11, 8)),
        ("Publié le 12 février 2025", D(2025, 2, 12)),
        ("date 2025-10-22", D(2025, 10, 22)),
        ("Aujourd'hui, 15 août 2025", D(2025, 8, 15)),
        ("12/02/2025", D(2025, 2, 12)),
        ("Paris, le 4 avril 2025 (AFP)", D(2025, 4, 4)),
        ("March 3, 2025", D(2025, 3, 3)),
        ("Publié le 1er mars 2025 à 18h03, modifié le 2 mars 2025", D(2025, 3, 1)),
        ("Le lundi 3 févr. 2025", D(2025, 2, 3)),
    ],
)
def test_article_date_from_header_line(header, expected):
    text = f"Les ministres européens se retrouvent à Bruxelles\n\n{header}\n\nLe Conseil a siégé toute la nuit."
    assert article_date(text) == expected


def test_article_date_prefers_metadata_then_first_dateline():
    text = "Titre\n\nMis à jour le 9 mars 2025\n\nPublié le 8 mars 2025\n\nLe texte."
    assert article_date(text) == D(2025, 3, 9)
    assert article_date(text, "2025-03-10T08:00:00+01:00") == D(2025, 3, 10)
    assert article_date(text, "pas une date") == D(2025, 3, 9)


def test_agency_dateline_opening_a_long_paragraph():
    body = "Moscou, le 5 juin 2025 (AFP) – " + "Le Kremlin a répondu aux critiques de Washington. " * 5
    assert article_date(f"Le Kremlin répond\n\n{body}") == D(2025, 6, 5)


def test_body_dates_are_events_not_the_article_date_unless_nothing_else():
    body = (
        "Les deux dirigeants se sont parlé le 12 février 2025, puis leurs délégations se sont vues "
        "à Riyad le 18 février 2025 pour préparer un sommet, selon plusieurs diplomates présents sur place."
    )
    # no dateline: the latest full date mentioned is the closest estimate
    assert article_date(f"Un rapprochement rapide\n\n{body}") == D(2025, 2, 18)
    assert article_date(f"Un rapprochement rapide\n\nPublié le 20 février 2025\n\n{body}") == D(2025, 2, 20)


def test_weekday_dateline_without_year_takes_the_consistent_year():
    text = (
        "Un appel qui change la donne\n\nMercredi 12 février, les deux présidents se sont parlé pendant "
        "une heure et demie, une première depuis le début de la guerre en 2022, selon la Maison-Blanche."
    )
    # 12 February is a Wednesday in 2025 (and not in 2022-2024 or 2026)
    assert article_date(text, today=D(2026, 6, 1)) == D(2025, 2, 12)
    assert article_date("Titre\n\nLe texte ne donne aucune date.") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Il a rencontré son homologue le 28 février 2025 à la Maison-Blanche.", D(2025, 2, 28)),
        ("Les présidents se sont parlé le 12 février.", D(2025, 2, 12)),
        ("Mercredi 12 février, Donald Trump s'est entretenu avec Vladimir Poutine.", D(2025, 2, 12)),
        ("Dans la foulée, le 1er mars, Washington a suspendu ses opérations.", D(2025, 3, 1)),
        ("Le 3 mars, les États-Unis arrêtent les livraisons d'armes.", D(2025, 3, 3)),
        ("Lundi, le chancelier a reçu le premier ministre polonais.", D(2025, 3, 10)),
        ("Le ministre s'est exprimé hier devant les députés.", D(2025, 3, 11)),
        ("Aujourd'hui, les Vingt-Sept se réunissent.", D(2025, 3, 12)),
        ("Les négociateurs se sont vus la semaine dernière à Genève.", D(2025, 3, 5)),
        ("Mercredi dernier, Kiev a accusé Moscou.", D(2025, 3, 5)),
        ("Les ministres se retrouveront lundi prochain à Bruxelles.", D(2025, 3, 17)),
        ("Le Kremlin a répondu le 11 mars 2025 at 10:00, then on March 12, 2025.", D(2025, 3, 11)),
        ("Un sommet est prévu le 14 mars à Paris.", D(2025, 3, 14)),
        ("Le 20 décembre, le Conseil avait adopté de nouvelles sanctions.", D(2024, 12, 20)),
        ("Les deux pays se sont rapprochés depuis 2022.", None),
        ("Le ministre a critiqué la décision de son homologue.", None),
    ],
)
def test_event_date_resolved_against_a_wednesday_reference(sentence, expected):
    assert event_date(sentence, D(2025, 3, 12)) == expected  # a Wednesday


def test_year_less_dates_need_a_reference():
    assert event_date("Le 12 février, ils se sont parlé.", None) is None
    assert event_date("Le 12 février 2025, ils se sont parlé.", None) == D(2025, 2, 12)
    assert event_date("Jeudi 7 novembre, les deux dirigeants ont parlé.", D(2024, 11, 8)) == D(2024, 11, 7)


def test_find_dates_gives_spans_and_ignores_impossible_days():
    text = "Réunion le 31 février 2025, puis le 2 mars 2025 et le 2025-03-04."
    spans = find_dates(text)
    assert [(text[s:e], d) for s, e, d in spans] == [("2 mars 2025", D(2025, 3, 2)), ("2025-03-04", D(2025, 3, 4))]


def test_parse_date_accepts_metadata_forms():
    assert parse_date("2025-03-01") == D(2025, 3, 1)
    assert parse_date("2025-03-01T10:00:00Z") == D(2025, 3, 1)
    assert parse_date("1er mars 2025") == D(2025, 3, 1)
    assert parse_date("") is None
    assert parse_date("inconnue") is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_dev_articles_get_their_dates():
    def date_of(name):
        return article_date(clean_text((CORPUS / name).read_text(encoding="utf-8")), today=D(2026, 1, 1))

    # a "Mis à jour le ..." dateline under the title
    assert date_of("003_49e0b9f3c81a6a48.txt") == D(2024, 11, 8)
    # "Mercredi 12 février" opens the body and the text mentions 2022: Wednesday 12 February 2025
    assert date_of("001_0e67424a64534fb4.txt") == D(2025, 2, 12)
    # no dateline: the latest full date of the cleaned text (captions removed) is "le 11 mars 2025"
    assert date_of("000_3f0fe1ea2c743237.txt") == D(2025, 3, 11)


def test_weekday_day_in_the_body_after_a_year_mentioned():
    body = ("Le président a signé ce mardi 4 février un décret sur l'aide, après les accusations portées en "
            "janvier 2024 contre l'agence, a indiqué la Maison-Blanche dans un long communiqué publié le soir.")
    # 4 February is a Tuesday in 2025 only, from 2024 to the day: later than the full dates of the text
    assert article_date(f"Un décret\n\n{body} Le 7 octobre 2023 reste dans les mémoires.",
                        today=D(2026, 6, 1)) == D(2025, 2, 4)
    # with no year mentioned, several years fit: no estimate from that day
    assert article_date(f"Un décret\n\n{body.replace('janvier 2024', 'janvier')}", today=D(2026, 6, 1)) is None
