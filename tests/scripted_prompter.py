"""A prompter that answers from a script, for testing flows directly. It implements the same
protocol as peerlearn.ui.prompts' PlainPrompter and TerminalPrompter (say, choose, choose_many,
text, confirm, pause), and keeps what it was asked."""
from __future__ import annotations

from peerlearn.errors import Paused

PAUSE = object()  # in a script: pause at this prompt, as q or Ctrl-C would


class ScriptedPrompter:
    plain = True

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.asked: list[tuple[str, str, list]] = []
        self.said: list[str] = []

    def _next(self, kind, question, options=()):
        self.asked.append((kind, question, list(options)))
        if not self.answers:
            raise Paused()  # the script has run out: like the end of input
        answer = self.answers.pop(0)
        if answer is PAUSE:
            raise Paused()
        return answer

    def say(self, text: str = "") -> None:
        self.said.append(text)

    def choose(self, question, options, allow_skip=False, pausable=True):
        answer = self._next("choose", question, options)
        if isinstance(answer, str):  # the option with this text
            return options.index(answer)
        return answer

    def choose_many(self, question, options):
        answer = self._next("choose_many", question, options)
        return sorted(options.index(a) if isinstance(a, str) else a for a in answer)

    def text(self, question, default=""):
        return self._next("text", question) or default

    def confirm(self, question, default=False):
        answer = self._next("confirm", question)
        return default if answer is None else answer

    def pause(self, message="Press Enter to continue."):
        self._next("pause", message)
