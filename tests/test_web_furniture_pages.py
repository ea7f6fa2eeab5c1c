"""Furniture rules found on real pages of other sites (benchmarks/realpages.md), on snippets
written for these tests that imitate each pattern, around the body of seed 004."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.parsers import parse_source
from analysis.ingest.parsers.furniture import line_rule
from analysis.ingest.parsers.furniture_runs import (
    MENU_ITEM_WORDS,
    closing_related,
    comment_sections,
    menu_runs,
    related_lists,
    repeated_lines,
    video_items,
)

LINES = {
    "Updated 4:05 PM GMT, Tue May 18, 2021": "timestamp",
    "Posted at 2021-05-19T09:12:00+0200 and last updated 2021-05-20 10:00": "timestamp",
    "Anna Reader · 2021-05-20T08:15:00Z": "timestamp",
    "© 2021 Example Media Group. All rights reserved. " + "Use of this site is subject to our "
    "terms. " * 12: "copyright notice",
    "Example Sans ™ & © 2019 Example Network.": "copyright notice",
    "Reuters and AFP contributed to this report.": "contributor credit",
    "Additional reporting by Jan Kowalski in Warsaw": "contributor credit",
    "This story has been updated with comment from the Kremlin.": "editor's note",
    "Editor's note: an earlier version misstated the date of the summit.": "editor's note",
    "Some links on this site are affiliate links, and we may earn a small commission when "
    "you buy through them at no extra cost to you.": "licence, trademark or disclaimer notice",
    "The material on this site may not be reproduced without written permission.":
        "licence, trademark or disclaimer notice",
    "Loading weather data ...": "widget placeholder",
    "Reader Comments": "comment section",
    "Log in to add your comment": "comment section",
    "Follow Example Daily on Twitter and Telegram for more news from Minsk.":
        "share, subscribe, donate or cookie line",
    "Follow\u00a0Example Daily on\u00a0Facebook": "share, subscribe, donate or cookie line",
    "Want our best analysis every week? Sign Up for The Brief":
        "share, subscribe, donate or cookie line",
    "Please share your photos and stories with our newsroom.":
        "share, subscribe, donate or cookie line",
    "Forgot your username or password?": "share, subscribe, donate or cookie line",
    "(Example Press Agency)": "credit or caption",
    "Delegations meet in Sochi, May 28, 2021.PHOTOGRAPH: J. DOE/EXAMPLE": "credit or caption",
    "Delegations meet in Sochi, May 28, 2021.Jane Doe—Getty Images": "credit or caption",
    "Screenshot by Jane Doe/Example Daily": "credit or caption",
    "Analysis by Jane Example, Senior Editor": "byline",
}

BODY_LINES = [  # sentences of prose that none of the new rules may take
    "The talks resumed at 10:30 am on Friday, officials said, after a long pause in the "
    "negotiations over gas prices.",
    "Published in 2021, the programme set out twenty-eight roadmaps for integration.",
    "Several ministers contributed to the debate, but no agreement was reached on taxes.",
    "Minsk must now decide whether to follow Moscow on sanctions and on customs rules.",
    "Correspondents were told that the union budget would be updated in the autumn.",
    "Lukashenka said the republic would never sign up for a single currency.",
]


@pytest.mark.parametrize("line", sorted(LINES))
def test_each_new_line_rule(line: str) -> None:
    assert line_rule(line) == LINES[line]


@pytest.mark.parametrize("line", BODY_LINES)
def test_prose_is_not_taken(line: str) -> None:
    assert line_rule(line) is None


@pytest.fixture(scope="module")
def body(parsed) -> list[str]:
    """Body paragraphs of seed 004 (a real article with no furniture left in its body)."""
    return [p.text for p in parsed["004"][0].paragraphs if p.role == "body"]


def _details(doc) -> dict[str, str]:
    return {s.text: s.detail for s in doc.set_aside}


MENU = ["Home", "World", "Politics", "Economy", "U.S.", "Opinion", "Sign In"]
RELATED = ["More from Example Daily", "Minsk raises the price of potash again",
           "What the new customs code means for traders", "Is the union state a dead end?"]
COMMENTS = ["Reader Comments", "Anna Reader · 2021-05-20T08:15:00Z",
            "A fine piece, thank you for writing it.", "Ivan · 2021-05-20T09:00:00Z",
            "I disagree with the second half of this article entirely."]


def test_a_select_all_copy_keeps_only_the_body(sources, body) -> None:
    """Menu, repeated sidebar, video item, title, timestamp, list of other articles, comments."""
    sidebar = "Five charts that explain the Belarusian economy"
    blocks = ["\n".join(MENU), "\n".join(["Analysis", sources["004"].title,
                                          "Updated 9:00 AM EST, Wed May 19, 2021"]),
              *body[:4], "\n".join(["MOST READ", sidebar]), *body[4:8],
              "\n".join(["Video", "Watch the two leaders meet in Sochi", "03:29 - Source: Example"]),
              *body[8:], "\n".join(["TRENDING", sidebar]), "\n".join(RELATED),
              "\n".join(COMMENTS)]
    doc = parse_source("\n\n".join(blocks), sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body
    details = _details(doc)
    assert details["Politics"] == "rule: menu or link list"
    assert details[sources["004"].title] == "title as printed"
    assert details["Updated 9:00 AM EST, Wed May 19, 2021"] == "rule: timestamp"
    assert details[sidebar] == "rule: repeated within the page"
    assert details["03:29 - Source: Example"] == "rule: video or audio item"
    assert details["Watch the two leaders meet in Sochi"] == "rule: video or audio item"
    parts = [(s.text, s.detail) for s in doc.set_aside]
    assert any(RELATED[2] in text and detail == "rule: list of other articles"
               for text, detail in parts)  # the closing list, and the comments under it
    assert any(COMMENTS[-1] in text for text, _ in parts)


def test_a_comment_section_inside_a_block(sources, body) -> None:
    doc = parse_source("\n\n".join([*body, "\n".join(["Thanks for reading.", *COMMENTS])]),
                       sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == [*body, "Thanks for reading."]
    assert _details(doc)[COMMENTS[-1]] == "rule: comment section"


def test_closing_list_of_teasers_with_summaries_goes_but_a_body_after_a_label_stays(
        sources, body) -> None:
    teasers = ["More from Example Daily",
               "Why Minsk needs Moscow's gas\nA short summary of another article, in a sentence.",
               "Potash and the port of Klaipeda\nAnother summary, also a single sentence long."]
    doc = parse_source("\n\n".join([*body, *teasers]), sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body
    # the same label in the middle, followed by the body's long paragraphs, takes nothing
    assert closing_related(["More from Example Daily", *body[:6]]) is None


def test_a_long_author_bio_closing_the_text(sources, body) -> None:
    bio = ("Jane Example is an award-winning journalist and the author of three books on "
           "Eastern Europe. " + "She has reported from Minsk, Kyiv and Vilnius for many "
           "newspapers and broadcasters across the region since the early two thousands. " * 3)
    assert 60 < len(bio.split()) <= 150
    doc = parse_source("\n\n".join([*body, bio]), sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body
    assert _details(doc)[bio.strip()] == "rule: author bio"


def test_paragraphs_of_a_source_in_another_language_are_kept(sources) -> None:
    spanish = ("El gobierno de Minsk firmó ayer un nuevo acuerdo sobre el precio del gas con "
               "Moscú, según fuentes oficiales de los dos países.")
    source = dataclasses.replace(sources["004"], language="es", title="Otro título")
    doc = parse_source("\n\n".join([spanish, spanish.replace("ayer", "hoy")]), source)
    assert [p.language for p in doc.paragraphs if p.role == "body"] == ["es", "es"]
    assert not [s for s in doc.set_aside if s.reason == "other_language"]


def test_html_quote_of_inline_elements_and_br_layout(sources) -> None:
    page = ("<html><head><title>T</title></head><body><article><h1>Headline</h1>"
            "<blockquote>\u201cWe will never give up our sovereignty.\u201d<br>\u2014<em>A "
            "speaker, Minsk, May 20</em>21</blockquote>"
            "<p>The agreement was signed in Sochi after a long night of talks between the two "
            "delegations, which had argued over the price of gas for weeks.<br><br>"
            "One official told the newspaper that <strong>the deal would be revised within a "
            "year.</strong><br><br>Throughout the negotiations, <strong>the Russian side "
            "insisted on a common tax code</strong>, which Minsk had long rejected.</p>"
            "<p>Observers in Vilnius and Warsaw said the new roadmaps changed little for the "
            "economy of Belarus, whose dependence on Russian credit keeps growing.</p>"
            "</article></body></html>")
    doc = parse_source(page, dataclasses.replace(sources["004"], format="html"))
    texts = [p.text for p in doc.paragraphs if p.role == "body"]
    assert any(t.startswith("\u201cWe will never") and t.endswith("May 2021") for t in texts)
    assert any("the newspaper that the deal would be revised" in t for t in texts)
    assert any("Throughout the negotiations, the Russian side insisted on a common tax code, "
               "which Minsk" in t for t in texts)


def test_markdown_plain_caption_under_an_image(sources, body) -> None:
    text = "\n\n".join([body[0], "![Two leaders](https://example.org/a.jpg)",
                        "The two leaders at a press conference in Sochi", *body[1:4]])
    doc = parse_source(text, dataclasses.replace(sources["004"], format="markdown"))
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body[:4]
    assert _details(doc)["The two leaders at a press conference in Sochi"] == (
        "rule: caption after an image")


def test_run_rules_on_their_own() -> None:
    assert set(menu_runs(["Body text that is a sentence.", *MENU[:4]])) == {1, 2, 3, 4}
    assert menu_runs(MENU[:3]) == {}  # three short lines are not yet a menu
    assert set(related_lists(RELATED)) == {0, 1, 2, 3}
    assert related_lists(RELATED[:2]) == {}  # one headline is not a list
    assert set(comment_sections(["A paragraph.", *COMMENTS])) == {1, 2, 3, 4, 5}
    assert video_items(["Watch the summit", "03:29"]) == {0: "video or audio item",
                                                          1: "video or audio item"}
    assert repeated_lines(["Five charts on the economy", "A sentence.", "A sentence.",
                           "Five charts on the economy"]) == {"fivechartsontheeconomy"}


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
menu_item = st.lists(words, min_size=1, max_size=MENU_ITEM_WORDS).map(
    lambda ws: " ".join(w.capitalize() for w in ws))
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(menu=st.lists(menu_item, min_size=4, max_size=12), at=st.integers(0, 20),
       stuck=st.booleans())
def test_a_menu_anywhere_leaves_the_body_as_it_was(sources, body, menu, at, stuck) -> None:
    """A menu of 4+ short items, alone or stuck to a paragraph, never changes the body."""
    blocks = list(body)
    at = at % (len(blocks) + 1)
    if stuck and at:
        blocks[at - 1] = "\n".join([blocks[at - 1], *menu])
    else:
        blocks.insert(at, "\n".join(menu))
    doc = parse_source("\n\n".join(blocks), sources["004"])
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body


@SETTINGS
@given(lines=st.lists(st.sampled_from(BODY_LINES + MENU), min_size=1, max_size=12))
def test_run_rules_never_take_a_sentence_of_prose(lines) -> None:
    claimed = {**menu_runs(lines), **related_lists(lines), **video_items(lines)}
    assert not [lines[i] for i in claimed if lines[i] in BODY_LINES]


def test_markdown_caption_after_its_credit_in_the_same_paragraph(sources, body) -> None:
    text = "\n\n".join([body[0], "![Two leaders](https://example.org/a.jpg)",
                        "© Example Agency  \nThe two leaders at a press conference in Sochi",
                        *body[1:3]])
    doc = parse_source(text, dataclasses.replace(sources["004"], format="markdown"))
    assert [p.text for p in doc.paragraphs if p.role == "body"] == body[:3]


@pytest.mark.parametrize("label", ["Example Daily recommends", "Editors recommend",
                                   "Audios and videos on the topic"])
def test_more_labels_over_lists_of_other_articles(label: str) -> None:
    texts = [label, "Minsk raises the price of potash again", "A new customs code for traders"]
    if label == "Editors recommend":  # not a label: "recommends" is what a site writes
        assert related_lists(texts) == {}
    else:
        assert set(related_lists(texts)) == {0, 1, 2}
