"""Measure how sources weigh Russia–Belarus integration dimensions over time."""

__version__ = "0.1.0"
# Bump when a parser change alters processed output; recorded in documents.parquet.
PARSER_VERSION = "1"
