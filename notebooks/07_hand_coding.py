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
# # 07 · Hand coding: one coder, one sheet
#
# An interactive tool, not an analysis step: a coder opens this notebook in JupyterLab, sets
# `sheet_path` to *their own* sheet, runs every cell and codes the sentences one by one. It
# shows one sentence highlighted in its paragraph, a checkbox per dimension and a note field;
# **save and next** writes the sheet to disk (atomically: to a temporary file, then renamed)
# after every sentence, so closing the browser loses nothing, and reopening the notebook
# resumes at the first sentence not yet coded. The sheet holds the sentence, its paragraph
# and this coder's codes only: never the dictionary's codes (they stay in `sample.csv`, which
# coders do not open) and never the other coder's work.
#
# The flow on your own corpus:
#
# 1. `analysis validate sample --n 200 --seed 1 --out data/validation/mine` draws a
#    stratified sample and writes `coder_a.csv`, `coder_b.csv` and `CODING_GUIDE.md`.
# 2. Each coder reads the guide and codes their sheet here (`sheet_path =
#    "../data/validation/mine/coder_a.csv"`, the other coder `coder_b.csv`).
# 3. `analysis validate report --sheets data/validation/mine/coder_a.csv
#    data/validation/mine/coder_b.csv` gives the coders' agreement and a disagreement sheet;
#    the adjudicator fills in `gold` and `reason`, and the report is rerun with
#    `--adjudicated`.
# 4. `analysis run --notebook 06_error_aware_weights --param
#    06_error_aware_weights:validation_dir=../data/validation/mine` corrects the weights with
#    the error rates measured on your sample.
#
# `analysis run` skips this notebook (it needs a person at the keyboard; see
# `config/analysis.yml`); the test suite executes it headless (nbval) on the demo sheet
# below and clicks through it in a real browser (`tests/test_coding_notebook.py`). To try
# the tool, code a copy of the demo sheet, not the demo itself: the committed outputs below
# are checked against its blank state.

# %% tags=["parameters"]
# Parameters
sheet_path = "../data/hand_coding_demo/coder_a.csv"  # your own sheet from `validate sample`

# %%
from analysis.validation.coding_widget import CodingSession, coding_widget

session = CodingSession(sheet_path)
print(session.summary())

# %% [markdown]
# Tick every dimension the highlighted sentence is about (see the coding guide next to
# the sheet); leave all four unticked when it is about none. **save and next** stores the
# codes of this sentence, unticked boxes as 0.

# %%
coding_widget(session)
