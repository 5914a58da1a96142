"""The home screen: where you left off, what to do next, training status."""
from __future__ import annotations

import click

from peerlearn.ui.render import heading, wrap


def next_steps(content, store, report) -> list[tuple[str, list[str]]]:
    """Suggestions as (label, peerlearn arguments), most useful first."""
    steps = []
    if store.session("quiz"):
        steps.append(("Pick up your paused quiz", ["quiz"]))
    if report["initial_training"]["complete"]:
        steps.append(("Review the competencies that need it most", ["quiz", "--review"]))
        steps.append(("See this training year's ongoing education", ["status"]))
        steps.append(("Log a training or community-of-practice meeting", ["log", "add"]))
        return steps
    for m in content.modules:
        status = report["modules"][m.id]["status"]
        if status == "in progress":
            steps.append((f"Continue module {m.number}: {m.title}", ["study", m.id]))
            break
    for m in content.modules:
        if report["modules"][m.id]["status"] == "not started":
            steps.append((f"Start module {m.number}: {m.title}", ["study", m.id]))
            break
    if "story-sharing" not in report["checklists"]:
        steps.append(("Work through the story-sharing checklist", ["reflect", "story-sharing"]))
    if report["responses"]:
        steps.append(("Review the competencies that need it most", ["quiz", "--review"]))
    else:
        steps.append(("Try a short scenario quiz", ["quiz"]))
    steps.append(("See your progress", ["progress"]))
    return steps


def show(settings, content, store, report) -> None:
    profile = store.profile()
    name = profile.get("name")
    click.echo(heading(f"Welcome back, {name}" if name else "Welcome to peerlearn"))
    studied = sum(1 for m in report["modules"].values() if m["status"] == "studied")
    proficient = sum(1 for d in report["domains"].values() if d["level"] == "proficient")
    it = report["initial_training"]
    click.echo(f"Modules studied: {studied} of {len(report['modules'])}.  Domains proficient: {proficient} of {len(report['domains'])}.")
    if it["complete"]:
        from peerlearn.ui.progress import describe_completion

        click.echo(wrap(f"Initial training: {describe_completion(it)}."))
    for line in reminders(settings, content, store):
        click.echo(wrap(line))
    from peerlearn.lrs.sync import standing

    synced = standing(content, store)
    if synced:
        from peerlearn.ui.sync import sync_line

        click.echo(wrap(sync_line(*synced)))
    if not name:
        click.echo(wrap("Tip: 'peerlearn profile --name \"Your Name\"' puts your name on your transcript."))
    click.echo()
    steps = next_steps(content, store, report)
    p = settings.prompter()
    labels = [label for label, _ in steps] + ["Leave for now"]
    if p.plain:
        click.echo("What next?")
        for label, args in steps:
            click.echo(f"  - {label}: peerlearn {' '.join(args)}")
        return
    pick = p.choose("What would you like to do?", labels, pausable=False)
    if pick is None or pick >= len(steps):
        return
    from peerlearn.cli import cli

    ctx = click.get_current_context()
    args = steps[pick][1]
    command = cli.get_command(ctx, args[0])
    sub_ctx = command.make_context(args[0], list(args[1:]), parent=ctx)
    with sub_ctx:
        command.invoke(sub_ctx)


def reminders(settings, content, store) -> list[str]:
    """Ongoing-education requirements due within 60 days, or overdue."""
    from peerlearn import clock

    from peerlearn.engine.policy import counted_activities, due_reminders

    activities = store.activities()
    if not activities:
        return []
    policy = settings.policy(content)
    counted = counted_activities(policy, activities, store.all_module_progress(), store.events("refresher"))
    return due_reminders(policy, counted, clock.today())
