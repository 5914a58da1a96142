"""Moodle XML: the structure Moodle's importer (question/format/xml/format.php) reads, and the
way back from a Moodle export."""
import xml.etree.ElementTree as ET

import pytest

from peerlearn.content.loader import load_content
from peerlearn.errors import BankUnreadable
from peerlearn.interchange import MOODLE_FRACTIONS, items_from_content, moodle_xml


@pytest.fixture(scope="module")
def bank():
    scenarios = [s for s in load_content().scenarios if s.type in ("single", "multi")]
    items, _ = items_from_content(scenarios)
    return scenarios, items, moodle_xml.write(items, "a comment --- with dashes")


def test_the_file_is_well_formed_xml_with_a_quiz_root(bank):
    _, _, text = bank
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    assert root.tag == "quiz"


def test_each_question_has_what_moodles_multichoice_importer_reads(bank):
    scenarios, _, text = bank
    root = ET.fromstring(text)
    questions = root.findall("question[@type='multichoice']")
    assert len(questions) == len(scenarios)
    allowed = {round(f * 100, 5) for f in MOODLE_FRACTIONS} | {round(-f * 100, 5) for f in MOODLE_FRACTIONS}
    for s, q in zip(scenarios, questions):
        # import_headers: name/text (required), questiontext/@format and text, idnumber, tags.
        assert q.findtext("name/text") == s.title
        assert q.find("questiontext").get("format") == "html" and q.findtext("questiontext/text")
        assert q.findtext("idnumber") == s.id
        assert [t.text for t in q.findall("tags/tag/text")] == list(s.competencies)
        # import_multichoice: single, shuffleanswers, answernumbering, answers.
        assert q.findtext("single") == ("true" if s.type == "single" else "false")
        assert q.findtext("shuffleanswers") == "true" and q.findtext("answernumbering") == "abc"
        answers = q.findall("answer")
        assert len(answers) == len(s.choices)
        grades = [float(a.get("fraction")) for a in answers]
        assert all(round(g, 5) in allowed for g in grades), (s.id, grades)
        assert sum(g for g in grades if g > 0) == pytest.approx(100, abs=0.001)
        if s.type == "single":
            assert sorted(grades) == [0] * (len(grades) - 1) + [100]
        for a, c in zip(answers, s.choices):
            assert a.get("format") == "html"
            assert a.findtext("text") and a.findtext("feedback/text")
            assert (float(a.get("fraction")) > 0) == c.correct
        # import_combined_feedback reads these three (empty is fine).
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            assert q.find(tag) is not None


def test_each_module_gets_a_category_before_its_questions(bank):
    scenarios, _, text = bank
    root = ET.fromstring(text)
    category, seen = None, {}
    for q in root.findall("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text")
        else:
            seen[q.findtext("idnumber")] = category
    for s in scenarios:
        assert seen[s.id] == f"$course$/top/peerlearn/{s.module}"


def test_reading_the_export_gives_back_every_stem_choice_key_and_feedback(bank):
    _, items, text = bank
    back = moodle_xml.read(text, "bank.xml")
    assert back.skipped == {}
    assert len(back.items) == len(items)
    for a, b in zip(items, back.items):
        assert (b.name, b.situation, b.question, b.single, b.idnumber, b.tags, b.category, b.content_note) == \
               (a.name, a.situation, a.question, a.single, a.idnumber, a.tags, a.category, a.content_note)
        assert [(x.text, x.feedback) for x in b.answers] == [(x.text, x.feedback) for x in a.answers]
        assert [x.fraction for x in b.answers] == pytest.approx([x.fraction for x in a.answers], abs=1e-6)


# A question as Moodle 4 exports it: CDATA, plain-text answers inside <p>, an essay to skip.
MOODLE_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for Peer training/m06-boundaries</text>
    </category>
    <info format="moodle_auto_format">
      <text></text>
    </info>
    <idnumber></idnumber>
  </question>
<!-- question: 123  -->
  <question type="multichoice">
    <name>
      <text>A gift from Tom</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">Tom brings you a $200 watch to say thanks.</p>
<p dir="ltr"><strong>What do you do?</strong><br></p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>false</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <answer fraction="50" format="html">
      <text><![CDATA[<p>Thank Tom &amp; explain the gift policy.</p>]]></text>
      <feedback format="html">
        <text><![CDATA[<p>Kind and clear.</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="50" format="html">
      <text>Suggest a card instead.</text>
      <feedback format="html">
        <text>Keeps the thanks.</text>
      </feedback>
    </answer>
    <answer fraction="-100" format="html">
      <text>Accept it quietly.</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <tags>
      <tag><text>boundaries</text></tag>
      <tag><text>WRB-3</text></tag>
    </tags>
  </question>
<!-- question: 124  -->
  <question type="essay">
    <name><text>Reflect</text></name>
    <questiontext format="html"><text>Write about a boundary.</text></questiontext>
  </question>
  <question type="truefalse">
    <name><text>TF</text></name>
    <questiontext format="html"><text>True?</text></questiontext>
  </question>
</quiz>
"""


def test_a_moodle_export_is_read_with_its_category_tags_and_feedback():
    result = moodle_xml.read(MOODLE_EXPORT, "moodle.xml")
    assert result.skipped == {"essay": 1, "truefalse": 1}
    (q,) = result.items
    assert q.name == "A gift from Tom" and not q.single
    assert (q.situation, q.question) == ("Tom brings you a $200 watch to say thanks.", "What do you do?")
    assert [(a.text, a.feedback, a.fraction) for a in q.answers] == [
        ("Thank Tom & explain the gift policy.", "Kind and clear.", 0.5),
        ("Suggest a card instead.", "Keeps the thanks.", 0.5),
        ("Accept it quietly.", "", -1.0),
    ]
    assert q.tags == ("boundaries", "WRB-3")
    assert q.category.endswith("/m06-boundaries")


@pytest.mark.parametrize("text,reason", [
    ("<quiz><question type='multichoice'>", "not well-formed XML"),
    ("<html><body>hello</body></html>", "not a Moodle XML question file"),
    ("<quiz><question type='multichoice'><answer fraction='lots'/></question></quiz>", "not a number"),
])
def test_a_file_that_is_not_moodle_xml_is_refused_with_the_reason(text, reason):
    with pytest.raises(BankUnreadable) as exc:
        moodle_xml.read(text, "in.xml")
    assert reason in str(exc.value) and "in.xml" in str(exc.value)
    assert "\n" not in str(exc.value)
