"""The terminal prompts (questionary), driven through prompt_toolkit's pipe input."""
import re

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from peerlearn.errors import Paused
from peerlearn.ui.prompts import TerminalPrompter
from text_helpers import words

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
    from peerlearn.flows.quiz import play

    s = next(x for x in load_content().scenarios if x.type == "single")
    from learner_helpers import shown_number

    best = next(i for i, c in enumerate(s.choices) if c.correct)
    ans = answer(DOWN * (shown_number(s, "", best) - 1) + ENTER, lambda p: play(p, s))
    assert ans.score == 1.0


class Screen(DummyOutput):
    """A prompt_toolkit output of a given size that keeps what each render wrote, as text."""

    def __init__(self, rows=24, columns=80):
        self.size, self.frames, self._buf = Size(rows=rows, columns=columns), [], []

    def get_size(self):
        return self.size

    def write(self, data):
        self._buf.append(data)

    write_raw = write

    def cursor_forward(self, amount):
        self._buf.append(" " * amount)

    def flush(self):
        if self._buf:
            self.frames.append("".join(self._buf))
            self._buf = []

    def first_frame(self) -> list[str]:
        """The lines of the menu as first drawn, before any key was handled."""
        lines = [ln.rstrip() for ln in self.frames[0].replace("\r\n", "\n").split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        return lines


def on_screen(keys, ask, rows=24, columns=80):
    """Drive the real prompter on a screen of `rows` x `columns`; returns (answer, screen)."""
    screen = Screen(rows, columns)
    with create_pipe_input() as inp:
        inp.send_text(keys)
        return ask(TerminalPrompter(input=inp, output=screen)), screen


@pytest.mark.parametrize("key", [SPACE, "x", "a", "j", DOWN])
def test_at_press_enter_other_keys_are_ignored_and_enter_goes_on(key):
    assert answer(key + ENTER, lambda p: p.pause("Press Enter to continue (q to pause).")) is None


@pytest.mark.parametrize("key", ["q", CTRL_C])
def test_at_press_enter_q_and_ctrl_c_pause(key):
    with pytest.raises(Paused):
        answer(key + ENTER, lambda p: p.pause("Press Enter to continue (q to pause)."))


def test_q_typed_alone_as_free_text_pauses():
    with pytest.raises(Paused):
        answer("q" + ENTER, lambda p: p.text("What did you notice about yourself today?"))


def test_q_in_quotes_writes_the_letter_q_and_the_hint_says_so(capsys):
    assert answer('"q"' + ENTER, lambda p: p.text("What did you notice?")) == "q"
    assert '"q" in quotes to write the letter q' in capsys.readouterr().out
    assert answer("quiet, then q" + ENTER, lambda p: p.text("What did you notice?")) == "quiet, then q"


def test_plain_text_q_pauses_and_q_in_quotes_is_kept(capsys):
    import io

    from peerlearn.ui.prompts import PlainPrompter

    with pytest.raises(Paused):
        PlainPrompter(io.StringIO("q\n")).text("What did you notice?")
    assert PlainPrompter(io.StringIO('"q"\n')).text("What did you notice?") == "q"
    assert '"q" in quotes to write the letter q' in capsys.readouterr().out


def test_a_number_key_picks_that_choice():
    assert answer("3" + ENTER, lambda p: p.choose("Which?", ["one", "two", "three"])) == 2
    assert answer("2" + DOWN + ENTER, lambda p: p.choose("Which?", ["one", "two", "three"])) == 2


def test_s_points_at_skip_where_it_is_offered():
    assert answer("s" + ENTER, lambda p: p.choose("Which?", ["one", "two"], allow_skip=True)) is None


def test_q_in_a_menu_pauses_at_once():
    with pytest.raises(Paused):
        answer("q" + ENTER, lambda p: p.choose("Which?", ["one", "two"]))
    with pytest.raises(Paused):
        answer("q" + ENTER, lambda p: p.choose_many("Which apply?", ["a", "b", "c"]))


def test_number_keys_tick_in_a_checklist():
    # (the keys after the first Enter are there so that a prompter ignoring numbers still ends)
    assert answer("1" + "3" + ENTER + SPACE + ENTER, lambda p: p.choose_many("Which apply?", ["a", "b", "c"])) == [0, 2]


def test_the_menu_numbers_its_choices_and_names_its_keys():
    _, screen = on_screen(ENTER, lambda p: p.choose("Which?", ["one", "two"], allow_skip=True))
    menu = screen.first_frame()
    assert [ln.strip(" »") for ln in menu[1:]] == ["1. one", "2. two", "s. Skip this for now",
                                                   "q. Pause here and come back later"]
    assert "1-2" in menu[0] and "q to pause" in menu[0]


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_long_choices_are_shown_once_wrapped_between_words(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    long = "A response with many words, self-determination and co-created boundaries included. " * 3
    question = "What would you say to the person in front of you, who has just told you about their week? " * 2
    picked, screen = on_screen(DOWN + ENTER, lambda p: p.choose(question, ["short", long]), columns=columns)
    assert picked == 1
    said = capsys.readouterr().out
    menu = screen.first_frame()
    assert words(long) not in words(said)                      # not printed before the menu
    assert words(" ".join(menu)).count(words(long)) == 1       # shown whole, once, in the menu
    assert words(question) in words(said)
    for line in said.splitlines() + menu:
        assert len(line) <= columns                            # nothing left for the terminal to break
    assert said.splitlines()[-1].startswith("  » 2. A response") and said.splitlines()[-1].endswith("…")


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_a_long_free_text_answer_is_echoed_between_words(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    text = "I noticed that listening without fixing felt unfamiliar, and self-compassion helped. " * 3
    assert answer(text + ENTER, lambda p: p.text("What did you notice about yourself in that conversation today? " * 2)) == text.strip()
    said = capsys.readouterr().out
    assert words(text) in words(said)
    assert all(len(line) <= columns for line in said.splitlines())


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_plain_prompts_and_echoed_answers_are_wrapped_between_words(capsys, monkeypatch, columns):
    import io

    from peerlearn.ui.prompts import PlainPrompter

    monkeypatch.setenv("COLUMNS", str(columns))
    text = "I noticed that listening without fixing felt unfamiliar, and self-compassion helped. " * 3
    assert PlainPrompter(io.StringIO(text + "\n")).text("What did you notice about yourself? " * 3) == text.strip()
    said = capsys.readouterr().out
    assert words(text) in words(said)
    assert all(len(line) <= columns for line in said.splitlines())


def scenario_on_screen(capsys, s):
    """Show scenario `s` as a quiz does and answer its question with Enter on a 80x24 screen:
    (the lines said before the menu was drawn, the menu's lines)."""
    from peerlearn.ui.scenario import ask_question, show_intro

    def ask(p):
        show_intro(p, s, "1. ")
        return ask_question(p, s.type, s.question, s.choices)

    _, screen = on_screen(ENTER, ask)
    said = capsys.readouterr().out.splitlines()
    return said[:-1], screen.first_frame()  # the last line said is the answer, after the menu


def test_a_question_and_its_choices_fit_80_by_24_with_the_title_in_view(capsys, monkeypatch):
    from peerlearn.content.loader import load_content

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    singles = [s for s in load_content().scenarios if s.type == "single" and not s.content_note]
    singles.sort(key=lambda s: len(s.situation) + sum(len(c.text) for c in s.choices))
    for s in (singles[0], singles[len(singles) // 2], singles[-1]):   # short, middling, long
        before, menu = scenario_on_screen(capsys, s)
        view = (before + menu)[-24:]
        assert any(s.title in ln for ln in view), (s.id, view)
        start = " ".join(s.situation.split()[:4])
        assert any(start in ln for ln in view), (s.id, view)
        shown = words(" ".join(before + menu))
        for c in s.choices:
            assert shown.count(words(c.text)) == 1, (s.id, c.text)  # each choice once, whole
        assert all(len(ln) <= 80 for ln in before + menu)
        if len(before) + len(menu) <= 24:
            assert sum(s.title in ln for ln in before) == 1        # no recap when it all fits


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
    assert "a thought with more" in " ".join(result.stdout.split())
    assert not re.search("[\x1b\x07\u202e\x9b]", result.stdout)


@pytest.mark.parametrize("typed", ["\u00b2", "1 \u00b2", "\u0661"])
def test_a_plain_choice_that_is_a_digit_but_not_a_plain_number_is_asked_again(typed):
    import io

    from peerlearn.ui.prompts import PlainPrompter

    p = PlainPrompter(stdin=io.StringIO(f"{typed}\n2\n"))
    assert p.choose("Which?", ["a", "b"]) == 1
    p = PlainPrompter(stdin=io.StringIO(f"{typed}\n1 2\n"))
    assert p.choose_many("Which?", ["a", "b"]) == [0, 1]
