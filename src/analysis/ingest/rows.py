"""The table rows of one source: parse, segment, date, and account for every set-aside part."""

from __future__ import annotations

from collections import Counter

from analysis import PARSER_VERSION
from analysis.ingest.citations import extract_cited_dates, extract_urls
from analysis.ingest.corpus import Source, read_source_text
from analysis.ingest.document import Document, SetAside
from analysis.ingest.language import detect
from analysis.ingest.mention_table import mention_rows
from analysis.ingest.parsers import parse_source
from analysis.ingest.processed_tables import SET_ASIDE_REASONS
from analysis.ingest.segment import count_words, sentence_spans


def all_set_aside(doc: Document) -> list[SetAside]:
    """Set-aside parts in raw-line order, notes included (reason "note")."""
    notes = [SetAside("note", n.kind, n.text, n.lines) for n in doc.notes]
    return sorted([*doc.set_aside, *notes], key=lambda part: part.lines[0])


def _paragraph_rows(doc: Document) -> tuple[list[dict], list[dict], dict[int, list[str]]]:
    """Paragraph rows, sentence rows, and the sentence ids each note marker stands in."""
    paragraphs, sentences = [], []
    marker_sentences: dict[int, list[str]] = {}
    body_n = heading_n = 0
    for order, para in enumerate(doc.paragraphs):
        if para.role == "heading":
            heading_n += 1
            pid = f"{doc.doc_id}-h{heading_n:02d}"
            spans: list[tuple[int, int]] = []
        else:
            body_n += 1
            pid = f"{doc.doc_id}-p{body_n:03d}"
            spans = sentence_spans(para.text)
        paragraphs.append({
            "doc_id": doc.doc_id, "paragraph_id": pid, "order": order, "role": para.role,
            "section": para.section, "text": para.text, "n_words": count_words(para.text),
            "n_sentences": len(spans), "language": para.language,
            "raw_first_line": para.lines[0] + 1, "raw_last_line": para.lines[-1] + 1,
        })
        for s_index, (start, end) in enumerate(spans, start=1):
            sid = f"{pid}-s{s_index:02d}"
            numbers = [m.number for m in para.markers if start < m.offset <= end + 1
                       or (s_index == 1 and m.offset <= start)]
            for number in numbers:
                marker_sentences.setdefault(number, []).append(sid)
            sentences.append({
                "doc_id": doc.doc_id, "paragraph_id": pid, "sentence_id": sid,
                "sentence_index": s_index, "section": para.section, "role": para.role,
                "text": para.text[start:end], "n_words": count_words(para.text[start:end]),
                "char_start": start, "char_end": end, "note_markers": numbers,
            })
    return paragraphs, sentences, marker_sentences


def _note_rows(doc: Document,
               marker_sentences: dict[int, list[str]]) -> tuple[list[dict], list[dict]]:
    """Note rows, and the timeline of dates cited in notes (kept apart from body dates)."""
    rows: list[dict] = []
    citation_dates: list[dict] = []
    fragment_n = 0
    for note in doc.notes:
        if note.number is None:
            fragment_n += 1
            note_id = f"{doc.doc_id}-f{fragment_n:02d}"
        else:
            note_id = f"{doc.doc_id}-n{note.number:03d}"
        dates = extract_cited_dates(note.text)
        citation_dates.extend({"doc_id": doc.doc_id, "note_id": note_id, "surface": d.surface,
                               "date": d.date, "precision": d.precision, "role": d.role}
                              for d in dates)
        rows.append({
            "doc_id": doc.doc_id, "note_id": note_id, "number": note.number, "kind": note.kind,
            "text": note.text, "language": detect(note.text, default="en"),
            "urls": extract_urls(note.text),
            "cited_dates": [d.date for d in dates if d.role == "cited"],
            "cited_precisions": [d.precision for d in dates if d.role == "cited"],
            "access_dates": [d.date for d in dates if d.role == "accessed"],
            "sentence_ids": marker_sentences.get(note.number, []) if note.number else [],
            "raw_first_line": note.lines[0] + 1,
        })
    return rows, citation_dates


def _report_row(doc: Document, paragraphs: list[dict], sentences: list[dict]) -> dict:
    """Counts a reviewer checks: kept and set-aside words, notes, markers, repairs."""
    kept = [p for p in paragraphs if p["role"] != "heading"]
    set_aside_words: Counter[str] = Counter()
    for part in all_set_aside(doc):
        set_aside_words[part.reason] += count_words(part.text)
    numbered = sorted(n.number for n in doc.notes if n.number is not None)
    marker_numbers = sorted({m.number for p in doc.paragraphs for m in p.markers})
    gaps = sorted(set(range(1, max(numbered, default=0) + 1)) - set(numbered))
    row = {
        "doc_id": doc.doc_id, "paragraphs": len(kept),
        "headings": sum(p["role"] == "heading" for p in paragraphs),
        "sentences": len(sentences), "words_kept": sum(p["n_words"] for p in kept),
        "words_headings": sum(p["n_words"] for p in paragraphs if p["role"] == "heading"),
    }
    for reason in SET_ASIDE_REASONS:
        row[f"words_set_aside_{reason}"] = set_aside_words.get(reason, 0)
    row.update({
        "notes": len(numbered), "note_fragments": sum(n.number is None for n in doc.notes),
        "markers": sum(len(p.markers) for p in doc.paragraphs),
        "markers_without_notes": ", ".join(map(str, sorted(set(marker_numbers) - set(numbered)))),
        "notes_without_markers": ", ".join(map(str, sorted(set(numbered) - set(marker_numbers)))),
        "note_number_gaps": ", ".join(map(str, gaps)),
        "repairs": len(doc.repairs),
    })
    return row


def published(source: Source) -> dict[str, tuple[str, str]]:
    """doc_id → (start, end) of the source's publication period, as ``mention_rows`` takes it."""
    return {source.doc_id: (source.published_start().isoformat(),
                            source.published_end().isoformat())}


def other_rows(doc: Document, source: Source, paragraphs: list[dict], sentences: list[dict],
               marker_sentences: dict[int, list[str]]) -> dict[str, list[dict]]:
    """The rows of every table but paragraphs, sentences and mentions."""
    notes, citation_dates = _note_rows(doc, marker_sentences)
    set_aside = [{
        "doc_id": doc.doc_id, "order": i, "reason": s.reason, "detail": s.detail,
        "text": s.text, "n_words": count_words(s.text),
        "raw_first_line": s.lines[0] + 1, "raw_last_line": s.lines[-1] + 1,
    } for i, s in enumerate(all_set_aside(doc))]
    repairs = [{"doc_id": doc.doc_id, "order": i, "kind": r.kind, "before": r.before,
                "after": r.after, "context": r.context} for i, r in enumerate(doc.repairs)]
    report = _report_row(doc, paragraphs, sentences)
    start, end = published(source)[source.doc_id]
    document = {
        "doc_id": source.doc_id, "file": source.file, "title": source.title,
        "authors": "; ".join(source.authors), "outlet": source.outlet,
        "published": source.published, "date_precision": source.date_precision,
        "published_start": start, "published_end": end,
        "date_basis": source.date_basis, "url": source.url, "format": source.format,
        "language": source.language, "sha256": source.sha256,
        "parser_version": PARSER_VERSION, "n_paragraphs": report["paragraphs"],
        "n_sentences": report["sentences"], "n_words": report["words_kept"],
        "n_notes": report["notes"],
    }
    return {"documents": [document], "notes": notes, "set_aside": set_aside,
            "repairs": repairs, "parse_report": [report], "citation_dates": citation_dates}


def parse_one(source: Source, raw: str | bytes | None = None,
              repeated: frozenset[str] = frozenset(),
              ) -> tuple[Document, dict[str, list[dict]]]:
    """Parse one source (its raw text read and checked unless given) into table rows.

    ``repeated``: lines shared with other sources of the outlet (``repeats_by_source``).
    """
    doc = parse_source(read_source_text(source) if raw is None else raw, source, repeated)
    paragraphs, sentences, marker_sentences = _paragraph_rows(doc)
    rows = other_rows(doc, source, paragraphs, sentences, marker_sentences)
    rows.update(paragraphs=paragraphs, sentences=sentences,
                mentions=mention_rows(sentences, published(source)))
    return doc, rows


def rows_of(source: Source, raw: str | bytes | None = None,
            repeated: frozenset[str] = frozenset()) -> dict[str, list[dict]]:
    """The table rows of one source (what a worker process sends back)."""
    return parse_one(source, raw, repeated)[1]


def rows_of_task(task: tuple[Source, frozenset[str]]) -> dict[str, list[dict]]:
    """``rows_of`` for a (source, repeated lines) pair, the unit a process pool maps over."""
    return rows_of(task[0], None, task[1])
