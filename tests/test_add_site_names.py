"""analysis add: a page's own name, section and date are cut from its title, and the site is
never taken for an author (patterns met on real pages; the snippets are written here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.metadata.html import clean_title, not_sites, read_html

SITE = ["Example Daily", "Example Daily", "www.exampledaily.com"]


@pytest.mark.parametrize(("title", "clean"), [
    ("Minsk and Moscow sign new roadmaps | Example Daily", "Minsk and Moscow sign new roadmaps"),
    ("Minsk and Moscow sign new roadmaps | World | Example Daily | 19.01.2020",
     "Minsk and Moscow sign new roadmaps"),
    ("Minsk and Moscow sign new roadmaps » Europe » News » Example Daily",
     "Minsk and Moscow sign new roadmaps"),
    ("Minsk and Moscow sign new roadmaps -- exampledaily.com", "Minsk and Moscow sign new roadmaps"),
    ("Minsk and Moscow sign new roadmaps - Example Daily", "Minsk and Moscow sign new roadmaps"),
    # a dash inside a headline, and a short headline, stay as they are
    ("Russia – full spectrum revisionist?", "Russia – full spectrum revisionist?"),
    ("Belarus – a year after the protests", "Belarus – a year after the protests"),
    ("Union | State", "Union | State"),
])
def test_titles_lose_the_site_name_section_and_date(title: str, clean: str) -> None:
    assert clean_title(title, SITE) == clean


def test_the_site_is_not_an_author() -> None:
    assert not_sites(["Jane Doe", "Example Daily", "Deutsche Beispiel (www.beispiel.de)"],
                     SITE) == ["Jane Doe"]


def test_read_html_applies_both() -> None:
    page = ("<html><head><title>Minsk and Moscow sign new roadmaps | Politics | Example Daily"
            "</title><meta property='og:site_name' content='Example Daily'>"
            "<meta name='author' content='Jane Doe, Example Daily'></head><body><article>"
            "<h1>Minsk and Moscow sign new roadmaps</h1><p>"
            + "The two governments signed twenty-eight roadmaps on Friday in Moscow. " * 8
            + "</p></article></body></html>")
    meta = read_html(page.encode(), "page.html")
    assert meta.title == "Minsk and Moscow sign new roadmaps"
    assert meta.authors == ("Jane Doe",)


headline = st.lists(st.sampled_from(["Minsk", "Moscow", "gas", "price", "union", "talks",
                                     "new", "state", "roadmaps", "of", "the"]),
                    min_size=4, max_size=12).map(" ".join)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(head=headline, separator=st.sampled_from([" | ", " » ", " -- ", " - ", " – "]))
def test_a_headline_survives_whatever_site_name_follows_it(head: str, separator: str) -> None:
    assert clean_title(f"{head}{separator}Example Daily", SITE) == head
    assert clean_title(head, SITE) == head


@pytest.mark.parametrize("head", [
    "Home\nWorld\nPolitics",                       # a menu
    "Remember me\nForgot your password?",          # a log-in prompt
    "3 weather alerts\nWatch Now\n3 weather alerts",  # a widget printed twice
    "JANE DOE",                                    # a name in capitals
])
def test_no_title_is_guessed_from_site_furniture(head: str) -> None:
    from analysis.ingest.metadata.plaintext import guess_title

    assert guess_title([head, "Minsk and Moscow sign new roadmaps"]) == (
        "Minsk and Moscow sign new roadmaps")
    assert guess_title([head]) == ""


def test_front_matter_author_with_a_web_address_is_the_site() -> None:
    from analysis.ingest.metadata.frontmatter import read_markdown

    text = ("---\ntitle: Minsk and Moscow sign new roadmaps\nauthor:\n"
            "  - \"[[Example Daily (www.exampledaily.com)]]\"\npublished: 2021-05-19\n---\n\n"
            + "The two governments signed twenty-eight roadmaps on Friday in Moscow. " * 6)
    assert read_markdown(text, "clip.md").authors == ()
