"""Gazetteer lookups and the kg_actors component on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import load_nlp
from kg.gazetteer import Gazetteer, default_gazetteer, normalize

D2024 = dt.date(2024, 6, 1)
D2025 = dt.date(2025, 6, 1)


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def mentions(nlp, text: str, date: dt.date | None = D2025) -> dict[str, set[str]]:
    """Surface text → canonical labels of the mentions found in ``text``."""
    doc = nlp.make_doc(text)
    doc._.kg_date = date.isoformat() if date else None
    doc = nlp(doc)
    out: dict[str, set[str]] = {}
    for m in doc._.kg_mentions:
        out.setdefault(doc[m.start : m.end].text, set()).add(m.label)
    return out


def offices(nlp, text: str, date: dt.date | None = D2025) -> set[tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc._.kg_date = date.isoformat() if date else None
    doc = nlp(doc)
    return {(o.holder[0], o.relation, o.organisation[0]) for o in doc._.kg_offices}


# ---------------------------------------------------------------- gazetteer
def test_lookup_is_accent_case_and_language_insensitive():
    gaz = default_gazetteer()
    putin = gaz.lookup("Vladimir Putin")
    assert putin is not None and putin.type == "Person" and putin.wikidata == "Q7747"
    for name in ("Poutine", "poutine", "Putin", "Vladimir Poutine", "M. Poutine"):
        assert gaz.lookup(name) == putin, name
    assert gaz.lookup("Etats-Unis") == gaz.lookup("États-Unis") == gaz.lookup("United States")
    assert gaz.lookup("Kremlin").label == "Russia"  # metonym
    assert gaz.lookup("UE").label == "European Union"
    assert gaz.lookup("Q7747") == putin
    assert gaz.lookup("Personne Inconnue") is None


def test_adjectives_and_compounds():
    gaz = default_gazetteer()
    assert gaz.adjective("russes").label == "Russia"
    assert gaz.adjective("Américaines").label == "United States"
    assert [a.label for a in gaz.compound_adjective("russo-américain")] == ["Russia", "United States"]
    assert gaz.compound_adjective("bien-aimé") == []


def test_holder_by_date_from_package_data():
    gaz = default_gazetteer()
    assert gaz.holder("head-of-state", "United States", D2024).label == "Joe Biden"
    assert gaz.holder("head-of-state", "États-Unis", D2025).label == "Donald Trump"
    assert gaz.holder("head-of-state", "Russie", D2025).label == "Vladimir Putin"


def test_gazetteer_from_own_files(tmp_path):
    (tmp_path / "actors.tsv").write_text(
        "# test gazetteer\n"
        "label\ttype\twikidata\taliases\tmetonyms\tadjectives\n"
        "Ruritania\tState\t\tRuritanie\tStrelsau\truritanien\n"
        "Rudolf Rassendyll\tPerson\t\tRassendyll|Rodolphe Rassendyll\t\t\n"
        "Michael Elphberg\tPerson\t\tElphberg\t\t\n",
        encoding="utf-8",
    )
    (tmp_path / "roles.tsv").write_text("role\trelation\tforms\nking\tleader-of\troi|reine\n", encoding="utf-8")
    (tmp_path / "offices.tsv").write_text(
        "role\torganisation\tholder\tstart\tend\n"
        "king\tRuritania\tMichael Elphberg\t1890-01-01\t1894-05-01\n"
        "king\tRuritania\tRudolf Rassendyll\t1894-05-01\t\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load(tmp_path)
    assert gaz.lookup("Strelsau").label == "Ruritania"
    assert gaz.adjective("ruritaniennes").label == "Ruritania"
    assert gaz.holder("king", "Ruritanie", dt.date(1892, 1, 1)).label == "Michael Elphberg"
    assert gaz.holder("king", "Ruritanie", dt.date(1900, 1, 1)).label == "Rudolf Rassendyll"
    assert gaz.holder("king", "Ruritanie", None).label == "Rudolf Rassendyll"  # the current holder
    assert gaz.role("rois").name == "king"
    assert normalize("L’Élysée") == "elysee"


# ---------------------------------------------------------------- the component
def test_names_are_canonical(nlp):
    found = mentions(nlp, "Vladimir Poutine a reçu Sergueï Lavrov. Poutine a ensuite appelé l'Union européenne.")
    assert found["Vladimir Poutine"] == {"Vladimir Putin"}
    assert found["Poutine"] == {"Vladimir Putin"}
    assert found["Union européenne"] == {"European Union"}


def test_metonymy_when_acting_not_as_venue(nlp):
    found = mentions(nlp, "Moscou a rejeté l'offre. Le sommet s'est tenu en Turquie, à Londres.")
    assert found["Moscou"] == {"Russia"}
    assert "Londres" not in found  # the venue of the summit
    assert "Turquie" in found  # a name (not a metonym) stays a mention; relations decide its role


def test_city_named_in_the_talks_is_their_venue(nlp):
    found = mentions(nlp, "Les pourparlers de Riyad ont réuni les délégations américaine et russe.")
    assert "Riyad" not in found
    found = mentions(nlp, "Les discussions de Pékin entre Américains et Européens ont repris.")
    assert "Pékin" not in found and found["Américains"] == {"United States"}
    # a country named there is a party, not a venue
    assert mentions(nlp, "Les négociations de la Russie avec l'Ukraine ont échoué.")["Russie"] == {"Russia"}


def test_demonyms(nlp):
    found = mentions(nlp, "Les Russes ont accueilli la délégation ukrainienne.")
    assert found["Russes"] == {"Russia"}
    assert found["ukrainienne"] == {"Ukraine"}
    found = mentions(nlp, "Le rapprochement russo-américain inquiète.")
    assert found["russo-américain"] == {"Russia", "United States"}


def test_coordinated_adjectives_of_one_noun(nlp):
    # the second adjective tagged a noun, or coordinated with the noun by the parser
    assert mentions(nlp, "Le Hamas parle aux médiateurs égyptiens et qataris.")["qataris"] == {"Qatar"}
    assert mentions(nlp, "La délégation turque et russe est arrivée.")["russe"] == {"Russia"}


def test_role_resolved_by_the_article_date(nlp):
    sentence = "Le président américain a signé le texte."
    assert mentions(nlp, sentence, D2024)["président"] == {"Joe Biden"}
    assert mentions(nlp, sentence, D2025)["président"] == {"Donald Trump"}
    assert mentions(nlp, "Le chef du Kremlin a répondu.", D2025)["chef"] == {"Vladimir Putin"}


def test_office_in_apposition_gives_membership(nlp):
    text = "Le ministre allemand de la Défense, Boris Pistorius, a pris la parole."
    assert offices(nlp, text) == {("Boris Pistorius", "member-of", "Germany")}
    text = "Dmitri Peskov, porte-parole du Kremlin, a démenti."
    assert offices(nlp, text) == {("Dmitry Peskov", "member-of", "Russia")}
    text = "Les présidents Trump et Poutine se sont parlé."
    assert offices(nlp, text) == {("Donald Trump", "leader-of", "United States"),
                                  ("Vladimir Putin", "leader-of", "Russia")}


def test_counterpart_takes_the_previous_title(nlp):
    text = "Le premier ministre britannique Keir Starmer et son homologue polonais Donald Tusk sont arrivés."
    assert offices(nlp, text) == {("Keir Starmer", "leader-of", "United Kingdom"),
                                  ("Donald Tusk", "leader-of", "Poland")}


def test_ner_fallback_uses_the_fullest_name(nlp):
    found = mentions(nlp, "Jean-Baptiste Lemoyne a critiqué le projet. Selon Lemoyne, le texte est flou.")
    assert found["Jean-Baptiste Lemoyne"] == {"Jean-Baptiste Lemoyne"}
    assert found["Lemoyne"] == {"Jean-Baptiste Lemoyne"}


def test_predecessor_takes_the_previous_title_and_organisation(nlp):
    text = "Le président américain Donald Trump critique son prédécesseur Joe Biden."
    assert offices(nlp, text) == {("Donald Trump", "leader-of", "United States"),
                                  ("Joe Biden", "leader-of", "United States")}


def test_affiliation_after_a_comma(nlp):
    text = "Pour Maria Snegovaya, du Center for Strategic and International Studies, l'accord est fragile."
    assert offices(nlp, text) == {("Maria Snegovaya", "member-of", "CSIS")}


def test_generic_leader_titles_and_dated_presidencies(nlp):
    assert mentions(nlp, "Le maître du Kremlin a parlé.")["maître"] == {"Vladimir Putin"}
    assert mentions(nlp, "Le président russe a parlé.", dt.date(2010, 3, 1))["président"] == {"Dmitry Medvedev"}
    assert mentions(nlp, "Le président russe a parlé.", dt.date(2005, 3, 1))["président"] == {"Vladimir Putin"}


def test_director_under_secretary_speaker_and_candidate(nlp):
    # GUIDELINES §4: the head of an agency (a state organ of affiliations.tsv) is also member-of the state
    assert offices(nlp, "Le directeur de la CIA, John Ratcliffe, est arrivé.") == {
        ("John Ratcliffe", "leader-of", "CIA"), ("John Ratcliffe", "member-of", "United States")}
    assert offices(nlp, "Le sous-secrétaire d'État américain, Christopher Landau, est arrivé.") == {
        ("Christopher Landau", "member-of", "United States")}
    assert offices(nlp, "Le président de la Chambre des représentants, Mike Johnson, est arrivé.") == {
        ("Mike Johnson", "leader-of", "United States House of Representatives")}
    assert offices(nlp, "Le candidat du Parti républicain, Donald Trump, est arrivé.") == {
        ("Donald Trump", "member-of", "Republican Party")}


def test_alias_does_not_swallow_another_actor(nlp):
    assert mentions(nlp, "Il est l'un des plus fervents soutiens de l'Ukraine.") == {"Ukraine": {"Ukraine"}}


def test_capitalised_alliance_is_nato_but_a_common_noun_is_not(nlp):
    assert mentions(nlp, "L'Alliance a parlé.") == {"L'Alliance": {"NATO"}}
    assert mentions(nlp, "La France a rejoint l'Alliance.") == {"France": {"France"}, "l'Alliance": {"NATO"}}
    assert mentions(nlp, "Une alliance de partis a parlé.") == {}
    assert mentions(nlp, "L'alliance des partis a parlé.") == {}


def test_son_pays_is_the_state_the_person_named_last_serves(nlp):
    text = "Volodymyr Zelensky est arrivé. Le Canada a salué son pays."
    assert mentions(nlp, text)["son pays"] == {"Ukraine"}
    # not in office on the date: no state
    assert "son pays" not in mentions(nlp, "Mateusz Morawiecki a dit que son pays attendait.", D2025)
    assert mentions(nlp, "Mateusz Morawiecki a dit que son pays attendait.", D2024 - dt.timedelta(days=365))[
        "son pays"] == {"Poland"}
    assert "leur pays" not in mentions(nlp, "Volodymyr Zelensky et Keir Starmer aiment leur pays.")


def test_les_deux_dirigeants_are_the_last_two_people_named(nlp):
    text = "Xi Jinping a rencontré Vladimir Poutine. Les deux dirigeants ont signé un accord."
    assert mentions(nlp, text)["Les deux dirigeants"] == {"Xi Jinping", "Vladimir Putin"}
    assert "Les deux pays" not in mentions(nlp, "La France a parlé. Les deux pays ont signé un accord.")


def test_a_group_of_n_leaders_needs_exactly_n_people_named(nlp):
    text = ("Emmanuel Macron, Friedrich Merz et Keir Starmer sont arrivés à Kiev samedi. "
            "Les trois dirigeants ont déjeuné ensemble.")
    assert mentions(nlp, text)["Les trois dirigeants"] == {"Emmanuel Macron", "Friedrich Merz", "Keir Starmer"}
    text = ("Emmanuel Macron, Friedrich Merz et Keir Starmer sont arrivés samedi. Volodymyr Zelensky les attendait. "
            "Les trois dirigeants ont déjeuné ensemble.")
    assert "Les trois dirigeants" not in mentions(nlp, text)


def test_the_two_countries_are_not_the_places_named(nlp):
    text = "La Chine a reçu la Russie pour parler de la guerre en Ukraine. Les deux pays ont signé un accord."
    assert mentions(nlp, text)["Les deux pays"] == {"China", "Russia"}


def test_western_and_a_recipient_after_a_participle(nlp):
    found = mentions(nlp, "L'aide militaire occidentale destinée à Kiev a diminué.")
    assert found["occidentale"] == {"West"} and found["Kiev"] == {"Ukraine"}
    assert "Londres" not in mentions(nlp, "Le sommet organisé à Londres a duré deux jours.")


@pytest.mark.parametrize(("text", "surface", "label"), [
    ("Le numéro un chinois a reçu Vladimir Poutine.", "numéro un", "Xi Jinping"),
    ("L'hôte de la Maison-Blanche a félicité Benjamin Netanyahou.", "hôte", "Donald Trump"),
    ("Le dirigeant nord-coréen a reçu Sergueï Lavrov.", "dirigeant", "Kim Jong-un"),
    ("La présidente de la Commission européenne a critiqué la Russie.",
     "présidente de la Commission européenne", "Ursula von der Leyen"),
])
def test_role_descriptions(nlp, text, surface, label):
    assert mentions(nlp, text)[surface] == {label}


def test_alliance_whose_name_starts_like_nato_is_not_nato(nlp):
    # "l'Alliance" alone is NATO; a longer alliance name and its acronym name their own actor
    text = "L'Alliance des États du Sahel a rompu avec la Cédéao. L'AES a critiqué l'Alliance atlantique."
    found = mentions(nlp, text)
    assert found["Alliance des États du Sahel"] == {"Alliance of Sahel States"}
    assert found["AES"] == {"Alliance of Sahel States"}
    assert {"NATO"} in found.values()  # l'Alliance atlantique


def test_names_match_with_accents_the_gazetteer_form_lacks(nlp):
    # the gazetteer writes "CEDEAO" / "Cedeao"; the press also writes "Cédéao"
    assert mentions(nlp, "La Cédéao a suspendu le Niger.").get("Cédéao") == {"ECOWAS"}


def test_a_title_without_article_after_a_name_and_a_comma_is_that_persons(nlp):
    text = "Lors de son entretien avec Sergueï Lavrov, ministre russe des Affaires étrangères, Marco Rubio a insisté."
    found = offices(nlp, text)
    assert ("Sergey Lavrov", "member-of", "Russia") in found
    assert ("Marco Rubio", "member-of", "Russia") not in found
    # with an article, the title still goes to the name after it
    assert ("Sergey Lavrov", "member-of", "Russia") in offices(
        nlp, "Le ministre russe des Affaires étrangères, Sergueï Lavrov, a répondu.")


def test_title_of_a_head_of_state_serves_that_state(nlp):
    # "de" and a head of state: the adviser or envoy serves the state that person leads on the date
    text = "Le Kremlin a reçu Iouri Ouchakov, le conseiller de Vladimir Poutine."
    assert ("Yuri Ushakov", "member-of", "Russia") in offices(nlp, text)
    # the complement of the title may coordinate places before the holder is named
    text = "Le message est clair, selon l'envoyé spécial de Donald Trump pour l'Ukraine et la Russie, Keith Kellogg."
    assert offices(nlp, text) == {("Keith Kellogg", "member-of", "United States")}



def test_a_title_ends_at_a_preposition_that_does_not_continue_it(nlp):
    # "avec" is no part of the title: the name after it is the other party, not the emissary
    found = mentions(nlp, "On a salué la rencontre de l'émissaire américain avec le président Poutine.")
    assert found["émissaire"] != {"Vladimir Putin"}
    assert found["Poutine"] == {"Vladimir Putin"}
    # "par intérim" stays on the title
    text = "Le premier ministre thaïlandais par intérim, Phumtham Wechayachai, est arrivé."
    assert ("Phumtham Wechayachai", "leader-of", "Thailand") in offices(nlp, text)


def test_an_envoy_for_a_state_does_not_serve_it(nlp):
    # GUIDELINES §4: an envoy is a member of the state that sends him, not of the one he is sent to
    text = "L'envoyé spécial pour l'Ukraine, Keith Kellogg, a rencontré la presse."
    assert ("Keith Kellogg", "member-of", "Ukraine") not in offices(nlp, text)
    text = "L'envoyé spécial américain pour l'Ukraine, Keith Kellogg, a rencontré la presse."
    assert offices(nlp, text) == {("Keith Kellogg", "member-of", "United States")}


# "ex-président" is one token: the role is still read, as a former holder's (GUIDELINES §2); "élu" between
# the title and its adjective of nationality (mentions.yaml title_modifiers)
@pytest.mark.parametrize("text, date, expected", [
    ("L'ex-président chilien Sebastián Piñera a pris la parole.", D2025, ("Sebastián Piñera", "leader-of", "Chile")),
    ("L'ex-premier ministre britannique Boris Johnson a pris la parole.", D2025,
     ("Boris Johnson", "leader-of", "United Kingdom")),
    ("Le président élu américain Joe Biden a pris la parole.", dt.date(2020, 12, 1),
     ("Joe Biden", "leader-of", "United States")),
])
def test_a_former_title_glued_to_its_prefix_and_a_participle_after_a_title(nlp, text, date, expected):
    assert offices(nlp, text, date) == {expected}


def test_an_army_chief_leads_the_army(nlp):
    # GUIDELINES §4: an army is its own institution, and its chief leads it (offices.tsv holds army chiefs in the
    # army, not in the state)
    text = "Le chef d'état-major de l'armée israélienne, Eyal Zamir, a inspecté les troupes."
    assert offices(nlp, text) == {("Eyal Zamir", "leader-of", "Israel Defense Forces")}
    assert mentions(nlp, "Le chef de l'armée soudanaise a rejeté le plan.")["chef"] == {"Abdel Fattah al-Burhan"}
    text = "Le commandant en chef des forces armées ukrainiennes a répondu."
    assert mentions(nlp, text, dt.date(2023, 6, 1))["commandant en chef"] == {"Valerii Zaluzhnyi"}
    # "patron", like "chef", is the leader of the organisation after it
    text = "Le patron de Wagner, Evgueni Prigojine, est arrivé."
    assert offices(nlp, text, dt.date(2023, 6, 1)) == {("Yevgeny Prigozhin", "leader-of", "Wagner Group")}


def test_a_former_head_of_government_named_without_a_state(nlp):
    # offices.tsv holds former heads of state and government: the title alone finds the state they led
    text = "L'ancien chancelier Gerhard Schröder a pris la parole."
    assert offices(nlp, text) == {("Gerhard Schröder", "leader-of", "Germany")}
    text = "L'ex-présidente Michelle Bachelet a pris la parole."
    assert offices(nlp, text) == {("Michelle Bachelet", "leader-of", "Chile")}
    assert mentions(nlp, "Le roi d'Espagne a reçu la presse.")["roi"] == {"Felipe VI"}


def test_ministers_below_head_of_state(nlp):
    # a minister named after a title without a state is placed by offices.tsv on the article's date
    text = "Le secrétaire au Commerce, Howard Lutnick, a pris la parole."
    assert offices(nlp, text) == {("Howard Lutnick", "member-of", "United States")}
    text = "Le ministre de l'Intérieur Gérald Darmanin a pris la parole."
    assert offices(nlp, text, dt.date(2022, 3, 1)) == {("Gérald Darmanin", "member-of", "France")}
    assert mentions(nlp, "Le ministre russe des Finances a pris la parole.")[
        "ministre russe des Finances"] == {"Anton Siluanov"}


def test_the_head_of_the_pentagon_leads_it_and_serves_the_state(nlp):
    # like "le chef de la CIA": the department is an organ of the state (affiliations.tsv)
    assert offices(nlp, "Le chef du Pentagone, Pete Hegseth, est arrivé.") == {
        ("Pete Hegseth", "leader-of", "United States Department of Defense"),
        ("Pete Hegseth", "member-of", "United States")}


def test_a_general_staff_stands_for_its_army(nlp):
    # "l'état-major américain" is the army: its chief, named with the adjective, leads the army and not the state
    text = "Le chef d'état-major américain, Dan Caine, est arrivé."
    assert offices(nlp, text) == {("Dan Caine", "leader-of", "United States Armed Forces")}
    assert mentions(nlp, "L'état-major turc a démenti.") == {"état-major turc": {"Turkish Armed Forces"}}


def test_a_title_word_inside_a_name_or_used_as_adjective_is_no_title(nlp):
    # "souverain" is a monarch's title, but not inside "le Conseil souverain soudanais" nor in "un État souverain"
    text = "Le président du Conseil souverain soudanais, Abdel Fattah al-Burhan, a parlé."
    assert offices(nlp, text) == {("Abdel Fattah al-Burhan", "leader-of", "Sovereignty Council of Sudan")}
    assert offices(nlp, "Membre du Conseil souverain soudanais, le général al-Burhan a parlé.") == set()
    assert "souverain" not in mentions(nlp, "Le Soudan reste un État souverain, a dit le ministre.")
    assert mentions(nlp, "Le souverain saoudien a reçu la presse.")["souverain"] == {
        "Salman of Saudi Arabia"}


def test_counterpart_takes_the_role_of_the_person_before_it(nlp):
    # the last title named is the secretary of state's, but "son homologue" is Trump's counterpart
    text = ("Le secrétaire d'État américain a parlé de Caracas. "
            "Donald Trump accuse son homologue vénézuélien Nicolas Maduro de mentir.")
    assert ("Nicolás Maduro", "leader-of", "Venezuela") in offices(nlp, text)


def test_a_state_title_held_in_the_army_goes_to_the_army(nlp):
    # the commander-in-chief's office is held in the army (offices.tsv), a body of the state (affiliations.tsv)
    text = "Le commandant en chef ukrainien, Oleksandr Syrsky, a inspecté le front."
    assert offices(nlp, text) == {("Oleksandr Syrskyi", "leader-of", "Ukrainian Armed Forces")}
    assert offices(nlp, "Le commandant en chef ukrainien a inspecté le front.") == {
        ("Oleksandr Syrskyi", "leader-of", "Ukrainian Armed Forces")}
    # a head of state is not looked for in the bodies of the state: Yemen's is not the Houthis' leader
    assert "président" not in mentions(nlp, "Le président yéménite a inspecté le front.")


def test_an_envoy_serves_the_state_that_sends_him_not_the_host(nlp):
    # GUIDELINES §4: "à Kiev", "en Russie" after the title is where the holder is sent
    assert offices(nlp, "Julia Marsh, ancienne ambassadrice à Kiev, a critiqué la Russie.") == set()
    assert offices(nlp, "L'ambassadeur de France en Russie, Pierre Lévy, a été convoqué.") == {
        ("Pierre Lévy", "member-of", "France")}


def test_a_singular_title_has_one_holder(nlp):
    # the names after the first one are coordinated with the holder, not holders of the title
    text = "L'émissaire russe Kirill Dmitriev, Steve Witkoff et Jared Kushner ont rédigé le plan."
    assert offices(nlp, text) == {("Kirill Dmitriev", "member-of", "Russia")}


def test_military_ranks_between_a_title_and_its_holders(nlp):
    # "le colonel X" after a title's comma is its holder; a rank is no actor of its own
    text = ("Les dirigeants des trois pays, le Capitaine Ibrahim Traoré, le Colonel Assimi Goïta et le Général "
            "de brigade Abdourahamane Tiani, ont quitté la réunion.")
    assert offices(nlp, text) == {("Ibrahim Traoré", "leader-of", "Burkina Faso"),
                                  ("Assimi Goïta", "leader-of", "Mali"),
                                  ("Abdourahamane Tiani", "leader-of", "Niger")}
    assert "Général" not in mentions(nlp, text)
    assert offices(nlp, "Le chef de la junte, le colonel Assimi Goïta, a quitté la réunion.") == {
        ("Assimi Goïta", "leader-of", "Mali")}


def test_a_title_resolves_to_the_holder_the_article_names(nlp):
    # GUIDELINES §4: an undated article's roles go to the holder its events imply; one that names Joe Biden
    # and not the holder of today speaks of him
    text = "Joe Biden a signé le décret. Le président américain a ensuite quitté la salle."
    assert mentions(nlp, text, None)["président"] == {"Joe Biden"}
    assert mentions(nlp, "Le président américain a quitté la salle.", None)["président"] == {"Donald Trump"}
    # the same on a date (estimated from a photo caption, say) when the holder of that date is not named
    text = "Donald Trump a signé le décret. Le président américain a ensuite quitté la salle."
    assert mentions(nlp, text, D2024)["président"] == {"Donald Trump"}


def test_a_person_after_a_preposition_is_no_holder_of_the_title(nlp):
    # "désigné par X" (X not yet in office on the date): X is who designated the holder, not the holder
    text = "Le chef de la diplomatie américaine désigné par Donald Trump a parlé de Cuba."
    assert offices(nlp, text, dt.date(2025, 1, 15)) == {("Antony Blinken", "member-of", "United States")}


def test_a_capitalised_title_taken_by_ner_for_a_person_stays_a_title(nlp):
    # spaCy reads "Président turc" as a person's name: it is a title and its adjective
    text = "Le Président turc a assuré à son homologue russe Vladimir Poutine que tout était prêt."
    assert mentions(nlp, text)["Président"] == {"Recep Tayyip Erdoğan"}
    assert ("Vladimir Putin", "leader-of", "Russia") in offices(nlp, text)
