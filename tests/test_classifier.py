"""The embedding classifier: offline model, deterministic cross-validation, dev-only choices,
and an audit trail that says why each sentence was coded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.coding.classifier import combine, features, fit_classifier
from analysis.coding.codebook import load_codebook
from analysis.core.errors import AnalysisError
from analysis.validation.gold import dictionary_codes, load_validation_set
from analysis.validation.methods import choose_on_dev, compare_methods, context_of, cv_probabilities

PROJECT = Path(__file__).resolve().parents[1]
VALIDATION = PROJECT / "data" / "validation"
CB = load_codebook()
DIMS = ["economic", "military", "information"]


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return load_validation_set(VALIDATION).gold


@pytest.fixture(scope="module")
def dev(gold: pd.DataFrame) -> pd.DataFrame:
    return gold[gold["split"] == "dev"].reset_index(drop=True)


@pytest.fixture(scope="module")
def comparison():
    return compare_methods(load_validation_set(VALIDATION), {"dictionary": CB}, DIMS, folds=5,
                           seed=1, draws=50)


def test_model_loads_from_the_wheel_without_network_or_cache(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "HF_HOME": str(home / "hf"), "XDG_CACHE_HOME": str(home / "cache"),
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    code = ("from analysis.coding.embeddings import embed; "
            "v = embed(['Russian troops were deployed to Belarus.', 'State TV spread it.']); "
            "print(v.shape, round(float((v * v).sum(axis=1)[0]), 6))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(2, 256) 1.0"
    assert list(home.iterdir()) == []  # no cache folder, nothing downloaded


def test_same_sentence_same_vector_and_context_doubles_the_features(dev) -> None:
    rows = dev.head(4)
    x1 = features(rows["text"], context_of(rows))
    x2 = features(rows["text"].copy(), context_of(rows))
    assert x1.shape == (4, 512) and np.array_equal(x1, x2)
    assert not np.allclose(x1[0, :256], x1[1, :256])


def test_cross_validation_is_deterministic_with_a_fixed_seed(dev) -> None:
    x = features(dev["text"], context_of(dev))
    y = dev["information"].to_numpy(int)
    first = cv_probabilities(x, y, 2.0, folds=5, seed=20211104)
    again = cv_probabilities(x, y, 2.0, folds=5, seed=20211104)
    other = cv_probabilities(x, y, 2.0, folds=5, seed=7)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)  # the seed really decides the folds
    assert ((first > 0) & (first < 1)).all()


def test_dev_choice_is_reproducible_and_blind_to_the_heldout_half(gold, dev, comparison) -> None:
    dictionary = dictionary_codes(dev["text"], CB)
    a = choose_on_dev(dev, dictionary, DIMS, folds=5, seed=20211104)
    b = choose_on_dev(dev, dictionary, DIMS, folds=5, seed=20211104)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert set(a.rules.values()) <= {"dictionary", "classifier", "or", "override"}
    # scrambling the held-out gold labels changes the held-out scores, never the dev choices
    scrambled = gold.copy()
    held = scrambled["split"] == "heldout"
    rng = np.random.default_rng(0)
    for dim in DIMS:
        scrambled.loc[held, dim] = rng.permutation(scrambled.loc[held, dim].to_numpy())
    real, vs = comparison, load_validation_set(VALIDATION)
    vs.gold = scrambled
    fake = compare_methods(vs, {"dictionary": CB}, DIMS, folds=5, seed=1, draws=50)
    pd.testing.assert_frame_equal(real.dev.table, fake.dev.table)
    assert real.dev.rules == fake.dev.rules
    assert not real.heldout["f1"].equals(fake.heldout["f1"])


def test_heldout_table_has_every_method_and_matches_the_dictionary(gold, comparison) -> None:
    result = comparison
    context = [f"dictionary + context rule ({', '.join(result.dev.context)})"] * bool(
        result.dev.context)
    assert list(result.heldout["method"].unique()) == [
        "dictionary", *context, "classifier", "dictionary or classifier",
        "dictionary override classifier", "chosen on dev"]
    assert result.dev.context == ["information"]  # chosen on development rows (v1.3.0)
    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    codes = dictionary_codes(held["text"], CB)
    table = result.heldout[result.heldout["method"] == "dictionary"].set_index("dimension")
    for dim in DIMS:
        tp = int(((codes[dim] == 1) & (held[dim] == 1)).sum())
        assert table.loc[dim, "precision"] == pytest.approx(tp / codes[dim].sum())
        assert table.loc[dim, "recall"] == pytest.approx(tp / held[dim].sum())
        assert table.loc[dim, "f1_low"] <= table.loc[dim, "f1"] <= table.loc[dim, "f1_high"]


def test_combination_audit_trail_names_the_classifier_and_its_probability(dev) -> None:
    # real dev sentences: one the dictionary codes information through "media", one it misses
    rows = dev[dev["sentence_id"].isin(["000-p014-s01", "000-p027-s03"])].reset_index(drop=True)
    assert rows["text"].str.contains("Russian media").tolist() == [True, False]
    dictionary = dictionary_codes(rows["text"], load_codebook(PROJECT / "codebooks"
                                                              / "integration-v1.1.yaml"))
    assert dictionary["information"].tolist() == [1, 0]
    proba = pd.DataFrame({"information": [0.1, 0.9]})
    either = combine(dictionary, proba, {"information": "or"})
    assert either["information"].tolist() == [1, 1]
    assert "information:media=media" in either.loc[0, "matches"]
    assert "information:classifier" not in either.loc[0, "matches"]
    assert either.loc[1, "matches"].endswith("information:classifier=0.900")
    override = combine(dictionary, proba, {"information": "override"})
    assert override["information"].tolist() == [0, 1]
    assert "information:" not in override.loc[0, "matches"]
    assert "information:classifier=0.100 (overrode dictionary)" in override.loc[0, "vetoed"]
    alone = combine(dictionary, proba, {"information": "classifier"})
    assert alone.loc[1, "matches"].count("information:") == 1
    kept = combine(dictionary, pd.DataFrame({"information": [0.5, 0.5]}),
                   {"information": "override"})
    assert kept["information"].tolist() == [1, 0]  # not confident: the dictionary stands
    from analysis.validation.methods import classifier_entries

    entries = classifier_entries(override, rows, ["information"])
    assert entries[["uid", "code", "classifier"]].to_dict("records") == [
        {"uid": rows.loc[0, "uid"], "code": 0,
         "classifier": "information:classifier=0.100 (overrode dictionary)"},
        {"uid": rows.loc[1, "uid"], "code": 1, "classifier": "information:classifier=0.900"}]
    assert entries["dictionary"].tolist() == ["", ""]
    assert classifier_entries(either, rows, ["information"])["dictionary"].tolist() == [""]
    # other dimensions' matches are untouched
    assert [m for m in either.loc[0, "matches"].split("; ") if m.startswith("political")] == [
        m for m in dictionary.loc[0, "matches"].split("; ") if m.startswith("political")]


def test_bad_rule_and_constant_labels_are_one_line_errors(dev) -> None:
    dictionary = dictionary_codes(dev["text"].head(3), CB)
    with pytest.raises(AnalysisError, match="combination rule 'and'"):
        combine(dictionary, pd.DataFrame({"military": [0.2, 0.3, 0.4]}), {"military": "and"})
    x = features(dev["text"].head(6))
    with pytest.raises(AnalysisError, match="dimension economic: training labels are all 0"):
        fit_classifier(x, pd.DataFrame({"economic": [0] * 6}), {"economic": 1.0}, seed=1)


def test_fast_scores_equal_the_agreement_module(gold) -> None:
    from analysis.validation.agreement import dictionary_vs_gold
    from analysis.validation.methods import scores_vs_gold

    held = gold[gold["split"] == "heldout"].reset_index(drop=True)
    codes = dictionary_codes(held["text"], CB)
    dims = ["economic", "military", "information", "political"]
    fast = scores_vs_gold(held, codes, dims, draws=300, seed=11)
    slow = dictionary_vs_gold(held, codes, dims, draws=300, seed=11)
    pd.testing.assert_frame_equal(fast, slow, check_exact=False, rtol=1e-12, atol=1e-12)
    constant = held.assign(economic=0)
    pd.testing.assert_frame_equal(
        scores_vs_gold(constant, constant, ["economic"], draws=50, seed=1),
        dictionary_vs_gold(constant, constant, ["economic"], draws=50, seed=1))
