"""Inputs for `analysis add` made from the seed texts: web pages, Markdown clippings, PDFs."""

from __future__ import annotations

import html
import json
import shutil
import textwrap
from pathlib import Path

from conftest import MANIFEST

RAW = MANIFEST.parent
SEEDS = {"000": "000_f2c067bb1d824df6.txt", "002": "002_2fe4fa0ea0d85db1.txt",
         "003": "003_8213a69b6c562273.txt", "004": "004_e2f35a6c22e8e673.txt"}


def seed_blocks(doc_id: str) -> list[str]:
    """A seed's blocks (title first for 002 and 004), lines joined."""
    text = (RAW / SEEDS[doc_id]).read_text(encoding="utf-8")
    return [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]


def polish_abstract() -> str:
    """The Polish abstract printed in seed 003 (a real paragraph in another language)."""
    text = (RAW / SEEDS["003"]).read_text(encoding="utf-8")
    start = text.index("Kryzys polityczny")
    return " ".join(text[start:text.index("\n\n", start)].split())


def project(tmp_path: Path) -> Path:
    """A copy of data/raw (manifest and seeds); returns the manifest's path."""
    shutil.copytree(RAW, tmp_path / "raw")
    return tmp_path / "raw" / "manifest.csv"


def html_page(doc_id: str = "004", *, head: str = "", byline: str = "",
              json_ld: dict | None = None, paragraphs: list[str] | None = None) -> bytes:
    """A saved article page around a seed: navigation, cookie banner, share buttons, the
    article with its byline, author bio, related links, footer."""
    blocks = seed_blocks(doc_id)
    title, body = blocks[0], paragraphs if paragraphs is not None else blocks[1:]
    script = (f'<script type="application/ld+json">{json.dumps(json_ld)}</script>'
              if json_ld else "")
    article = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Site</title>
{head}{script}</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/programs">Programs</a></li>
<li><a href="/about">About us</a></li><li><a href="/donate">Donate</a></li></ul></nav>
<main><article>
<h1>{html.escape(title)}</h1>
{f'<div class="byline">{byline}</div>' if byline else ''}
<div class="share">Share: <a href="#">Twitter</a> <a href="#">Facebook</a></div>
{article}
</article>
<aside class="bio">The author is a senior fellow.</aside>
<section class="related"><h2>Related</h2><ul><li><a href="/a">Another piece</a></li></ul></section>
</main>
<footer>© All rights reserved. <a href="/privacy">Privacy policy</a></footer>
</body></html>
""".encode()


def markdown_clip(doc_id: str, front: str) -> bytes:
    """A Markdown clipping of a seed under the given front matter, with an image and link."""
    blocks = seed_blocks(doc_id)
    body = "\n\n".join(blocks[1:])
    return (f"{front}# {blocks[0]}\n\n![Lukashenka and Putin](https://example.org/p.jpg)\n\n"
            f"*Photo: press service*\n\n{body}\n\n[Read more](https://example.org/more)\n"
            ).encode()


def pdf_bytes(doc_id: str = "004", *, metadata: dict | None = None,
              first_lines: tuple[str, ...] = (), title_size: float = 20) -> bytes:
    """A PDF of a seed written by PyMuPDF: the title large, then any first-page lines, then
    the paragraphs wrapped at 95 characters over as many pages as they need."""
    import pymupdf

    blocks = seed_blocks(doc_id)
    doc = pymupdf.open()
    page = doc.new_page()
    y = 80.0
    for line in textwrap.wrap(blocks[0], 45):  # the title, in the largest font
        page.insert_text((56, y), line, fontsize=title_size)
        y += title_size * 1.3
    y += 10
    for line in first_lines:
        page.insert_text((56, y), line, fontsize=10)
        y += 16
    for para in blocks[1:]:
        for line in textwrap.wrap(para, 95):
            if y > 790:
                page = doc.new_page()
                y = 60
            page.insert_text((56, y), line, fontsize=9.5)
            y += 13
        y += 6
    if metadata:
        doc.set_metadata(metadata)
    return doc.tobytes()


def image_only_pdf() -> bytes:
    """A 'scanned' PDF: the first page of a text PDF, rendered to pixels and put back as an
    image, so it has no text layer."""
    import pymupdf

    text_pdf = pymupdf.open(stream=pdf_bytes(), filetype="pdf")
    pixmap = text_pdf[0].get_pixmap(dpi=72)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pixmap)
    return doc.tobytes()


def encrypted_pdf() -> bytes:
    """A seed PDF that needs a password to open."""
    import pymupdf

    doc = pymupdf.open(stream=pdf_bytes(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
