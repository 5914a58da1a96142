"""Two ways to answer, one interface.

`PlainPrompter` reads one line at a time (screen readers, scripts, tests); `TerminalPrompter`
uses questionary's arrow-key prompts. Both raise `Paused` when the learner pauses (q, or end of
input) and let Ctrl-C through as KeyboardInterrupt, which the CLI turns into exit 130; at a
"Press Enter" prompt Ctrl-C pauses too.

Typing a pause word on its own (q, quit, pause, exit) pauses at every prompt, free text included,
as the intros promise. A learner who wants to write one of those words as an answer types it in
quotes ("q"); the quotes are taken off (`TEXT_HINT` says so).
"""
from __future__ import annotations

import sys

import click

from peerlearn.errors import Paused
from peerlearn.ui.render import clean, cut, fill, height, width, wrap

PAUSE_WORDS = {"q", "quit", "pause", "exit"}
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}
TEXT_HINT = 'Enter to skip, q to pause, "q" in quotes to write the letter q'
KEEP_HINT = 'Enter to keep it, q to pause, "q" in quotes to write the letter q'


def pause_or_answer(answer: str) -> str:
    """The answer as typed, stripped; `Paused` when it is a pause word on its own. A pause word
    in quotes is the word itself, so it can still be written."""
    answer = answer.strip()
    if answer.lower() in PAUSE_WORDS:
        raise Paused()
    if len(answer) > 2 and _QUOTES.get(answer[0]) == answer[-1] and answer[1:-1].strip().lower() in PAUSE_WORDS:
        return answer[1:-1].strip()
    return answer


class PlainPrompter:
    """Numbered prompts, one answer per line from standard input."""

    plain = True

    def __init__(self, stdin=None):
        self._stdin = stdin

    def say(self, text: str = "") -> None:
        click.echo(text)

    def _line(self, prompt: str) -> str:
        prompt = fill(clean(prompt), width())
        click.echo(prompt + " ", nl=False)
        stream = self._stdin or sys.stdin
        line = stream.readline()
        if line == "":
            click.echo()
            raise Paused()
        answer = line.strip()
        if not sys.stdin.isatty():
            # echoed after the prompt where it fits, else wrapped on the lines below it
            room = width() - len(prompt.rsplit("\n", 1)[-1]) - 1
            click.echo(clean(answer) if len(clean(answer)) <= room else "\n" + wrap(answer))
        return pause_or_answer(answer)

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
        return self._line(f"Type your answer on one line ({KEEP_HINT if default else TEXT_HINT}): ") or default

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
    """questionary prompts: arrow keys or a choice's number to move, Enter to choose, space to
    tick in checklists, q to pause.

    Everything is wrapped here, between words, to the terminal's width: questionary and
    prompt_toolkit would cut a long menu line or break it inside a word. Each menu is erased once
    answered and the answer is said again in one line, so a question with its choices is shown
    once. When what was said since the last prompt and the menu together are taller than the
    terminal, the start of it (a scenario's title and situation) would scroll out of view, so it
    is repeated, in two short lines, just above the question.
    """

    plain = False
    PAUSE_LABEL = "Pause here and come back later"
    SKIP_LABEL = "Skip this for now"

    def __init__(self, **io):
        self._io = io  # input=/output= for tests driving prompt_toolkit
        self._title = ""  # the last heading said
        self._rows = 0  # rows said since the last prompt
        self._said: list[str] = []  # and their lines, without the heading

    def say(self, text: str = "") -> None:
        click.echo(text)
        lines = str(text).split("\n")
        if len(lines) >= 2 and set(lines[-1]) == {"-"}:
            self._title, self._rows, self._said = " ".join(lines[:-1]), len(lines), []
        else:
            self._rows += len(lines)
            self._said += lines

    def _ask(self, prompt):
        self._rows, self._said = 0, []
        try:
            answer = prompt.unsafe_ask()
        except EOFError:
            raise Paused() from None
        if answer is None:
            raise Paused()
        return answer

    def _keep_in_view(self, rows: int) -> None:
        """With `rows` more, would the start of what was said scroll away? Then say the title and
        the start of the first paragraph again, one line each."""
        if self._rows + rows <= height():
            return
        para = []
        for ln in self._said:
            if ln.strip():
                para.append(ln.strip())
            elif para:
                break
        for line in ([self._title] if self._title else []) + ([" ".join(para)] if para else []):
            click.echo(cut(line, width()))

    @staticmethod
    def _titles(options: list[str], lead: int) -> list[str]:
        """Each option numbered and wrapped to fit after the menu's `lead` (pointer, tick box),
        its later lines under its first word."""
        titles = []
        for i, opt in enumerate(options, 1):
            number = f"{i}. "
            body = fill(clean(opt), max(20, width() - lead - len(number)))
            titles.append(number + body.replace("\n", "\n" + " " * (lead + len(number))))
        return titles

    def _menu(self, kind: str, question: str, options: list[str], extras: list[tuple[str, str, str]]):
        """A select or checkbox menu; number keys point at (and in a checkbox tick) a choice, the
        key of an extra (s) points at it, and q pauses at once."""
        import questionary
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
        from questionary.prompts.common import InquirerControl

        lead = 3 if kind == "select" else 5
        titles = self._titles(options, lead)
        choices = [questionary.Choice(t, value=i) for i, t in enumerate(titles)]
        choices += [questionary.Choice(f"{key}. {label}", value=value) for key, label, value in extras]
        asked = wrap(question)
        if kind == "select":
            hint = f"(arrow keys or 1-{len(options)}, then Enter; q to pause)"
        else:
            hint = f"(arrow keys or 1-{len(options)}, space or the number to tick, then Enter; q to pause)"
        hint = fill(hint, width() - 2, "", "  ")
        rows = asked.count("\n") + 1 + hint.count("\n") + 1 + sum(len(c.title.split("\n")) for c in choices) + 1
        self._keep_in_view(rows)
        click.echo(asked)
        make = questionary.select if kind == "select" else questionary.checkbox
        prompt = make("", choices=choices, instruction=hint, qmark="", erase_when_done=True, **self._io)
        ic = next(w.content for w in prompt.application.layout.find_all_windows() if isinstance(w.content, InquirerControl))
        keys = KeyBindings()

        def point(i: int):
            def handler(event):
                ic.pointed_at = i
                if kind == "checkbox":
                    value = ic.choices[i].value
                    if value in ic.selected_options:
                        ic.selected_options.remove(value)
                    else:
                        ic.selected_options.append(value)
            return handler

        for i in range(min(9, len(options))):
            keys.add(str(i + 1), eager=True)(point(i))
        for n, (key, _, _) in enumerate(extras):
            if key != "q":
                keys.add(key, eager=True)(point(len(options) + n))

        @keys.add("q", eager=True)
        def _pause(event):
            event.app.exit(result="pause")

        prompt.application.key_bindings = merge_key_bindings([prompt.application.key_bindings, keys])
        answer = self._ask(prompt)
        if answer == "pause":
            raise Paused()
        return answer

    def choose(self, question: str, options: list[str], allow_skip: bool = False, pausable: bool = True) -> int | None:
        extras = ([("s", self.SKIP_LABEL, "skip")] if allow_skip else []) + ([("q", self.PAUSE_LABEL, "pause")] if pausable else [])
        answer = self._menu("select", question, options, extras)
        if answer == "skip":
            click.echo("  » " + cut(self.SKIP_LABEL, width() - 4))
            return None
        click.echo("  » " + cut(f"{answer + 1}. {options[answer]}", width() - 4))
        return answer

    def choose_many(self, question: str, options: list[str]) -> list[int]:
        while True:
            answer = self._menu("checkbox", question, options, [])
            if answer:
                for i in sorted(answer):
                    click.echo("  » " + cut(f"{i + 1}. {options[i]}", width() - 4))
                return sorted(answer)
            click.echo("Please tick at least one option.")

    def text(self, question: str, default: str = "") -> str:
        import questionary

        click.echo(wrap(question))
        click.echo(wrap(f"({KEEP_HINT if default else TEXT_HINT})"))
        answer = pause_or_answer(self._ask(questionary.text("»", default=default, qmark="", erase_when_done=True, **self._io)))
        if answer:
            click.echo(wrap(answer, "  » ", "    "))
        return answer

    def confirm(self, question: str, default: bool = False) -> bool:
        import questionary

        lines = fill(clean(question), width() - 8).split("\n")
        if len(lines) > 1:
            click.echo("\n".join(lines[:-1]))
        return bool(self._ask(questionary.confirm(lines[-1], default=default, qmark="", **self._io)))

    def pause(self, message: str = "Press Enter to continue (q to pause).") -> None:
        """Only Enter goes on; q or Ctrl-C pauses; any other key is ignored."""
        import questionary
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        message = wrap(message.replace("(q to pause)", "(q or Ctrl-C to pause)"))
        keys = KeyBindings()

        @keys.add("enter", eager=True)
        def _go(event):
            event.app.exit(result="go")

        @keys.add("q", eager=True)
        @keys.add("Q", eager=True)
        @keys.add("c-c", eager=True)
        @keys.add("c-d", eager=True)
        def _pause(event):
            event.app.exit(result="pause")

        @keys.add("<any>")
        def _ignore(event):
            """Space, letters and the rest do nothing here."""

        window = Window(FormattedTextControl(message), dont_extend_height=True)
        app = Application(layout=Layout(window), key_bindings=keys, **self._io)
        if self._ask(questionary.Question(app)) == "pause":
            raise Paused()


def prompter_for(plain: bool):
    """Plain mode when asked for, or whenever input or output is not a terminal."""
    if plain or not sys.stdin.isatty() or not sys.stdout.isatty():
        return PlainPrompter()
    return TerminalPrompter()
