"""Showing a scenario the way a learner meets it, and collecting their answer. It only shows
and asks: the walk through a branching scenario is engine.scoring.advance, played by flows.quiz."""
from __future__ import annotations

from peerlearn.engine import scoring
from peerlearn.ui.render import heading, wrap


def show_feedback(p, choices, chosen: set, kind: str) -> None:
    """Feedback for what was chosen, then the reasoning for the best response(s)."""
    for c in choices:
        if c.id in chosen:
            mark = "Your choice" + (" - a strong response" if c.correct else "")
            p.say(wrap(f"{mark}: {c.text}"))
            p.say(wrap(c.feedback, "  "))
            p.say()
    missed = [c for c in choices if c.correct and c.id not in chosen]
    if missed:
        label = "Also worth choosing" if kind == "multi" else "A response that fits the standards better"
        for c in missed:
            p.say(wrap(f"{label}: {c.text}"))
            p.say(wrap(c.feedback, "  "))
            p.say()


def ask_question(p, kind: str, question: str, choices, order=None) -> tuple[set, float]:
    """Ask one question with its choices shown in `order` (indexes into `choices`)."""
    order = list(order) if order is not None else list(range(len(choices)))
    labels = [choices[i].text for i in order]
    if kind == "multi":
        ask = question if "all that apply" in question.lower() else question + " (Select all that apply.)"
        picked = p.choose_many(ask, labels)
    else:
        picked = [p.choose(question, labels)]
    chosen = {choices[order[i]].id for i in picked}
    score = scoring.score_choices(kind, choices, chosen)
    return chosen, score


def show_intro(p, scenario, number: str = "") -> None:
    p.say()
    p.say(heading(f"{number}{scenario.title}"))
    if scenario.content_note:
        p.say(wrap(f"Content note: {scenario.content_note}"))
        p.say()
    p.say(wrap(scenario.situation))
    p.say()


def show_step(p, step, again: bool) -> None:
    """A branching step's situation, unless it repeats the scenario's own (the first step)."""
    if again:
        p.say(wrap(step.situation))
        p.say()


def show_picking_up(p) -> None:
    p.say(wrap("Picking up where you left off in this scenario."))
    p.say()


def show_ending(p, ending) -> None:
    if ending:
        p.say(heading("How it ended"))
        p.say(wrap(ending.text))
        p.say()


def describe_score(score: float) -> str:
    if scoring.is_best(score):
        return "You chose the response that best fits the standards."
    if score > 0:
        return f"You found part of it ({round(score * 100)}%). The feedback above explains the rest."
    return "This one is a chance to learn: the feedback above explains which response fits the standards, and why."


def practice_note(last_iso: str | None, counts_from_iso: str | None) -> str:
    """Said before a scenario the learner saw the feedback of recently."""
    return (f"Practice: you last answered this scenario on {(last_iso or '')[:10]} and saw its feedback, so this "
            f"answer is recorded as practice and does not change your competency levels. From "
            f"{(counts_from_iso or '')[:10]} on, answering it counts again.")


def describe_evidence(kind: str) -> str:
    if kind == "practice":
        return "Recorded as practice (not counted as evidence)."
    return ""


def describe_refresher(year, score: float) -> str:
    return (f"Your annual refresher for {year} is recorded: {round(score * 100)}% of the best responses. "
            "Thank you for keeping your practice fresh.")
