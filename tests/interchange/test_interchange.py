"""The neutral bank shape: grade fractions that reproduce peerlearn's scoring in Moodle, text
to HTML and back, and imported questions as scenario documents."""
from itertools import combinations

import pytest

from peerlearn.content.loader import load_content
from peerlearn.content.model import Choice
from peerlearn.engine.scoring import score_choices
from peerlearn.interchange import (MOODLE_FRACTIONS, BankAnswer, BankItem, fractions, html_blocks, inline_html,
                                   items_from_content, paragraphs_html, percent, scenarios_from_items, split_stem)


def moodle_grade(item: BankItem, picked: set) -> float:
    """How Moodle's multichoice grades a response (qtype_multichoice grade_response): single,
    the fraction of the one answer picked; multiple, the sum of the picked answers' fractions
    kept between 0 and 1."""
    if item.single:
        return item.answers[next(iter(picked))].fraction if len(picked) == 1 else 0.0
    return min(max(0.0, sum(item.answers[i].fraction for i in picked)), 1.0)


def subsets(n: int):
    for k in range(n + 1):
        yield from (set(c) for c in combinations(range(n), k))


def test_moodle_grades_every_response_to_the_bank_exactly_as_peerlearn_does():
    scenarios = [s for s in load_content().scenarios if s.type in ("single", "multi")]
    items, _ = items_from_content(scenarios)
    checked = 0
    for s, item in zip(scenarios, items):
        for picked in subsets(len(s.choices)):
            if s.type == "single" and len(picked) != 1:
                continue
            ours = score_choices(s.type, s.choices, [s.choices[i].id for i in picked])
            assert moodle_grade(item, picked) == pytest.approx(ours, abs=1e-6), (s.id, picked)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("keyed", range(1, 7))
def test_a_multi_item_with_k_keyed_options_maps_to_fractions_moodle_accepts(keyed):
    correct = [True] * keyed + [False] * (6 - keyed)
    shares = fractions("multi", correct)
    allowed = set(MOODLE_FRACTIONS) | {-f for f in MOODLE_FRACTIONS}
    assert all(f in allowed for f in shares)
    choices = [Choice(str(i), "t", "f", c) for i, c in enumerate(correct)]
    item = BankItem("n", "s", "q", False, tuple(BankAnswer("t", "f", f) for f in shares))
    for picked in subsets(6):
        assert moodle_grade(item, picked) == pytest.approx(score_choices("multi", choices, [str(i) for i in picked]), abs=1e-6)


def test_a_multi_item_with_nothing_keyed_cannot_be_written():
    with pytest.raises(ValueError):
        fractions("multi", [False, False, False])


def test_percent_is_written_the_way_moodle_writes_grades():
    assert [percent(f) for f in (1.0, 0.0, 0.5, -0.5, 0.3333333, -0.1666667)] == ["100", "0", "50", "-50", "33.33333", "-16.66667"]


def test_branching_scenarios_are_left_out_and_named():
    content = load_content()
    items, skipped = items_from_content(content.scenarios)
    branching = [s.id for s in content.scenarios if s.type == "branching"]
    assert skipped == branching and branching
    assert len(items) == len(content.scenarios) - len(branching)


def test_text_becomes_html_and_comes_back_unchanged():
    text = "Ana says: \"I'm <fine> & ok.\"\nShe looks away.\n\nA second paragraph."
    html = paragraphs_html(text)
    assert html == "<p>Ana says: \"I'm &lt;fine&gt; &amp; ok.\"<br>She looks away.</p><p>A second paragraph.</p>"
    assert "\n\n".join(html_blocks(html)) == text
    assert inline_html("One line & more.") == "One line &amp; more."


def test_html_from_moodle_is_read_as_plain_paragraphs():
    html = '<p dir="ltr" style="text-align: left;">Tom&nbsp;calls   the\n line.</p><div><strong>What</strong> do you say?</div>'
    assert html_blocks(html) == ["Tom calls the line.", "What do you say?"]


def test_the_stem_splits_into_situation_and_question():
    assert split_stem(["Content note: overdose.", "Ben calls.", "What now?"]) == ("overdose.", "Ben calls.", "What now?")
    assert split_stem(["Ben calls you late. What do you say first?"]) == ("", "Ben calls you late.", "What do you say first?")
    note, situation, question = split_stem(["Choose the best response."])
    assert situation == "Choose the best response." and question.startswith("TODO")


def item(name="Ana's choice", single=True, fractions_=(1.0, 0.0), tags=(), idnumber=""):
    return BankItem(name, "Ana calls.", "What do you say?", single,
                    tuple(BankAnswer(f"choice {i}", f"because {i}", f) for i, f in enumerate(fractions_)),
                    idnumber=idnumber, tags=tags)


def test_imported_questions_keep_competency_tags_and_leave_todo_without_them():
    docs, notes = scenarios_from_items([item(tags=("PSP-2", "week 3")), item(name="Second")])
    assert docs[0]["competencies"] == ["PSP-2"]
    assert docs[1]["competencies"] == ["TODO"]
    assert [c.get("correct", False) for c in docs[0]["choices"]] == [True, False]
    assert docs[0]["choices"][1]["feedback"] == "because 1"
    assert notes == []


def test_imported_ids_never_collide_and_a_taken_id_number_is_reported():
    docs, notes = scenarios_from_items([item(idnumber="sc01-taken"), item(idnumber="Not An Id!"), item()],
                                       taken={"sc01-taken"})
    ids = [d["id"] for d in docs]
    assert ids == ["sc01-taken-2", "sc-ana-s-choice", "sc-ana-s-choice-2"]
    assert len(notes) == 1 and "sc01-taken as sc01-taken-2" in notes[0]


def test_moodle_weights_peerlearn_does_not_reproduce_are_reported():
    docs, notes = scenarios_from_items([
        item(single=False, fractions_=(0.5, 0.5, -1.0), idnumber="sc-even"),
        item(single=False, fractions_=(0.7, 0.3, 0.0), idnumber="sc-uneven"),
        item(single=True, fractions_=(1.0, 0.5, 0.0), idnumber="sc-part"),
    ])
    assert [c.get("correct", False) for c in docs[1]["choices"]] == [True, True, False]
    assert [n.split(":")[0] for n in notes] == ["sc-even", "sc-uneven", "sc-part"]
