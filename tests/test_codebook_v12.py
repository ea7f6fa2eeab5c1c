"""Codebook v1.2.0's new entries on real corpus sentences: what they code and what they veto."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.coding.codebook import DEFAULT_CODEBOOK, load_codebook
from analysis.coding.matcher import code_texts, find_matches

PROJECT = Path(__file__).resolve().parents[1]
V12 = load_codebook(PROJECT / "codebooks" / "integration-v1.2.yaml")
V11 = load_codebook(PROJECT / "codebooks" / "integration-v1.1.yaml")


@pytest.fixture(scope="module")
def sentence(parsed) -> dict[str, str]:
    return {s["sentence_id"]: s["text"] for _, rows in parsed.values()
            for s in rows["sentences"]}


def terms(text: str, dimension: str, codebook=V12) -> set[str]:
    return {m.entry_id for m in find_matches(text, codebook)
            if m.dimension == dimension and not m.vetoed_by}


def vetoes(text: str, dimension: str) -> set[tuple[str, str]]:
    return {(m.entry_id, m.vetoed_by) for m in find_matches(text, V12)
            if m.dimension == dimension and m.vetoed_by}


def test_v12_is_kept_beside_the_default_and_the_older_versions() -> None:
    assert DEFAULT_CODEBOOK.name == "integration-v1.3.yaml"  # v1.3.0 since issue 15 part 2
    assert (V11.version, V12.version) == ("1.1.0", "1.2.0")
    assert load_codebook(PROJECT / "codebooks" / "integration-v1.yaml").version == "1.0.0"


@pytest.mark.parametrize(("sid", "needle", "term"), [
    ("000-p019-s01", "They then quote Putin", "quoting"),
    ("000-p023-s02", "vague comments about the union", "public_statements"),
    ("000-p027-s03", "The subtext would appear", "subtext"),
    ("001-p016-s01", "build the image of Ukraine as an enemy", "image_making"),
    ("001-p017-s01", "Lukashenko portrays Ukraine as an enemy", "image_making"),
    ("003-p021-s05", "slandering it, demonizing its heroes", "smear"),
])
def test_new_information_terms_code_real_sentences(sentence, sid, needle, term) -> None:
    assert needle in sentence[sid]
    assert term in terms(sentence[sid], "information")


def test_information_gains_are_sentences_v11_missed(sentence) -> None:
    for sid in ("000-p019-s01", "000-p023-s02", "000-p027-s03"):
        assert terms(sentence[sid], "information", V11) == set()


@pytest.mark.parametrize(("sid", "needle"), [
    ("003-p037-s01", "dominated by three narratives"),
    ("003-p010-s01", "Russian narratives concerning the Belarus political crisis"),
    ("003-p018-s01", "accepted narratives (both oral and written)"),
])
def test_academic_narratives_are_vetoed(sentence, sid, needle) -> None:
    assert needle in sentence[sid]
    assert ("narrative", "academic_narratives") in vetoes(sentence[sid], "information")
    assert "narrative" in terms(sentence[sid], "information", V11)


def test_narratives_as_messaging_still_count(sentence) -> None:
    text = sentence["003-p085-s01"]  # "... fit into the Kremlin's ... confrontational narrative"
    assert "confrontational narrative" in text
    assert "narrative" in terms(text, "information")


@pytest.mark.parametrize(("sid", "needle", "term"), [
    ("003-p005-s05", "Fighting the protests", "combat"),
    ("003-p002-s02", "presidential seat he has occupied", "invasion"),
])
def test_figurative_fighting_and_occupying_are_not_military(sentence, sid, needle,
                                                            term) -> None:
    assert needle in sentence[sid]
    assert term in terms(sentence[sid], "military", V11)
    assert terms(sentence[sid], "military") == set()


def test_military_still_codes_invasion_occupation_and_staging_areas(sentence) -> None:
    assert "invasion" in terms(sentence["001-p008-s01"], "military")  # invaded and occupied
    springboard = sentence["001-p021-s01"]
    assert "springboard for Russia’s military aggression" in springboard
    assert {"staging_area", "military", "invasion"} <= terms(springboard, "military")


def test_new_terms_do_not_change_the_other_dimensions(sentence) -> None:
    texts = pd.Series(list(sentence.values()))
    old, _ = code_texts(texts, V11)
    new, _ = code_texts(texts, V12)
    assert old["political"].equals(new["political"])
    changed = {d: int((old[d] != new[d]).sum()) for d in ("economic", "military", "information")}
    assert changed["economic"] == 0  # no economic war or nuclear plant in the seeds
    assert changed["military"] > 0 and changed["information"] > 0


def test_political_is_marked_context_and_flagged_in_tables() -> None:
    from analysis.report.flags import CONTEXT_LABEL, flag_context

    assert V12.context_dimensions == ["political"]
    assert V11.context_dimensions == []  # the role key is new in v1.2.0
    table = flag_context(pd.DataFrame({"dimension": ["economic", "political"]}), V12)
    assert table["role"].tolist() == ["integration", CONTEXT_LABEL]


def test_unknown_role_is_a_one_line_error(tmp_path) -> None:
    from analysis.core.errors import AnalysisError

    text = (PROJECT / "codebooks" / "integration-v1.2.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "cb.yaml"
    bad.write_text(text.replace("role: context", "role: background"), encoding="utf-8")
    with pytest.raises(AnalysisError, match=r"dimensions.political.role: 'background' is not "
                                            r"one of integration, context"):
        load_codebook(bad)
