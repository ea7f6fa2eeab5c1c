"""Stage 3, validation: hand-coded samples, agreement between coders, and the coder's
error rates against the adjudicated labels."""

from analysis.validation.gold import (
    agreement_report,
    dictionary_codes,
    disagreements,
    load_validation_set,
)

__all__ = ["agreement_report", "dictionary_codes", "disagreements", "load_validation_set"]
