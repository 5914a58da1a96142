"""GIFT: the export parses with an independent GIFT parser (pygiftparser), special characters
are escaped, and GIFT written by hand or by Moodle is read back."""
import io
import re

import pytest

from peerlearn.content.loader import load_content
from peerlearn.errors import BankUnreadable
from peerlearn.interchange import BankAnswer, BankItem, gift, html_blocks, items_from_content

from pygiftparser import parser as pygift  # a test dependency (pyproject's [test] extra)


def parse_independently(text: str):
    return pygift.parseFile(io.StringIO(text))


def unescaped(text: str) -> str:
    """pygiftparser keeps GIFT's escapes in what it parses (it removes them when it renders);
    undo them to compare."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text)


@pytest.fixture(scope="module")
def bank():
    scenarios = [s for s in load_content().scenarios if s.type in ("single", "multi")]
    items, _ = items_from_content(scenarios)
    return scenarios, items, gift.write(items, "peerlearn question bank\nsecond comment line")


def test_pygiftparser_reads_every_question_with_its_answers_weights_and_feedback(bank):
    scenarios, items, text = bank
    parsed = parse_independently(text)
    assert len(parsed) == len(scenarios)
    for s, q in zip(scenarios, parsed):
        assert q.valid, s.id
        assert unescaped(q.title) == s.title and q.markup == "html"
        kind = type(q.answers).__name__
        assert kind == ("SelectSet" if s.type == "single" else "MultipleChoicesSet"), s.id
        answers = q.answers.answers
        assert len(answers) == len(s.choices)
        for a, c in zip(answers, s.choices):
            assert unescaped(a.answer) == c.text
            assert unescaped(a.feedback) == c.feedback
            if s.type == "single":
                assert a.select == c.correct
            else:
                assert (a.fraction > 0) == c.correct
                assert abs(a.fraction) == pytest.approx(100 / sum(x.correct for x in s.choices), abs=0.001)
        note = [f"Content note: {s.content_note}"] if s.content_note else []
        assert html_blocks(unescaped(q.text)) == note + [s.situation, s.question]


def tricky_item(braces_in_answers=True):
    brace = "{one}" if braces_in_answers else "one"
    return BankItem(
        name="Braces {and} colons: a #1 = test ~ here",
        situation="Sam writes: \"Is it ~ok~ to say {this}?\" He adds # and = and a back\\slash.",
        question="What do you say: yes = no?",
        single=True,
        answers=(BankAnswer(f"Answer = {brace} ~ two", "Because: #reason", 1.0),
                 BankAnswer("Another: option", f"Not this one {brace}", 0.0),
                 BankAnswer("A third\\choice", "", 0.0)),
        idnumber="sc-tricky", tags=("PSP-2", "a]b"),
    )


def test_gift_special_characters_are_escaped_so_moodle_and_other_parsers_see_them_as_text():
    text = gift.write([tricky_item(braces_in_answers=False)])
    stem_line = next(line for line in text.splitlines() if line.startswith("::"))
    # Every ~ = # { } in the text is preceded by a backslash; the only bare ones are GIFT's own.
    assert not re.search(r"(?<!\\)[~=#{}]", stem_line[:-1].split("::", 2)[2])
    (q,) = parse_independently(text)
    assert unescaped(q.title) == "Braces {and} colons: a #1 = test ~ here"
    assert html_blocks(unescaped(q.text)) == [tricky_item().situation, tricky_item().question]
    # (pygiftparser ends the answers at the first }, escaped or not, so braces inside answers
    # are checked against peerlearn's reader, which takes a question apart as Moodle's does.)
    assert [unescaped(a.answer) for a in q.answers.answers] == ["Answer = one ~ two", "Another: option", "A third\\choice"]
    assert [a.select for a in q.answers.answers] == [True, False, False]
    assert unescaped(q.answers.answers[0].feedback) == "Because: #reason"


def test_escaped_text_reads_back_exactly():
    (back,) = gift.read(gift.write([tricky_item()]), "in.gift").items
    assert back == tricky_item()


def test_reading_the_export_gives_back_every_stem_choice_key_and_feedback(bank):
    _, items, text = bank
    back = gift.read(text, "bank.gift")
    assert back.skipped == {}
    assert len(back.items) == len(items)
    for a, b in zip(items, back.items):
        assert (b.name, b.situation, b.question, b.single, b.idnumber, b.tags, b.category) == \
               (a.name, a.situation, a.question, a.single, a.idnumber, a.tags, a.category)
        assert [(x.text, x.feedback) for x in b.answers] == [(x.text, x.feedback) for x in a.answers]
        assert [x.fraction for x in b.answers] == pytest.approx([x.fraction for x in a.answers], abs=1e-6)


HAND_WRITTEN = r"""// A trainer's own bank, in Moodle's auto-format.
$CATEGORY: $course$/top/Peer training

// [tag:DIE-1] [id:sc-intro]
::Welcome::Lee joins a group for the first time and sits by the door.\n\nWhat do you do first?{
    =Greet Lee by name and say where things are.#Warm and practical.
    ~Ask Lee to share their story.#Too much, too soon.
    ~Leave Lee be.
}

::Select all::Which keep a group safe? {
  ~%50%Agreements made together#Yes.
  ~%50%Checking in with quiet members#Yes.
  ~%-100%Calling on people by turn#It pressures people.
}

The sky is blue.{TRUE}

Name a value of peer support.{=mutuality =hope}

How many modules are there?{#16}

Write about a boundary you hold.{}

Match these.{=a -> b =c -> d}

This is only a description.
"""


def test_hand_written_gift_is_read_and_other_question_types_are_counted():
    result = gift.read(HAND_WRITTEN, "mine.gift")
    assert result.skipped == {"truefalse": 1, "shortanswer": 1, "numerical": 1, "essay": 1, "matching": 1,
                              "description": 1}
    first, second = result.items
    assert (first.name, first.situation, first.question) == (
        "Welcome", "Lee joins a group for the first time and sits by the door.", "What do you do first?")
    assert first.single and [a.fraction for a in first.answers] == [1.0, 0.0, 0.0]
    assert [a.feedback for a in first.answers] == ["Warm and practical.", "Too much, too soon.", ""]
    assert first.tags == ("DIE-1",) and first.idnumber == "sc-intro"
    assert first.category == "$course$/top/Peer training"
    assert not second.single and [a.fraction for a in second.answers] == [0.5, 0.5, -1.0]
    assert second.tags == () and second.idnumber == ""


def test_an_answer_section_that_does_not_close_is_refused_with_its_line():
    with pytest.raises(BankUnreadable) as exc:
        gift.read("::One::Fine?{=yes ~no}\n\n::Two::Broken? {=yes ~no\n", "bad.gift")
    assert "line 3" in str(exc.value) and "bad.gift" in str(exc.value)
