"""More one-line furniture rules, found on real pages of news and analysis sites.

``furniture.line_rule`` asks these after its own rules, so a line those rules already
recognised keeps its rule name. No rule names a site.
"""

from __future__ import annotations

import re

# "Updated 9:22 PM EST, Mon November 6, 2023", "Posted at 2013-12-30T14:42:01-0700 and last
# updated …", "Jane Doe · 2020-05-19T17:52:00Z": a clock time or an ISO timestamp on a short line.
CLOCK = (r"(?:\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?|(?-i:[A-Z]{2,4})\b)|"
         r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2})")
TIMESTAMP = re.compile(
    rf"^\s*[*_]*(?:(?:first |last )?(?:posted|published|updated|modified|edited)\b.{{0,60}}"
    rf"(?:{CLOCK}|\b\d{{4}}\b)|.{{0,60}}{CLOCK})", re.IGNORECASE)
TIMESTAMP_MAX_WORDS = 25
# "© 2023 Publisher. All rights reserved. Use of this site constitutes acceptance of …"
COPYRIGHT = re.compile(r"^\s*[*_]*(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
COPYRIGHT_MAX_WORDS = 150
# "Brand Sans ™ & © 2016 Network.": a short line with a copyright sign and a year anywhere.
COPYRIGHT_ANYWHERE = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?\d{4}\b", re.IGNORECASE)
# "CNN's A and B contributed to this report", "Additional reporting by …", "Editing by …".
CONTRIBUTOR = re.compile(
    r"\bcontribut(?:ed|ing) (?:reporting|research|to this (?:report|story|article|piece))\b|"
    r"^\s*[*_(]*(?:additional |further )?(?:reporting|writing|editing|research|"
    r"compiled|produced|translated|illustrations?|graphics?) by\s+[A-Z]", re.IGNORECASE)
# "This story has been updated with …", "Editor's note: …", "Correction: …".
EDITORIAL_NOTE = re.compile(
    r"^\s*[*_(]*(?:(?:this|the) (?:story|article|post|report|piece|page) (?:has been|was|is) "
    r"(?:updated|corrected|revised|amended)\b|editor[’']?s[’']? note\b|editors[’'] note\b|"
    r"(?:correction|clarification|update)\s*(?:\(\w[^)]{0,30}\))?\s*[:—–])", re.IGNORECASE)
EDITORIAL_MAX_WORDS = 60
# "Analysis by Jane Doe, Senior Analyst", "Opinion by …", "Story by …".
KIND_BYLINE = re.compile(
    r"^\s*[*_]*(?:analysis|opinion|commentary|interview|review|story|report|photos?|video|"
    r"column|essay|perspective)\s+by\s+[*_]*[A-Z]", re.IGNORECASE)
KIND_BYLINE_MAX_WORDS = 15
# Calls to follow, share or sign up that the older rules miss.
CALL_TO_ACTION = re.compile(
    r"^\s*[*_]*(?:follow\b.{0,60}\bon (?:facebook|twitter|x|instagram|linkedin|telegram|youtube|"
    r"tiktok|threads|bluesky|mastodon|google news)\b|click here\b|register (?:now|here|for free)\b|"
    r"donate once\b|download our app\b|remember me\b|forgot your (?:username|password)\b|"
    r"don[’']t have an account\b|already (?:a subscriber|have an account)\b)|"
    r"\b(?:now )?signed up to receive\b|"
    r"\b(?:please )?(?:share|send us) your (?:videos?|photos?|pictures?|stories|story|tips?)\b|"
    r"(?-i:\bSign Up\b)", re.IGNORECASE)
CALL_TO_ACTION_MAX_WORDS = 30
# Disclosures of affiliate income and reproduction notices printed under every page.
DISCLOSURE = re.compile(
    r"\b(?:may|might|could|will|can) (?:earn|receive|get|collect) (?:a |an )?(?:small |"
    r"portion of |share of |part of )?(?:commissions?|compensation|sales|revenue|affiliate)\b|"
    r"\baffiliate (?:links?|partnerships?|programs?|commissions?)\b.{0,200}\b(?:commission|"
    r"compensat|earn)|\bmay not be (?:reproduced|republished|copied|redistributed)\b",
    re.IGNORECASE)
DISCLOSURE_MAX_WORDS = 80
# "(The Associated Press)", "(Getty Images)": a credit alone in parentheses.
PAREN_CREDIT = re.compile(r"^\s*\([^()]{2,40}\)\s*$")
# "… near Hebron, October 11, 2023.PHOTOGRAPH: A. NAME/GETTY IMAGES", "… California.Jane Doe—Getty
# Images": a caption whose credit is glued to its end.
CAPTION_CREDIT = re.compile(
    r"(?:\b(?:photograph|photo|image|picture|illustration|video)s?\s*:\s*[^:]{2,80}|"
    r"[—–/|]\s*(?:getty images|reuters|afp|associated press|ap photo|epa|shutterstock|alamy|"
    r"bloomberg|sipa|anadolu|xinhua|tass|sputnik|ria novosti)\b[^.]{0,30})\s*$",
    re.IGNORECASE)
CAPTION_MAX_WORDS = 60
# "Screenshot by Jane Doe/Site", "Map via …": a credit under a picture the older rules miss.
PICTURE_CREDIT = re.compile(
    r"^\s*[*_]*(?:screenshots?|screengrabs?|screen captures?|maps?|charts?|graphics?|"
    r"infographics?|photographs?)\s*(?::|by\b|via\b|from\b|courtesy\b|source\b)", re.IGNORECASE)
# "Loading weather data …": the placeholder of a widget that did not load.
PLACEHOLDER = re.compile(r"^\s*(?:loading|please wait)\b[^.!?]{0,40}(?:\.\.\.|…)\s*$",
                         re.IGNORECASE)
# The label that opens a site's comment section ("Reader Comments", "View/Post Comments").
COMMENTS_LABEL = re.compile(
    r"^\s*[*_#]*\s*(?:\d+\s+)?(?:(?:reader|readers'|recent|user|latest|top|all|view(?:/post)?|"
    r"post|show|read)\s+comments?|comments? \(\d+\)|(?:log ?in|sign in|register)\b.{0,30}"
    r"\bto (?:add|post|leave|write) (?:a |your )?comments?|join the (?:conversation|discussion)|"
    r"leave a (?:comment|reply)|add (?:a|your) comment)\b.{0,20}$", re.IGNORECASE)


def extra_line_rule(stripped: str, words: int) -> str | None:
    """The rule of this module that makes a stripped line furniture, or None."""
    if words <= CALL_TO_ACTION_MAX_WORDS and CALL_TO_ACTION.search(stripped):
        return "share, subscribe, donate or cookie line"
    if words <= KIND_BYLINE_MAX_WORDS and KIND_BYLINE.match(stripped):
        return "byline"
    if words <= TIMESTAMP_MAX_WORDS and TIMESTAMP.match(stripped) and not _is_prose(stripped):
        return "timestamp"
    if (words <= COPYRIGHT_MAX_WORDS and COPYRIGHT.match(stripped)) or (
            words <= 15 and COPYRIGHT_ANYWHERE.search(stripped)):
        return "copyright notice"
    if words <= 40 and CONTRIBUTOR.search(stripped):
        return "contributor credit"
    if words <= EDITORIAL_MAX_WORDS and EDITORIAL_NOTE.match(stripped):
        return "editor's note"
    if words <= DISCLOSURE_MAX_WORDS and DISCLOSURE.search(stripped):
        return "licence, trademark or disclaimer notice"
    if (words <= 5 and PAREN_CREDIT.match(stripped)) or (
            words <= 20 and PICTURE_CREDIT.match(stripped)) or (
            words <= CAPTION_MAX_WORDS and CAPTION_CREDIT.search(stripped)):
        return "credit or caption"
    if words <= 8 and PLACEHOLDER.match(stripped):
        return "widget placeholder"
    if words <= 12 and COMMENTS_LABEL.match(stripped):
        return "comment section"
    return None


def _is_prose(text: str) -> bool:
    """A line that reads as a sentence: a verb-like word after a lower-case start, and an end stop.

    Keeps "The meeting was moved to 10:30 am on Friday." while a bare timestamp goes.
    """
    return bool(re.search(r"[.!?]\s*$", text)) and len(re.findall(r"\b[a-z]{3,}\b", text)) >= 6
