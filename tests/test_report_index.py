"""reports/index.html renders in headless Chromium: every image loads, every link resolves."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import CHROMIUM_FLAGS, PROJECT, chromium_path

from analysis.report.story import headline_figures, story

INDEX = PROJECT / "reports" / "index.html"


@pytest.fixture(scope="module")
def rendered() -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        page.goto(INDEX.as_uri(), wait_until="load")
        result = page.evaluate("""() => ({
            title: document.title,
            images: [...document.images].map(i => [i.getAttribute('src'), i.complete,
                                                   i.naturalWidth]),
            links: [...document.links].map(a => a.href),
            sections: [...document.querySelectorAll('section h2')].map(h => h.textContent),
            answer: [...document.querySelectorAll('#answer p')].map(p => p.textContent),
            headline: [...document.querySelectorAll('#headline img')].map(
                i => i.getAttribute('src')),
            answer_first: Boolean(document.querySelector('#answer')?.compareDocumentPosition(
                document.querySelector('section')) & Node.DOCUMENT_POSITION_FOLLOWING),
        })""")
        result["errors"] = errors
        browser.close()
    return result


def test_page_renders_with_every_image_loaded(rendered: dict) -> None:
    assert rendered["title"] == "Russia–Belarus integration: reproduction report"
    assert rendered["errors"] == []
    pngs = sorted(p.name for p in (PROJECT / "reports" / "figures").glob("*.png"))
    assert sorted(Path(src).name for src, _, _ in rendered["images"]) == pngs
    for src, complete, width in rendered["images"]:
        assert complete and width > 300, f"{src} did not load"


def test_every_link_resolves_and_every_output_is_linked(rendered: dict) -> None:
    targets = set()
    for href in rendered["links"]:
        url = urlparse(href)
        if url.fragment and url.path == INDEX.as_uri()[len("file://"):]:
            continue
        path = Path(unquote(url.path))
        assert path.is_file(), f"broken link: {href}"
        targets.add(path.resolve().relative_to(PROJECT).as_posix())
    manifest = json.loads((PROJECT / "reports" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) | {"reports/MANIFEST.json"} == targets
    assert rendered["sections"][0].startswith("analysis parse")
    assert any(s.startswith("03_weights_over_time: ") for s in rendered["sections"])


def test_the_page_opens_with_the_answer_and_its_headline_figures(rendered: dict) -> None:
    assert rendered["answer"] == story(PROJECT / "reports" / "tables")
    assert len(rendered["answer"]) >= 4 and rendered["answer_first"]
    manifest = json.loads((PROJECT / "reports" / "MANIFEST.json").read_text(encoding="utf-8"))
    headline = [Path(s).name + ".png" for s in headline_figures(list(manifest["outputs"]))]
    assert any(h.startswith("fig8_trend_by_publication_date_") for h in headline)
    assert [Path(src).name for src in rendered["headline"]] == headline
    assert [Path(src).name for src, _, _ in rendered["images"]][:len(headline)] == headline
