"""Shared fixtures: the real manifest, its sources, and every document parsed once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from analysis.ingest.build import parse_one
from analysis.ingest.corpus import Source, load_manifest, read_source_text

# The suite a reviewer runs is the suite CI runs: Hypothesis draws the same examples every
# time (`derandomize`). To hunt for new counter-examples, run with HYPOTHESIS_PROFILE=explore.
settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

PROJECT = Path(__file__).resolve().parents[1]
MANIFEST = PROJECT / "data" / "raw" / "manifest.csv"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    """The Chromium `make test` found or installed (scripts/ensure-browser.sh looks in the
    same places: $CHROMIUM, the PATH, then Playwright's own download)."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser",
                      "google-chrome"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        bundled = pw.chromium.executable_path
    if Path(bundled).exists():
        return bundled
    pytest.fail("no Chromium: run `make test` (it installs one where it can), install Debian's "
                "`chromium`, or set CHROMIUM=/path")


@pytest.fixture(scope="session")
def sources() -> dict[str, Source]:
    return {s.doc_id: s for s in load_manifest(MANIFEST)}


@pytest.fixture(scope="session")
def raw_texts(sources: dict[str, Source]) -> dict[str, str]:
    return {doc_id: read_source_text(s) for doc_id, s in sources.items()}


@pytest.fixture(scope="session")
def parsed(sources: dict[str, Source]) -> dict[str, tuple]:
    """doc_id → (Document, rows of every table)."""
    return {doc_id: parse_one(source) for doc_id, source in sources.items()}


def paragraph_containing(doc, needle: str):
    """The one paragraph whose text contains ``needle``."""
    hits = [p for p in doc.paragraphs if needle in p.text]
    assert len(hits) == 1, f"{len(hits)} paragraphs contain {needle!r}"
    return hits[0]


@pytest.fixture(scope="module")
def prep(parsed: dict[str, tuple]):
    """The seeds parsed and coded with the default codebook, as the weights pipeline holds them."""
    import pandas as pd

    from analysis.coding import corpus_coding
    from analysis.coding.codebook import load_codebook
    from analysis.measure import weights

    tables = {name: pd.DataFrame([r for _, rows in parsed.values() for r in rows[name]])
              for name in ("documents", "sentences", "mentions")}
    codebook = load_codebook()
    coded, audit = corpus_coding.code_sentences(tables["sentences"], codebook)
    return weights.Prepared(tables, codebook, coded, audit)
