"""Showing a scenario the way a learner meets it, and collecting their answer."""
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


def run_scenario(p, scenario, number: str = "", on_step=None, resume_path=(), attempt: int = 0, note: str = "") -> scoring.Answer:
    """Play one scenario to its end and return the learner's Answer.

    `on_step(path)` is called after each branching step so a caller can keep partial progress;
    `resume_path` continues a branching scenario after the steps already answered; `attempt`
    (how many times it was answered before) sets the order of the choices; `note` is shown
    before the situation.
    """
    show_intro(p, scenario, number)
    if note:
        p.say(wrap(note))
        p.say()
    if scenario.type != "branching":
        order = scoring.display_order(scenario.id, "", len(scenario.choices), attempt)
        chosen, score = ask_question(p, scenario.type, scenario.question, scenario.choices, order)
        p.say()
        show_feedback(p, scenario.choices, chosen, scenario.type)
        return scoring.Answer(scenario.id, (("", tuple(sorted(chosen))),), score)
    node, path = scenario.steps[0].id, []
    for step_id, ids in resume_path:
        if scenario.step(step_id) is None or step_id != node:
            node, path = scenario.steps[0].id, []
            break
        path.append((step_id, tuple(ids)))
        node = scoring.next_node(scenario, step_id, ids[0])
    if path:
        p.say(wrap("Picking up where you left off in this scenario."))
        p.say()
    while scenario.step(node) is not None:
        step = scenario.step(node)
        if path or step.situation.strip() != scenario.situation.strip():
            p.say(wrap(step.situation))
            p.say()
        order = scoring.display_order(scenario.id, step.id, len(step.choices), attempt)
        chosen, _ = ask_question(p, "single", step.question, step.choices, order)
        p.say()
        show_feedback(p, step.choices, chosen, "single")
        (choice_id,) = chosen
        path.append((node, (choice_id,)))
        if on_step:
            on_step(tuple(path))
        node = scoring.next_node(scenario, node, choice_id)
        if scenario.step(node) is not None:
            p.pause()
    ending = scenario.ending(node)
    if ending:
        p.say(heading("How it ended"))
        p.say(wrap(ending.text))
        p.say()
    return scoring.Answer(scenario.id, tuple(path), scoring.score_branching(scenario, path), node)


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
