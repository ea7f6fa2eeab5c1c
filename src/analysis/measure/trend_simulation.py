"""Simulation study of the publication-time trend test: false positives, coverage, power.

Each replication draws a corpus of sources with a known truth. A source has one publication
date (uniform over ``years``), a number of sentences (uniform over ``sentences``) in
paragraphs of four, and its own intercept b on the logit scale: every sentence of source i is
coded with probability expit(α + β·(t_i − centre) + b_i). Sources differ from each other
(``sd`` = standard deviation of b, 0.8 by default); sentences are independent given their
source. b is drawn from the bridge distribution of Wang and Louis (2003) — bell-shaped and
symmetric like a normal, but chosen so that the population-averaged model is again exactly
logistic, logit P = φα + φβ·(t − centre) with φ = (1 + 3 sd²/π²)^(-1/2); the true slope of the
marginal model that GEE estimates is therefore known exactly: φβ. Two dimensions: ``null``
(marginal slope 0) and ``trend`` (marginal slope ``slope`` per year), both with marginal
share ``share`` at the centre of the time range.

The published estimators (``analysis.measure.trend``) are run on every replication, and so is
the estimator this package used before: a GEE clustered by paragraph with the plain sandwich
and a normal reference distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.measure import events, trend

Z = stats.norm.ppf(0.975)


@dataclass(frozen=True)
class Design:
    """A population of sources and the truth they are drawn from."""

    sources: tuple[int, int] = (20, 40)
    sentences: tuple[int, int] = (30, 200)
    sd: float = 0.8
    share: float = 0.2
    slope: float = 0.1  # marginal log-odds per year of the trending dimension
    years: tuple[str, str] = ("2014-01-01", "2024-12-31")
    paragraph_size: int = 4
    dates: int | None = None  # None: every source its own day; k: k distinct dates

    @property
    def phi(self) -> float:
        return float(1 / np.sqrt(1 + 3 * self.sd**2 / np.pi**2))


def bridge(rng: np.random.Generator, phi: float, size: int) -> np.ndarray:
    """Draws from the logit bridge distribution with attenuation ``phi`` (inverse CDF)."""
    u = rng.random(size)
    return np.log(np.sin(phi * np.pi * u) / np.sin(phi * np.pi * (1 - u))) / phi


def _dates(rng: np.random.Generator, d: Design, g: int) -> pd.DatetimeIndex:
    start, end = pd.Timestamp(d.years[0]), pd.Timestamp(d.years[1])
    span = (end - start).days
    if d.dates is None:
        offsets = rng.choice(span + 1, size=g, replace=False)
    else:
        grid = np.linspace(0, span, d.dates).round().astype(int)
        offsets = grid[np.arange(g) % d.dates]
    return start + pd.to_timedelta(np.sort(offsets), unit="D")


def draw_sources(rng: np.random.Generator, d: Design, g: int | None = None) -> pd.DataFrame:
    """One corpus as paragraphs: source, date, sentences (``trials``), positives per dimension."""
    g = g if g is not None else int(rng.integers(d.sources[0], d.sources[1] + 1))
    dates = _dates(rng, d, g)
    t = trend.years(pd.Series(dates))
    centre = float(np.mean(trend.years(pd.Series(pd.to_datetime(list(d.years))))))
    n = rng.integers(d.sentences[0], d.sentences[1] + 1, size=g)
    alpha = np.log(d.share / (1 - d.share)) / d.phi
    per_source = -(-n // d.paragraph_size)
    source = np.repeat(np.arange(g), per_source)
    last = n - d.paragraph_size * (per_source - 1)  # the last paragraph may be shorter
    size = np.full(len(source), d.paragraph_size)
    size[np.cumsum(per_source) - 1] = last
    frame = pd.DataFrame({"source": source, "paragraph": np.arange(len(source)),
                          "time": t[source], "trials": size})
    for name, beta in (("null", 0.0), ("trend", d.slope / d.phi)):
        logit = alpha + beta * (t - centre) + bridge(rng, d.phi, g)
        frame[name] = rng.binomial(size, 1 / (1 + np.exp(-logit[source])))
    frame.attrs["dates"] = dates
    return frame


def to_sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Paragraph counts → one row per sentence with 0/1 codes, ids and ISO publication dates
    (the form the package's own tables have)."""
    rep = paragraphs.loc[paragraphs.index.repeat(paragraphs["trials"])].reset_index(drop=True)
    starts = np.r_[0, np.flatnonzero(np.diff(rep["paragraph"].to_numpy())) + 1]
    k = np.arange(len(rep)) - np.repeat(starts, np.diff(np.r_[starts, len(rep)]))
    out = pd.DataFrame({
        "doc_id": [f"s{i:03d}" for i in rep["source"]],
        "paragraph_id": [f"s{i:03d}-p{j:04d}" for i, j in zip(rep["source"], rep["paragraph"],
                                                              strict=True)],
        "published": paragraphs.attrs["dates"][rep["source"]].strftime("%Y-%m-%d")})
    for dim in ("null", "trend"):
        out[dim] = (k < rep[dim].to_numpy()).astype(int)
    return out


def _cells(paragraphs: pd.DataFrame, dim: str, cluster: str) -> pd.DataFrame:
    codes = paragraphs[cluster].to_numpy()
    first = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    return pd.DataFrame({"cluster": codes[first],
                         "time": paragraphs["time"].to_numpy()[first],
                         "positives": np.add.reduceat(paragraphs[dim].to_numpy(), first),
                         "trials": np.add.reduceat(paragraphs["trials"].to_numpy(), first)})


def paragraph_clustered(paragraphs: pd.DataFrame, dim: str) -> dict:
    """The old estimator: GEE clustered by paragraph, plain sandwich, normal reference."""
    c = _cells(paragraphs, dim, "paragraph")
    fitted = trend._fit(c)
    if isinstance(fitted, str):
        return {"slope_per_year": np.nan, "se": np.nan, "p_value": np.nan}
    params, x, mu, bread = fitted
    se = float(np.sqrt(trend.md_covariance(c, x, mu, bread, bias_reduced=False)[1, 1]))
    return {"slope_per_year": float(params[1]), "se": se,
            "p_value": float(2 * stats.norm.sf(abs(params[1] / se)))}


def replicate(d: Design, reps: int, seed: int, g: int | None = None,
              old: bool = True) -> pd.DataFrame:
    """One row per replication × dimension × estimator: estimate, interval, p, the truth."""
    rng = np.random.default_rng(seed)
    rows = []
    for rep in range(reps):
        paragraphs = draw_sources(rng, d, g)
        n_sources = int(paragraphs["source"].iloc[-1]) + 1
        for dim, truth in (("null", 0.0), ("trend", d.slope)):
            fits = trend.fit_trend(_cells(paragraphs, dim, "source"))
            if old:
                fits["gee_paragraph_old"] = paragraph_clustered(paragraphs, dim)
            for model, f in fits.items():
                q = Z if model == "gee_paragraph_old" else stats.t.ppf(0.975, n_sources - 2)
                lo, hi = f["slope_per_year"] - q * f["se"], f["slope_per_year"] + q * f["se"]
                rows.append({"rep": rep, "sources": n_sources, "dimension": dim, "model": model,
                             "truth": truth, "estimate": f["slope_per_year"], "se": f["se"],
                             "p_value": f["p_value"], "covered": bool(lo <= truth <= hi)})
    return pd.DataFrame(rows)


def summarise(results: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Per estimator: false-positive rate (null), coverage of the true slope, power (trend)."""
    def one(frame: pd.DataFrame) -> pd.Series:
        null, trending = frame[frame["dimension"] == "null"], frame[frame["dimension"] == "trend"]
        return pd.Series({
            "replications": len(null),
            "false_positive_rate": float((null["p_value"] < alpha).mean()),
            "coverage_null": float(null["covered"].mean()),
            "coverage_trend": float(trending["covered"].mean()),
            "power": float((trending["p_value"] < alpha).mean()),
            "mean_estimate_trend": float(trending["estimate"].mean()),
            "true_slope_trend": float(trending["truth"].iloc[0])})
    return results.groupby("model", sort=False)[list(results.columns)].apply(one).reset_index()


def calibration(d: Design, source_counts: list[int], reps: int, seed: int,
                date_counts: list[int] | None = None) -> pd.DataFrame:
    """The published estimators at each number of sources (and of distinct dates)."""
    frames = []
    for i, g in enumerate(source_counts):
        s = summarise(replicate(d, reps, seed + i, g=g, old=False))
        frames.append(s.assign(sources=g, dates=g))
    for j, k in enumerate(date_counts or []):
        g = d.sources[0]
        s = summarise(replicate(Design(**{**d.__dict__, "dates": k}), reps, seed + 1000 + j,
                                g=g, old=False))
        frames.append(s.assign(sources=g, dates=k))
    out = pd.concat(frames, ignore_index=True)
    return out[["sources", "dates", *[c for c in out.columns if c not in ("sources", "dates")]]]


def _event_units(rng: np.random.Generator, d: Design, per_side: int, paired: bool,
                 shares: tuple[float, float]) -> pd.DataFrame:
    """Sentences before and after an event (1 January 2020). Unpaired (publication time):
    ``per_side`` sources on each side. Paired (referenced time): ``per_side`` sources with
    sentences on both sides and one intercept per source (bridge, so each side's marginal
    share is exactly ``shares``)."""
    g = per_side if paired else 2 * per_side
    n = rng.integers(d.sentences[0], d.sentences[1] + 1, size=g)
    if paired:  # half of each source's sentences on each side, one intercept per source
        source, after = np.repeat(np.arange(g), 2), np.tile([False, True], g)
        n = np.maximum(n // 2, 1).repeat(2)
    else:
        source, after = np.arange(g), np.arange(g) >= per_side
    phi, b = d.phi, bridge(rng, d.phi, g)[source]
    share = np.where(after, shares[1], shares[0])
    pos = rng.binomial(n, 1 / (1 + np.exp(-(np.log(share / (1 - share)) / phi + b))))
    rows = np.repeat(np.arange(len(n)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    date = np.where(after[rows], "2021-01-01", "2019-01-01")
    return pd.DataFrame({"doc_id": source[rows], "start": date, "end": date,
                         "x": (k < pos[rows]).astype(int)})


def event_replicate(d: Design, per_side: int, reps: int, draws: int, seed: int,
                    shares: tuple[float, float] = (0.2, 0.3),
                    paired: bool = False) -> pd.DataFrame:
    """The before/after comparison (``events.compare``) on corpora with a known truth:
    marginal shares ``shares`` before and after, source intercepts from the bridge
    distribution (sd ``d.sd``); publication time, or referenced time when ``paired``.
    One row per replication."""
    rng = np.random.default_rng(seed)
    event = events.Event("2020-01-01", "simulated")
    rows = []
    for rep in range(reps):
        units = _event_units(rng, d, per_side, paired, shares)
        out = events.compare(units, ["x"], event, axis="referenced" if paired else "published",
                             start="start", end="end",
                             draws=draws, seed=int(rng.integers(2**31)),
                             min_sources=per_side).iloc[0]
        truth = shares[1] - shares[0]
        rows.append({"rep": rep, "per_side": per_side, "difference": out["difference"],
                     "covered": bool(out["ci_low"] <= truth <= out["ci_high"])})
    return pd.DataFrame(rows)


def event_calibration(d: Design, per_sides: list[int], reps: int, draws: int,
                      seed: int) -> pd.DataFrame:
    """Coverage of the before/after interval by sources per side, on both time axes."""
    rows = []
    for i, k in enumerate(per_sides):
        for paired in (False, True):
            r = event_replicate(d, k, reps, draws, seed + i, paired=paired)
            rows.append({"axis": "referenced" if paired else "published", "sources": k,
                         "replications": reps, "coverage": float(r["covered"].mean()),
                         "mean_difference": float(r["difference"].mean())})
    return pd.DataFrame(rows)


if __name__ == "__main__":  # the tables behind the estimability rules (README, trend.py)
    import sys

    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20211104
    if sys.argv[1:2] == ["events"]:
        table = event_calibration(Design(), [3, 5, 8, 20], reps, 1000, seed)
    else:
        table = calibration(Design(), [4, 5, 6, 7, 8, 10, 12, 15, 20, 30], reps, seed,
                            date_counts=[2, 3, 5, 8])
        table = table[["sources", "dates", "model", "false_positive_rate", "coverage_null",
                       "coverage_trend", "power"]]
    print(table.round(3).to_string(index=False))
