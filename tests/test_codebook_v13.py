"""Codebook v1.3.0's changes on real corpus sentences (development rows) and on written
snippets: what each new entry codes, what each new exclusion vetoes, and what stays coded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.coding.codebook import DEFAULT_CODEBOOK, load_codebook
from analysis.coding.matcher import code_texts, find_matches

PROJECT = Path(__file__).resolve().parents[1]
V13 = load_codebook(PROJECT / "codebooks" / "integration-v1.3.yaml")
V12 = load_codebook(PROJECT / "codebooks" / "integration-v1.2.yaml")


@pytest.fixture(scope="module")
def sentence(parsed) -> dict[str, str]:
    return {s["sentence_id"]: s["text"] for _, rows in parsed.values()
            for s in rows["sentences"]}


def terms(text: str, dimension: str, codebook=V13) -> set[str]:
    return {m.entry_id for m in find_matches(text, codebook)
            if m.dimension == dimension and not m.vetoed_by}


def vetoes(text: str, dimension: str, codebook=V13) -> set[tuple[str, str]]:
    return {(m.entry_id, m.vetoed_by) for m in find_matches(text, codebook)
            if m.dimension == dimension and m.vetoed_by}


def test_v13_is_the_default_and_v12_is_kept() -> None:
    assert DEFAULT_CODEBOOK.name == "integration-v1.3.yaml"
    assert (V12.version, V13.version) == ("1.2.0", "1.3.0")
    assert V13.context_dimensions == ["political"]
    assert V13.dimension_names == V12.dimension_names


def test_change_log_names_every_new_entry() -> None:
    text = (PROJECT / "codebooks" / "integration-v1.3.yaml").read_text(encoding="utf-8")
    log = text.split("\nname:")[0]
    assert "1.3.0 (issue 15, part 2)" in log
    for words in ("speaker's title", "aggressive act", "figurative", "socio-economic",
                  "union programmes", "counter-narrative", "academic_narratives"):
        assert words in log, words
    old = {(d, e.id) for d, dim in V12.dimensions.items() for e in dim.entries}
    new = {(d, e.id) for d, dim in V13.dimensions.items() for e in dim.entries}
    added = sorted(entry for _, entry in new - old)
    assert added and [entry for entry in added if entry not in log] == []


# military: coups count only when told as security operations -------------------------------

@pytest.mark.parametrize(("sid", "needle"), [
    ("000-p009-s01", "the recent coup and assassination plots"),
    ("003-p049-s01", "the attempted coup d’état and the attempted assassination"),
    ("003-p049-s04", "the organization of state coups, planning political assassinations"),
])
def test_coups_as_political_outrage_are_not_military(sentence, sid, needle) -> None:
    assert needle in sentence[sid]
    assert "coup" in terms(sentence[sid], "military", V12)
    assert terms(sentence[sid], "military") == set()


def test_a_foiled_coup_is_still_a_security_operation(sentence) -> None:
    text = sentence["004-p014-s01"]
    assert "foiled a coup plot" in text
    assert "coup" in terms(text, "military")
    assert "coup" in terms("The FSB arrested the coup plotters in Moscow.", "military")
    assert "coup" in terms("A military coup was thwarted.", "military")


@pytest.mark.parametrize(("sid", "needle", "removed"), [
    ("003-p082-s04", "Representatives of the power bloc", "power bloc"),
    ("003-p045-s04", "the narrative of the power structures", "power structures"),
])
def test_power_blocs_are_a_faction_not_a_security_service(sentence, sid, needle,
                                                          removed) -> None:
    assert needle in sentence[sid]
    assert "security_services" in terms(sentence[sid], "military", V12)
    assert terms(sentence[sid], "military") == set()


@pytest.mark.parametrize("sid", ["001-p016-s01", "003-p047-s02"])
def test_a_speakers_title_is_vetoed(sentence, sid) -> None:
    text = sentence[sid]
    assert "Foreign Intelligence Service" in text
    assert ("security_services", "speaker_titles") in vetoes(text, "military")
    assert terms(text, "military") == set()


def test_a_title_does_not_hide_what_the_sentence_is_about() -> None:
    text = "The head of the Foreign Intelligence Service said NATO troops were massing."
    assert {"security_acronyms", "armed_forces"} <= terms(text, "military")
    assert ("security_services", "speaker_titles") in vetoes(text, "military")
    assert "security_services" in terms("The Foreign Intelligence Service ran the operation.",
                                        "military")


@pytest.mark.parametrize(("sid", "needle"), [
    ("003-p028-s02", "Aggressive actions being taken by Russia"),
    ("003-p029-s01", "Russia’s aggressive actions towards many countries"),
])
def test_aggressive_actions_are_military(sentence, sid, needle) -> None:
    assert needle in sentence[sid]
    assert terms(sentence[sid], "military", V12) == set()
    assert "invasion" in terms(sentence[sid], "military")


@pytest.mark.parametrize(("snippet", "term", "exclusion"), [
    ("Minsk worries about its security of supply.", "security", "social_security"),
    ("Cyber threats to information security grew.", "security", "social_security"),
    ("Moscow waged a propaganda war against Vilnius.", "war", "figurative_war"),
    ("The sanctions war between Minsk and Brussels escalated.", "war", "figurative_war"),
    ("Russia used gas as an energy weapon against Minsk.", "weapons", "figurative_weapons"),
    ("The campaign aimed at combating corruption in Minsk.", "combat", "figurative_combat"),
    ("It was a political battle over the constitution.", "combat", "figurative_combat"),
    ("An army of bloggers defended the regime online.", "armed_forces", "figurative_armies"),
    ("The Kremlin deployed familiar narratives about the West.", "deploy",
     "figurative_deploy"),
    ("He spoke in defence of human rights.", "defence", "figurative_defence"),
    ("Lukashenka's political manoeuvres between Moscow and Brussels.", "exercise",
     "figurative_manoeuvres"),
])
def test_figurative_military_words_are_vetoed(snippet, term, exclusion) -> None:
    assert (term, exclusion) in vetoes(snippet, "military")
    assert term not in terms(snippet, "military")
    assert term in terms(snippet, "military", V12)  # v1.2.0 coded it


@pytest.mark.parametrize("snippet", [
    "Russia's war against Ukraine began in February.",
    "Minsk hosted joint military manoeuvres with Russian troops.",
    "Iskander missiles, a weapon system, were deployed near the border.",
    "Regional security and security guarantees dominated the talks.",
])
def test_literal_military_sense_still_codes(snippet) -> None:
    assert code_texts(pd.Series([snippet]), V13)[0]["military"].iloc[0] == 1


# information: field vocabulary and narratives ---------------------------------------------

@pytest.mark.parametrize(("snippet", "term"), [
    ("Pro-Kremlin outlets repeated the claim.", "outlet_words"),
    ("Belarusian radio carried the speech in full.", "outlet_words"),
    ("Rossiyskaya Gazeta printed the decree.", "outlet_words"),
    ("The story spread on Telegram and YouTube.", "outlet_words"),
    ("RIA and RTR framed the summit as a success.", "outlet_acronyms"),
    ("A columnist for the daily mocked the opposition.", "media_people"),
    ("Solovyov devoted an evening to Lukashenka.", "media_people"),
    ("The Russian press barely noticed the summit.", "press_kinds"),
    ("The story appeared in the press on Monday.", "press_kinds"),
    ("Lukashenka got hours of airtime on Russian channels.", "airtime"),
    ("Troll farms amplified the claim.", "propaganda_machinery"),
    ("The talking points were the Kremlin's.", "propaganda_machinery"),
    ("Freedom of speech was curtailed after 2020.", "speech_freedom"),
    ("A media-driven campaign followed.", "media"),
    ("An information-psychological operation was alleged.", "propaganda_machinery"),
    ("The regime's counter-narrative blamed Poland.", "narrative"),
])
def test_information_field_vocabulary(snippet, term) -> None:
    assert term in terms(snippet, "information")
    assert term not in terms(snippet, "information", V12)  # new in v1.3.0


def test_auto_narrative_codes_a_real_sentence(sentence) -> None:
    text = sentence["003-p085-s03"]
    assert "auto-narrative" in text
    assert terms(text, "information", V12) == set()
    assert "narrative" in terms(text, "information")


def test_narratives_of_an_elite_are_academic(sentence) -> None:
    text = sentence["003-p021-s02"]
    assert "narratives of the strategic elite" in text
    assert ("narrative", "academic_narratives") in vetoes(text, "information")
    assert "narrative" in terms(text, "information", V12)
    assert "narrative" in terms("The Kremlin's narrative was spread by state TV.",
                                "information")


def test_new_information_words_do_not_code_common_phrases() -> None:
    for text in ("Russia will press Minsk to sign the roadmaps.",
                 "The agreement covers the current time frame of the programme.",
                 "The pressure on the regime grew."):
        assert "press_kinds" not in terms(text, "information")
        assert "outlet_words" not in terms(text, "information")


# economic ----------------------------------------------------------------------------------

def test_socio_economic_is_economic(sentence) -> None:
    text = sentence["003-p029-s02"]
    assert "socio-economic development" in text
    assert terms(text, "economic", V12) == set()
    assert "economy" in terms(text, "economic")


@pytest.mark.parametrize("sid", ["001-p002-s07", "003-p081-s01"])
def test_union_programs_are_political_unless_called_economic(sentence, sid) -> None:
    text = sentence[sid]
    assert "28 Union Programs" in text
    assert "union_programmes" in terms(text, "economic", V12)
    assert terms(text, "economic") == set()
    assert "union_state" in terms(text, "political")
    assert "union_programmes" in terms("The economic programmes cover gas prices.", "economic")


def test_v13_changes_integration_codes_only(sentence) -> None:
    texts = pd.Series(list(sentence.values()))
    old, _ = code_texts(texts, V12)
    new, _ = code_texts(texts, V13)
    assert old["political"].equals(new["political"])
    for dim in ("economic", "military", "information"):
        assert (old[dim] != new[dim]).any(), dim
