"""The terminal prompts (questionary), driven through prompt_toolkit's pipe input."""
import re

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


def test_from_nothing_to_a_completed_initial_training_in_the_terminal(run, monkeypatch, isolated_home):
    """The same journey as the plain-mode test, answered with arrow keys, space and Enter."""
    import json

    from learner_helpers import check_scenarios, shown_number, two_scenarios_per_competency
    from peerlearn.content.loader import load_content
    from peerlearn.ui import prompts

    content = load_content()
    def best_keys(s):
        """Arrow keys, space and Enter that give the best response to scenario s."""
        keys = []
        if s.type == "branching":
            node = s.steps[0].id
            while s.step(node) is not None:
                step = s.step(node)
                best = next(i for i, c in enumerate(step.choices) if c.correct)
                keys.append(DOWN * (shown_number(s, step.id, best) - 1) + ENTER)
                node = step.choices[best].next
                if s.step(node) is not None:
                    keys.append(ENTER)
        elif s.type == "multi":
            wanted = sorted(shown_number(s, "", i) for i, c in enumerate(s.choices) if c.correct)
            pos, seq = 1, ""
            for w in wanted:
                seq += DOWN * (w - pos) + SPACE
                pos = w
            keys.append(seq + ENTER)
        else:
            best = next(i for i, c in enumerate(s.choices) if c.correct)
            keys.append(DOWN * (shown_number(s, "", best) - 1) + ENTER)
        return keys

    keys = []
    for m in content.modules:
        if m.content_note:
            keys.append(ENTER)                       # continue with the module
        keys += [ENTER] * len(m.sections)            # press any key after each section
        check = check_scenarios(m, content)
        for n, s in enumerate(check):                # the end-of-module check
            keys += best_keys(s)
            if n < len(check) - 1:
                keys.append(ENTER)
        keys += ["my thoughts" + ENTER] * len(m.reflection_prompts)
    cl = content.checklist("story-sharing")
    keys += ["a story" + ENTER] + [ENTER] * len(cl.items)   # "Yes" is the first answer
    chosen = two_scenarios_per_competency(content)
    for n, s in enumerate(chosen):
        keys += best_keys(s)
        if n < len(chosen) - 1:
            keys.append(ENTER)
    with create_pipe_input() as inp:
        monkeypatch.setattr(prompts, "prompter_for", lambda plain: TerminalPrompter(input=inp, output=DummyOutput()))
        inp.send_text("".join(keys))
        for m in content.modules:
            assert run("study", m.id).exit_code == 0
        assert run("reflect").exit_code == 0
        result = run("quiz", *[a for s in chosen for a in ("--scenario", s.id)])
        assert result.exit_code == 0, result.output[-1500:]
    report = json.loads(run("progress", "--json").stdout)
    assert report["initial_training"]["complete"], report["initial_training"]["missing"]
    assert "completed on" in run("transcript").stdout


def test_a_plain_answer_is_echoed_without_its_terminal_control(run):
    result = run("--plain", "journal", "write", input="a thought \x1b]52;c;eA==\x07\u202e\x9bx with more\n")
    assert result.exit_code == 0
    assert "a thought  with more" in result.stdout
    assert not re.search("[\x1b\x07\u202e\x9b]", result.stdout)


@pytest.mark.parametrize("typed", ["\u00b2", "1 \u00b2", "\u0661"])
def test_a_plain_choice_that_is_a_digit_but_not_a_plain_number_is_asked_again(typed):
    import io

    from peerlearn.ui.prompts import PlainPrompter

    p = PlainPrompter(stdin=io.StringIO(f"{typed}\n2\n"))
    assert p.choose("Which?", ["a", "b"]) == 1
    p = PlainPrompter(stdin=io.StringIO(f"{typed}\n1 2\n"))
    assert p.choose_many("Which?", ["a", "b"]) == [0, 1]
