"""Metadata of a saved web page: citation_*, Open Graph, Dublin Core and JSON-LD, ``<time>``,
then a dated byline and htmldate (markup only); title, authors and site from trafilatura.

The date is read from named fields first so that ``date_basis`` can say where it was found;
htmldate's opportunistic text search is not used, because it takes any year in the body for
the publication date.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import htmldate
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import decode_file, load_html

from analysis.core.errors import AnalysisError
from analysis.ingest.metadata import Metadata, StatedDate
from analysis.ingest.metadata.dates import find_dates, make_date, parse_date
from analysis.ingest.metadata.plaintext import WEB_ADDRESS, byline_date, split_authors

ARTICLE_TYPES = {"article", "newsarticle", "scholarlyarticle", "blogposting", "report",
                 "analysisnewsarticle", "opinionnewsarticle", "reportagenewsarticle",
                 "techarticle", "webpage", "posting", "socialmediaposting"}
# Meta tags that state the publication date, most specific first.
DATE_META = ("citation_publication_date", "citation_date", "citation_online_date",
             "article:published_time", "og:article:published_time", "dc.date.issued",
             "dcterms.issued", "dc.date", "dcterms.date", "dc.date.created",
             "date", "pubdate", "publishdate", "publish-date", "publish_date",
             "parsely-pub-date", "sailthru.date", "datepublished", "publisheddate",
             "og:published_time", "article:published")
BLOCKS = ("h1", "p", "div", "span", "time", "li", "small", "address", "h2", "h3")
MIN_BODY_WORDS = 50  # fewer words than this: trafilatura found no article body
for _name in ("trafilatura", "htmldate", "courlan"):  # their warnings are not our one line
    logging.getLogger(_name).addHandler(logging.NullHandler())


def decode(data: bytes) -> str:
    """The page as text, in the encoding it declares or trafilatura detects."""
    return decode_file(data)


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """Content of every ``<meta>`` by lower-cased name/property/itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or ""
        content = (el.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        yield from _walk(node.get("@graph", []))


def json_ld_articles(tree: HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD objects of an article type (unparseable blocks are skipped, as browsers do)."""
    found = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for obj in _walk(data):
            types = obj.get("@type", [])
            types = types if isinstance(types, list) else [types]
            if any(str(t).lower() in ARTICLE_TYPES for t in types):
                found.append(obj)
    # an article's own object before the generic WebPage that wraps it
    return sorted(found, key=lambda o: str(o.get("@type", "")).lower() == "webpage")


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def _flip(name: str) -> str:
    """``Słowikowski, Michał`` → ``Michał Słowikowski`` (citation_author's usual order)."""
    parts = [p.strip() for p in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name.strip()


# Separators a site puts between a headline and its own name, section or date.
SITE_SEPARATOR = re.compile(r"\s+(?:\||»|›|--|::)\s+")
DASH_SEPARATOR = re.compile(r"\s+[-–—]\s+")
TAIL_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def _keys(names: list[str]) -> set[str]:
    """Normalised keys of a site's names, with a host's name without www. and its ending."""
    keys = {re.sub(r"\W", "", n.casefold()) for n in names if n}
    keys |= {re.sub(r"\W", "", n.casefold().removeprefix("www.").rsplit(".", 1)[0])
             for n in names if n and "." in n and " " not in n.strip()}
    return {k for k in keys if k}


def _names_site(part: str, keys: set[str]) -> bool:
    key = re.sub(r"\W", "", part.casefold())
    return bool(key) and any(key == k or (len(key) >= 2 and k.startswith(key)) or
                             (len(k) >= 4 and k in key) for k in keys)


def clean_title(title: str, names: list[str]) -> str:
    """The headline without the site's name, section or date a page appends to its title.

    "Headline | Section | Site | 19.01.2020" → "Headline"; after a dash only the site's
    own name is cut ("Russia – full spectrum revisionist?" keeps its dash).
    """
    keys = _keys(names)
    while True:
        cuts = [(m, True) for m in SITE_SEPARATOR.finditer(title)] + [
            (m, False) for m in DASH_SEPARATOR.finditer(title)]
        if not cuts:
            return title
        m, strong = max(cuts, key=lambda c: c[0].start())
        head, tail = title[: m.start()].strip(), title[m.end():].strip()
        short = len(tail.split()) <= 3 and len(head.split()) >= 4
        if not head or not (_names_site(tail, keys) or (strong and (
                TAIL_DATE.match(tail) or short))):
            return title
        title = head


def not_sites(authors: list[str], names: list[str]) -> list[str]:
    """Authors without the site itself ("…, CNN", "Deutsche Welle (www.dw.com)")."""
    keys = _keys(names)
    return [a for a in authors if not WEB_ADDRESS.search(a) and not _names_site(a, keys)]


def _date_from_fields(tree: HtmlElement, meta: dict[str, list[str]],
                      articles: list[dict[str, Any]]) -> StatedDate | None:
    for obj in articles:
        parsed = parse_date(obj.get("datePublished"))
        if parsed:
            return StatedDate(parsed, "JSON-LD datePublished")
    for key in DATE_META:
        for value in meta.get(key, []):
            parsed = parse_date(value)
            if parsed:
                return StatedDate(parsed, f"meta {key}")
    times = [t for t in tree.iter("time") if t.get("datetime")]
    times.sort(key=lambda t: not (t.get("itemprop") == "datePublished" or t.get("pubdate")
                                  is not None or "publish" in (t.get("class") or "")))
    for el in times:
        if el.get("itemprop") == "dateModified" or "updated" in (el.get("class") or ""):
            continue
        parsed = parse_date(el.get("datetime"))
        if parsed:
            return StatedDate(parsed, "<time datetime> element")
    return None


def _date_from_htmldate(tree: HtmlElement, page: str, url: str) -> StatedDate | None:
    """htmldate's markup-only reading; the day counts only if the page or URL shows it."""
    found = htmldate.find_date(tree, extensive_search=False, original_date=True, url=url or None)
    if not found:
        return None
    year, month, day = (int(p) for p in found.split("-"))
    path = urlsplit(url).path if url else ""
    shown = (found in page or f"/{year}/{month:02d}/{day:02d}" in path
             or any(d.date.published == found for d in find_dates(tree.text_content())))
    date = make_date(year, month, day) if shown else make_date(year, month)
    return StatedDate(date, "page markup (htmldate)") if date else None


def _short_lines(tree: HtmlElement) -> list[str]:
    """Short texts of the page's blocks in order from the first ``<h1>`` (where a byline
    would be; from the top when there is no ``<h1>``)."""
    lines: list[str] = []
    started = tree.find(".//h1") is None
    for el in tree.iter(*BLOCKS):
        started = started or el.tag == "h1"
        if not started or el.tag == "h1":
            continue
        text = " ".join(el.text_content().split())
        if text and len(text) <= 120 and (not lines or lines[-1] != text):
            lines.append(text)
    return lines


def article_body(page: str, where: str) -> str:
    """The article's text by trafilatura; a page without one is a one-line error."""
    text = trafilatura.extract(page, include_comments=False, deduplicate=False) or ""
    if len(text.split()) < MIN_BODY_WORDS:
        raise AnalysisError(f"{where}: no article body found in the HTML (trafilatura "
                            f"extracted {len(text.split())} words)")
    return text


def read_html(data: bytes, where: str) -> Metadata:
    """Metadata and body text of a saved web page."""
    page = decode(data)
    tree = load_html(page)
    if tree is None:
        raise AnalysisError(f"{where}: not a readable HTML page")
    body = article_body(page, where)
    meta = meta_tags(tree)
    articles = json_ld_articles(tree)
    found = trafilatura.extract_metadata(tree)
    ld = articles[0] if articles else {}
    url = next((u for u in [*meta.get("og:url", []), *meta.get("citation_public_url", []),
                            *(str(ld.get("url", "")),), found.url or ""]
                if re.match(r"https?://\S+$", u or "")), "")
    title = next((t for t in [*meta.get("citation_title", []), *_names(ld.get("headline")),
                              found.title or ""] if t), "")
    authors = ([_flip(a) for a in meta.get("citation_author", [])] or _names(ld.get("author"))
               or list(split_authors(found.author or "") or
                       [a.strip() for a in (found.author or "").split(";") if a.strip()]))
    outlet = next((o for o in [*meta.get("citation_journal_title", []),
                               *meta.get("og:site_name", []), *_names(ld.get("publisher")),
                               found.sitename or ""] if o), "")
    names = [outlet, *meta.get("og:site_name", []), *_names(ld.get("publisher")),
             *meta.get("publisher", []), urlsplit(url).hostname or ""]
    title, authors = clean_title(title, names), not_sites(authors, names)
    date = (_date_from_fields(tree, meta, articles)
            or byline_date(_short_lines(tree), "byline in the page")
            or _date_from_htmldate(tree, page, url))
    return Metadata(body=body, title=" ".join(title.split()), authors=tuple(authors),
                    outlet=outlet, url=url, date=date)
