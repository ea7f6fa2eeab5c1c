"""Measure the parsers on real pages of other sites (the pages are never committed).

usage: python benchmarks/realpages.py DIR [ID ...]

DIR holds ``pages.json`` (a list of {id, file, format, site, gold, given?, gold_not_body?}),
``pages/`` (the saved pages, clippings and copies), and ``gold/`` (the body of each page as
plain text, one paragraph a line: an extraction project's expected output, or marked by
hand). ``given`` holds the ``analysis add`` flags a user would give (``--authors`` …);
``gold_not_body`` lists starts of reference lines that are site furniture after all.
Writes DIR/out/<id>.txt (kept sentences not in the body, body sentences not kept, headings,
set-aside words by reason, every set-aside part) and DIR/out/<id>.json, and prints one line
per page. Results: benchmarks/realpages.md.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from analysis.core.errors import AnalysisError
from analysis.ingest.add import Given, make_row
from analysis.ingest.corpus import Source
from analysis.ingest.rows import parse_one
from analysis.ingest.segment import count_words, split_sentences

HERE = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
OUT = HERE / "out"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    w = words(text)
    if len(w) < n:
        return {tuple(w)} if w else set()
    return set(zip(*(w[i:] for i in range(n)), strict=False))


def share_in(text: str, pool: set[tuple[str, ...]], pool_words: set[str]) -> float:
    g = grams(text)
    if not g:
        return 1.0
    if len(words(text)) < 3:
        return float(all(x in pool_words for x in words(text)))
    return sum(1 for x in g if x in pool) / len(g)


def gold_paragraphs(page: dict) -> list[str]:
    text = (HERE / "gold" / page["gold"]).read_text()
    drop = tuple(page.get("gold_not_body", []))
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text)
            if p.strip() and not p.strip().startswith(drop)]


def run(page: dict) -> str:
    path = HERE / "pages" / page["file"]
    data = path.read_bytes()
    given = Given(**page.get("given", {}))
    try:
        row = make_row(path, data, page["format"], "x01", given)
        meta_note = ""
    except AnalysisError as exc:
        meta_note = str(exc).split(": ", 1)[1]
        fallback = {"title": "?", "authors": "unsigned", "outlet": "?", "published": "2000",
                    **page.get("given", {})}
        row = make_row(path, data, page["format"], "x01", Given(**fallback))
    source = Source(doc_id="x01", file=path.name, title=row["title"],
                    authors=tuple(a for a in row["authors"].split("; ") if a),
                    outlet=row["outlet"], published=row["published"],
                    date_precision=row["date_precision"], date_basis=row["date_basis"],
                    url=row["url"], format=row["format"], language=row["language"],
                    sha256=row["sha256"], path=path)
    raw = data.decode("utf-8")
    _, rows = parse_one(source, raw)
    sentences = list(rows["sentences"])
    headings = [p["text"] for p in rows["paragraphs"] if p["role"] == "heading"]
    gold = gold_paragraphs(page)
    gold_text = "\n".join(gold)
    pool, pool_words = set().union(*(grams(p) for p in gold)), set(words(gold_text))
    kept_text = "\n".join(s["text"] for s in sentences)
    kept_pool = set().union(*(grams(s["text"]) for s in sentences)) if sentences else set()
    kept_words = set(words(kept_text))
    body_words = sum(count_words(p) for p in gold
                     if " ".join(words(p)) not in {" ".join(words(h)) for h in headings})
    kept_n = sum(s["n_words"] for s in sentences)
    extra = [s for s in sentences if share_in(s["text"], pool, pool_words) < 0.5]
    gold_sents = [t for p in gold for t in split_sentences(p)]
    head_keys = {" ".join(words(h)) for h in headings}
    lost = [t for t in gold_sents if share_in(t, kept_pool, kept_words) < 0.5
            and " ".join(words(t)) not in head_keys]
    by_reason: dict[str, int] = {}
    for part in rows["set_aside"]:
        key = f"{part['reason']} / {part['detail']}"
        by_reason[key] = by_reason.get(key, 0) + part["n_words"]
    lines = [f"# {page['id']}  ({page['format']}, {page['site']})",
             f"metadata: title={row['title']!r} authors={row['authors']!r} "
             f"outlet={row['outlet']!r} published={row['published']} ({row['date_basis']})"
             + (f"  MISSING: {meta_note}" if meta_note else ""),
             f"words kept {kept_n} / body {body_words}; sentences {len(sentences)}; "
             f"headings {len(headings)}",
             "", "## kept sentences not in the body reference"]
    lines += [f"- [{s['sentence_id']}] {s['text']}" for s in extra]
    lines += ["", "## body sentences not kept"]
    lines += [f"- {t}" for t in lost]
    lines += ["", "## headings"] + [f"- {h}" for h in headings]
    lines += ["", "## first and last kept sentences, and short ones"]
    lines += [f"- [{s['sentence_id']}] {s['text']}" for i, s in enumerate(sentences)
              if i < 3 or i >= len(sentences) - 6 or s["n_words"] < 7]
    lines += ["", "## set aside (words by reason)"]
    lines += [f"- {k}: {v}" for k, v in sorted(by_reason.items(), key=lambda kv: -kv[1])]
    lines += ["", "## set aside parts (first 120 chars)"]
    lines += [f"- {p['reason']} / {p['detail']}: {p['text'][:120]}" for p in rows["set_aside"]]
    (OUT / f"{page['id']}.txt").write_text("\n".join(lines) + "\n")
    summary = {"id": page["id"], "kept": kept_n, "body": body_words, "extra": len(extra),
               "lost": len(lost), "title": row["title"], "authors": row["authors"],
               "published": row["published"], "basis": row["date_basis"], "missing": meta_note}
    (OUT / f"{page['id']}.json").write_text(json.dumps(summary, indent=1) + "\n")
    return (f"{page['id']:<22} kept {kept_n:>5} / body {body_words:>5}  "
            f"not-in-body sentences {len(extra):>3}  body sentences lost {len(lost):>3}")


if __name__ == "__main__":
    wanted = set(sys.argv[2:])
    OUT.mkdir(exist_ok=True)
    for page in json.loads((HERE / "pages.json").read_text()):
        if not wanted or page["id"] in wanted:
            print(run(page), flush=True)
