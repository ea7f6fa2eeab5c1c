"""The `pdf` parser on the seeds typeset into PDFs with reportlab (made at test time).

Each seed's own parse is the truth: the body recovered from its PDF must match it (word
trigrams), with every running head, page number and footnote out of the body and every
footnote back as a note.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import random
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pymupdf
import pytest
from conftest import MANIFEST
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_render import Layout, furniture_sentences, overlap, print_with_chromium, render_pdf

from analysis.core.errors import AnalysisError
from analysis.ingest.build import parse_one
from analysis.ingest.corpus import load_manifest, read_source_text
from analysis.ingest.parsers import check_source
from analysis.ingest.parsers.common import normalised_key
from analysis.ingest.parsers.pdf import PdfParser
from analysis.ingest.parsers.pdf_layout import page_furniture
from analysis.ingest.parsers.pdf_lines import PdfLine, PdfPage, reading_order

CASES = {
    "003-one-column": ("003", Layout(columns=1, first_page_number=147,
                                     journal_header="Sprawy Międzynarodowe 2022, vol. 75, no. 2")),
    "003-two-columns-ligatures-hyphenation": ("003", Layout(
        columns=2, ligatures=True, hyphenate=True, superscript_note_numbers=False)),
    "001-one-column-ligatures-hyphenation": ("001", Layout(columns=1, ligatures=True,
                                                           hyphenate=True)),
    "001-two-columns": ("001", Layout(columns=2, first_page_number=33,
                                      superscript_note_numbers=False)),
    # two pages: the alternating running heads never repeat
    "004-one-column": ("004", Layout(columns=1)),
    # working papers: 1.5 and double line spacing, paragraphs told by indent or extra space
    "001-one-and-a-half-spacing": ("001", Layout(columns=1, leading=15)),
    "004-double-spacing-two-columns": ("004", Layout(columns=2, leading=20)),
}


@cache
def _sources() -> dict:
    return {s.doc_id: s for s in load_manifest(MANIFEST)}


@cache
def case(name: str) -> tuple:
    """(seed Document, Rendered PDF, PDF Document, PDF rows) for one layout."""
    doc_id, layout = CASES[name]
    source = _sources()[doc_id]
    seed, _ = parse_one(source)
    other = [part.text for part in seed.set_aside if part.reason == "other_language"]
    layout = dataclasses.replace(layout, extra_paragraphs=other)
    rendered = render_pdf(seed, source, layout)
    pdf_source = dataclasses.replace(source, format="pdf", file=f"{name}.pdf")
    doc, rows = parse_one(pdf_source, rendered.data)
    return seed, rendered, doc, rows


def _body(doc) -> str:
    return " ".join(p.text for p in doc.paragraphs if p.role != "heading")


@pytest.mark.parametrize("name", CASES)
def test_body_matches_the_seed_and_no_furniture_is_left(name) -> None:
    seed, rendered, doc, rows = case(name)
    coverage, precision = overlap(_body(seed), _body(doc))
    assert coverage >= 0.97 and precision >= 0.97, (coverage, precision)
    sentences = [row["text"] for row in rows["sentences"]]
    assert furniture_sentences(sentences, _body(seed), rendered) == []
    assert [p.text for p in doc.paragraphs if p.role == "heading"] == \
        [p.text for p in seed.paragraphs if p.role == "heading"]
    assert [m.number for p in doc.paragraphs for m in p.markers] == \
        [m.number for p in seed.paragraphs for m in p.markers]


@pytest.mark.parametrize("name", CASES)
def test_every_footnote_comes_back_as_its_note(name) -> None:
    _, rendered, doc, _ = case(name)
    recovered = {n.number: " ".join(n.text.split()) for n in doc.notes}
    assert recovered == {k: " ".join(v.split()) for k, v in rendered.notes.items()}
    assert all(n.kind == "footnote" for n in doc.notes)


@pytest.mark.parametrize("name", CASES)
def test_running_heads_page_numbers_title_and_byline_are_set_aside(name) -> None:
    _, rendered, doc, _ = case(name)
    by_reason: dict[str, list[str]] = {}
    for part in doc.set_aside:
        by_reason.setdefault(part.reason, []).append(part.text)
    assert by_reason["page_number"] == rendered.page_numbers
    assert by_reason["running_head"] == rendered.running_heads
    assert len(rendered.page_numbers) == rendered.pages >= 2
    assert len(rendered.running_heads) == rendered.pages - 1
    how = "top line in small type" if rendered.pages < 4 else "pages, page"
    assert all(how in p.detail for p in doc.set_aside if p.reason == "running_head")
    source = _sources()[CASES[name][0]]
    assert [normalised_key(t) for t in by_reason["title"]] == [normalised_key(source.title)]
    assert by_reason["byline"] == [", ".join(source.authors)]


def test_journal_header_above_the_title_is_set_aside() -> None:
    _, _, doc, _ = case("003-one-column")
    header = [p for p in doc.set_aside if p.reason == "boilerplate"]
    assert [p.text for p in header] == ["Sprawy Międzynarodowe 2022, vol. 75, no. 2"]
    assert "Sprawy" not in _body(doc)


def test_polish_title_and_abstract_are_set_aside_as_another_language() -> None:
    seed, _, doc, _ = case("003-one-column")
    other = [p.text for p in doc.set_aside if p.reason == "other_language"]
    assert [t.split()[0] for t in other] == ["Rosja", "Kryzys"]
    assert other == [p.text for p in seed.set_aside if p.reason == "other_language"]


@pytest.mark.parametrize("name", ["003-two-columns-ligatures-hyphenation",
                                  "001-one-column-ligatures-hyphenation"])
def test_ligatures_and_hyphenation_are_repaired_and_logged(name) -> None:
    seed, rendered, doc, _ = case(name)
    kinds = {r.kind for r in doc.repairs}
    assert {"ligature", "dehyphenate"} <= kinds
    printed = "".join(page.get_text() for page in pymupdf.open(stream=rendered.data))
    assert "\ufb01" in printed and "\ufb02" in printed  # the PDF's text has ligatures
    assert not any(ch in _body(doc) for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04")
    ligature = next(r for r in doc.repairs if r.kind == "ligature")
    assert ligature.before in "\ufb00\ufb01\ufb02\ufb03\ufb04" and len(ligature.after) >= 2
    # every word of the seed that has an f-ligature is printed with one, and comes back
    words = {w for w in _body(seed).split() if "fi" in w or "fl" in w}
    assert words and words <= set(_body(doc).split())


def test_the_two_column_parse_reads_each_column_top_to_bottom() -> None:
    seed, _, doc, _ = case("001-two-columns")
    assert _body(doc) == _body(seed)


@pytest.fixture(scope="module")
def chromium_case(tmp_path_factory) -> tuple:
    """003 in two CSS columns printed by headless Chromium (another engine entirely)."""
    source = _sources()["003"]
    seed, _ = parse_one(source)
    rendered = print_with_chromium(seed, source, 2, tmp_path_factory.mktemp("chromium"))
    doc, rows = parse_one(dataclasses.replace(source, format="pdf", file="003.pdf"),
                          rendered.data)
    return seed, rendered, doc, rows


def test_a_chromium_print_with_its_header_footer_and_endnotes(chromium_case) -> None:
    seed, rendered, doc, rows = chromium_case
    coverage, precision = overlap(_body(seed), _body(doc))
    assert coverage >= 0.97 and precision >= 0.97, (coverage, precision)
    sentences = [row["text"] for row in rows["sentences"]]
    assert furniture_sentences(sentences, _body(seed), rendered) == []
    pages = rendered.pages
    assert [p.text for p in doc.set_aside if p.reason == "page_number"] == rendered.page_numbers
    heads = [p.text for p in doc.set_aside if p.reason == "running_head"]
    assert len(heads) == 3 * pages  # date and time, title, the page's address
    assert heads.count(rendered.running_heads[1]) == pages
    assert {n.number: n.text for n in doc.notes} == rendered.notes
    assert [p.text for p in doc.set_aside if p.reason == "byline"] == \
        ["Michał Słowikowski, Michał Klonowski"]


def _pdf_bytes(maker) -> bytes:
    pdf = pymupdf.open()
    maker(pdf)
    return pdf.tobytes()


def _image_only(pdf) -> None:
    page = pdf.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 300, 300), pixmap=pixmap)


@pytest.mark.parametrize("data, message", [
    (lambda: _encrypted(), r"bad\.pdf \(doc_id 003\): encrypted PDF \(needs a password\)"),
    (lambda: _pdf_bytes(_image_only), r"bad\.pdf \(doc_id 003\): PDF has no text layer"),
    (lambda: b"%PDF-1.7\nnot really a PDF", r"bad\.pdf \(doc_id 003\): not a readable PDF"),
    (lambda: b"The Kremlin said nothing.\n", r"bad\.pdf \(doc_id 003\): not a PDF \(no %PDF-"),
])
def test_unreadable_pdfs_give_one_line_naming_the_file(tmp_path, data, message) -> None:
    source = dataclasses.replace(_sources()["003"], format="pdf", path=tmp_path / "bad.pdf")
    with pytest.raises(AnalysisError, match=message) as info:
        parse_one(source, data())
    assert "\n" not in str(info.value)
    with pytest.raises(AnalysisError, match=message):  # the check before any source is parsed
        check_source(data(), source)


def _encrypted() -> bytes:
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "Russia and Belarus signed the treaty.")
    return pdf.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


def _manifest(folder: Path, name: str, data: bytes) -> Path:
    """A manifest with one PDF source (001's row, format pdf)."""
    raw = folder / "raw"
    raw.mkdir()
    (raw / name).write_bytes(data)
    row = dict(_row("001"))
    row.update(file=name, format="pdf", sha256=hashlib.sha256(data).hexdigest())
    path = raw / "manifest.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    return path


def _row(doc_id: str) -> dict[str, str]:
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["doc_id"] == doc_id)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_a_pdf_in_the_manifest_is_read_as_bytes_and_parsed_by_the_cli(tmp_path) -> None:
    _, rendered, _, rows = case("001-two-columns")
    manifest = _manifest(tmp_path, "avdeeva.pdf", rendered.data)
    (source,) = load_manifest(manifest)
    assert read_source_text(source) == rendered.data
    done = _run("parse", "--manifest", str(manifest), "--out", str(tmp_path / "out"),
                "--quiet", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sentences = pd.read_parquet(tmp_path / "out" / "sentences.parquet")
    assert sentences["text"].tolist() == [row["text"] for row in rows["sentences"]]
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["format"].tolist() == ["pdf"]


def test_an_encrypted_pdf_stops_the_cli_with_one_line_and_writes_nothing(tmp_path) -> None:
    manifest = _manifest(tmp_path, "locked.pdf", _encrypted())
    done = _run("parse", "--manifest", str(manifest), "--out", str(tmp_path / "out"),
                cwd=tmp_path)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked.pdf" in lines[0] and "encrypted PDF" in lines[0]
    assert not list(tmp_path.rglob("*.parquet"))


def test_the_same_pdf_gives_the_same_rows() -> None:
    _, rendered, _, rows = case("001-one-column-ligatures-hyphenation")
    name = "001-one-column-ligatures-hyphenation.pdf"
    source = dataclasses.replace(_sources()["001"], format="pdf", file=name)
    assert parse_one(source, rendered.data)[1] == rows


def _grid(columns: list[int], full_width: list[int]) -> tuple[PdfPage, list[PdfLine]]:
    """A page of lines in reading order: full-width lines, then a band of two columns.

    Two bands in a row always have a full-width line between them (without one they are
    a single band, read column by column).
    """
    lines: list[PdfLine] = []
    y = 60.0
    for index, (left_count, full) in enumerate(zip(columns, full_width, strict=True)):
        full = max(full, 1) if index else full
        for _ in range(full):
            lines.append(PdfLine(0, 60, y, 535, y + 10, 10, False, f"full {len(lines)}", y + 8))
            y += 13
        top = y
        for column, x0 in ((0, 60), (1, 306)):
            y = top
            for _ in range(left_count if column == 0 else max(1, left_count - 1)):
                lines.append(PdfLine(0, x0, y, x0 + 229, y + 10, 10, False,
                                     f"col{column} {len(lines)}", y + 8))
                y += 13
        y = top + 13 * left_count + 6
    return PdfPage(0, 595, 842, lines), lines


@settings(max_examples=60, deadline=None)
@given(bands=st.lists(st.tuples(st.integers(1, 8), st.integers(0, 2)), min_size=1, max_size=4),
       seed=st.integers(0, 10_000))
def test_reading_order_reads_columns_band_by_band(bands, seed) -> None:
    page, expected = _grid([b[0] for b in bands], [b[1] for b in bands])
    shuffled = expected[:]
    random.Random(seed).shuffle(shuffled)
    assert [ln.text for ln in reading_order(page, shuffled)] == [ln.text for ln in expected]


@pytest.mark.parametrize("name", CASES)
def test_every_extracted_line_ends_up_in_exactly_one_place(name) -> None:
    _, rendered, _, _ = case(name)
    source = dataclasses.replace(_sources()[CASES[name][0]], format="pdf")
    parser = PdfParser(rendered.data, source)
    doc = parser.parse()
    assert sorted(doc.consumed_lines()) == list(range(len(parser.ordered)))


def test_contents_lines_and_roman_page_numbers_are_furniture() -> None:
    def line(y: float, text: str, x0: float = 60, size: float = 10) -> PdfLine:
        return PdfLine(0, x0, y, 535, y + size, size, False, text, y + 0.8 * size)

    toc = [line(100 + 14 * k, t) for k, t in enumerate([
        "1 Introduction . . . . . . . . . . . . . . . . . . . . . 1",
        "2.1 Russia as a revisionist power. . . . . . . . . . . . 12",
        "Appendix A Sources . . . . . . . . . . . . . . . . . . . . xii"])]
    body = [line(300, "The Kremlin’s perception of the West is shaped by . . . its fears."),
            line(800, "iv", x0=290)]
    page = PdfPage(0, 595, 842, toc + body)
    furniture = page_furniture([page], 10)
    assert [furniture[id(ln)][0] for ln in toc] == ["boilerplate"] * 3
    assert id(body[0]) not in furniture  # an ellipsis inside a sentence is no dot leader
    assert furniture[id(body[1])] == ("page_number", "number at the page edge, page 1")


PIECES = st.sampled_from([
    "1 ", "12 ", "Ibidem.", "p. 3", "The", "Kremlin", "said", ".", ",", "-", "anti-", "147",
    "Sprawy Międzynarodowe", "<https://example.org/a-", "b>", "aff airs", "Summary", "ii",
    "4 iii 2022", "Belarus", "Lukashenka", "•", ". . . . . . 3", "“", "”", "(3)", "[1]",
])
LINE_TEXT = st.lists(PIECES, min_size=1, max_size=10).map(" ".join)
LINES = st.lists(st.tuples(LINE_TEXT, st.integers(0, 2), st.integers(20, 800),
                           st.integers(20, 400), st.sampled_from([7, 8, 10, 10, 10, 12, 16])),
                 min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(lines=LINES)
def test_any_pdf_text_is_parsed_and_every_line_accounted_for(lines) -> None:
    pdf = pymupdf.open()
    for _ in range(3):
        pdf.new_page()
    for text, page, y, x, size in lines:
        pdf[page].insert_text((x, y), text, fontsize=size)
    source = dataclasses.replace(_sources()["003"], format="pdf")
    if not any(ch.isalnum() for text, *_ in lines for ch in text):
        with pytest.raises(AnalysisError, match="PDF has no text layer"):
            PdfParser(pdf.tobytes(), source)
        return
    parser = PdfParser(pdf.tobytes(), source)
    doc = parser.parse()
    assert sorted(doc.consumed_lines()) == list(range(len(parser.ordered)))
    assert all(p.text.strip() for p in doc.paragraphs)


@pytest.mark.parametrize("name", ["001-one-and-a-half-spacing", "004-double-spacing-two-columns"])
def test_wide_line_spacing_keeps_paragraphs_whole(name) -> None:
    """With 1.5 or double spacing every line is followed by a wide gap; paragraphs are
    still told by gaps wider than the usual one (a column top without indent may join two)."""
    seed, _, doc, _ = case(name)
    seed_texts = [p.text for p in seed.paragraphs]
    texts = [p.text for p in doc.paragraphs]
    assert len(seed_texts) - 1 <= len(texts) <= len(seed_texts)
    assert sum(t in seed_texts for t in texts) >= len(texts) - 2
    assert all(t.rstrip().endswith((".", "?", "!", "”", ":")) for t, p in
               zip(texts, doc.paragraphs, strict=True) if p.role != "heading")
