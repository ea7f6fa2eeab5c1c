"""Before/after comparisons around named events: sides, the seeds, and interval coverage."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.measure import events, weights
from analysis.measure import trend_simulation as ts

SEED = 20211104
DIMS = ["economic", "military", "information", "political"]
DEFAULT = [["2020-08-09", "Belarusian presidential election"],
           ["2022-02-24", "Russia's full-scale invasion of Ukraine"]]


@pytest.mark.parametrize("raw, message", [
    ([["2020-13-01", "x"]], r"events\[0\]: '2020-13-01' is not a date"),
    ([["2020-08-09"]], r"events\[0\]: expected"),
    ([["2020-08-09", "ok"], "2022-02-24"], r"events\[1\]: expected"),
])
def test_a_bad_event_is_a_one_line_error(raw: list, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        events.parse_events(raw)


def test_sides_by_date_span() -> None:
    start = pd.Series(["2021-04-01", "2022-01-01", "2022-03-01", None])
    end = pd.Series(["2021-04-30", "2022-12-31", "2022-03-31", None])
    assert list(events.side(start, end, "2022-02-24")) == ["before", "spans", "after", ""]


def test_the_seeds_around_the_default_events(prep: weights.Prepared) -> None:
    table = weights.event_comparisons(prep, weights.Settings(dimensions=DIMS), DEFAULT)
    rows = table.set_index(["date", "axis", "dimension"])
    # all five seeds were published after the election; 003 is known only as "2022"
    election = rows.loc[("2020-08-09", "published")]
    assert (election["sources_before"] == 0).all() and (election["sources_after"] == 5).all()
    assert (election["note"] == "not estimable: 0 sources before").all()
    assert election["ci_low"].isna().all()
    invasion = rows.loc[("2022-02-24", "published")]
    assert (invasion["sources_before"] == 4).all() and (invasion["spanning_units"] > 0).all()
    assert (invasion["note"] == "not estimable: 0 sources after").all()
    # referenced time: passages about before and after the election, from most sources
    ref = rows.loc[("2020-08-09", "referenced")]
    assert (ref["sources_before"] >= 3).all() and (ref["note"] == "").all()
    assert ((ref["ci_low"] <= ref["difference"]) & (ref["difference"] <= ref["ci_high"])).all()
    shares = ref.loc["economic"]
    assert shares["difference"] == pytest.approx(shares["share_after"] - shares["share_before"])
    assert "no interval" in events.read_event(table.iloc[-1])


@pytest.mark.parametrize("paired", [False, True])
def test_interval_covers_the_true_difference(paired: bool) -> None:
    """Five sources per side (publication time) or five sources with passages on both sides
    (referenced time), source intercept sd 0.8, true shares 0.2 → 0.3; 200 replications."""
    result = ts.event_replicate(ts.Design(sentences=(30, 100)), 5, 200, 1000, SEED,
                                paired=paired)
    coverage = result["covered"].mean()
    print(f"\npaired={paired}: coverage {coverage:.3f}, mean difference "
          f"{result['difference'].mean():.3f} (truth 0.100)")
    assert 0.92 <= coverage <= 0.995
    assert result["difference"].mean() == pytest.approx(0.1, abs=0.01)
