"""Typeset every seed into PDFs (reportlab, and Chromium with --chromium) and report the round trip.

    PYTHONPATH=src python scripts/pdf_roundtrip.py [--chromium] [--keep DIR]

Per PDF: words kept against the seed's own body words, word-trigram coverage and precision,
sentences holding running-head, page-number or footnote text, set-aside words by reason,
footnotes recovered. Nothing is written unless --keep names a folder for the PDFs.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdf_render import (  # noqa: E402
    Layout,
    furniture_sentences,
    overlap,
    print_with_chromium,
    render_pdf,
)

from analysis.ingest.build import parse_one  # noqa: E402
from analysis.ingest.corpus import load_manifest  # noqa: E402
from analysis.ingest.processed_tables import SET_ASIDE_REASONS  # noqa: E402

LAYOUTS = {
    "1 column": Layout(columns=1, first_page_number=147),
    "2 columns, ligatures, hyphenation": Layout(columns=2, ligatures=True, hyphenate=True,
                                                superscript_note_numbers=False),
}


def _body(doc) -> str:
    return " ".join(p.text for p in doc.paragraphs if p.role != "heading")


def report_row(name: str, seed, seed_rows, rendered, source) -> str:
    """One Markdown table row for a rendered PDF."""
    doc, rows = parse_one(dataclasses.replace(source, format="pdf"), rendered.data)
    report = rows["parse_report"][0]
    coverage, precision = overlap(_body(seed), _body(doc))
    leaks = furniture_sentences([r["text"] for r in rows["sentences"]], _body(seed), rendered)
    aside = ", ".join(f"{reason} {report[f'words_set_aside_{reason}']}"
                      for reason in SET_ASIDE_REASONS if report[f"words_set_aside_{reason}"])
    notes = sum(1 for n in doc.notes if n.number in rendered.notes
                and " ".join(n.text.split()) == " ".join(rendered.notes[n.number].split()))
    return (f"| {source.doc_id} | {name} | {rendered.pages} | {report['words_kept']} / "
            f"{seed_rows['parse_report'][0]['words_kept']} | {coverage:.4f} | {precision:.4f} | "
            f"{len(leaks)} | {aside} | {notes} / {len(rendered.notes)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", action="store_true", help="also print with Chromium")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    args = parser.parse_args()
    print("| doc | layout | pages | words kept / seed body | trigram coverage | precision | "
          "furniture sentences | set-aside words by reason | notes recovered exactly |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for source in load_manifest(ROOT / "data" / "raw" / "manifest.csv"):
            seed, seed_rows = parse_one(source)
            other = [p.text for p in seed.set_aside if p.reason == "other_language"]
            made = {name: render_pdf(seed, source, dataclasses.replace(layout,
                                                                       extra_paragraphs=other))
                    for name, layout in LAYOUTS.items()}
            if args.chromium:
                folder = Path(scratch) / source.doc_id
                folder.mkdir()
                made["Chromium, 2 CSS columns, endnotes"] = print_with_chromium(
                    seed, source, 2, folder)
            for name, rendered in made.items():
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    slug = "".join(ch if ch.isalnum() else "_" for ch in name)
                    (args.keep / f"{source.doc_id}_{slug}.pdf").write_bytes(rendered.data)
                print(report_row(name, seed, seed_rows, rendered, source), flush=True)


if __name__ == "__main__":
    main()
