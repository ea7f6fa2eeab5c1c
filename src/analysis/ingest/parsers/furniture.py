"""Site furniture found by rules that generalise across sites (no site names).

Each rule looks at one line (or one block) of text and returns the rule's name, which the
parsers record in ``set_aside.detail`` as ``rule: <name>``. The per-site patterns in
``data/web_boilerplate.yaml`` are checked first and override these rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby

from analysis.ingest.corpus import Source, read_source_text
from analysis.ingest.parsers.common import normalised_key
from analysis.ingest.parsers.furniture_extra import extra_line_rule
from analysis.ingest.parsers.html_visible import visible_words

# Formats whose parsers compare a source's lines with other sources of its outlet.
OUTLET_FORMATS = ("web_article", "markdown", "html")

# Keys of "key: value" metadata lines that clipping tools and CMS exports write.
METADATA_KEYS = (
    "title", "subtitle", "author", "authors", "by", "byline", "date", "published",
    "published on", "publication date", "date published", "posted", "posted on", "updated",
    "last updated", "modified", "last modified", "created", "source", "source url", "url",
    "link", "original url", "canonical", "clipped", "clipped from", "saved", "saved from",
    "retrieved", "accessed", "tags", "tag", "keywords", "categories", "category", "topics",
    "topic", "section", "filed under", "reading time", "read time", "words", "word count",
    "language", "lang", "license", "licence", "copyright", "id", "slug", "layout", "draft",
    "summary", "excerpt", "description", "image", "featured image", "thumbnail", "type",
    "site", "site name", "publisher", "outlet", "translated by", "edited by", "editor",
)
_KEY_ALTERNATION = "|".join(sorted((re.escape(k) for k in METADATA_KEYS), key=len, reverse=True))
METADATA_LINE = re.compile(rf"^\s*[*_]*(?:{_KEY_ALTERNATION})[*_]*\s*:[*_]*\s+\S.{{0,200}}$",
                           re.IGNORECASE)
URL = r"(?:https?://|www\.)\S+"
MD_LINK = r"!?\[[^\]]*\]\([^)]*\)"
LINK_ONLY_LINE = re.compile(rf"^[\s|•·,;*>\-–—]*(?:(?:{MD_LINK}|<{URL}>|{URL})[\s|•·,;*\-–—]*)+$")
IMAGE_MARKUP = re.compile(
    rf"^\s*(?:!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|\[(?:image|photo|picture|video|embed)"
    rf"(?:\s*[:#][^\]]*)?\]|!\[[^\]]*\]\[[^\]]*\])\s*(?:{MD_LINK}|\S{{0,3}})?\s*$",
    re.IGNORECASE)
CREDIT_WORDS = (r"(?:cover |featured |header |lead |top |main )?(?:photo|photograph|image|"
                r"picture|illustration|graphic|video|foto|photo credit|image credit|"
                r"image source|picture credit|credits?|source image|pictured|caption)")
CREDIT_LINE = re.compile(
    rf"^\s*[*_]*(?:{CREDIT_WORDS}\s*(?::|credit\b|by\b|courtesy\b|via\b|©)|©|\(c\)\s|"
    r"(?:photo|image)s?\s+(?:courtesy|by)\b)", re.IGNORECASE)
CREDIT_TAIL = re.compile(
    r"(?:\((?:photo|image|picture|foto|credit|source)?[^()]{0,40}(?:/|:)\s*[^()]{0,60}"
    r"(?:reuters|afp|ap|epa|getty images|shutterstock|sputnik|tass|ria novosti|belta|"
    r"wikimedia commons|unsplash|pixabay|alamy)[^()]{0,30}\)|"
    r"\b(?:photo|image|picture)\s*(?::|by|credit:?)\s*[^.!?]{2,80})\s*$", re.IGNORECASE)
CALL_TO_ACTION = re.compile(
    r"^\s*[*_]*(?:share (?:this|on|via|the (?:article|story|page))\b|tweet this\b|"
    r"(?:follow|like) us\b|subscribe (?:to|now|for|today)\b|sign up (?:for|to|now)\b|"
    r"join our\b|get (?:our|the)\b.{0,40}newsletter|donate (?:now|today|to)\b|"
    r"(?:please )?support (?:us|our)\b|become a (?:member|supporter|patron)\b|"
    r"make a donation\b|we use cookies\b|this (?:web)?site uses cookies\b|"
    r"by (?:continuing|using) (?:to use )?this (?:web)?site\b|read (?:more|next|also)\s*:|"
    r"see also\s*:|more from\b|listen to this article\b|download (?:the )?(?:pdf|app)\b|"
    r"(?:\d+\s*)?min(?:ute)?s? read\b|tags?\s*:|topics?\s*:|filed under\b)", re.IGNORECASE)
# Whole-line labels of site furniture (a short line that is nothing but the label).
LABEL = re.compile(
    r"^\s*[*_#]*\s*(?:share|share this|tweet|email|e-mail|print|copy link|facebook|twitter|"
    r"linkedin|whatsapp|telegram|reddit|subscribe|sign up|sign in|log in|login|register|"
    r"donate|newsletter|menu|search|home|skip to (?:main )?content|back to top|advertisement|"
    r"ad|sponsored|related|related (?:articles|posts|stories|content|reading|topics)|"
    r"recommended(?: for you)?|most (?:read|popular|viewed)|popular|trending|comments?|"
    r"\d+ comments?|leave a (?:comment|reply)|show more|load more|read more|next|previous|"
    r"next article|previous article|accept|accept all|accept all cookies|reject all|"
    r"cookie settings|manage (?:cookies|preferences|consent)|privacy policy|"
    r"terms (?:of use|and conditions|of service)|contact us|about us|all rights reserved|"
    r"further reading|tags|topics|categories|latest news|more stories|you may also like|"
    r"listen to this article|read the rest|continue reading|read the full (?:article|story|post)|"
    r"\d+\s*min(?:ute)?s? read)\s*[:.!]?\s*[*_]*\s*$",
    re.IGNORECASE)
CALL_TO_ACTION_ANYWHERE = re.compile(
    r"\b(?:we use cookies|uses cookies|accept (?:all )?cookies|cookie (?:policy|settings)|"
    r"subscribe to (?:our|the)\b.{0,40}newsletter|sign up for (?:our|the)\b.{0,40}newsletter|"
    r"support (?:our|independent) (?:work|journalism)|donations? (?:are|is) tax[- ]deductible|"
    r"share (?:this|on) (?:facebook|twitter|linkedin|whatsapp|telegram|x\b)|"
    r"all rights reserved|(?:our|regular|weekly|daily|free|monthly) newsletter\b|"
    r"donation (?:tool|receipt|form|button)|(?:via|with|make) a (?:simple |small )?donation|"
    r"support (?:the |our )?independent (?:editorial|journalism|media|work)|"
    r"views expressed (?:in|here|on)\b.{0,100}\b(?:are|is) (?:solely |entirely )?"
    r"(?:those|the responsibility) of)", re.IGNORECASE)
# An organisation's self-description, printed under many articles of a site.
BLURB = re.compile(
    r"^\s*(?:about (?:us|the author|the authors|this (?:site|project))\s*:?\s*$|"
    r"(?:the |our )?[\w’'. &-]{2,60} mission is to\b|"
    r"[A-Z][\w’'. &-]{2,80} is an? (?:independent|non-?profit|nonpartisan|non-partisan)"
    r"[\w ,-]{0,40} (?:think[- ]tank|organi[sz]ation|media outlet|research (?:centre|center|"
    r"institute)|foundation)\b)", re.IGNORECASE)
# A short note about a writer: "Jane Doe is a senior fellow at …", "By Jane Doe".
BIO = re.compile(
    r"^[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3} (?:is|was|has been) (?:an?|the) "
    r"(?:[\w’'-]+ ){0,5}(?:fellow|professor|journalist|analyst|researcher|editor|director|"
    r"correspondent|writer|reporter|scholar|expert|lecturer|associate|consultant|founder|"
    r"head|chair|student|candidate|author|contributor|columnist)\b")
BYLINE = re.compile(r"^\s*[*_]*(?i:by|written by|words by|text by)\s+[*_]*[A-Z]")
# Notices a site prints under every page: licences, trademarks, disclaimers, contact lines.
NOTICE = re.compile(
    r"\b(?:licen[cs]ed under|published under|available under)\b.{0,80}"
    r"\b(?:creative commons|cc[- ]by|licen[cs]e)|"
    r"\b(?:is|are) (?:a |the )?(?:registered )?(?:service ?marks?|trademarks?) of\b|"
    r"\b(?:do(?:es)? not|don't) (?:necessarily )?(?:reflect|represent) the (?:views|opinions|"
    r"position)|\bviews (?:and opinions )?(?:expressed )?(?:here|herein|in this (?:article|"
    r"post|piece|blog))\b.{0,60}\b(?:are|belong|is)\b", re.IGNORECASE)
NOTICE_SHORT = re.compile(
    r"\b(?:terms of (?:service|use)|privacy policy|cookie policy|community guidelines|"
    r"affiliate (?:advertising|links?|program|commissions?)|by using this (?:web)?site)\b",
    re.IGNORECASE)
# A menu, tag or share list: three or more short items between separators.
SEPARATOR = re.compile(r"\s+[/|·•]\s+")
# "Tuesday 15 October 2019 by A. Author", "Posted on 3 May 2021 by A. Author".
DATELINE = re.compile(
    r"^\s*(?:(?:posted|published|updated|written)\s+(?:on\s+)?)?(?:(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day\b|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2}).{0,40}\bby\s+[A-Z]", re.IGNORECASE)
NAVIGATION = re.compile(r"^\s*(?:[←→«»‹›]|(?:previous|next|older|newer)(?: post| article)?\s*:)",
                        re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SIGNATURE = re.compile(r"^\s*(?:—|–|--|~)\s*\S+(?:\s+\S+){0,2}\s*$")
VIA = re.compile(r"^\s*\(?\s*[*_]*(?:via|h/t|hat tip|thanks to)\b", re.IGNORECASE)
# The cut-off mark a site puts at the end of an excerpt of another article.
TEASER_END = re.compile(r"\[(?:…|\.\.\.|&hellip;)\]\s*$")
SENTENCE_END = re.compile(r"[.!?…:;\"”»’')\]]\s*$")
CTA_MAX_WORDS = 40
EDGE_MAX_WORDS = 10


def line_rule(text: str, repeated: frozenset[str] = frozenset()) -> str | None:
    """The generic rule that makes one line furniture, or None."""
    stripped = text.strip()
    if not stripped:
        return None
    if IMAGE_MARKUP.match(stripped):
        return "image markup"
    if LINK_ONLY_LINE.match(stripped):
        return "link-only line"
    if METADATA_LINE.match(stripped) and len(stripped.split()) <= 40:
        return "metadata line"
    words = len(stripped.split())
    if (CREDIT_LINE.match(stripped) and words <= 60) or (words <= 8 and VIA.match(stripped)):
        return "credit or caption"
    if LABEL.match(stripped) or (words <= CTA_MAX_WORDS and (
            CALL_TO_ACTION.match(stripped) or CALL_TO_ACTION_ANYWHERE.search(stripped))):
        return "share, subscribe, donate or cookie line"
    if TEASER_END.search(stripped):
        return "teaser (truncated excerpt of another article)"
    if words <= 15 and NAVIGATION.match(stripped):
        return "navigation link"
    if words <= 40 and NOTICE_SHORT.search(stripped):
        return "licence, trademark or disclaimer notice"
    parts = SEPARATOR.split(stripped)
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not SENTENCE_END.search(
            stripped):
        return "menu, tag or share list"
    if words <= 15 and (BYLINE.match(stripped) or DATELINE.match(stripped)):
        return "byline"
    if words <= 60 and BIO.match(stripped):
        return "author bio"
    if words <= 80 and NOTICE.search(stripped):
        return "licence, trademark or disclaimer notice"
    if words <= 15 and EMAIL.search(stripped):
        return "contact line"
    if SIGNATURE.match(stripped):
        return "signature"
    if words <= 80 and BLURB.match(stripped):
        return "organisation blurb"
    if repeated and normalised_key(stripped) in repeated:
        return "repeated in other sources of the outlet"
    return extra_line_rule(" ".join(stripped.split()), words)  # no-break spaces as spaces


def block_rule(text: str, repeated: frozenset[str] = frozenset()) -> str | None:
    """The generic rule that makes a whole block furniture, or None."""
    if repeated and normalised_key(text) in repeated:
        return "repeated in other sources of the outlet"
    if len(text.split()) <= 60 and CREDIT_TAIL.search(text) and not _has_sentence_before(text):
        return "credit or caption"
    return None


def _has_sentence_before(text: str) -> bool:
    """Whether a credit at the end of ``text`` follows a full sentence of prose."""
    head = CREDIT_TAIL.split(text, maxsplit=1)[0].strip()
    return len(head.split()) > 25


def is_edge_line(text: str) -> bool:
    """A short line without sentence punctuation (kept only away from the text's edges)."""
    words = text.split()
    return 0 < len(words) <= EDGE_MAX_WORDS and not SENTENCE_END.search(text)


def line_keys(lines: Iterable[str]) -> set[str]:
    """Normalised keys of the non-blank lines of a text, for the cross-source comparison."""
    return {key for line in lines if len(key := normalised_key(line)) >= 8}


def outlet_repeats(texts: dict[str, str]) -> dict[str, frozenset[str]]:
    """Per source (id → text lines, all of one outlet): lines also found in another source.

    Identical files count once, and a source that shares more than half of its lines with
    another is a version of the same text, not another article, so it is not compared.
    """
    keys = {doc_id: line_keys(text.split("\n")) for doc_id, text in texts.items()}
    out: dict[str, frozenset[str]] = {}
    for doc_id, mine in keys.items():
        shared: set[str] = set()
        for other_id, theirs in keys.items():
            if other_id == doc_id or texts[other_id] == texts[doc_id]:
                continue
            common = mine & theirs
            if len(common) * 2 > min(len(mine), len(theirs)):
                continue
            shared |= common
        if shared:
            out[doc_id] = frozenset(shared)
    return out


def repeats_by_source(sources: Sequence[Source]) -> dict[str, frozenset[str]]:
    """For each source that has one: the lines it shares with other sources of its outlet.

    Only outlets with at least two different files (by checksum) are read.
    """
    groups: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        if source.format in OUTLET_FORMATS:
            groups[source.outlet].append(source)
    out: dict[str, frozenset[str]] = {}
    for group in groups.values():
        if len({s.sha256 for s in group}) < 2:
            continue
        out.update(outlet_repeats({s.doc_id: _text_lines(s) for s in group}))
    return out


def _text_lines(source: Source) -> str:
    """A source's lines of text: its raw lines, or for a web page its visible text blocks."""
    raw = read_source_text(source)
    if isinstance(raw, bytes):  # only text formats are in OUTLET_FORMATS
        raise TypeError(f"{source.format} is not a text format")
    if source.format != "html":
        return raw
    words = visible_words(raw, f"{source.path} (doc_id {source.doc_id})")
    return "\n".join(" ".join(w.text for w in run)
                     for _, run in groupby(words, key=lambda w: w.block))
