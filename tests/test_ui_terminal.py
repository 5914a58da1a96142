"""The terminal prompts (questionary), driven through prompt_toolkit's pipe input."""
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from peerlearn.errors import Paused
from peerlearn.ui.prompts import TerminalPrompter

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


def answer(keys, ask):
    with create_pipe_input() as inp:
        inp.send_text(keys)
        return ask(TerminalPrompter(input=inp, output=DummyOutput()))


def test_select_with_arrow_keys():
    assert answer(DOWN + ENTER, lambda p: p.choose("Which?", ["one", "two", "three"])) == 1


def test_the_pause_choice_pauses():
    with pytest.raises(Paused):
        answer(DOWN * 3 + ENTER, lambda p: p.choose("Which?", ["one", "two", "three"]))


def test_skip_is_offered_where_allowed():
    assert answer(DOWN * 2 + ENTER, lambda p: p.choose("Which?", ["one", "two"], allow_skip=True)) is None


def test_checkboxes_for_multi_select():
    assert answer(SPACE + DOWN + DOWN + SPACE + ENTER, lambda p: p.choose_many("Which apply?", ["a", "b", "c"])) == [0, 2]


def test_text_and_confirm():
    assert answer("my words" + ENTER, lambda p: p.text("Say something")) == "my words"
    assert answer("y", lambda p: p.confirm("Sure?")) is True


def test_ctrl_c_is_an_interrupt():
    with pytest.raises(KeyboardInterrupt):
        answer(CTRL_C, lambda p: p.choose("Which?", ["one", "two"]))


def test_a_whole_scenario_in_the_terminal(monkeypatch):
    from peerlearn.content.loader import load_content
    from peerlearn.ui.scenario import run_scenario

    s = next(x for x in load_content().scenarios if x.type == "single")
    from learner_helpers import shown_number

    best = next(i for i, c in enumerate(s.choices) if c.correct)
    ans = answer(DOWN * (shown_number(s, "", best) - 1) + ENTER, lambda p: run_scenario(p, s))
    assert ans.score == 1.0


def test_long_choices_are_shown_in_full_before_a_numbered_menu(capsys):
    long = "A response with many words " * 6
    picked = answer(DOWN + ENTER, lambda p: p.choose("A question?", ["short", long.strip()]))
    assert picked == 1
    out = " ".join(capsys.readouterr().out.split())
    assert long.strip() in out and "2. A response" in out
