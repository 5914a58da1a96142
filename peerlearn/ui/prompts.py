"""Two ways to answer, one interface.

`PlainPrompter` reads one line at a time (screen readers, scripts, tests); `TerminalPrompter`
uses questionary's arrow-key prompts. Both raise `Paused` when the learner pauses (q, or end of
input) and let Ctrl-C through as KeyboardInterrupt, which the CLI turns into exit 130.
"""
from __future__ import annotations

import sys

import click

from peerlearn.errors import Paused
from peerlearn.ui.render import clean, width, wrap

PAUSE_WORDS = {"q", "quit", "pause", "exit"}


class PlainPrompter:
    """Numbered prompts, one answer per line from standard input."""

    plain = True

    def __init__(self, stdin=None):
        self._stdin = stdin

    def say(self, text: str = "") -> None:
        click.echo(text)

    def _line(self, prompt: str) -> str:
        click.echo(prompt, nl=False)
        stream = self._stdin or sys.stdin
        line = stream.readline()
        if line == "":
            click.echo()
            raise Paused()
        answer = line.strip()
        if not sys.stdin.isatty():
            click.echo(clean(answer))  # what was typed, echoed for a log: shown like any text
        if answer.lower() in PAUSE_WORDS:
            raise Paused()
        return answer

    def choose(self, question: str, options: list[str], allow_skip: bool = False, pausable: bool = True) -> int | None:
        """The index of the chosen option (None when skipped)."""
        click.echo(wrap(question))
        for i, opt in enumerate(options, 1):
            click.echo(wrap(f"{i}. {opt}", "  ").replace("  ", "  ", 1))
        hint = f"Type a number from 1 to {len(options)}" + (", s to skip" if allow_skip else "") + ", or q to pause: "
        while True:
            answer = self._line(hint)
            if allow_skip and answer.lower() in ("s", "skip"):
                return None
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            click.echo(f"That doesn't match an option. Please type a number from 1 to {len(options)}.")

    def choose_many(self, question: str, options: list[str]) -> list[int]:
        click.echo(wrap(question))
        for i, opt in enumerate(options, 1):
            click.echo(wrap(f"{i}. {opt}", "  "))
        hint = "Type every number that applies, separated by spaces (e.g. 1 3), or q to pause: "
        while True:
            answer = self._line(hint).replace(",", " ").split()
            if answer and all(a.isascii() and a.isdigit() and 1 <= int(a) <= len(options) for a in answer):
                return sorted({int(a) - 1 for a in answer})
            click.echo(f"Please type one or more numbers from 1 to {len(options)}.")

    def text(self, question: str, default: str = "") -> str:
        click.echo(wrap(question))
        hint = "Type your answer on one line (Enter to skip, q to pause): "
        return self._line(hint) or default

    def confirm(self, question: str, default: bool = False) -> bool:
        hint = f"{clean(question)} [{'Y/n' if default else 'y/N'}]: "
        while True:
            answer = self._line(hint).lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            click.echo("Please answer y or n.")

    def pause(self, message: str = "Press Enter to continue (q to pause).") -> None:
        self._line(message + " ")


class TerminalPrompter:
    """questionary prompts: arrow keys to move, Enter to choose, space to tick in checklists."""

    plain = False
    PAUSE_LABEL = "Pause here and come back later"
    SKIP_LABEL = "Skip this for now"

    def __init__(self, **io):
        self._io = io  # input=/output= for tests driving prompt_toolkit

    def say(self, text: str = "") -> None:
        click.echo(text)

    def _ask(self, prompt):
        try:
            answer = prompt.unsafe_ask()
        except EOFError:
            raise Paused() from None
        if answer is None:
            raise Paused()
        return answer

    def _labels(self, question: str, options: list[str]) -> tuple[str, list[str]]:
        """questionary shows each choice on one line and cuts what does not fit. When the question
        or a choice is long, show it all, wrapped, first; the menu then names choices by number."""
        limit = width() - 8
        if len(question) <= limit and all(len(o) + 4 <= limit for o in options):
            return clean(question), [clean(o) for o in options]
        click.echo(wrap(question))
        for i, opt in enumerate(options, 1):
            click.echo(wrap(f"{i}. {opt}", "  "))
        labels = []
        for i, opt in enumerate(options, 1):
            text = " ".join(clean(opt).split())
            room = limit - len(str(i)) - 2
            labels.append(f"{i}. {text if len(text) <= room else text[: room - 1] + '…'}")
        return "Your choice:", labels

    def choose(self, question: str, options: list[str], allow_skip: bool = False, pausable: bool = True) -> int | None:
        import questionary

        message, labels = self._labels(question, options)
        choices = [questionary.Choice(label, value=i) for i, label in enumerate(labels)]
        if allow_skip:
            choices.append(questionary.Choice(self.SKIP_LABEL, value="skip"))
        if pausable:
            choices.append(questionary.Choice(self.PAUSE_LABEL, value="pause"))
        answer = self._ask(questionary.select(message, choices=choices, **self._io))
        if answer == "pause":
            raise Paused()
        return None if answer == "skip" else answer

    def choose_many(self, question: str, options: list[str]) -> list[int]:
        import questionary

        message, labels = self._labels(question, options)
        click.echo("Tick every choice that applies with the space bar, then press Enter (Ctrl-C pauses).")
        choices = [questionary.Choice(label, value=i) for i, label in enumerate(labels)]
        while True:
            answer = self._ask(questionary.checkbox(message, choices=choices, **self._io))
            if answer:
                return sorted(answer)
            click.echo("Please tick at least one option.")

    def text(self, question: str, default: str = "") -> str:
        import questionary

        return self._ask(questionary.text(clean(question), default=default, **self._io))

    def confirm(self, question: str, default: bool = False) -> bool:
        import questionary

        return bool(self._ask(questionary.confirm(clean(question), default=default, **self._io)))

    def pause(self, message: str = "Press Enter to continue.") -> None:
        import questionary

        message = message.replace("(q to pause)", "(Ctrl-C to pause)")
        self._ask(questionary.press_any_key_to_continue(message, **self._io))


def prompter_for(plain: bool):
    """Plain mode when asked for, or whenever input or output is not a terminal."""
    if plain or not sys.stdin.isatty() or not sys.stdout.isatty():
        return PlainPrompter()
    return TerminalPrompter()
