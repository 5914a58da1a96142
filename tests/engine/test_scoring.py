"""Scoring: single, multi-select and branching scenarios as pure functions."""

import pytest

from peerlearn.content.model import Choice, Ending, Scenario, Step
from peerlearn.engine import scoring

A, B, C, D = (Choice("a", "A", "fa", True), Choice("b", "B", "fb"), Choice("c", "C", "fc", True), Choice("d", "D", "fd"))


def test_single_best_response_scores_one_or_zero():
    assert scoring.score_choices("single", (A, B), {"a"}) == 1.0
    assert scoring.score_choices("single", (A, B), {"b"}) == 0.0


@pytest.mark.parametrize("picked,expected", [
    ({"a", "c"}, 1.0),        # both correct
    ({"a"}, 0.5),             # one of two correct
    ({"a", "b"}, 0.0),        # one right, one wrong cancel out
    ({"a", "b", "c", "d"}, 0.0),  # ticking everything earns nothing
    ({"a", "c", "d"}, 0.5),
])
def test_multi_select_gets_partial_credit(picked, expected):
    assert scoring.score_choices("multi", (A, B, C, D), picked) == pytest.approx(expected)


def branching():
    return Scenario(
        id="t", type="branching", title="T", competencies=("WRB-4",), situation="S",
        steps=(
            Step("s1", "S1", "Q1", (Choice("a", "A", "f", True, "s2"), Choice("b", "B", "f", False, "end-poor"))),
            Step("s2", "S2", "Q2", (Choice("a", "A", "f", True, "end-good"), Choice("b", "B", "f", False, "end-mixed"))),
        ),
        endings=(Ending("end-good", "G"), Ending("end-mixed", "M"), Ending("end-poor", "P")),
    )


def test_branching_follows_the_chosen_path_and_scores_the_share_of_best_steps():
    s = branching()
    assert scoring.walk(s, ["a", "a"]) == scoring.Answer("t", (("s1", ("a",)), ("s2", ("a",))), 1.0, "end-good")
    mixed = scoring.walk(s, ["a", "b"])
    assert mixed.ending == "end-mixed" and mixed.score == 0.5
    poor = scoring.walk(s, ["b"])
    assert poor.ending == "end-poor" and poor.score == 0.0 and len(poor.path) == 1
    assert scoring.best_path(s) == ["a", "a"]



def test_advance_is_one_move_of_the_walk_and_refuses_what_is_not_there():
    s = branching()
    assert scoring.advance(s, "s1", "a") == "s2" and scoring.advance(s, "s1", "b") == "end-poor"
    assert scoring.advance(s, "s2", "b") == "end-mixed"
    with pytest.raises(KeyError):
        scoring.advance(s, "s1", "z")
    with pytest.raises(KeyError):
        scoring.advance(s, "end-good", "a")


def test_resuming_keeps_a_path_that_fits_and_starts_again_when_the_content_changed():
    s = branching()
    assert scoring.resume(s, []) == ("s1", [])
    assert scoring.resume(s, [("s1", ["a"])]) == ("s2", [("s1", ("a",))])
    assert scoring.resume(s, [("s2", ["a"])]) == ("s1", [])            # does not start at the first step
    assert scoring.resume(s, [("s1", ["q"])]) == ("s1", [])            # a choice that is gone
    assert scoring.resume(s, [("s1", ["b"]), ("s2", ["a"])]) == ("s1", [])  # s1 b does not lead to s2
