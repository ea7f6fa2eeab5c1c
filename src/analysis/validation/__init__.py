"""Stage 3, validation: hand-coded samples, agreement between coders, and the coder's
error rates against the adjudicated labels."""

from analysis.validation.gold import (
    agreement_report,
    dictionary_codes,
    disagreements,
    load_validation_set,
)
from analysis.validation.methods import classifier_entries, compare_methods

__all__ = ["agreement_report", "classifier_entries", "compare_methods", "dictionary_codes",
           "disagreements", "load_validation_set"]
