"""Stage 4, measure: periods, weights with intervals, models over time, weights corrected
for measured coding error, composition and what drives a difference."""

from analysis.measure.metrics import attention, composition, coverage, intensity
from analysis.measure.misclassification import corrected_shares
from analysis.measure.periods import assign_periods
from analysis.measure.targets import corrected_against_gold, f1_targets
from analysis.measure.weights import Settings, event_comparisons, headline, prepare, trends

__all__ = ["Settings", "assign_periods", "attention", "composition", "corrected_against_gold",
           "corrected_shares", "coverage", "event_comparisons", "f1_targets", "headline",
           "intensity", "prepare", "trends"]
