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
# # 02 · Coding the corpus with the codebook
#
# The codebook (`codebooks/integration-v1.3.yaml`) is a versioned data file: for each of the four dimensions it holds a definition, terms (multi-word expressions, inflection wildcards, case-sensitive acronyms) and exclusions that veto a match in context. Every sentence of the corpus is coded once, by the coding step that `analysis run` performs before the notebooks (`analysis code --corpus` does it alone): it writes `data/processed/codes.parquet` (one row per sentence: 0/1 per dimension, the codebook's name, version and sha256) and `matches.parquet` (every matched or vetoed term). This notebook reads them (or codes in memory when they were made with another codebook), shows how much of each source every dimension claims, and opens the audit trail: which terms carry each weight, and every match in its context.
#
# To use another codebook, copy the file, edit it, and run `analysis run --param 02_code:codebook_path=../codebooks/my-copy.yaml`.
#
# **Political is context only.** The codebook marks the political dimension `role: context` (since v1.2.0): its hand-coded labels follow the topic of a paragraph more than the words of a sentence — four sentences in five on Russia–Belarus relations are political — so the dictionary cannot separate political from non-political sentences (held-out agreement with the gold labels κ = 0.34, specificity 0.42; no rule reached κ ≥ 0.5 on the development half; notebook 04). Its share is shown as the background against which the three integration dimensions are read, not as a fourth measure of integration. Every table below carries a `role` column (`integration`, or `context only (flagged)`) where dimensions are rows, and the header `political (context only)` where they are columns. The flag comes from the codebook's `role`, not from the name: a codebook of your own that marks another dimension `role: context` flags that one, and one that marks none flags nothing.

# %% tags=["parameters"]
# Parameters
codebook_path = "../codebooks/integration-v1.3.yaml"
unit = "sentence"  # sentence | paragraph
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
kwic_width = 60
kwic_preview_rows = 12

# %% tags=["injected-parameters"]
# Parameters
codebook_path = "../codebooks/integration-v1.3.yaml"
unit = "sentence"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
kwic_width = 60
kwic_preview_rows = 12


# %%
from analysis.coding import corpus_coding as cc
from analysis.coding import load_codebook, load_codes
from analysis.ingest import load_processed
from analysis.report import flag_dimensions, save_table

codebook = load_codebook(codebook_path)  # schema-checked; a malformed entry stops here, named
processed = load_processed(processed_dir)
codes = load_codes(processed_dir, codebook, processed["sentences"])  # codes.parquet, if current
coded, audit = codes.coded_sentences(processed["sentences"]), codes.matches
units = cc.to_unit(coded, codebook, unit)
print(f"codebook {codebook.name} {codebook.version} (sha256 {codebook.sha256[:12]}); "
      f"{len(coded)} sentences, {len(units)} {unit}s coded")

# %% [markdown]
# ## The codebook at a glance
#
# Terms and exclusions per dimension, with the definition each operationalises, and its role.

# %%
flag_dimensions(cc.codebook_summary(codebook), codebook)

# %% [markdown]
# ## How much of each source each dimension claims
#
# The share of units (sentences, or paragraphs when `unit = "paragraph"`) with at least one match for the dimension, sources in publication order. A unit can count for several dimensions, so rows do not sum to one. These are the dictionary's raw shares; notebook 04 shows how far they agree with careful human coding.

# %%
weights = flag_dimensions(cc.weights_by_source(units, codebook, processed["documents"]),
                          codebook)
_ = save_table(weights, f"dictionary_weights_by_source_{unit}", tables_dir, codebook=codebook)
weights

# %% [markdown]
# ## What each weight is made of
#
# For every source and dimension, the terms that matched, in how many sentences, and in how many sentences the term is the *only* match for that dimension. Those sole matches are the points of the weight that would disappear if the term were removed (`share_points`, percentage points of the source's sentences). A weight resting on one or two terms deserves a look at their contexts.

# %%
drivers = flag_dimensions(cc.term_drivers(audit, coded, codebook), codebook)
_ = save_table(drivers, "term_drivers", tables_dir, codebook=codebook)
drivers.groupby(["doc_id", "dimension"], sort=False).head(3).reset_index(drop=True)

# %% [markdown]
# ## Every match in context (keyword in context)
#
# The full table is `reports/tables/kwic.csv` (one row per match: source, sentence id, left context, term, right context). Below, the first rows of the military dimension. Vetoed matches are listed after it, with the exclusion that vetoed each.

# %%
concordance = flag_dimensions(cc.kwic(audit, processed["sentences"], width=kwic_width),
                              codebook)
_ = save_table(concordance, "kwic", tables_dir, codebook=codebook)
concordance[concordance["dimension"] == "military"].head(kwic_preview_rows)

# %%
vetoes = flag_dimensions(cc.vetoed_matches(audit), codebook)
_ = save_table(vetoes, "vetoed_matches", tables_dir, codebook=codebook)
vetoes
