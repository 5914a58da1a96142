"""Item writing: validate warns trainers of the cues that give a key away, and the built-in bank
is written so that a reader who skips the situation cannot find the key."""
import collections
import os
import sys
import textwrap

import pytest

from peerlearn.engine import items

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))


def write(tmp_path, text, name="items.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def warnings_for(path):
    from peerlearn.content.loader import check_files, content_dirs, discover

    _, problems = check_files(discover(content_dirs()) + [str(path)])
    return [p for p in problems if os.path.realpath(p.path) == os.path.realpath(path)]


FLAWED = """\
kind: scenario
scenarios:
  - id: iw-longest
    type: single
    title: The key is the longest
    competencies: [PSP-2]
    situation: A peer asks what to do about a hard week.
    question: How do you respond to the peer's hard week?
    choices:
      - id: a
        text: Ask what the week has been like and what would help, and follow where the peer wants to take it from there.
        correct: true
        feedback: It keeps the peer in charge (PSP-2).
      - {id: b, text: Tell them what you would do., feedback: Advice-giving runs against PSP-2.}
      - {id: c, text: Suggest a counsellor at once., feedback: A referral too soon skips listening.}
  - id: iw-twins
    type: single
    title: Two choices read the same
    competencies: [PSP-2]
    situation: A peer asks what to do about a hard week.
    question: How do you respond to the peer asking what to do?
    choices:
      - {id: a, text: Ask what would help this week., correct: true, feedback: It keeps the peer in charge.}
      - {id: b, text: Ask what would help them this week., feedback: The same move in other words.}
      - {id: c, text: None of the above., feedback: A test-taking option.}
  - id: iw-all-keyed
    type: multi
    title: Every option keyed
    competencies: [PSP-2]
    situation: A peer asks what to do about a hard week.
    question: Which of these fit the peer role? Select all that apply.
    choices:
      - {id: a, text: Listen to the peer first., correct: true, feedback: Listening comes first.}
      - {id: b, text: Offer to find resources., correct: true, feedback: Resources on request.}
  - id: iw-branch
    type: branching
    title: A lesser choice reaches the best ending
    competencies: [PSP-2]
    situation: A peer asks what to do about a hard week.
    steps:
      - id: iw-branch-start
        situation: A peer asks what to do about a hard week.
        question: What do you say first to the peer?
        choices:
          - {id: a, text: Ask what the week was like., correct: true, feedback: Curiosity first., next: iw-branch-end-good}
          - {id: b, text: Tell them to rest more., feedback: Advice first., next: iw-branch-end-good}
    endings:
      - {id: iw-branch-end-good, text: The peer feels heard.}
"""


@pytest.mark.parametrize(("a", "b"), [
    ("", ""), ("", "x"), ("ask what would help this week.", "ask what would help them this week."),
    ("aaab", "abbb"), ("listen first.", "listen first!"), ("café au lait", "cafe\u0301 au lait"),
    ("tell them what you would do in their place.", "suggest they ask someone else."),
])
def test_the_quick_ratio_is_difflibs(a, b):
    """near_identical_pairs counts common characters itself; the figure must be difflib's."""
    from difflib import SequenceMatcher

    assert items._quick_ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).quick_ratio()


def test_validate_warns_of_each_item_writing_flaw_at_its_place(tmp_path):
    path = write(tmp_path, FLAWED)
    found = [(p.line, p.col, p.message) for p in warnings_for(path) if p.message.startswith("item writing")]
    text = " | ".join(m for _, _, m in found)
    assert (11, 15) in {(line, col) for line, col, _ in found}  # the long keyed choice's text
    assert "longer than every other choice" in text
    assert "very unequal" in text
    assert "choices 'a' and 'b' read nearly the same" in text
    assert "none of the above" in text
    assert "every option is keyed" in text
    assert "choice 'b' of step 'iw-branch-start' is not marked best but still reaches" in text
    assert all(p.severity == "warning" for p in warnings_for(path))


def test_strict_turns_item_writing_warnings_into_errors(run, tmp_path):
    path = write(tmp_path, FLAWED)
    plain = run("validate", str(path))
    assert plain.exit_code == 0 and "warning: item writing" in plain.stdout
    strict = run("validate", "--strict", str(path))
    assert strict.exit_code == 1 and "error: item writing" in strict.stdout


def test_a_well_written_item_gets_no_item_writing_warning(tmp_path):
    path = write(tmp_path, """\
        kind: scenario
        scenarios:
          - id: iw-good
            type: single
            title: Alike in length
            competencies: [PSP-2]
            situation: A peer asks what to do about a hard week.
            question: How do you respond to the peer's hard week?
            choices:
              - {id: a, text: Ask what the week was like for them., correct: true, feedback: Curiosity first (PSP-2).}
              - {id: b, text: Share how you got through your own., feedback: It moves the focus to you.}
              - {id: c, text: Offer a list of places that can help., feedback: Resources before listening.}
        """)
    assert warnings_for(path) == []


def test_the_built_in_content_passes_validate_strict(run):
    result = run("validate", "--strict")
    assert result.exit_code == 0, result.stdout[-3000:]


# -- the built-in bank, measured the way bench/surface_cues.py measures it -------------------

@pytest.fixture(scope="module")
def report():
    import surface_cues

    per_file, rows, identical = surface_cues.analyse([os.path.join(ROOT, "assessments")])
    return surface_cues.summarise(per_file.values()), rows, identical


def test_the_keyed_choice_is_rarely_the_longest(report):
    bank, _, _ = report
    assert bank["keyed_longest_pct"] <= 30


def test_the_keyed_choice_is_as_long_as_the_distractors(report):
    bank, _, _ = report
    assert bank["ratio_in_range_pct"] >= 80


def test_always_picking_the_longest_choice_scores_at_most_35_percent(report):
    bank, _, _ = report
    assert bank["score_longest_pct"] <= 35
    assert bank["score_longest_words_pct"] <= bank["score_chance_pct"] + 10  # counted in words


def test_values_words_do_not_mark_the_key(report):
    bank, _, _ = report
    assert bank["score_cue_words_pct"] <= 40


def test_the_key_does_not_stand_out_by_its_sentences_or_its_reasons(report):
    bank, _, _ = report
    assert bank["score_sentences_pct"] <= 40  # the choice with the most sentences
    assert bank["score_no_reason_pct"] <= 40  # the choice that gives no "so"/"since"/"because"
    assert bank["score_convergence_pct"] <= 40  # the choice sharing most words with the others


def test_a_word_model_trained_on_the_rest_of_the_bank_does_not_find_the_key(report):
    bank, _, _ = report
    assert bank["score_word_model_pct"] <= 40


def test_a_reader_trained_on_every_surface_feature_of_the_rest_of_the_bank_stays_near_chance(report):
    bank, _, _ = report
    assert bank["score_learned_pct"] <= bank["score_chance_pct"] + 10
    # a cue that points away from the key is a cue too
    for name in ("score_longest_pct", "score_shortest_pct", "score_middle_pct"):
        assert bank[name] >= bank["score_chance_pct"] - 15, name


def test_no_two_choices_read_the_same(report):
    bank, _, identical = report
    assert bank["near_identical_in_question"] == [] and identical == {}


def test_multi_select_items_key_different_numbers_of_options(report):
    _, rows, _ = report
    multi = [(len(r["keyed"]), len(r["ids"])) for r in rows if r["type"] == "multi"]
    assert all(1 <= k < n for k, n in multi)
    counts = collections.Counter(k for k, _ in multi)
    assert len(counts) >= 3 and max(counts.values()) <= 0.6 * len(multi)


def test_the_bank_keeps_its_size_and_coverage(content):
    assert len(content.scenarios) >= 125
    for comp in content.framework.competencies:
        mine = [s for s in content.scenarios if comp.id in s.competencies]
        assert len(mine) >= 5, comp.id
        assert len({s.difficulty for s in mine}) >= 2, comp.id


def test_the_length_rules_measure_what_a_reader_sees():
    q = [("Ask   what would help.", True), ("Tell them what to do now.", False)]
    assert items.length(q[0][0]) == len("Ask what would help.")
    assert items.key_ratio(q) == pytest.approx(20 / 25)
    assert not items.key_is_longest(q) and items.longest_pick(q) == 1


@pytest.fixture(scope="module")
def content():
    from peerlearn.content.loader import load_content

    return load_content()
