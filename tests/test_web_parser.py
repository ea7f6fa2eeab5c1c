"""Web articles (000, 001, 002, 004): furniture, headings, reference lists, markers."""

from __future__ import annotations

from conftest import paragraph_containing


def _set_aside(doc) -> dict[str, str]:
    return {s.text: f"{s.reason}/{s.detail}" for s in doc.set_aside}


def test_site_furniture_is_set_aside_with_its_kind(parsed) -> None:
    furniture = _set_aside(parsed["002"][0])
    assert furniture["Foto: Shutterstock, Mikel Dabbah"] == "boilerplate/photo credit"
    assert furniture["Eine deutsche Version dieses Artikels finden Sie hier."] == "boilerplate/translation notice"
    assert furniture["Newsletter bestellen"] == "boilerplate/newsletter"
    assert furniture["Related topics"] == "boilerplate/related links"
    donation = [t for t, why in furniture.items() if why == "boilerplate/donation appeal"]
    assert len(donation) == 2


def test_author_bio_disclaimer_and_title_are_set_aside(parsed) -> None:
    furniture = _set_aside(parsed["004"][0])
    bio = next(t for t in furniture if t.startswith("Brian Whitmore is a Nonresident"))
    assert furniture[bio] == "boilerplate/author bio"
    assert furniture["Dialog of dictators: How Putin and Lukashenka really talk to each other"] == "title/title as printed"
    assert any(why == "boilerplate/disclaimer" for why in furniture.values())
    assert furniture["Follow us on social media and support our work"] == "boilerplate/social links"


def test_byline_and_source_line_are_set_aside(parsed) -> None:
    furniture = _set_aside(parsed["001"][0])
    assert furniture["Maria Avdeeva, European Expert Association"] == "byline/author and affiliation"
    assert furniture["Джерело: UA: Ukraine Analytica 4 (26), 2021"] == "boilerplate/source line"


def test_section_headings_are_not_sentences(parsed) -> None:
    doc, rows = parsed["000"]
    assert [p.text for p in doc.paragraphs if p.role == "heading"] == [
        "Russian-Belarusian destiny", "Brass Tacks"]
    assert not any(s["text"] == "Brass Tacks" for s in rows["sentences"])
    para = paragraph_containing(doc, "After almost 4 hours of talks")
    assert para.section == "Brass Tacks"


def test_question_headings_are_headings(parsed) -> None:
    doc, _ = parsed["002"]
    headings = [p.text for p in doc.paragraphs if p.role == "heading"]
    assert "Will there be an integration into the Russian Federation?" in headings
    assert "Priority: Nord Stream 2" in headings
    assert len(headings) == 5


def test_reference_list_becomes_notes_linked_to_markers(parsed) -> None:
    doc, rows = parsed["001"]
    assert [n.number for n in doc.notes] == list(range(1, 23))
    assert all(n.kind == "reference" for n in doc.notes)
    para = paragraph_containing(doc, "signed a package of integration agreements")
    assert "following three years of talks. The framework" in para.text
    assert [m.number for m in para.markers] == [1, 2, 3]
    note = next(r for r in rows["notes"] if r["number"] == 22)
    assert note["sentence_ids"] and note["sentence_ids"][0].startswith("001-p")
    assert rows["parse_report"][0]["markers_without_notes"] == ""


def test_marker_glued_to_a_year_is_split_off(parsed) -> None:
    doc, _ = parsed["001"]
    para = paragraph_containing(doc, "the hijacking of the Ryanair flight in May 2021")
    assert "flight in May 2021, and the hybrid attack" in para.text
    assert [m.number for m in para.markers] == [4, 5]
    assert any(r.kind == "glued_marker" and r.before == "20214" for r in doc.repairs)


def test_lines_broken_inside_a_paragraph_are_joined(parsed) -> None:
    doc, _ = parsed["001"]
    para = paragraph_containing(doc, "any thaw in Lukashenko’s relations with the West")
    assert "\n" not in para.text


def test_bracket_markers_without_a_reference_list_are_reported(parsed) -> None:
    doc, rows = parsed["002"]
    para = paragraph_containing(doc, "want integration to deepen.")
    assert para.text.endswith("want integration to deepen.")
    assert [m.number for m in para.markers] == [1, 2]
    assert rows["parse_report"][0]["markers_without_notes"] == "1, 2"
