"""The PDF-extracted journal article (003): page furniture, footnotes, rejoined paragraphs."""

from __future__ import annotations

from conftest import paragraph_containing


def test_paragraph_continues_after_a_page_of_footnotes(parsed) -> None:
    doc, _ = parsed["003"]
    para = paragraph_containing(doc, "Russia’s clear and unflagging support has affected")
    # On the raw page the sentence breaks off, footnotes 1–2, a slug, two running heads
    # and the page number 148 intervene, then it resumes.
    assert "has affected the cohesion of the regime, and, in particular" in para.text
    assert "SM 2-2022" not in para.text and "Sprawy" not in para.text
    assert [m.number for m in para.markers] == [3]


def test_paragraph_continues_across_a_footnote_block_mid_sentence(parsed) -> None:
    doc, _ = parsed["003"]
    para = paragraph_containing(doc, "Aggressive actions being taken by Russia towards")
    assert "towards the former Soviet Union’s republics should be seen" in para.text
    assert "Ibidem" not in para.text and "Defense" not in para.text


def test_word_split_over_a_blank_line_is_rejoined(parsed) -> None:
    doc, _ = parsed["003"]
    para = paragraph_containing(doc, "after the fraudulent presidential elections were")
    assert "had begun in August 2020 after the fraudulent presidential elections were slowly dying" in para.text


def test_footnote_fragment_leaking_into_the_body_is_moved_to_notes(parsed) -> None:
    doc, _ = parsed["003"]
    para = paragraph_containing(doc, "A training and combat center")
    assert "A training and combat center for the air forces and air defense units" in para.text
    assert "млрд" not in para.text
    fragments = [n for n in doc.notes if n.kind == "fragment"]
    assert len(fragments) == 1 and fragments[0].text.startswith("1,3 млрд долларов")


def test_footnote_continued_on_the_next_page_stays_one_note(parsed) -> None:
    doc, _ = parsed["003"]
    notes = {n.number: n for n in doc.notes}
    assert "G. J. Ikenberry" in notes[12].text
    assert notes[12].text.endswith("“European Politics and Society” 2019, vol. 20, No. 2, p. 135.")
    assert "minska/>" in notes[48].text


def test_footnotes_are_numbered_and_split_off(parsed) -> None:
    doc, rows = parsed["003"]
    numbers = [n.number for n in doc.notes if n.number is not None]
    assert numbers == list(range(1, 52))
    note1 = next(n for n in doc.notes if n.number == 1)
    assert note1.text.startswith("The term revolution is therefore used")
    assert "T. L. Karl, Ph. Schmitter" in note1.text
    report = rows["parse_report"][0]
    # The extraction lost the text of footnotes 52–73; their markers must be reported.
    assert report["markers_without_notes"] == ", ".join(str(n) for n in range(52, 74))


def test_url_broken_over_lines_is_rejoined_without_spaces(parsed) -> None:
    doc, _ = parsed["003"]
    note2 = next(n for n in doc.notes if n.number == 2)
    assert "<https://www.vedomosti.ru/opinion/articles/2021/02/08/857158-belorussii-oshiblis>" in note2.text


def test_page_furniture_is_set_aside_with_reasons(parsed) -> None:
    doc, _ = parsed["003"]
    reasons = {(s.reason, s.text) for s in doc.set_aside}
    assert ("page_number", "147") in reasons and ("page_number", "148") in reasons
    assert ("running_head", "Sprawy Międzynarodowe 2022, t. 75, nr 2") in reasons
    assert ("running_head", "Michał Słowikowski, Michał Klonowski") in reasons
    assert sum(s.reason == "slug" for s in doc.set_aside) == 2


def test_polish_abstract_is_set_aside_and_english_abstract_kept(parsed) -> None:
    doc, _ = parsed["003"]
    polish = [s for s in doc.set_aside if s.reason == "other_language"]
    assert len(polish) == 2 and all(s.detail.startswith("pl:") for s in polish)
    assert polish[1].text.startswith("Kryzys polityczny w Białorusi")
    abstract = [p for p in doc.paragraphs if p.role == "abstract"]
    assert len(abstract) == 1
    assert abstract[0].text.startswith("The political crisis in Belarus, provoked by public")
    assert abstract[0].text.endswith("at least until 24 February 2022.")


def test_headings_are_headings_and_name_their_sections(parsed) -> None:
    doc, _ = parsed["003"]
    headings = [p.text for p in doc.paragraphs if p.role == "heading"]
    assert headings == [
        "The Kremlin’s perception of the West, the global order and Russia’s role in it",
        "Russia as a revisionist power",
        "Belarus’ role in Russian geopolitical considerations before August 2020",
        "Russian narratives on the political crisis in Belarus and its aftermath",
        "Migration crisis, red lines and US security guarantees for Russia",
        "The price Lukashenka had to pay…",
        "Summary",
    ]
    para = paragraph_containing(doc, "Russia has benefited from the political crisis in Belarus. It was")
    assert para.section == "Summary"


def test_superscript_markers_are_removed_and_linked(parsed) -> None:
    doc, rows = parsed["003"]
    para = paragraph_containing(doc, "relinquishing the presidential seat")
    assert "for last 26 years. The reasons" in para.text
    assert [m.number for m in para.markers] == [1]
    note1 = next(r for r in rows["notes"] if r["number"] == 1)
    assert note1["sentence_ids"] == ["003-p002-s02"]
    sentence = next(r for r in rows["sentences"] if r["sentence_id"] == "003-p002-s02")
    assert sentence["text"].endswith("for last 26 years.")


def test_small_capital_acronyms_are_restored(parsed) -> None:
    doc, _ = parsed["003"]
    para = paragraph_containing(doc, "did not allow foreign journalists to enter the border zone")
    assert "(CNN, BBC)" in para.text and "specialised EU agencies" in para.text
    assert "shift the responsibility onto us for no reason" in paragraph_containing(
        doc, "onto us for no reason").text


def test_body_paragraph_in_another_language_is_set_aside_as_printed(sources) -> None:
    from accounting import unaccounted

    from analysis.ingest.parsers import parse_source

    raw = ("Title line\n\nAbstract in English about Russia and Belarus.\n\n"
           "SM 2-2022.indb 146\n\nSprawy Międzynarodowe 2022, t. 75, nr 2\n147\n\n"
           "The first body paragraph is in English and talks about the Kremlin.¹\n\n"
           "Kryzys polityczny w Białorusi, wywołany niezadowoleniem społecznym ze sfałszowa-\n"
           "nych wyborów prezydenckich, pociągnął za sobą szereg konsekwencji.²\n\n"
           "1 A note.\n2 Another note.\n")
    doc = parse_source(raw, sources["003"])
    polish = [s for s in doc.set_aside if s.reason == "other_language"]
    assert len(polish) == 1 and polish[0].detail == "pl"
    assert "sfałszowa- nych" in polish[0].text  # kept as printed, not repaired
    assert not unaccounted(raw, doc)
