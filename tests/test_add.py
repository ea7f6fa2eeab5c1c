"""`analysis add`: rows read from real-looking inputs made of the seeds; every refusal is one
line naming the file, and then nothing is written."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from addkit import (
    encrypted_pdf,
    html_page,
    image_only_pdf,
    markdown_clip,
    pdf_bytes,
    polish_abstract,
    project,
    seed_blocks,
)
from conftest import MANIFEST

from analysis.cli import main
from analysis.ingest.corpus import REQUIRED_COLUMNS, load_manifest

DIALOG = "Dialog of dictators: How Putin and Lukashenka really talk to each other"
NEWS_LD = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": DIALOG,
           "datePublished": "2021-05-19T08:00:00-04:00",
           "author": [{"@type": "Person", "name": "Brian Whitmore"}],
           "publisher": {"@type": "Organization", "name": "Atlantic Council"}}


def add(manifest: Path, *args: str) -> int:
    return main(["add", "--manifest", str(manifest), *args])


def rows(manifest: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8"), newline="")))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def refused(manifest: Path, capsys, *args: str) -> str:
    """Run add expecting a refusal: exit 2, one line on stderr, data/raw untouched."""
    before = snapshot(manifest.parent)
    assert add(manifest, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("analysis add: error: "), err
    assert snapshot(manifest.parent) == before
    return err.removeprefix("analysis add: error: ").strip()


def test_html_page_with_json_ld(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    old = manifest.read_bytes()
    head = ('<meta property="og:site_name" content="Atlantic Council">\n'
            '<meta property="og:url" content="https://www.atlanticcouncil.org/blogs/dialog/">')
    page = html_page(head=head, byline="By Brian Whitmore", json_ld=NEWS_LD)
    source = write(tmp_path / "in", "dialog.html", page)
    assert add(manifest, str(source)) == 0
    assert "analysis add: 005 " in capsys.readouterr().err
    new = rows(manifest)[-1]
    assert new == {
        "doc_id": "005", "file": "dialog.html", "title": DIALOG, "authors": "Brian Whitmore",
        "outlet": "Atlantic Council", "published": "2021-05-19", "date_precision": "day",
        "date_basis": "stated: JSON-LD datePublished",
        "url": "https://www.atlanticcouncil.org/blogs/dialog/", "format": "html",
        "language": "en", "sha256": hashlib.sha256(page).hexdigest()}
    assert (manifest.parent / "dialog.html").read_bytes() == page
    assert manifest.read_bytes().startswith(old)  # old rows untouched, the new one appended
    assert [s.doc_id for s in load_manifest(manifest)][-1] == "005"
    assert not [p for p in manifest.parent.iterdir() if p.name.startswith(".")]  # no temp files


@pytest.mark.parametrize("head, byline, published, precision, basis", [
    ('<meta property="article:published_time" content="2021-05-19T10:30:00+00:00">', "",
     "2021-05-19", "day", "stated: meta article:published_time"),
    ('<meta name="DC.date.issued" content="2021-05">', "", "2021-05", "month",
     "stated: meta dc.date.issued"),
    ("", '<time datetime="2021-05-19">May 19</time>', "2021-05-19", "day",
     "stated: <time datetime> element"),
    ("", "By Brian Whitmore · May 19, 2021", "2021-05-19", "day",
     "stated: byline in the page 'By Brian Whitmore · May 19, 2021'"),
    ("", "Published 19 May 2021", "2021-05-19", "day",
     "stated: byline in the page 'Published 19 May 2021'"),
    ("", "May 19, 2021 at 08:45 AM | categories: <a href='/c/belarus'>Belarus</a>",
     "2021-05-19", "day",
     "stated: byline in the page 'May 19, 2021 at 08:45 AM | categories: Belarus'"),
])
def test_html_date_and_its_evidence(tmp_path, head, byline, published, precision,
                                    basis) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "page.html", html_page(head=head, byline=byline))
    assert add(manifest, str(source), "--outlet", "Atlantic Council",
               "--authors", "Brian Whitmore") == 0
    new = rows(manifest)[-1]
    assert (new["published"], new["date_precision"], new["date_basis"]) == \
        (published, precision, basis)


def test_html_scholarly_meta_tags(tmp_path) -> None:
    manifest = project(tmp_path)
    blocks = seed_blocks("003")
    head = "\n".join([
        '<meta name="citation_title" content="Russia – full spectrum revisionist?">',
        '<meta name="citation_author" content="Słowikowski, Michał">',
        '<meta name="citation_author" content="Klonowski, Michał">',
        '<meta name="citation_journal_title" content="Sprawy Międzynarodowe">',
        '<meta name="citation_publication_date" content="2022">'])
    source = write(tmp_path / "in", "article.html",
                   html_page(head=head, paragraphs=blocks[1:4]))
    assert add(manifest, str(source)) == 0
    new = rows(manifest)[-1]
    assert (new["title"], new["authors"], new["outlet"]) == \
        ("Russia – full spectrum revisionist?", "Michał Słowikowski; Michał Klonowski",
         "Sprawy Międzynarodowe")
    assert (new["published"], new["date_precision"], new["date_basis"]) == \
        ("2022", "year", "stated: meta citation_publication_date")


def test_html_outlet_falls_back_to_the_url_host(tmp_path) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "page.html", html_page(json_ld={
        **NEWS_LD, "publisher": None}))
    assert add(manifest, str(source), "--url", "https://www.atlanticcouncil.org/x/") == 0
    assert rows(manifest)[-1]["outlet"] == "atlanticcouncil.org"


def test_html_without_an_article_body(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "nav.html", html_page(paragraphs=[]))
    message = refused(manifest, capsys, str(source))
    assert message.startswith(f"{source}: no article body found in the HTML (trafilatura "
                              f"extracted ")


def test_page_in_another_language_is_refused_then_taken_with_language(tmp_path,
                                                                      capsys) -> None:
    manifest = project(tmp_path)
    page = html_page(json_ld=NEWS_LD, paragraphs=[polish_abstract()])
    source = write(tmp_path / "in", "pl.html", page)
    assert refused(manifest, capsys, str(source), "--outlet", "X") == (
        f"{source}: the text is in Polish (pl), not English, and the codebook is English; "
        f"add it anyway with --language pl")
    assert add(manifest, str(source), "--outlet", "X", "--language", "pl") == 0
    assert rows(manifest)[-1]["language"] == "pl"


CLIPPER = """---
title: "Dialog of dictators: How Putin and Lukashenka really talk to each other"
source: "https://www.atlanticcouncil.org/blogs/belarusalert/dialog-of-dictators/"
author:
  - "[[Brian Whitmore]]"
published: 2021-05-19
created: 2024-02-03
tags:
  - "clippings"
---
"""
HUGO = """+++
title = "One year after the protests began"
authors = ["Artyom Shraibman"]
date = "2021-08"
publisher = "Zentrum Liberale Moderne"
+++
"""


@pytest.mark.parametrize("doc_id, front, expected", [
    ("004", CLIPPER, (DIALOG, "Brian Whitmore", "atlanticcouncil.org", "2021-05-19", "day",
                      "stated: YAML front matter 'published'",
                      "https://www.atlanticcouncil.org/blogs/belarusalert/dialog-of-dictators/")),
    ("002", HUGO, ("One year after the protests began", "Artyom Shraibman",
                   "Zentrum Liberale Moderne", "2021-08", "month",
                   "stated: TOML front matter 'date'", "")),
])
def test_markdown_front_matter(tmp_path, doc_id, front, expected) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "clip.md", markdown_clip(doc_id, front))
    assert add(manifest, str(source)) == 0
    new = rows(manifest)[-1]
    assert tuple(new[c] for c in ("title", "authors", "outlet", "published", "date_precision",
                                  "date_basis", "url")) == expected
    assert new["format"] == "markdown"


def test_markdown_without_front_matter_reads_heading_and_byline(tmp_path) -> None:
    manifest = project(tmp_path)
    clip = markdown_clip("004", "").replace(b"*Photo: press service*",
                                            b"By Brian Whitmore, 19 May 2021")
    source = write(tmp_path / "in", "clip.txt", clip)  # a .txt that holds Markdown
    assert add(manifest, str(source), "--outlet", "Atlantic Council") == 0
    new = rows(manifest)[-1]
    assert (new["format"], new["title"], new["authors"], new["published"],
            new["date_basis"]) == ("markdown", DIALOG, "Brian Whitmore", "2021-05-19",
                                   "stated: byline 'By Brian Whitmore, 19 May 2021'")


def test_markdown_with_broken_front_matter(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "bad.md", markdown_clip("004", "---\ntitle: [unclosed\n---\n"))
    assert refused(manifest, capsys, str(source)).startswith(
        f"{source}: YAML front matter is not valid (")


def test_pdf_metadata_and_first_page(tmp_path) -> None:
    manifest = project(tmp_path)
    data = pdf_bytes(metadata={"title": DIALOG, "author": "Brian Whitmore",
                               "creationDate": "D:20210601090000+00'00'"},
                     first_lines=("Brian Whitmore", "May 2021"))
    source = write(tmp_path / "in", "dialog.pdf", data)
    assert add(manifest, str(source), "--url", "https://www.atlanticcouncil.org/d.pdf") == 0
    new = rows(manifest)[-1]
    assert (new["format"], new["title"], new["authors"], new["outlet"], new["published"],
            new["date_precision"], new["date_basis"]) == (
        "pdf", DIALOG, "Brian Whitmore", "atlanticcouncil.org", "2021-05", "month",
        "stated: first page 'May 2021'")
    assert (manifest.parent / "dialog.pdf").read_bytes() == data


def test_pdf_title_by_largest_font_and_date_from_metadata(tmp_path) -> None:
    manifest = project(tmp_path)
    data = pdf_bytes(metadata={"title": "Microsoft Word - draft3.docx", "author": "",
                               "creationDate": "D:20210519120000Z"})
    source = write(tmp_path / "in", "report.pdf", data)
    assert add(manifest, str(source), "--outlet", "Atlantic Council",
               "--authors", "Brian Whitmore") == 0
    new = rows(manifest)[-1]
    assert (new["title"], new["published"], new["date_precision"], new["date_basis"]) == \
        (DIALOG, "2021-05-19", "day", "stated: PDF metadata creationDate")


def test_pdf_authors_under_the_title_and_year_of_the_issue_line(tmp_path) -> None:
    manifest = project(tmp_path)
    data = pdf_bytes(metadata={"title": "(anonymous)", "author": "(anonymous)",
                               "creationDate": "D:20000101000000+00'00'"},
                     first_lines=("Brian Whitmore, Jane Roe",
                                  "Eastern Europe Review 2021, vol. 12, no. 3"))
    source = write(tmp_path / "in", "dialog.pdf", data)
    assert add(manifest, str(source), "--outlet", "Atlantic Council") == 0
    new = rows(manifest)[-1]
    assert (new["title"], new["authors"], new["published"], new["date_precision"],
            new["date_basis"]) == (
        DIALOG, "Brian Whitmore; Jane Roe", "2021", "year",
        "stated: first page 'Eastern Europe Review 2021, vol. 12, no. 3'")


@pytest.mark.parametrize("line, flags, column", [
    ("In a ritual that is becoming as frequent as it is increasingly empty, Alyaksandr",
     ("--published", "2021-05"), "authors"),  # a sentence under the title is not a byline
    ("Proceedings 2019-2021, vol. 3", ("--authors", "Brian Whitmore"),
     "published"),  # two years on the issue line: which one is not guessed
])
def test_pdf_first_page_lines_that_are_not_names_or_issue_years(tmp_path, capsys, line, flags,
                                                                column) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "report.pdf", pdf_bytes(first_lines=(line,)))
    message = refused(manifest, capsys, str(source), "--outlet", "Atlantic Council", *flags)
    assert message.startswith(f"{source}: no ") and f"(column {column})" in message


def test_pdf_without_a_date_asks_for_it(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "report.pdf", pdf_bytes(metadata={"author": "Brian Whitmore"}))
    assert refused(manifest, capsys, str(source), "--outlet", "Atlantic Council") == (
        f"{source}: no publication date found (column published); set it with "
        f"--published 2021-05")


@pytest.mark.parametrize("make, problem", [
    (encrypted_pdf, "encrypted PDF (it needs a password); save an unencrypted copy and add that"),
    (image_only_pdf, "the PDF has no text layer (scanned or image-only pages); run OCR on it "
                     "first (e.g. ocrmypdf) and add the result"),
    (lambda: b"%PDF-1.7\n" + b"damaged " * 200, "not a readable PDF (Failed to open stream)"),
])
def test_unreadable_pdfs(tmp_path, capsys, make, problem) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "x.pdf", make())
    assert refused(manifest, capsys, str(source)).startswith(f"{source}: {problem}")


def test_plain_text_header_block(tmp_path) -> None:
    manifest = project(tmp_path)
    body = "\n\n".join(seed_blocks("004")[1:])
    text = (f"Title: {DIALOG}\nAuthor: Brian Whitmore\nDate: May 19, 2021\n"
            f"Source: https://www.atlanticcouncil.org/blogs/belarusalert/\n\n{body}\n")
    source = write(tmp_path / "in", "dialog.txt", text.encode())
    assert add(manifest, str(source)) == 0
    new = rows(manifest)[-1]
    assert (new["format"], new["title"], new["authors"], new["outlet"], new["published"],
            new["date_basis"]) == ("web_article", DIALOG, "Brian Whitmore",
                                   "atlanticcouncil.org", "2021-05-19",
                                   "stated: 'Date:' line of the header")


def test_seed_text_needs_flags_and_takes_them(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    data = (MANIFEST.parent / "004_e2f35a6c22e8e673.txt").read_bytes() + b"\n"
    source = write(tmp_path / "in", "dialog.txt", data)
    assert refused(manifest, capsys, str(source)) == (
        f"{source}: no author found (column authors); set it with --authors 'First Last; "
        f"Other Name' (or --authors unsigned); no outlet found (column outlet); set it with "
        f"--outlet 'Name of the site or journal'; no publication date found (column "
        f"published); set it with --published 2021-05")
    assert add(manifest, str(source), "--authors", "Brian Whitmore", "--outlet",
               "Atlantic Council", "--published", "2021-05", "--doc-id", "dialog") == 0
    new = rows(manifest)[-1]
    assert (new["doc_id"], new["title"], new["published"], new["date_precision"],
            new["date_basis"], new["format"]) == ("dialog", DIALOG, "2021-05", "month",
                                                  "stated: given by user", "web_article")


def test_journal_text_is_sniffed(tmp_path) -> None:
    manifest = project(tmp_path)
    data = (MANIFEST.parent / "003_8213a69b6c562273.txt").read_bytes() + b"\n"
    source = write(tmp_path / "in", "journal.txt", data)
    assert add(manifest, str(source), "--authors", "unsigned", "--outlet", "SM",
               "--published", "2022") == 0
    new = rows(manifest)[-1]
    assert new["format"] == "journal_pdf_text"
    assert new["title"] == load_manifest(MANIFEST)[3].title


def test_dry_run_prints_the_row_and_writes_nothing(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    before = snapshot(manifest.parent)
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert add(manifest, str(source), "--dry-run", "--url", "https://example.org/d") == 0
    out, err = capsys.readouterr()
    printed = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == ",".join(REQUIRED_COLUMNS) and len(printed) == 1
    assert printed[0]["doc_id"] == "005" and printed[0]["url"] == "https://example.org/d"
    assert err == "analysis add: dry run, nothing written (1 source(s))\n"
    assert snapshot(manifest.parent) == before


def test_directory_adds_every_file_in_name_order(tmp_path) -> None:
    manifest = project(tmp_path)
    folder = tmp_path / "in"
    write(folder, "b.md", markdown_clip("004", CLIPPER))
    write(folder, "a.html", html_page(json_ld=NEWS_LD, head='<meta property="og:site_name" '
                                                            'content="Atlantic Council">'))
    write(folder, "c.pdf", pdf_bytes("000", metadata={"author": "Unsigned Author"},
                                     first_lines=("22 April 2021",)))
    write(folder, ".DS_Store", b"\x00\x01")
    assert add(manifest, str(folder), "--outlet", "Some Outlet") == 0
    added = rows(manifest)[5:]
    assert [(r["doc_id"], r["file"], r["format"]) for r in added] == [
        ("005", "a.html", "html"), ("006", "b.md", "markdown"), ("007", "c.pdf", "pdf")]
    assert {r["outlet"] for r in added} == {"Some Outlet"}  # the flag wins over the page
    assert not (manifest.parent / ".DS_Store").exists()


def test_directory_is_all_or_nothing(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    folder = tmp_path / "in"
    write(folder, "a.html", html_page(json_ld=NEWS_LD))
    write(folder, "b.pdf", image_only_pdf())
    assert refused(manifest, capsys, str(folder), "--outlet", "X").startswith(
        f"{folder / 'b.pdf'}: the PDF has no text layer")


@pytest.mark.parametrize("flag", ["--title", "--doc-id", "--url", "--published"])
def test_one_source_flags_refuse_a_directory(tmp_path, capsys, flag) -> None:
    manifest = project(tmp_path)
    folder = tmp_path / "in"
    write(folder, "a.html", html_page(json_ld=NEWS_LD))
    write(folder, "b.md", markdown_clip("004", CLIPPER))
    value = "https://x.org" if flag == "--url" else "2021"
    assert refused(manifest, capsys, str(folder), flag, value) == (
        f"{flag} names one source, but {folder} holds 2 files; add them one by one")


def test_duplicates_are_refused(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    seed = MANIFEST.parent / "002_2fe4fa0ea0d85db1.txt"
    assert refused(manifest, capsys, str(seed)) == \
        f"{seed}: already in the manifest as doc_id 002 (same sha256)"
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert add(manifest, str(source), "--outlet", "X") == 0
    capsys.readouterr()
    assert refused(manifest, capsys, str(source), "--outlet", "X") == \
        f"{source}: already in the manifest as doc_id 005 (same sha256)"
    other = write(tmp_path / "other", "dialog.html", html_page(json_ld={**NEWS_LD,
                                                                        "headline": "Other"}))
    assert refused(manifest, capsys, str(other), "--outlet", "X") == (
        f"{other}: {manifest.parent / 'dialog.html'} is already in the manifest as doc_id 005 "
        f"with other content; rename the file to add it")


def test_a_different_file_of_the_same_name_is_not_overwritten(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    (manifest.parent / "dialog.html").write_bytes(b"<html>an older download</html>")
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert refused(manifest, capsys, str(source), "--outlet", "X") == (
        f"{source}: {manifest.parent / 'dialog.html'} exists with other content; rename the "
        f"file to add it")


def test_a_file_copied_by_hand_is_adopted(tmp_path) -> None:
    manifest = project(tmp_path)
    page = html_page(json_ld=NEWS_LD)
    placed = write(manifest.parent, "dialog.html", page)
    assert add(manifest, str(placed), "--outlet", "X") == 0
    assert rows(manifest)[-1]["file"] == "dialog.html" and placed.read_bytes() == page


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"  \n", "file is empty"),
    ("blob.bin", b"\x00\x01\x02binary" * 50, "unknown format (binary, not PDF, HTML, Markdown "
                                             "or text); convert it to one of these or name it "
                                             "with --format"),
    ("latin1.txt", "Minsk – Moscow, café".encode("cp1252"), "unknown format (not UTF-8 text: "
                                                            "byte 0x96 at offset 6); re-save "
                                                            "it as UTF-8"),
    ("numbers.txt", b"1 2 3\n\n4 5 6\n", "could not tell the language of the text (column "
                                         "language); set it with --language en"),
])
def test_bad_files(tmp_path, capsys, name, data, problem) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", name, data)
    assert refused(manifest, capsys, str(source)) == f"{source}: {problem}"


@pytest.mark.parametrize("args, message", [
    (["--format", "docx"], "--format docx: unknown format (known: html, pdf, markdown, "
                           "web_article, journal_pdf_text)"),
    (["--published", "2021-02-30"], "--published 2021-02-30: not a date (write YYYY, YYYY-MM "
                                    "or YYYY-MM-DD)"),
    (["--language", "English"], "--language English: not an ISO 639-1 code (two lower-case "
                                "letters, e.g. en)"),
    (["--doc-id", "004"], "--doc-id 004: already in the manifest"),
    (["--doc-id", "a b"], "--doc-id a b: may hold only letters, digits and underscores"),
    (["--url", "atlanticcouncil.org"], "--url atlanticcouncil.org: must start with http:// or "
                                       "https://"),
])
def test_bad_flags(tmp_path, capsys, args, message) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert refused(manifest, capsys, str(source), "--outlet", "X", *args) == message


def test_missing_path(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    assert refused(manifest, capsys, str(tmp_path / "gone.pdf")) == \
        f"{tmp_path / 'gone.pdf'}: no such file or directory"


def test_a_new_corpus_starts_from_a_header_or_nothing(tmp_path) -> None:
    manifest = tmp_path / "raw" / "manifest.csv"
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert add(manifest, str(source), "--outlet", "X") == 0
    assert [s.doc_id for s in load_manifest(manifest)] == ["000"]


def test_command_line_exit_status_and_one_line(tmp_path) -> None:
    manifest = project(tmp_path)
    source = write(tmp_path / "in", "x.pdf", encrypted_pdf())
    done = subprocess.run([sys.executable, "-m", "analysis", "add", str(source),
                           "--manifest", str(manifest)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == (f"analysis add: error: {source}: encrypted PDF (it needs a "
                           f"password); save an unencrypted copy and add that\n")


@pytest.mark.parametrize("taken, expected", [
    (["000", "001", "002", "003", "004"], "005"),
    (["src_08", "src_09"], "src_10"),
    (["000", "001", "dialog"], "002"),
    (["a1", "b1", "b2", "b3"], "b4"),
    ([], "000"),
    (["alpha", "beta"], "000"),
])
def test_next_doc_id_keeps_the_manifest_style(taken, expected) -> None:
    from analysis.ingest.add import next_doc_id

    assert next_doc_id(taken) == expected


def test_added_text_source_parses_with_the_seeds(tmp_path, capsys) -> None:
    manifest = project(tmp_path)
    body = "\n\n".join(seed_blocks("004")[1:])
    text = f"Title: {DIALOG}\nBy: Brian Whitmore\nPublished: 2021-05-19\n\n{body}\n"
    source = write(tmp_path / "in", "dialog.txt", text.encode())
    assert add(manifest, str(source), "--outlet", "Atlantic Council") == 0
    out = tmp_path / "processed"
    assert main(["parse", "--manifest", str(manifest), "--out", str(out), "--quiet",
                 "--jobs", "1"]) == 0
    import pandas as pd

    sentences = pd.read_parquet(out / "sentences.parquet")
    added = sentences[sentences["doc_id"] == "005"]
    seed = sentences[sentences["doc_id"] == "004"]
    # every sentence of the seed, in order; the `key: value` header block is set aside by
    # the generic furniture rules, each line with its rule
    assert list(added["text"]) == list(seed["text"])
    set_aside = pd.read_parquet(out / "set_aside.parquet")
    header = set_aside[(set_aside["doc_id"] == "005") & set_aside["text"].str.startswith(
        ("Title:", "By:", "Published:"))]
    assert len(header) >= 1 and header["detail"].str.len().gt(0).all()


def test_parse_names_a_row_whose_format_has_no_parser(tmp_path, capsys, monkeypatch) -> None:
    from analysis.ingest import parsers

    manifest = project(tmp_path)
    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    assert add(manifest, str(source), "--outlet", "X") == 0
    capsys.readouterr()
    monkeypatch.delitem(parsers.PARSERS, "html", raising=False)  # as before the html parser
    out = tmp_path / "processed"
    assert main(["parse", "--manifest", str(manifest), "--out", str(out), "--quiet",
                 "--jobs", "1"]) == 2
    assert capsys.readouterr().err == (
        f"analysis parse: error: {manifest.parent / 'dialog.html'} (doc_id 005): no parser for "
        f"format 'html' in this version (parsers: "
        f"{', '.join([*parsers.PARSERS, *parsers.BINARY_PARSERS])})\n")
    assert not any(out.glob("*.parquet"))


def test_json_ld_graph_article_before_its_web_page(tmp_path) -> None:
    manifest = project(tmp_path)
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "BelarusAlert | Atlantic Council",
         "datePublished": "2019-01-01"},
        {"@type": ["Article", "NewsArticle"], "headline": "Dialog of dictators",
         "datePublished": "2021-05-19", "author": {"@type": "Person", "name": "Brian Whitmore"},
         "publisher": {"@type": "Organization", "name": "Atlantic Council"}}]}
    source = write(tmp_path / "in", "page.html", html_page(json_ld=graph))
    assert add(manifest, str(source)) == 0
    new = rows(manifest)[-1]
    assert (new["title"], new["authors"], new["outlet"], new["published"]) == \
        ("Dialog of dictators", "Brian Whitmore", "Atlantic Council", "2021-05-19")


def _planned(tmp_path, manifest):
    from analysis.ingest.add import Given, plan_add

    source = write(tmp_path / "in", "dialog.html", html_page(json_ld=NEWS_LD))
    return plan_add(source, manifest, Given(outlet="X"))


def test_a_row_the_manifest_check_refuses_writes_nothing(tmp_path) -> None:
    from analysis.core.errors import AnalysisError
    from analysis.ingest.add import Planned
    from analysis.ingest.add_write import write_add

    manifest = project(tmp_path)
    before = snapshot(manifest.parent)
    planned, existing = _planned(tmp_path, manifest)
    bad = [Planned(p.source, p.target, p.copy, {**p.row, "date_basis": "a guess"})
           for p in planned]
    with pytest.raises(AnalysisError) as info:
        write_add(bad, manifest, existing)
    assert str(info.value) == (f"{manifest}: row 6 (doc_id 005), column date_basis: must start "
                               f"with 'stated:' or 'estimated:' followed by the evidence")
    assert snapshot(manifest.parent) == before


def test_a_failed_manifest_write_takes_the_copied_files_back(tmp_path, monkeypatch) -> None:
    from analysis.core.errors import AnalysisError
    from analysis.ingest import add_write

    manifest = project(tmp_path)
    before = snapshot(manifest.parent)
    planned, existing = _planned(tmp_path, manifest)

    def full_disk(target, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(add_write, "write_text_atomic", full_disk)
    with pytest.raises(AnalysisError, match=r"raw: could not write \(No space left on device\); "
                                            r"nothing was added$"):
        add_write.write_add(planned, manifest, existing)
    assert snapshot(manifest.parent) == before
