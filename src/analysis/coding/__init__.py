"""Stage 2, coding: the versioned codebook, its compiled matcher, the corpus codes computed
once (codes.parquet, matches.parquet) and the coding of any CSV file."""

from analysis.coding.codebook import Codebook, load_codebook
from analysis.coding.corpus_codes import load_codes, write_codes
from analysis.coding.matcher import code_texts, find_matches

__all__ = ["Codebook", "code_texts", "find_matches", "load_codebook", "load_codes",
           "write_codes"]
