"""Render the demonstration's source texts into the files a user brings to `analysis add`.

    .venv/bin/python examples/own_corpus/render.py            # (re)write inputs/
    .venv/bin/python examples/own_corpus/render.py --check    # exit 1 if inputs/ differ

Each file in texts/ is a synthetic article written for this demonstration (YAML front matter:
metadata and how to render it; body: paragraphs, `## ` headings, `[^n]` note markers and
`[^n]: ...` notes). It becomes one of the formats users bring, with what such files carry:
a saved web page (site furniture, JSON-LD), a Markdown clipping (front matter, an image with
its caption), a typeset PDF (running heads, page numbers, endnotes set smaller, document
information) and a plain-text clipping (title, byline, notes, nothing else). The output is
byte-identical on every run (reportlab in invariant mode with a pinned creation date).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEXTS, INPUTS = HERE / "texts", HERE / "inputs"
MARKER = re.compile(r"\[\^(\d+)\]")
NOTE = re.compile(r"^\[\^(\d+)\]:\s+(.*)$")


@dataclass(frozen=True)
class Article:
    """One source text: its metadata, its blocks (kind, text with [^n] markers), its notes."""

    meta: dict
    blocks: list[tuple[str, str]]
    notes: dict[int, str]

    @property
    def published(self) -> date:
        return date.fromisoformat(self.meta["published"])

    def plain(self, text: str, style: str = "[{}]") -> str:
        """The text with its markers written in a style ('' drops them)."""
        return MARKER.sub(lambda m: style.format(m.group(1)) if style else "", text)


def load_article(path: Path) -> Article:
    """Read a source text (front matter, then blocks separated by blank lines)."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    blocks: list[tuple[str, str]] = []
    notes: dict[int, str] = {}
    for block in (b.strip() for b in body.split("\n\n") if b.strip()):
        if NOTE.match(block.splitlines()[0]):
            for line in block.splitlines():
                m = NOTE.match(line)
                assert m, f"{path.name}: note line {line!r}"
                notes[int(m.group(1))] = m.group(2)
        elif block.startswith("## "):
            blocks.append(("heading", block[3:]))
        else:
            blocks.append(("body", " ".join(block.split())))
    assert notes and set(notes) == {int(n) for _, t in blocks for n in MARKER.findall(t)}, path
    return Article(yaml.safe_load(front), blocks, notes)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# ---------------------------------------------------------------- saved web page (HTML)
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{synthetic}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json_ld}</script>
</head>
<body>
<!-- {synthetic} -->
<div class="cookie-banner" role="dialog">We use cookies to improve your experience on our site.
<button>Accept all</button> <button>Cookie settings</button></div>
<header class="site-header"><a class="logo" href="/">{outlet}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/analysis">Analysis</a></li>
<li><a href="/regions">Regions</a></li><li><a href="/events">Events</a></li>
<li><a href="/about">About us</a></li><li><a href="/donate">Donate</a></li></ul></nav>
<form class="search"><input type="search" placeholder="Search"></form></header>
<main>
<nav class="breadcrumb"><a href="/">Home</a> / <a href="/analysis">Analysis</a> / Economy</nav>
<article>
<h1>{title}</h1>
<p class="byline">By <a href="/authors/{slug}">{author}</a> · {long_date} · 7 min read</p>
<div class="share">Share: <a href="#">Twitter</a> <a href="#">Facebook</a> <a href="#">LinkedIn</a>
<a href="#">Email</a></div>
{body}
<section class="notes"><h2>Notes</h2><ol>
{notes}
</ol></section>
<div class="tags">Tags: <a href="/t/belarus">Belarus</a> · <a href="/t/russia">Russia</a> ·
<a href="/t/energy">Energy</a></div>
<aside class="author-bio"><h3>About the author</h3><p>{bio}</p></aside>
</article>
<aside class="newsletter"><h2>Newsletter</h2><p>Sign up for our weekly newsletter on Eastern
Europe.</p><input type="email" placeholder="Your email"><button>Subscribe</button></aside>
<section class="related"><h2>Related</h2><ul>
<li><a href="/analysis/potash-routes">Where does Belarusian potash go now?</a></li>
<li><a href="/analysis/eurasian-union-at-five">The Eurasian union at five</a></li>
<li><a href="/analysis/refinery-margins">Refinery margins explained</a></li></ul></section>
</main>
<footer><p>© {year} {outlet}. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a> ·
<a href="/contact">Contact</a></p><p class="notice">{synthetic}</p></footer>
</body></html>
"""


def render_html(a: Article) -> bytes:
    """A saved article page: navigation, cookie banner, share buttons, byline, notes, tags,
    author bio, newsletter box, related links, footer; JSON-LD with datePublished."""
    m = a.meta
    json_ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": m["title"],
               "description": m["synthetic"], "datePublished": f"{m['published']}T09:00:00+01:00",
               "author": [{"@type": "Person", "name": n} for n in m["authors"]],
               "publisher": {"@type": "Organization", "name": m["outlet"]},
               "mainEntityOfPage": m["url"]}

    def para(kind: str, text: str) -> str:
        if kind == "heading":
            return f"<h2>{html.escape(text)}</h2>"
        parts = re.split(MARKER, text)
        out = "".join(html.escape(p) if k % 2 == 0 else f'<sup><a href="#fn{p}">{p}</a></sup>'
                      for k, p in enumerate(parts))
        return f"<p>{out}</p>"

    notes = "\n".join(f'<li id="fn{n}">{html.escape(t)}</li>' for n, t in a.notes.items())
    page = PAGE.format(
        title=html.escape(m["title"]), outlet=html.escape(m["outlet"]), url=m["url"],
        synthetic=html.escape(m["synthetic"]), json_ld=json.dumps(json_ld, ensure_ascii=False),
        author=html.escape(m["authors"][0]), slug=m["authors"][0].lower().replace(" ", "-"),
        long_date=_long_date(a.published), body="\n".join(para(k, t) for k, t in a.blocks),
        notes=notes, bio=html.escape(m["bio"]), year=a.published.year)
    return page.encode("utf-8")


# ---------------------------------------------------------------- Markdown clipping
def render_markdown(a: Article) -> bytes:
    """A clipping as a note-taking tool saves it: front matter (with the clipping date, which
    is not the publication date), the title, an image and its caption, footnotes."""
    m = a.meta
    front = {"title": m["title"], "author": m["authors"][0], "published": a.published,
             "source": m["url"], "site": m["outlet"],
             "created": date.fromisoformat(m["clipped"]),
             "tags": ["clippings", "belarus"], "description": m["synthetic"]}
    lines = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True,
                                   width=1000).strip(), "---", "", f"# {m['title']}", "",
             f"![{m['image_alt']}]({m['image']})", "", f"*{m['caption']}*", ""]
    for kind, text in a.blocks:
        lines += [f"## {text}" if kind == "heading" else text, ""]
    lines += [f"[^{n}]: {t}" for n, t in a.notes.items()]
    lines += ["", f"[More briefs from {m['outlet']}]({m['url'].rsplit('/', 1)[0]})", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------- plain-text clipping
def render_text(a: Article) -> bytes:
    """Text copied out of a browser: title, byline, paragraphs one per line, the notes as a
    numbered list; the clipping tool's last line. No date and no outlet."""
    m = a.meta
    blocks = [m["title"], f"By {' and '.join(m['authors'])}"]
    blocks += [a.plain(t) for _, t in a.blocks]
    blocks += ["Notes", "\n".join(f"{n}. {t}" for n, t in a.notes.items())]
    blocks += [f"Clipped: {m['synthetic']}"]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


# ---------------------------------------------------------------- typeset PDF
def render_pdf(a: Article) -> bytes:
    """A policy paper typeset with reportlab: series line, title, byline, headings, body with
    superscript markers, endnotes set smaller; running heads and page numbers from page 2;
    document information with title, authors, the synthetic notice as subject, and the
    publication day as creation date (set deliberately: reportlab's invariant mode would
    otherwise stamp 2000-01-01)."""
    import matplotlib
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in (("DemoSerif", "DejaVuSerif.ttf"), ("DemoSerif-Bold", "DejaVuSerif-Bold.ttf"),
                       ("DemoSerif-Italic", "DejaVuSerif-Italic.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    m = a.meta
    style = {"series": ParagraphStyle("s", fontName="DemoSerif-Italic", fontSize=8.5, leading=11,
                                      spaceAfter=18),
             "title": ParagraphStyle("t", fontName="DemoSerif-Bold", fontSize=17, leading=21,
                                     spaceAfter=8),
             "byline": ParagraphStyle("b", fontName="DemoSerif-Italic", fontSize=11, leading=14,
                                      spaceAfter=16),
             "heading": ParagraphStyle("h", fontName="DemoSerif-Bold", fontSize=11, leading=14,
                                       spaceBefore=10, spaceAfter=4, keepWithNext=1),
             "body": ParagraphStyle("p", fontName="DemoSerif", fontSize=11, leading=15,
                                    alignment=4, firstLineIndent=14),
             "note": ParagraphStyle("n", fontName="DemoSerif", fontSize=8, leading=10,
                                    spaceAfter=3)}

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    story = [Paragraph(esc(f"{m['outlet']} · {m['series']}"), style["series"]),
             Paragraph(esc(m["title"]), style["title"]),
             Paragraph(esc(" and ".join(m["authors"])), style["byline"])]
    for kind, text in a.blocks:
        marked = "".join(esc(p) if k % 2 == 0 else f"<super>{p}</super>"
                         for k, p in enumerate(re.split(MARKER, text)))
        story.append(Paragraph(marked, style[kind]))
    story += [Spacer(1, 8), Paragraph("Notes", style["heading"])]
    story += [Paragraph(f"<super>{n}</super> {esc(t)}", style["note"]) for n, t in a.notes.items()]
    authors = ", ".join(m["authors"])

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("DemoSerif", 9)
        canvas.drawCentredString(A4[0] / 2, 50, str(doc.page))
        if doc.page > 1:
            head = authors if doc.page % 2 == 0 else m["running_head"]
            canvas.setFont("DemoSerif-Italic", 8.5)
            x = 100 if doc.page % 2 == 0 else A4[0] - 100 - canvas.stringWidth(head)
            canvas.drawString(x, A4[1] - 60, head)
        canvas.restoreState()

    day = a.published

    class Paper(SimpleDocTemplate):
        def beforeDocument(self) -> None:
            self.canv.setDateFormatter(
                lambda *_: f"D:{day:%Y%m%d}090000+01'00'")

    out = io.BytesIO()
    Paper(out, pagesize=A4, leftMargin=100, rightMargin=100, topMargin=90, bottomMargin=90,
          title=m["title"], author=authors, subject=m["synthetic"],
          keywords="Belarus, Russia, force posture, synthetic demonstration text",
          creator="rb-analysis examples/own_corpus/render.py", invariant=1,
          ).build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


RENDERERS = {"html": render_html, "markdown": render_markdown, "text": render_text,
             "pdf": render_pdf}


def rendered() -> dict[str, bytes]:
    """File name → bytes, for every source text."""
    out = {}
    for path in sorted(TEXTS.glob("*.md")):
        article = load_article(path)
        out[article.meta["file"]] = RENDERERS[article.meta["render_as"]](article)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with inputs/ instead of writing; exit 1 on a difference")
    args = parser.parse_args(argv)
    files = rendered()
    if args.check:
        bad = [name for name, data in files.items()
               if not (INPUTS / name).is_file() or (INPUTS / name).read_bytes() != data]
        extra = sorted({p.name for p in INPUTS.iterdir()} - set(files)) if INPUTS.is_dir() else []
        for name in bad + extra:
            print(f"render: {name} differs from its source text", file=sys.stderr)
        return 1 if bad or extra else 0
    INPUTS.mkdir(exist_ok=True)
    for name, data in files.items():
        (INPUTS / name).write_bytes(data)
        print(f"render: wrote inputs/{name} ({len(data)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
