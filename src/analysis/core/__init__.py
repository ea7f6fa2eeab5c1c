"""The shared core every stage may use: the user-error type, atomic writes, Parquet options,
the content-addressed cache."""

from analysis.core.atomic import write_text_atomic, write_with
from analysis.core.cache import Cache
from analysis.core.errors import AnalysisError

__all__ = ["AnalysisError", "Cache", "write_text_atomic", "write_with"]
