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
# # 03 · Weights over time
#
# How much each source weighs **economic, military and information-space integration** (and,
# for contrast, the political dimension), and how that weighting moves over time — by when
# each source was published, and by the period each passage talks about.
#
# **Political is context only, and flagged as such everywhere below.** The codebook marks it
# `role: context`: whether a sentence is political depends on the paragraph's topic more than
# on its words (the hand coders called 83% of sentences political), and the dictionary's
# political codes agree with theirs hardly better than chance (held-out κ = 0.34, specificity
# 0.42; notebook 04). Its share says how much of a text is about the Russia–Belarus political
# relationship at all — the background — not how much it weighs a kind of integration, so it
# is not to be compared with the three integration dimensions. Tables carry a `role` column
# (`context only (flagged)`), or the header `political (context only)` where dimensions are
# columns; figures label it "political (context only)" and draw it hatched or on a grey panel.
# The flag follows the codebook's `role`, not the name.
#
# Every number is computed by `analysis.weights` from the processed corpus and the codebook
# given below; the tables land in `reports/tables/` (CSV, Markdown, LaTeX), the figures in
# `reports/figures/` (PNG and SVG). Change any parameter with
# `analysis run --param 03_weights_over_time:NAME=VALUE`.

# %% tags=["parameters"]
# Parameters
codebook_path = "../codebooks/integration-v1.3.yaml"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
figures_dir = "../reports/figures"
dimensions = ["economic", "military", "information", "political"]
unit = "sentence"  # sentence | paragraph
time_axis = "referenced"  # published | referenced (for the per-period tables and figure)
period = "Y"  # M | Q | H | Y
anchoring_rule = "paragraph"  # sentence | paragraph | none
interval_method = "wilson"  # wilson | agresti_coull | beta | normal
bootstrap_draws = 2000
seed = 20211104
min_n = 20
min_sources = 8  # fewer sources: a trend is "not estimable" (see the simulation below)
min_dates = 3  # fewer distinct dates: likewise
events = [["2020-08-09", "Belarusian presidential election"],
          ["2022-02-24", "Russia's full-scale invasion of Ukraine"]]  # [date, name]
simulation_replications = 200
calibration_sources = [5, 8, 12, 20, 30]
max_sources = 12  # beyond this many sources, per-source figures draw one row per outlet

# %% tags=["injected-parameters"]
# Parameters
codebook_path = "../codebooks/integration-v1.3.yaml"
processed_dir = "../data/processed"
tables_dir = "../reports/tables"
figures_dir = "../reports/figures"
dimensions = ["economic", "military", "information", "political"]
unit = "sentence"
time_axis = "referenced"
period = "Y"
anchoring_rule = "paragraph"
interval_method = "wilson"
bootstrap_draws = 2000
seed = 20211104
min_n = 20
min_sources = 8
min_dates = 3
events = [["2020-08-09", "Belarusian presidential election"], ["2022-02-24", "Russia's full-scale invasion of Ukraine"]]
simulation_replications = 200
calibration_sources = [5, 8, 12, 20, 30]
max_sources = 12


# %%
from analysis.measure import inference, metrics, periods, trend, trend_simulation, weights
from analysis.measure.events import read_event
from analysis.report import (apply_style, figures, figures_time, flag_dimensions, save_figure,
                             save_table)

apply_style()
settings = weights.Settings(dimensions=dimensions, unit=unit, time_axis=time_axis,
                            period=period, anchoring_rule=anchoring_rule,
                            interval_method=interval_method, bootstrap_draws=bootstrap_draws,
                            seed=seed, min_n=min_n, min_sources=min_sources,
                            min_dates=min_dates)
prep = weights.prepare(processed_dir, codebook_path)
codebook = prep.codebook
context = codebook.context_dimensions  # the codebook's role: context (flagged everywhere)
docs = prep.documents
draws = {}  # per-source composition bootstrap draws, for the triangle
results = weights.headline(prep, settings, draws_out=draws)
labels = figures.source_labels(docs)
print(f"{len(prep.coded)} sentences, {prep.coded['paragraph_id'].nunique()} paragraphs, "
      f"{len(docs)} sources; codebook {prep.codebook.name} v{prep.codebook.version}")

# %% [markdown]
# ## The headline: each dimension by publication date
#
# One figure per dimension: each source is a point at its publication date (the middle of
# its publication interval), its share of units coded for the dimension on the y axis, its
# size proportional to its units; the outlets with most sources have their own colour and
# marker, the rest are grey. With at least eight sources (and three dates, the trend table's
# rule) a local-linear trend, weighted by units, is drawn with a 95% band from a bootstrap
# over sources (the source is the unit that carries a date); with fewer, the figure shows
# the points and says that no trend is estimated.

# %%
for dim in dimensions:
    fig = figures_time.publication_trend(results["attention"], docs, dim, seed=seed,
                                         context=context)
    _ = save_figure(fig, f"fig8_trend_by_publication_date_{dim}", figures_dir)

# %% [markdown]
# ## Attention: the share of each source's units coded for each dimension
#
# Sources are in publication order (beyond `max_sources` sources, the figures draw one
# row per outlet: the pooled share with a 95% bootstrap interval over its sources, the
# sources themselves as dots). Each cell is the share of units (sentences, unless
# `unit = "paragraph"`) with at least one codebook match for the dimension, and its 95%
# interval (Wilson by default). A unit can belong to several dimensions, so rows do not sum
# to one. `coverage` is the share of units that no dimension claims: the part of each text the
# weights do not describe.

# %%
attention_table = metrics.wide_table(results["attention"], ["doc_id"])
attention_table.insert(1, "published", attention_table["doc_id"].map(
    docs.set_index("doc_id")["published"]))
attention_table["unclaimed_share"] = results["coverage"]["unclaimed_share"].round(3).to_numpy()
attention_table = flag_dimensions(attention_table, codebook)
_ = save_table(results["attention"], f"attention_by_source_{unit}", tables_dir, latex=True,
               codebook=codebook)
_ = save_table(attention_table, f"attention_by_source_{unit}_readable", tables_dir, latex=True,
               codebook=codebook)
attention_table

# %%
fig = figures.attention_bars(results["attention"], docs, max_sources, context=context)
_ = save_figure(fig, f"fig1_attention_by_source_{unit}", figures_dir)

# %% [markdown]
# ## Intensity: matched terms per 1,000 words
#
# Attention counts units; intensity counts every matched term, so a sentence dense with
# military vocabulary weighs more here than in the share above.

# %%
intensity = results["intensity"].pivot_table(index="doc_id", columns="dimension",
                                             values="per_1000_words", sort=False)
intensity = intensity[dimensions].round(2).reset_index().rename_axis(columns=None)
_ = save_table(results["intensity"], f"intensity_by_source_{unit}", tables_dir, latex=True,
               codebook=codebook)
flag_dimensions(intensity, codebook)

# %% [markdown]
# ## Composition of integration
#
# Of the units coded for economic, military or information integration, which share goes to
# each? The three parts sum to one per source. Intervals come from a cluster bootstrap that
# resamples whole paragraphs (sentences of one paragraph are not independent), with the seed
# above; the cloud in the triangle shows the bootstrap draws.

# %%
composition = results["composition"]
_ = save_table(composition, f"composition_by_source_{unit}", tables_dir, latex=True,
               codebook=codebook)
points = composition.pivot(index="doc_id", columns="dimension", values="composition")
points = points.loc[list(dict.fromkeys(composition["doc_id"])),
                    list(dict.fromkeys(composition["dimension"]))]
fig = figures.ternary(points, draws, tuple(points.columns), labels,
                      max_sources=max_sources,
                      sizes=docs.set_index("doc_id")["n_sentences"], context=context)
_ = save_figure(fig, f"fig2_composition_ternary_{unit}", figures_dir)
flag_dimensions(metrics.wide_table(composition, ["doc_id"], value="composition"), codebook)

# %% [markdown]
# ## Are the sources' profiles different? (χ² test of source × dimension)

# %%
chi2 = inference.source_dimension_chi2(results["units"], dimensions)
print(inference.read_chi2(chi2))

# %% [markdown]
# ## Heatmap: source × dimension
#
# The same shares as the first figure, as a grid a reader can scan by row or by column.

# %%
fig = figures.heatmap(results["attention"], docs, max_sources, context=context)
_ = save_figure(fig, f"fig4_heatmap_source_dimension_{unit}", figures_dir)

# %% [markdown]
# ## Placing passages in time
#
# Each sentence gets the period it talks about: its own dated mention ("in August 2020",
# "since 2014", "the 1990s"), else — under the `paragraph` rule — the nearest earlier mention
# in its paragraph, else none. Dates are labelled no finer than the text states them (a year
# stays a year even when `period = "M"`). The table shows how many sentences each rule
# anchors per source; `unanchored_share` is the part of each source the per-period figures
# below cannot use.

# %%
placed = periods.assign_periods(prep.coded, docs, prep.tables["mentions"], "referenced",
                                period, anchoring_rule)
anchoring = periods.anchoring_summary(placed)
_ = save_table(anchoring, f"anchoring_{anchoring_rule}", tables_dir, latex=True,
               codebook=codebook)
anchoring

# %%
fig = figures.timeline(prep.tables["mentions"], docs, max_sources)
_ = save_figure(fig, "fig5_timeline_of_referenced_periods", figures_dir)

# %% [markdown]
# ## Shares by period
#
# Per source and period (on the `time_axis` chosen above), the share of units coded for each
# dimension with its interval (intensity and composition per period are saved beside it).
# Periods with fewer than `min_n` units are kept but flagged
# `small_cell`: read them as anecdotes, not estimates.
#
# The figure pools the sources: each period is drawn as a span on a real date axis (a decade
# as ten years, a year as a year, a month as a month) at the share of all units that refer
# to it, with a Wilson 95% interval at its middle; periods with fewer than `min_n` units are
# faint, and the last panel shows the units per period. Wilson treats the units of a period
# as independent, so where one or two sources supply a period the interval is too narrow.

# %%
by_period = results["attention_by_period"]
suffix = f"{time_axis}_{period}_{unit}"
_ = save_table(by_period, f"attention_by_period_{suffix}", tables_dir, latex=True,
               codebook=codebook)
_ = save_table(results["intensity_by_period"], f"intensity_by_period_{suffix}", tables_dir,
               latex=True, codebook=codebook)
if "composition_by_period" in results:
    _ = save_table(results["composition_by_period"], f"composition_by_period_{suffix}",
                   tables_dir, latex=True, codebook=codebook)
fig = figures_time.referenced_spans(by_period, min_n, context=context)
_ = save_figure(fig, f"fig3_shares_by_{time_axis}_period_{period}_{unit}", figures_dir)
flagged = by_period.groupby("small_cell")["period"].size().rename("cells")
flagged

# %% [markdown]
# ## Trends: does the weight of a dimension change over time?
#
# **The source is the unit.** A publication date belongs to a source, not to its sentences,
# and the sentences of one text are correlated (one author, one outlet, one occasion). So the
# trend per dimension is a logistic model of a sentence's 0/1 code on time (years), fitted by
# GEE with the **source as the cluster** and the small-sample correction of Mancl and DeRouen
# (statsmodels' `cov_type="bias_reduced"`); tests and intervals use a t distribution with
# (sources − 2) degrees of freedom, and p-values are Holm-corrected across dimensions. On
# publication time a source-level quasi-binomial model (one row per source, scale = Pearson
# χ²/df) is fitted as a check. On referenced time the date varies within a source; the cluster
# is still the source, the outermost level, so the correlation of sentences within a paragraph
# is covered too.
#
# **Estimability rule** (`min_sources`, `min_dates`): with fewer than 8 sources, or fewer than
# 3 distinct dates, no test is run and the table says `not estimable: N sources`. The
# simulation below shows why: with fewer than 8 sources the test does not reject too often,
# but it is nearly blind — with five sources it finds a real trend that moves a share from
# 0.13 to 0.30 in fewer than one replication in ten — so its p-value would tell the reader
# nothing, significant or not.
#
# **For the five seed texts this is the honest answer: no trend over publication time can be
# tested.** Five texts published between April 2021 and 2022 are five points, one per
# source. The earlier version of this notebook clustered by paragraph, so it treated dozens
# of paragraphs per text as independent, and reported an economic trend (p_holm = .022); in
# the simulation below that model calls a dimension with no trend significant in about half
# the replications. What can be said is descriptive: the sources' shares in publication
# order, and the comparisons around named events below.

# %%
trend_table = flag_dimensions(weights.trends(prep, settings), codebook)
_ = save_table(trend_table, "trend_models", tables_dir, latex=True, codebook=codebook)
for _, row in trend_table.iterrows():
    print(trend.read_trend(row))
trend_table[["axis", "dimension", "role", "model", "sources", "dates", "units",
             "odds_ratio_per_year", "ci_low", "ci_high", "result"]].round(4)

# %% [markdown]
# ### The descriptive comparison: each source's shares in publication order
#
# One row per source, sorted by publication date: the share of its sentences coded for each
# dimension. With few sources, this table — not a slope — is what the corpus says about
# publication time. Dates known only to the year (`date_precision = year`) sit at mid-year.

# %%
descriptive = flag_dimensions(weights.descriptive_by_source(prep, settings), codebook)
_ = save_table(descriptive, "trend_descriptive_by_source", tables_dir, latex=True,
               codebook=codebook)
descriptive

# %% [markdown]
# ## Before and after named events
#
# For each event in `events` (the config's defaults: the Belarusian presidential election of
# 9 August 2020 and Russia's full-scale invasion of Ukraine on 24 February 2022), the share
# of sentences coded for each dimension before and after it, and the difference (after −
# before, in share points) with a 95% interval from a bootstrap over sources: on publication
# time sources are resampled within each side; on referenced time whole sources are
# resampled with their passages on both sides. A source whose publication date is known only
# to a period containing the event (003, "2022", for the invasion) and a passage whose
# referenced span contains it are set aside (`spanning_units`). With fewer than 3 sources on
# a side the shares are shown as description and the interval is `not estimable`.

# %%
event_table = flag_dimensions(weights.event_comparisons(prep, settings, events), codebook)
_ = save_table(event_table, "event_comparisons", tables_dir, latex=True, codebook=codebook)
for _, row in event_table.iterrows():
    print(read_event(row))
event_table[["event", "axis", "dimension", "role", "sources_before", "sources_after",
             "share_before", "share_after", "difference", "ci_low", "ci_high",
             "note"]].round(4)

# %% [markdown]
# ## Why the source is the unit: a simulation with a known truth
#
# Corpora of 20–40 sources with 30–200 sentences each; every source has its own intercept
# on the logit scale (sd 0.8: sources differ a lot, as the five seeds do) and one
# publication date between 2014 and 2024. One dimension has no trend; the other's
# population-averaged log-odds rise by 0.1 a year (a share of 0.13 in 2014, 0.30 in 2024).
# Each estimator is run on every replication: the GEE clustered by source with the
# Mancl–DeRouen correction (this notebook's), the source-level quasi-binomial check, and the
# GEE clustered by paragraph this notebook used before. `false_positive_rate` is how often
# the no-trend dimension is called significant at 5%; `coverage_*` how often the 95%
# interval contains the true slope; `power` how often the real trend is found. The test
# suite runs the same study with 500 replications (`tests/test_trend_inference.py`).

# %%
simulation = trend_simulation.summarise(
    trend_simulation.replicate(trend_simulation.Design(), simulation_replications, seed))
_ = save_table(simulation, "trend_simulation", tables_dir, latex=True, codebook=codebook)
simulation.round(3)

# %% [markdown]
# The same study at a fixed number of sources (the published estimators only): the
# estimability rule comes from here. Below 8 sources the test stays on the safe side but
# finds the trend rarely; `tools/trend_calibration.py` prints this table with 1,000
# replications per row.

# %%
calibration = trend_simulation.calibration(trend_simulation.Design(), calibration_sources,
                                           simulation_replications, seed)
_ = save_table(calibration, "trend_calibration", tables_dir, latex=True, codebook=codebook)
calibration[["sources", "model", "false_positive_rate", "coverage_null", "coverage_trend",
             "power"]].round(3)
