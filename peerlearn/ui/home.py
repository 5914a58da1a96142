"""The home screen: where you left off, what to do next, training status. It shows and asks;
what to suggest comes from engine.progress.next_steps, and the cli runs the pick."""
from __future__ import annotations

import click

from peerlearn.ui.render import clean, heading, wrap
from peerlearn.ui.words import describe_completion, describe_reminder


def describe_step(step, content) -> str:
    """A next step (engine.progress.NextStep) in plain words."""
    if step.action in ("continue-module", "start-module"):
        m = content.module(step.target)
        verb = "Continue" if step.action == "continue-module" else "Start"
        return f"{verb} module {m.number}: {m.title}"
    if step.action == "checklist":
        cl = content.checklist(step.target)
        return f"Work through the checklist \"{cl.title}\""
    return {
        "resume-quiz": "Pick up your paused quiz",
        "review": "Review the competencies that need it most",
        "quiz": "Try a short scenario quiz",
        "progress": "See your progress",
        "status": "See this training year's ongoing education",
        "log": "Log a training or community-of-practice meeting",
    }[step.action]


def show_summary(name: str | None, report: dict, reminders: list[dict], synced=None) -> None:
    """`synced`: (LRS, last synced, statements waiting) when an LRS is set up (lrs.sync.standing)."""
    click.echo(heading(f"Welcome back, {name}" if name else "Welcome to peerlearn"))
    studied = sum(1 for m in report["modules"].values() if m["status"] == "studied")
    proficient = sum(1 for d in report["domains"].values() if d["level"] == "proficient")
    it = report["initial_training"]
    click.echo(f"Modules studied: {studied} of {len(report['modules'])}.  Domains proficient: {proficient} of {len(report['domains'])}.")
    if it["complete"]:
        click.echo(wrap(f"Initial training: {describe_completion(it)}."))
    for r in reminders:
        click.echo(wrap(describe_reminder(r)))
    if synced:
        from peerlearn.ui.sync import sync_line

        click.echo(wrap(sync_line(*synced)))
    if not name:
        click.echo(wrap("Tip: 'peerlearn profile --name \"Your Name\"' puts your name on your transcript."))
    click.echo()


def ask_next(p, content, steps, commands) -> int | None:
    """In plain mode, list the steps with their commands; in a terminal, ask for a pick. The
    index of the step picked, or None."""
    labels = [describe_step(s, content) for s in steps]
    if p.plain:
        click.echo("What next?")
        for label, step in zip(labels, steps):
            click.echo(clean(f"  - {label}: peerlearn {' '.join(commands(step))}"))
        return None
    pick = p.choose("What would you like to do?", labels + ["Leave for now"], pausable=False)
    if pick is None or pick >= len(steps):
        return None
    return pick
