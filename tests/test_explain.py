"""``kg explain`` shows why a cue fired or was blocked, on real parses of sentences written for the test."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main
from kg.explain import explain


def test_a_cue_that_fires_and_one_that_negation_blocks():
    e = explain("Le Canada a sanctionné la Russie mais n'a pas rencontré le président iranien.")
    verdicts = {(c["word"], c["relation"], c["verdict"]) for c in e.cues}
    assert ("sanctionné", "sanctioned", "fired") in verdicts
    assert ("rencontré", "negotiated-with", "blocked") in verdicts
    assert ("Canada", "sanctioned", "Russia") in {s[:3] for s in e.statements}
    assert all("line" in c["cue"] for c in e.cues)  # where to edit the cue
    assert {m["label"] for m in e.mentions} >= {"Canada", "Russia"}


def test_the_time_word_repair_is_shown():
    e = explain("Les Vingt-Sept ont validé vendredi un nouveau train de sanctions contre l'Iran.")
    assert [r["repair"] for r in e.repairs] == ["time_object"]
    assert ("European Union", "sanctioned", "Iran") in {s[:3] for s in e.statements}


def test_the_time_word_repair_takes_a_partitive_object():
    # the parser reads "des" as de + les and hangs the object on the weekday
    e = explain("L'Union européenne a adopté jeudi des sanctions contre la Biélorussie.")
    assert [r["repair"] for r in e.repairs] == ["time_object"]
    assert ("European Union", "sanctioned", "Belarus") in {s[:3] for s in e.statements}


def test_a_present_verb_left_as_written_gets_its_infinitive():
    e = explain("Le Hamas reste en contact avec l'Égypte.")
    assert [(r["repair"], r["change"]) for r in e.repairs] == [("present_lemma", "lemma reste → rester")]
    assert ("Hamas", "negotiated-with", "Egypt") in {s[:3] for s in e.statements}


def test_an_object_after_a_time_between_commas_is_the_verb_s():
    e = explain("Le Hamas a dit avoir visé, mardi matin, des positions de l'armée israélienne.")
    changes = [r["change"] for r in e.repairs if r["repair"] == "loose_object"]
    assert changes == ["positions: obl:mod of visé → obj of visé"]
    assert ("Hamas", "attacked", "Israel Defense Forces") in {s[:3] for s in e.statements}


def test_an_infinitive_keeps_its_lemma():
    e = explain("Les États-Unis ont menacé de suspendre leur aide au Pérou.")
    assert not [r for r in e.repairs if r["repair"] == "present_lemma"]


def test_the_list_after_a_savoir_details_the_whole_noun_phrase():
    e = explain("La Cédéao comptait alors quinze pays membres, à savoir, le Bénin, le Ghana et le Togo.")
    changes = [r["change"] for r in e.repairs if r["repair"] == "enumeration"]
    assert changes == ["Bénin: obl:mod of comptait → appos of pays"]
    assert {s[:3] for s in e.statements} == {(c, "member-of", "ECOWAS") for c in ("Benin", "Ghana", "Togo")}


def test_command_with_an_article_and_a_sentence_number(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Sommet à Rome.\n\nLe Japon a fourni des drones à la Pologne. Rien d'autre.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--article", str(article), "--sentence", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert ["Japan", "provided-aid-to", "Poland"] in [s[:3] for s in data["statements"]]
    bad = CliRunner().invoke(main, ["explain", "--article", str(article), "--sentence", "40"])
    assert bad.exit_code == 1 and "the article has 3 sentences" in bad.stderr
    assert CliRunner().invoke(main, ["explain"]).exit_code == 2


def test_a_guest_apposed_to_the_place_is_repaired_to_the_object():
    e = explain("Friedrich Merz a reçu à Berlin Volodymyr Zelensky.")
    assert [r["repair"] for r in e.repairs] == ["place_apposition"]


def test_the_speaker_after_a_quotation_is_repaired_to_the_subject():
    e = explain("« Moscou viole le cessez-le-feu chaque nuit », a accusé le président ukrainien.")
    assert [r["repair"] for r in e.repairs] == ["quoted_speaker"]
    speaker = next(t for t in e.tokens if t["text"] == "président")
    assert speaker["dep"] == "nsubj"
    # a quoted word before a present participle is no incise
    e = explain("Tokyo a dénoncé le survol, le qualifiant de « geste provocateur », mettant en garde Pékin.")
    assert "quoted_speaker" not in [r["repair"] for r in e.repairs]
