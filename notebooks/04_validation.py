# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (rb-analysis)
#     language: python
#     name: rb-analysis
# ---

# %% [markdown]
# # 04 · Validation against human coding
#
# How far can the dictionary's codes be trusted? 300 sentences were drawn from the five
# sources (stratified by source, fixed seed; `data/validation/sample.csv`) and coded by two
# independent coders who read each sentence against the definitions of
# `data/validation/CODING_GUIDE.md` — never against the codebook. Their disagreements were
# adjudicated, cell by cell with a written reason, into gold labels
# (`data/validation/adjudication.csv`). Half the sample (`split = dev`) was used to improve the
# codebook (v1.0.0 → v1.1.0 → v1.2.0 → v1.3.0, see the codebook's change log), together with a
# second development set from v1.3.0 on: the 195 seed sentences outside the sample, coded the
# same way (`data/validation/dev_extra/`); the other half of the sample (`heldout`) was never
# looked at while doing so and is used here only to report.
#
# **Caveat on the coders.** Both coders were independent sessions of the same language model,
# instructed not to see each other's work; their agreement is therefore likely to overstate
# what two human experts would reach, which makes the human–human benchmark below a demanding
# one for the dictionary.

# %% tags=["parameters"]
# Parameters
validation_dir = "../data/validation"
codebook_path = "../codebooks/integration-v1.3.yaml"
baseline_codebook_path = "../codebooks/integration-v1.1.yaml"
previous_codebook_path = "../codebooks/integration-v1.2.yaml"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
seed = 20211104
bootstrap_draws = 2000
folds = 5

# %% tags=["injected-parameters"]
# Parameters
validation_dir = "../data/validation"
codebook_path = "../codebooks/integration-v1.3.yaml"
baseline_codebook_path = "../codebooks/integration-v1.1.yaml"
previous_codebook_path = "../codebooks/integration-v1.2.yaml"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
seed = 20211104
bootstrap_draws = 2000
folds = 5


# %%
from analysis.coding import load_codebook
from analysis.report import flag_dimensions, save_table
from analysis.validation import agreement_report, disagreements, load_validation_set

codebook = load_codebook(codebook_path)
vs = load_validation_set(validation_dir)
report = agreement_report(vs, codebook, draws=bootstrap_draws, seed=seed, folds=folds)
print(f"{len(vs.gold)} sentences; codebook {codebook.name} v{codebook.version}")
vs.gold.groupby(["doc_id", "split"]).size().unstack()

# %% [markdown]
# ## Human–human agreement
#
# Cohen's kappa per dimension and Krippendorff's alpha (nominal) over all 300 sentences, with
# each coder's share of 1s.

# %%
_ = save_table(report.human, "validation_human_agreement", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(report.human, codebook).round(3)

# %% [markdown]
# ## The disagreements and how they were settled
#
# Every cell where the coders differ, with the adjudicated gold label. The adjudicator's reason
# for each is in `data/validation/adjudication.csv`.

# %%
cells = disagreements(vs.coder_a, vs.coder_b, vs.sample)
gold = vs.gold.set_index("uid")
cells["gold"] = [int(gold.loc[u, d]) for u, d in zip(cells["uid"], cells["dimension"])]
cells.groupby("dimension").agg(cells=("uid", "size"), gold_is_1=("gold", "sum"))

# %% [markdown]
# ## Dictionary against gold, held-out half
#
# Precision, recall, F1 and kappa per dimension, with percentile bootstrap intervals
# (sentences resampled, seeded). The development half, on which the codebook was tuned,
# follows for comparison: the gap between the two is the optimism that tuning buys.

# %%
_ = save_table(report.dictionary_heldout, "validation_dictionary_heldout", tables_dir,
               latex=True, codebook=codebook)
flag_dimensions(report.dictionary_heldout, codebook)[
    ["dimension", "role", "n", "gold_positives", "precision", "recall", "f1", "f1_low",
     "f1_high", "kappa", "kappa_low", "kappa_high"]].round(3)

# %%
_ = save_table(report.dictionary_dev, "validation_dictionary_dev", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(report.dictionary_dev, codebook)[["dimension", "role", "n", "precision", "recall",
                                                 "f1", "kappa"]].round(3)

# %% [markdown]
# ## The codebook versions on the development data
#
# Each version against the gold labels of the development rows only: the sample's dev half and
# the second development set (`dev_extra`), and both pooled. These numbers are in-sample for
# the version tuned on them (v1.2.0 on the dev half, v1.3.0 on both), so they are optimistic;
# v1.2.0 on `dev_extra` is the one out-of-sample check here (it was tuned before `dev_extra`
# existed).

# %%
from analysis.validation.tuning import dev_scores, term_contributions

previous = load_codebook(previous_codebook_path)
baseline = load_codebook(baseline_codebook_path)
development = vs.development()
by_version = dev_scores(development, {f"v{b.version}": b for b in (baseline, previous, codebook)},
                        ["economic", "military", "information"])
_ = save_table(by_version, "validation_dev_by_codebook", tables_dir, latex=True,
               codebook=codebook)
by_version.pivot_table(index=["dimension", "part"], columns="codebook", values="f1",
                       sort=False).round(3)

# %% [markdown]
# Leave one term out, against gold, on the development rows: for every term that matches, the
# sentences it alone codes (with gold 1: true positives it earns; gold 0: false positives it
# causes) and the dimension's development F1 without it. This table and the list of the
# dictionary's development errors were the guide for v1.3.0.

# %%
terms = term_contributions(development, codebook, ["economic", "military", "information"])
_ = save_table(terms, "validation_dev_term_contributions", tables_dir, latex=True,
               codebook=codebook)
terms.assign(f1_change=terms["f1_without"] - terms["f1"]).sort_values(
    ["f1_change", "dimension", "term"], ascending=[False, True, True]).head(10).round(3)

# %% [markdown]
# ## What the errors do to the weights
#
# Per source, the share of held-out sentences coded for each dimension by the gold labels and
# by the dictionary, and the difference in percentage points. With 16–46 held-out sentences
# per source, one sentence is 2–6 points, so small differences are noise; systematic ones
# (a dimension the dictionary under-counts in every source) are the dictionary's bias.
# Notebook 06 corrects the corpus weights for the measured error rates.

# %%
_ = save_table(report.weights_heldout, "validation_weights_heldout", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(report.weights_heldout, codebook).round(3)

# %% [markdown]
# ## A second, independent method: a supervised classifier
#
# TF-IDF word and bigram features with a class-balanced logistic regression, one model per
# dimension, predicted by stratified k-fold cross-validation over all 300 gold sentences (each
# sentence predicted by a model that never saw it). It is a check on the dictionary, not a
# replacement: with 300 sentences it has little to learn from. The table gives its agreement
# with gold and with the dictionary; the next one lists sentences where the two methods
# disagree, with the dictionary's matches.

# %%
_ = save_table(report.classifier, "validation_classifier", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(report.classifier, codebook).round(3)

# %%
_ = save_table(report.method_disagreements, "validation_method_disagreements", tables_dir,
               codebook=codebook)
report.method_disagreements.groupby(["dimension", "gold", "dictionary", "classifier"]).size(
    ).rename("sentences").reset_index()

# %% [markdown]
# ## Targets
#
# The project's targets on the held-out half: F1 ≥ 0.80 for economic, military and
# information; dictionary–gold kappa no more than 0.10 below human–human kappa; every source's
# weight within 5 points of its gold weight. `met = False` rows are reported, not hidden; the
# README's status section discusses them.

# %%
_ = save_table(report.targets, "validation_targets", tables_dir, latex=True, codebook=codebook)
flag_dimensions(report.targets, codebook)

# %% [markdown]
# ## Methods compared on the held-out half (issue 15)
#
# Codebook v1.3.0 against v1.2.0 and v1.1.0, a context rule, a second method, and two
# combinations. The context rule gives a sentence that opens with an anaphor ("This", "They",
# "All this") the previous sentence's code, as the coders resolved such words from the sentence
# before (`analysis.validation.context_rule`); it is kept for a dimension only where it raises
# the development F1. The second method is a sentence classifier: WordLlama embeddings (the 256-dimensional `l2_supercat` model, read from
# the files inside the wordllama wheel — nothing is downloaded) of the sentence and of its
# neighbouring sentences, with one class-balanced logistic regression per dimension. Everything
# that is chosen — the context rule's dimensions, the classifier's C per dimension, and whether
# a combination replaces the dictionary — is chosen on the development rows (dev half and
# `dev_extra`, 345 sentences) by 5-fold cross-validation (seeded); a combination is adopted
# only if it beats both the dictionary (with the context rule where chosen) and the classifier
# there. The held-out half is only scored, by models fitted on all development rows. The
# dictionary's development F1 is in-sample (it was tuned there), which favours it.
#
# Political is `role: context` (since codebook v1.2.0): its dictionary–gold kappa stays below
# 0.5 on both halves, so it is reported as context only and flagged in every table.

# %%
from analysis.measure import corrected_against_gold, f1_targets, weights
from analysis.validation import classifier_entries, compare_methods

methods = compare_methods(vs, {f"dictionary v{baseline.version}": baseline,
                               f"dictionary v{previous.version}": previous,
                               f"dictionary v{codebook.version}": codebook},
                          codebook.dimension_names, folds=folds, seed=seed,
                          draws=bootstrap_draws)
_ = save_table(methods.dev.table, "validation_methods_dev", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(methods.dev.table, codebook)[[
    "dimension", "role", "dictionary_alone_f1", "with_context_f1", "context_rule", "chosen_c",
    "dictionary_f1", "classifier_f1", "or_f1", "override_f1", "chosen_rule"]].round(3)

# %%
heldout = flag_dimensions(methods.heldout, codebook)
_ = save_table(heldout, "validation_methods_heldout", tables_dir, latex=True, codebook=codebook)
heldout[["method", "dimension", "role", "precision", "recall", "f1", "f1_low", "f1_high",
         "kappa", "kappa_low", "kappa_high"]].round(3)

# %% [markdown]
# Where the classifier contributes a code, the audit trail says so with its probability
# (`information:classifier=0.873`), next to the dictionary's own matches; where it removes one,
# the vetoes say `… (overrode dictionary)`. The first held-out sentences where the classifier
# voted for military or information under "dictionary OR classifier", with the dictionary's
# own matches of that dimension (empty: the classifier alone coded it):

# %%
held = vs.gold[vs.gold["split"] == "heldout"].reset_index(drop=True)
either = methods.coded_heldout[f"dictionary v{codebook.version} or classifier"]
classifier_entries(either, held, ["military", "information"]).head(6)

# %% [markdown]
# ## Issue 15's targets
#
# F1 ≥ 0.85 on the held-out half for economic, military and information (per method), and
# error-corrected shares whose 95% interval contains the held-out gold share in every source ×
# integration dimension (corrected as in notebook 06: held-out error rates, joint bootstrap).
# `met`/`contains = False` rows are reported with the shortfall, not hidden.

# %%
f1 = flag_dimensions(f1_targets(methods.heldout), codebook)
_ = save_table(f1, "validation_f1_targets", tables_dir, latex=True, codebook=codebook)
f1.round(3)

# %%
prep = weights.prepare(processed_dir, codebook_path)
settings = weights.Settings(dimensions=codebook.dimension_names, unit="sentence",
                            time_axis="referenced", period="Y", anchoring_rule="paragraph",
                            bootstrap_draws=bootstrap_draws, seed=seed, min_n=20)
corrected = flag_dimensions(corrected_against_gold(prep, settings, validation_dir, j_min=0.5),
                            codebook)
_ = save_table(corrected, "validation_corrected_vs_gold", tables_dir, latex=True,
               codebook=codebook)
print(f"{int(corrected['contains'].sum())} of {len(corrected)} cells contain the gold share")
corrected.round(3)
