"""Metadata of a Markdown file: YAML (``---``) or TOML (``+++``) front matter, else the first
``# heading`` and a byline, as clipping tools and static-site generators write them."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from analysis.core.errors import AnalysisError
from analysis.ingest.metadata import Metadata, StatedDate
from analysis.ingest.metadata.dates import parse_date
from analysis.ingest.metadata.plaintext import (
    WEB_ADDRESS,
    byline_authors,
    byline_date,
    split_authors,
)

_FENCES = {"---": ("YAML", r"---|\.\.\."), "+++": ("TOML", r"\+\+\+")}
# Keys in order of preference; "created"/"updated"/"clipped" are deliberately absent: they
# date the clipping or an edit, not the publication.
TITLE_KEYS = ("title", "headline", "name")
AUTHOR_KEYS = ("authors", "author", "byline", "creator", "creators")
DATE_KEYS = ("published", "date_published", "datepublished", "publish_date", "publishdate",
             "pubdate", "publication_date", "date", "issued")
URL_KEYS = ("source", "url", "link", "canonical", "canonical_url", "original_url", "source_url")
OUTLET_KEYS = ("site", "site_name", "sitename", "outlet", "publisher", "publication",
               "website", "journal", "source_name")


def split_front_matter(text: str, where: str) -> tuple[str, dict[str, Any], str]:
    """(kind, mapping, body); kind is "" when the text has no front matter."""
    first = text.lstrip("\ufeff").split("\n", 1)
    fence = first[0].strip()
    if fence not in _FENCES or len(first) < 2:
        return "", {}, text
    kind, closing = _FENCES[fence]
    m = re.search(rf"^(?:{closing})[ \t]*$", first[1], flags=re.M)
    if m is None:
        raise AnalysisError(f"{where}: {kind} front matter opened with '{fence}' is never "
                            f"closed")
    raw, body = first[1][:m.start()], first[1][m.end():].lstrip("\n")
    try:
        data = yaml.safe_load(raw) if kind == "YAML" else tomllib.loads(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AnalysisError(f"{where}: {kind} front matter is not valid ({detail})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AnalysisError(f"{where}: {kind} front matter is not a mapping of keys to values")
    return kind, {str(k).lower(): v for k, v in data.items()}, body


def _plain(value: Any) -> str:
    """A front-matter value as text: wiki links ``[[Name]]`` and ``@`` handles unwrapped."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    text = str(value).strip()
    return re.sub(r"^\[\[(?:[^|\]]*\|)?([^\]]+)\]\]$", r"\1", text).lstrip("@").strip()


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for key in keys:
        value = data.get(key)
        if value not in (None, "", [], {}):
            return key, value
    return "", None


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        text = _plain(item)
        names.extend(split_authors(text) or ((text,) if isinstance(value, list) else ()))
    return tuple(n for n in names if n and not WEB_ADDRESS.search(n))


def _heading(body: str) -> str:
    m = re.search(r"^#\s+(.+?)\s*#*\s*$", body, flags=re.M)
    return m.group(1).strip() if m else ""


def read_markdown(text: str, where: str) -> Metadata:
    """Metadata of a Markdown file; bad front matter is a one-line error."""
    kind, data, body = split_front_matter(text, where)
    head = [ln for ln in body.split("\n")[:40] if not ln.lstrip().startswith(("#", "!["))]
    title_key, title = _first(data, TITLE_KEYS)
    _, authors = _first(data, AUTHOR_KEYS)
    date_key, date_value = _first(data, DATE_KEYS)
    _, url = _first(data, URL_KEYS)
    _, outlet = _first(data, OUTLET_KEYS)
    parsed = parse_date(date_value) if date_value is not None else None
    date = StatedDate(parsed, f"{kind} front matter '{date_key}'") if parsed else None
    url_text = _plain(url) if url is not None else ""
    return Metadata(
        body=body,
        title=_plain(title) if title_key else _heading(body),
        authors=_authors(authors) or byline_authors(head),
        outlet=_plain(outlet) if outlet is not None else "",
        url=url_text if re.match(r"https?://\S+$", url_text) else "",
        date=date or byline_date(head),
    )
