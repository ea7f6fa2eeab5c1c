"""Stage 1, ingest: the manifest, one parser per format into one Document structure,
sentences, dated mentions, and the processed Parquet tables."""

from analysis.ingest.build import parse_corpus, write_corpus
from analysis.ingest.corpus import Source, load_manifest, read_source_text
from analysis.ingest.overview import load_processed
from analysis.ingest.parsers import parse_source
from analysis.ingest.segment import count_words, split_sentences

__all__ = ["Source", "count_words", "load_manifest", "load_processed", "parse_corpus",
           "parse_source", "read_source_text", "split_sentences", "write_corpus"]
