"""Can a learner who is not competent earn the record? Simulated learners through initial training.

    python bench/validity.py [--cap 80] [--per-day 3] [--count 5] [--seeds 3] [--learners NAME,...]

Each simulated learner starts with an empty record, studies the 16 modules (reading every
section and taking each module's end-of-module check), works through the story-sharing
checklist once, and then takes `peerlearn quiz --review` sessions of --count scenarios, --per-day
of them a day, until initial training is complete or --cap sessions have passed. It answers
through peerlearn's own plain-mode prompter (the numbered prompts a screen reader or a script
uses): the flows, the store, the mastery rule and the review selection are the real ones; only
the keyboard is simulated, and the clock is held and moved a day at a time.

The learners:
- best: always the best response (all the keyed options of a multi-select item);
- right-90: the best response 90% of the time, otherwise another answer at random;
- longest: never reads the situation and always picks the longest choice (multi-select: every
  option at least as long as the mean);
- memoriser: guesses at random, but remembers the key of every question whose feedback it has
  seen and gives it whenever the question comes back.

It prints, for each learner and seed, how many review sessions it needed (or that it did not
finish within the cap) and its counted score over the bank.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from peerlearn import clock  # noqa: E402
from peerlearn.engine import items  # noqa: E402
from peerlearn.ui.prompts import PlainPrompter  # noqa: E402

LEARNERS = ("best", "right-90", "longest", "memoriser")


class SimulatedLearner(PlainPrompter):
    """Plain mode with the keyboard replaced by a strategy: every prompt is parsed by
    PlainPrompter exactly as a typed line would be."""

    def __init__(self, strategy: str, content, rng: random.Random):
        super().__init__()
        self.strategy, self.rng = strategy, rng
        self.by_text = {}
        for s in content.scenarios:
            for question in ([s.choices] if s.type != "branching" else [st.choices for st in s.steps]):
                for c in question:
                    self.by_text[items.norm(c.text)] = question
        self.remembered: set = set()
        self._options: list | None = None
        self._multi = False

    def say(self, text: str = "") -> None:
        pass

    def choose(self, question, options, allow_skip=False, pausable=True):
        self._options, self._multi = options, False
        return super().choose(question, options, allow_skip, pausable)

    def choose_many(self, question, options):
        self._options, self._multi = options, True
        return super().choose_many(question, options)

    def _line(self, prompt: str) -> str:
        options, self._options = self._options, None
        if options is None:
            return ""  # Enter: go on, skip a reflection, take a confirmation's default
        choices = self.by_text.get(items.norm(options[0]))
        if choices is None:
            return "1"  # not a scenario question (continue with a module, a checklist answer)
        by_text = {items.norm(c.text): c for c in choices}
        shown = [by_text[items.norm(o)] for o in options]
        picks = self.pick(shown)
        key = frozenset(c.id for c in choices), id(choices)
        self.remembered.add(key)  # the feedback that follows shows the key
        return " ".join(str(i + 1) for i in sorted(picks))

    def pick(self, shown) -> set[int]:
        keyed = {i for i, c in enumerate(shown) if c.correct}
        n, rng = len(shown), self.rng
        others = [i for i in range(n) if i not in keyed]

        def random_answer():
            if not self._multi:
                return {rng.randrange(n)}
            picks = {i for i in range(n) if rng.random() < 0.5}
            return picks or {rng.randrange(n)}

        if self.strategy == "best":
            return keyed if self._multi else {min(keyed)}
        if self.strategy == "right-90":
            if rng.random() < 0.9:
                return keyed if self._multi else {min(keyed)}
            if self._multi:
                wrong = random_answer()
                return wrong if wrong != keyed else (wrong ^ {rng.randrange(n)} or {others[0]})
            return {rng.choice(others)}
        if self.strategy == "longest":
            q = [(c.text, c.correct) for c in shown]
            return items.longer_half_picks(q) if self._multi else {items.longest_pick(q)}
        if self.strategy == "memoriser":
            key = frozenset(c.id for c in shown), id(self.by_text[items.norm(shown[0].text)])
            if key in self.remembered:
                return keyed if self._multi else {min(keyed)}
            return random_answer()
        raise ValueError(self.strategy)


def complete(content, store) -> bool:
    from peerlearn.engine.progress import progress_report

    report = progress_report(content, content.policies["default"], store.mastery_summary(),
                             store.all_module_progress(), store.checklist_runs())
    return report["initial_training"]["complete"]


def counted_score(store) -> float:
    """The mean score of the answers that count as evidence."""
    from peerlearn.engine.mastery import PRACTICE, classify

    responses = store.responses()
    kinds = classify(responses)
    counted = [r["score"] for r, k in zip(responses, kinds) if k != PRACTICE]
    return sum(counted) / len(counted) if counted else 0.0


def simulate(content, strategy: str, seed: int, cap: int = 80, per_day: int = 3, count: int = 5, start=None):
    """Run one learner; returns (review sessions needed or None, answers given, counted score)."""
    from peerlearn.flows.quiz import review_scenarios, run_quiz
    from peerlearn.flows.reflect import run_reflect
    from peerlearn.flows.study import run_study
    from peerlearn.records.store import Store

    rng = random.Random(f"{strategy}|{seed}")
    day = start or datetime(2026, 3, 2, 9, 0).astimezone()
    with tempfile.TemporaryDirectory() as home, contextlib.redirect_stdout(io.StringIO()):
        store = Store(os.path.join(home, "records"))
        learner = SimulatedLearner(strategy, content, rng)
        try:
            clock.hold(day)
            for m in content.modules:
                run_study(learner, content, store, m)
            run_reflect(learner, store, content.checklist("story-sharing"))
            needed = None
            for session in range(1, cap + 1):
                clock.hold(day + timedelta(days=(session - 1) // per_day, minutes=40 * ((session - 1) % per_day)))
                if complete(content, store):
                    needed = session - 1
                    break
                chosen = review_scenarios(content, store, count, seed=rng.randrange(1 << 30))
                run_quiz(learner, content, store, chosen, mode="review")
            else:
                if complete(content, store):
                    needed = cap
            return needed, len(store.responses()), counted_score(store)
        finally:
            clock.hold(None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=int, default=80, help="review sessions at most (default 80)")
    ap.add_argument("--per-day", type=int, default=3, help="review sessions a day (default 3)")
    ap.add_argument("--count", type=int, default=5, help="scenarios a session (default 5, as quiz --review)")
    ap.add_argument("--seeds", type=int, default=3, help="runs per learner (default 3)")
    ap.add_argument("--learners", default=",".join(LEARNERS))
    a = ap.parse_args(argv)
    from peerlearn.content.loader import load_content

    content = load_content()
    print(f"{len(content.scenarios)} scenarios; sessions of {a.count}, {a.per_day} a day, cap {a.cap}")
    print(f"{'learner':<10} {'seed':>4} {'review sessions to complete':>28} {'answers':>8} {'counted score':>14}")
    worst = {}
    for name in a.learners.split(","):
        for seed in range(a.seeds):
            needed, answers, score = simulate(content, name, seed, a.cap, a.per_day, a.count)
            shown = str(needed) if needed is not None else f"not within {a.cap}"
            print(f"{name:<10} {seed:>4} {shown:>28} {answers:>8} {score:>13.0%}")
            worst[name] = max(worst.get(name, -1), needed if needed is not None else 10**6)
    print("worst case:", ", ".join(f"{k} {'not within ' + str(a.cap) if v == 10**6 else v}" for k, v in worst.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
