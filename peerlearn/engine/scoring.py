"""Scoring a learner's answer to a scenario. Pure functions over the content model."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """What the learner chose: for single/multi one entry; for branching one per step visited.

    `path` is a tuple of (step id or "", tuple of choice ids); `ending` the ending reached.
    """

    scenario_id: str
    path: tuple
    score: float
    ending: str | None = None


BEST = 0.999  # a score this high is the best response (floating-point partial credit aside)
REFRESHER_PASS_MARK = 0.8  # the share of best responses at which the annual refresher is passed


def is_best(score: float) -> bool:
    """Whether an answer's score means the learner chose the best response(s)."""
    return score >= BEST


def refresher_passed(score: float) -> bool:
    return score >= REFRESHER_PASS_MARK


def display_order(scenario_id: str, step_id: str, n: int, attempt: int = 0) -> list[int]:
    """The order a question's choices are shown in: a shuffle, so the best response is not
    always where authors tend to write it (first). `attempt` is how many times the learner has
    answered the scenario before: the order changes from one attempt to the next, so a
    remembered position means nothing, and stays the same within an attempt and on resuming
    it, so a screen-reader user hears a stable list."""
    key = f"{scenario_id}|{step_id}" + (f"|{attempt}" if attempt else "")
    seed = hashlib.sha256(key.encode()).digest()
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def score_choices(kind: str, choices, selected) -> float:
    """Score one question: 1 or 0 for single; partial credit for multi.

    Multi-select: (correct picked - incorrect picked) / number correct, never below 0, so
    choosing every option earns nothing and missing one of three earns two thirds.
    """
    selected = set(selected)
    correct = {c.id for c in choices if c.correct}
    if kind != "multi":
        return 1.0 if selected and selected <= correct and len(selected) == 1 else 0.0
    if not correct:
        return 0.0
    hits = len(selected & correct)
    misses = len(selected - correct)
    return max(0.0, (hits - misses) / len(correct))


def advance(scenario, node: str, choice_id: str) -> str:
    """The branching walk, one move: the step or ending that choosing `choice_id` at step
    `node` leads to. The only place a branching scenario is walked (quiz, study check,
    preview, scoring and tests all come here); KeyError for a step or choice that is not there."""
    step = scenario.step(node)
    if step is None:
        raise KeyError(node)
    for c in step.choices:
        if c.id == choice_id:
            return c.next
    raise KeyError(choice_id)


def resume(scenario, path) -> tuple[str, list]:
    """Where a half-answered branching scenario stands after the (step, choice ids) already
    answered: (the step to ask next, the path kept). A path that no longer fits the scenario
    (its content changed) starts again from the first step."""
    node, kept = scenario.steps[0].id, []
    for step_id, ids in path:
        if step_id != node or not ids:
            return scenario.steps[0].id, []
        try:
            following = advance(scenario, node, ids[0])
        except KeyError:
            return scenario.steps[0].id, []
        kept.append((step_id, tuple(ids)))
        node = following
    return node, kept


def score_branching(scenario, path) -> float:
    """The share of steps along the learner's path where they chose a best response."""
    if not path:
        return 0.0
    best = 0
    for step_id, chosen in path:
        step = scenario.step(step_id)
        if step and score_choices("single", step.choices, chosen) == 1.0:
            best += 1
    return best / len(path)


def walk(scenario, picks) -> Answer:
    """Follow a branching scenario with a sequence of choice ids; the Answer it comes to.

    Stops at an ending, or when the picks run out (an unfinished path, ending None).
    """
    node = scenario.steps[0].id
    path = []
    for choice_id in picks:
        if scenario.step(node) is None:
            break
        path.append((node, (choice_id,)))
        node = advance(scenario, node, choice_id)
    ending = node if scenario.ending(node) else None
    return Answer(scenario.id, tuple(path), score_branching(scenario, path), ending)


def best_path(scenario) -> list[str]:
    """The choice ids that follow the best response at every step (for previews and tests)."""
    node, picks = scenario.steps[0].id, []
    while scenario.step(node) is not None:
        step = scenario.step(node)
        choice = next(c for c in step.choices if c.correct)
        picks.append(choice.id)
        node = advance(scenario, node, choice.id)
    return picks
