"""Moodle XML question files (Moodle's own import and export format), multichoice questions only.

Written with the elements Moodle's importer (question/format/xml/format.php) reads for a
multichoice question: name, questiontext, generalfeedback, defaultgrade, penalty, hidden,
idnumber, single, shuffleanswers, answernumbering, showstandardinstruction, the combined
feedback, shownumcorrect, answer (fraction, text, feedback) and tags; a module's questions follow a
`category` question that puts them in their own sub-category.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from peerlearn.errors import BankUnreadable
from peerlearn.interchange import (BankAnswer, BankItem, ReadResult, html_blocks, percent, plain_blocks,
                                   split_stem, stem_html, inline_html, text_of)


def _text(parent, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def write(items: list[BankItem], comment: str = "") -> str:
    """The questions as a Moodle XML file (UTF-8 text)."""
    quiz = ET.Element("quiz")
    if comment:
        # An XML comment may not hold "--"; a trailing "-" would end it early too.
        while "--" in comment:
            comment = comment.replace("--", "- -")
        quiz.append(ET.Comment(" " + comment.rstrip("-") + " "))
    category = None
    for item in items:
        if item.category and item.category != category:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", item.category, None)
            _text(cat, "info", "")
            category = item.category
        q = ET.SubElement(quiz, "question", {"type": "multichoice"})
        _text(q, "name", item.name, None)
        _text(q, "questiontext", stem_html(item))
        _text(q, "generalfeedback", "")
        ET.SubElement(q, "defaultgrade").text = "1"
        # Only the first try counts in peerlearn; in Moodle's interactive behaviour a penalty of
        # 1 makes a later try earn nothing.
        ET.SubElement(q, "penalty").text = "1"
        ET.SubElement(q, "hidden").text = "0"
        ET.SubElement(q, "idnumber").text = item.idnumber
        ET.SubElement(q, "single").text = "true" if item.single else "false"
        ET.SubElement(q, "shuffleanswers").text = "true"
        ET.SubElement(q, "answernumbering").text = "abc"
        ET.SubElement(q, "showstandardinstruction").text = "1"
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(q, tag, "")
        if not item.single:
            ET.SubElement(q, "shownumcorrect")
        for a in item.answers:
            ans = ET.SubElement(q, "answer", {"fraction": percent(a.fraction), "format": "html"})
            ET.SubElement(ans, "text").text = inline_html(a.text)
            _text(ans, "feedback", inline_html(a.feedback))
        if item.tags:
            tags = ET.SubElement(q, "tags")
            for t in item.tags:
                ET.SubElement(ET.SubElement(tags, "tag"), "text").text = t
    ET.indent(quiz, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _blocks(el, fmt_default: str = "html") -> list[str]:
    """The paragraphs of a Moodle text element (<x format="..."><text>...</text></x>)."""
    if el is None:
        return []
    text = el.findtext("text") or ""
    fmt = el.get("format", fmt_default)
    if fmt == "html" or (fmt != "plain_text" and "<" in text):
        return html_blocks(text)
    return plain_blocks(text)


def read(text: str, source: str) -> ReadResult:
    """The multichoice questions of a Moodle XML file; other question types are counted as
    skipped. A file that is not Moodle XML raises BankUnreadable."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise BankUnreadable(source, f"it is not well-formed XML ({exc})") from None
    if root.tag != "quiz":
        raise BankUnreadable(source, f"it is not a Moodle XML question file (its root element is <{root.tag}>, not <quiz>)")
    result = ReadResult()
    category = ""
    for q in root.findall("question"):
        qtype = q.get("type", "")
        if qtype == "category":
            category = (q.findtext("category/text") or "").strip()
            continue
        if qtype != "multichoice":
            result.skip(qtype or "untyped")
            continue
        answers = []
        for a in q.findall("answer"):
            try:
                fraction = float(a.get("fraction", "0")) / 100
            except ValueError:
                raise BankUnreadable(source, f"an answer of {(q.findtext('name/text') or '').strip()!r} has the "
                                             f"fraction {a.get('fraction')!r}, which is not a number") from None
            answers.append(BankAnswer(text_of(_blocks(a, a.get("format", "html"))),
                                      text_of(_blocks(a.find("feedback"))), fraction))
        note, situation, question = split_stem(_blocks(q.find("questiontext")))
        result.items.append(BankItem(
            name=(q.findtext("name/text") or "").strip(), situation=situation, question=question,
            single=(q.findtext("single") or "true").strip() not in ("false", "0", ""),
            answers=tuple(answers), idnumber=(q.findtext("idnumber") or "").strip(),
            tags=tuple(t.strip() for t in (el.text or "" for el in q.findall("tags/tag/text")) if t.strip()),
            category=category, content_note=note,
        ))
    return result
