"""Render a seed's parsed body into the inputs users bring: HTML pages, Markdown, clippings.

Each renderer takes the seed's body (headings, paragraphs with note markers, numbered
notes) and a choice of site furniture, and returns the rendered text together with every
furniture string it put in, so a test can check that none of them reaches a sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from analysis.ingest.corpus import Source
from analysis.ingest.document import Document

# Wordings each piece of furniture can take (the Hypothesis strategies pick among them).
WORDING: dict[str, list[list[str]]] = {
    "nav": [["Home", "News", "Analysis", "Opinion", "About us"],
            ["Regions", "Eastern Europe", "Topics", "Podcasts", "Contact"]],
    "cookie": [["We use cookies to improve your experience on our site.", "Accept all"],
               ["This website uses cookies. By continuing to browse you agree to our cookie "
                "policy.", "Reject all"]],
    "share": [["Share on Facebook", "Share on Twitter", "Copy link"],
              ["Share this article", "Email", "Print"]],
    "newsletter": [["Subscribe to our newsletter for weekly analysis from the region.",
                    "Sign up"],
                   ["Get our free newsletter with the best of our research every Friday.",
                    "Subscribe"]],
    "related": [["Related articles", "Sanctions and the Baltic ports: a year on",
                 "What the new gas contract means for Minsk"],
                ["Read more", "Inside the Union State's budget talks",
                 "The border crisis in five maps"]],
    "footer": [["© 2023 Example Institute. All rights reserved.", "Privacy policy",
                "Terms of use"],
               ["Copyright 2022 The Example Review. All rights reserved.", "Contact us",
                "Cookie settings"]],
    "donate": [["Support our independent journalism with a small donation today."],
               ["Donate now to keep our analysis free for everyone."]],
    "caption": [["Photo: Sergei Example/Reuters"], ["Image credit: Example Agency via Getty "
                                                     "Images"]],
    "image": [["A meeting in the Kremlin"], ["Flags of both countries at a border post"]],
    "metadata": [["Tags: Belarus, Russia, Union State", "Reading time: 7 min"],
                 ["Category: Analysis", "Topics: Eastern Europe; Security"]],
}
TOP = ("nav", "cookie", "share", "metadata")
MIDDLE = ("image", "caption", "newsletter", "donate")
BOTTOM = ("share", "related", "newsletter", "donate", "footer", "metadata")


@dataclass
class SeedBody:
    """What a renderer needs of a parsed seed."""

    title: str
    authors: list[str]
    published: str
    items: list[tuple[str, str, list[tuple[int, int]]]]  # role, text, (offset, number)
    notes: list[tuple[int, str]]


@dataclass
class Furniture:
    """Which furniture goes where, and in which wording (index into ``WORDING``)."""

    top: list[tuple[str, int]] = field(default_factory=list)
    middle: list[tuple[str, int]] = field(default_factory=list)
    bottom: list[tuple[str, int]] = field(default_factory=list)
    bio: bool = True
    byline: bool = True

    def strings(self, seed: SeedBody) -> list[str]:
        """Every furniture text this choice puts on the page."""
        out = [s for name, k in self.top + self.middle + self.bottom for s in WORDING[name][k]]
        if self.bio:
            out.append(bio_text(seed))
        if self.byline:
            out.append(byline_text(seed))
        return out


def seed_body(doc: Document, source: Source) -> SeedBody:
    """The seed's headings and paragraphs (with marker offsets) and its numbered notes."""
    items = [(p.role, p.text, [(m.offset, m.number) for m in p.markers]) for p in doc.paragraphs]
    notes = [(n.number, n.text) for n in doc.notes if n.number is not None]
    authors = [a for a in source.authors if a != "unsigned"] or ["Anna Novak"]
    return SeedBody(source.title, authors, source.published, items, notes)


def bio_text(seed: SeedBody) -> str:
    return f"{seed.authors[0]} is a senior fellow at the Example Institute and writes about Eastern Europe."


def byline_text(seed: SeedBody) -> str:
    return f"By {' and '.join(seed.authors)} | {seed.published}"


def _with_markers(text: str, markers: list[tuple[int, int]], render) -> str:
    for offset, number in sorted(markers, reverse=True):
        text = text[:offset] + render(number) + text[offset:]
    return text


def _middle_slots(seed: SeedBody, furniture: Furniture) -> dict[int, list[tuple[str, int]]]:
    """Furniture between paragraphs: spread over the body, never before the first one."""
    body = [i for i, (role, _, _) in enumerate(seed.items) if role != "heading"]
    slots: dict[int, list[tuple[str, int]]] = {}
    for k, piece in enumerate(furniture.middle):
        at = body[min(len(body) - 1, (k + 1) * len(body) // (len(furniture.middle) + 1))]
        slots.setdefault(at, []).append(piece)
    return slots


def render_html(seed: SeedBody, furniture: Furniture) -> str:
    """A whole web page: the article among navigation, banners, share buttons and footer."""
    def piece(name: str, k: int) -> str:
        w = [escape(s) for s in WORDING[name][k]]
        links = "".join(f'<li><a href="/{i}">{s}</a></li>' for i, s in enumerate(w))
        first = w[0]
        second = w[1] if len(w) > 1 else ""
        items = "".join(f'<li><a href="/r{i}">{s}</a></li>' for i, s in enumerate(w[1:]))
        tags = "".join(f"<span>{s}</span> " for s in w)
        html = {
            "nav": f"<nav><ul>{links}</ul></nav>",
            "cookie": f'<div class="cookie-banner"><p>{first}</p><button>{second}</button></div>',
            "share": f'<div class="share-buttons"><ul>{links}</ul></div>',
            "newsletter": f'<aside class="newsletter"><p>{first}</p><button>{second}</button>'
                          "</aside>",
            "related": f'<section class="related"><h3>{first}</h3><ul>{items}</ul></section>',
            "footer": f"<footer><p>{first}</p><ul>{items}</ul></footer>",
            "donate": f'<div class="donate"><p>{first}</p></div>',
            "caption": f"<figure><figcaption>{first}</figcaption></figure>",
            "image": f'<figure><img src="/img/1.jpg" alt="{first}"><figcaption>{first}'
                     "</figcaption></figure>",
            "metadata": f'<div class="tags">{tags}</div>',
        }
        return html[name]

    slots = _middle_slots(seed, furniture)
    body: list[str] = []
    for i, (role, text, markers) in enumerate(seed.items):
        marked = _with_markers(escape(text), markers, lambda n: f"<sup>{n}</sup>")
        body.append(f"<h2>{marked}</h2>" if role == "heading" else f"<p>{marked}</p>")
        body.extend(piece(*p) for p in slots.get(i, []))
    if seed.notes:
        body.append("<h2>References</h2><ol>"
                    + "".join(f"<li>{escape(t)}</li>" for _, t in seed.notes) + "</ol>")
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                          "headline": seed.title, "datePublished": seed.published,
                          "author": [{"@type": "Person", "name": a} for a in seed.authors]},
                         ensure_ascii=False)
    top = [piece(*p) for p in furniture.top if p[0] != "metadata"]
    meta = [piece(*p) for p in furniture.top if p[0] == "metadata"]
    byline = f'<p class="byline">{escape(byline_text(seed))}</p>' if furniture.byline else ""
    bio = f'<div class="author-bio"><p>{escape(bio_text(seed))}</p></div>' if furniture.bio else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(seed.title)} | Example Review</title>",
        f'<script type="application/ld+json">{json_ld}</script>',
        "<style>.cookie-banner{position:fixed}</style></head><body>",
        "<header>", *top, "</header>", "<main><article>",
        f"<h1>{escape(seed.title)}</h1>", byline, *meta, *body, "</article>", bio,
        *[piece(*p) for p in furniture.bottom if p[0] != "footer"], "</main>",
        *[piece(*p) for p in furniture.bottom if p[0] == "footer"],
        "<script>window.dataLayer = [];</script></body></html>", ""])


def render_markdown(seed: SeedBody, furniture: Furniture, *, toml: bool = False) -> str:
    """A Markdown clipping: front matter, image links with captions, footnotes."""
    def piece(name: str, k: int) -> list[str]:
        w = WORDING[name][k]
        if name == "image":
            return [f"![{w[0]}](https://example.org/img/{k}.jpg)", f"*{w[0]}*"]
        if name in ("nav", "share", "related", "footer"):
            return [" | ".join(f"[{s}](https://example.org/{i})" for i, s in enumerate(w))]
        return list(w)

    fence = "+++" if toml else "---"
    sep = " = " if toml else ": "
    front = [fence, f'title{sep}"{seed.title}"', f'author{sep}"{"; ".join(seed.authors)}"',
             f'date{sep}"{seed.published}"', fence]
    out = [*front, "", f"# {seed.title}", ""]
    if furniture.byline:
        out += [f"*{byline_text(seed)}*", ""]
    out += [line + "\n" for p in furniture.top for line in piece(*p)]
    slots = _middle_slots(seed, furniture)
    for i, (role, text, markers) in enumerate(seed.items):
        marked = _with_markers(text.replace("*", "\\*").replace("_", "\\_"), markers,
                               lambda n: f"[^{n}]")
        out += [f"## {marked}" if role == "heading" else marked, ""]
        for p in slots.get(i, []):
            out += [*piece(*p), ""]
    if furniture.bio:
        out += [f"**{bio_text(seed)}**", ""]
    out += [line + "\n" for p in furniture.bottom for line in piece(*p)]
    out += [f"[^{n}]: {t}" for n, t in seed.notes]
    return "\n".join(out) + "\n"


def render_clipping(seed: SeedBody, furniture: Furniture) -> str:
    """A plain-text clipping: metadata lines, image and link lines, credits, share lines."""
    def piece(name: str, k: int) -> list[str]:
        w = WORDING[name][k]
        if name == "image":
            return [f"![{w[0]}](https://example.org/img/{k}.jpg)"]
        if name in ("nav", "related"):
            return [f"[{s}](https://example.org/{i})" for i, s in enumerate(w)]
        return list(w)

    out = [f"Title: {seed.title}", f"Author: {'; '.join(seed.authors)}",
           f"Published: {seed.published}", "Source: https://example.org/articles/1", ""]
    out += [line for p in furniture.top for line in [*piece(*p), ""]]
    out += [seed.title, ""]
    if furniture.byline:
        out += [byline_text(seed), ""]
    slots = _middle_slots(seed, furniture)
    for i, (_, text, markers) in enumerate(seed.items):
        out += [_with_markers(text, markers, lambda n: f"[{n}]"), ""]
        for p in slots.get(i, []):
            out += [*piece(*p), ""]
    if seed.notes:
        out += ["References", ""] + [f"{n}. {t}" for n, t in seed.notes] + [""]
    if furniture.bio:
        out += [bio_text(seed), ""]
    out += [line for p in furniture.bottom for line in [*piece(*p), ""]]
    return "\n".join(out)
