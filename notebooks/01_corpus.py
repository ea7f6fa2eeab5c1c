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
# # 01 · The corpus and how it was cleaned
#
# Five analytic texts on Russia–Belarus relations (2021–2022) are the raw material of every later notebook. This notebook shows **what the sources are** (from the checksummed manifest), **what the parsers kept and set aside** in each, and **a sample of the repairs** made to the raw text, so that a reviewer can judge the cleaning before trusting any weight computed from it.
#
# All numbers are read from `data/processed/`, which `analysis parse` rebuilds from `data/raw/`.

# %% tags=["parameters"]
# Parameters (papermill injects overrides from config/analysis.yml below this cell)
manifest_path = "../data/raw/manifest.csv"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
sample_repairs = 12
seed = 20211104

# %% tags=["injected-parameters"]
# Parameters
manifest_path = "../data/raw/manifest.csv"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
sample_repairs = 12
seed = 20211104


# %%
from analysis.ingest import load_manifest, overview
from analysis.report import save_table

sources = load_manifest(manifest_path)  # validates every row and verifies every checksum
processed = overview.load_processed(processed_dir)
print(f"{len(sources)} sources in the manifest; all {len(sources)} raw files match their sha256.")

# %% [markdown]
# ## The sources
#
# Ordered by publication date. Where a text does not print its date, the manifest gives an estimate and says so in `date_basis`, with the evidence; `date_precision` tells how fine the date is. Later notebooks place each source on the time axis at the start of its publication period.

# %%
corpus = overview.corpus_table(processed["documents"])
_ = save_table(corpus, "corpus_sources", tables_dir)
corpus

# %% [markdown]
# ## What the parsers kept and what they set aside
#
# Words kept are body and abstract words that later notebooks code. Every other word of the raw file is counted under the reason it was set aside: titles and bylines (metadata, already in the manifest), web boilerplate (donation and newsletter appeals, photo credits, author bios, disclaimers), page furniture of the PDF extraction (running heads, page numbers, typesetting slugs), text in another language (the Polish abstract of the journal article), and notes (footnotes and reference lists, kept in their own table). *Markers without notes* are note numbers printed in the body whose note text is missing from the raw file: footnotes 52–73 of the journal article were lost in extraction, and the two bracketed markers of the LibMod article point to a reference list that was never captured.

# %%
report = overview.parse_report(processed["parse_report"])
_ = save_table(report, "parse_report", tables_dir)
report.set_index("source").T

# %% [markdown]
# ## Sentences and words per source
#
# The unit of most analyses is the sentence. The journal article is by far the longest source, so per-source shares (not counts) are what later notebooks compare.

# %%
counts = overview.counts_per_source(processed["sentences"], processed["documents"])
_ = save_table(counts, "sentences_per_source", tables_dir)
counts

# %% [markdown]
# ## Repairs: how much, and a sample raw → clean
#
# Every change the parsers make to the words of the raw text is logged. The counts show where the extraction damage is: almost all of it is in the PDF-extracted journal article (end-of-line hyphenation, ligature gaps such as `infl uence`, acronyms printed in small capitals that came out lower-case). `nonstandard_space` counts non-breaking and thin spaces turned into plain spaces.

# %%
_ = save_table(overview.repair_counts(processed["repairs"]), "repair_counts", tables_dir)
overview.repair_counts(processed["repairs"])

# %% [markdown]
# A seeded random sample of the word-changing repairs (⏎ marks a line break in the raw file). Read down the `before` and `after` columns: each row should be an obvious correction; a wrong one would show up here as a glued or split word.

# %%
sample = overview.repairs_sample(processed["repairs"], per_kind=sample_repairs, seed=seed)
_ = save_table(sample, "repairs_sample", tables_dir)
sample
