"""Showing a training year's status in plain words."""
from __future__ import annotations

from datetime import date

import click

from peerlearn.ui.render import clean, heading, wrap
from peerlearn.ui.words import describe_needed, number as _fmt


def show_refresher(year: int, done: list) -> None:
    """Whether the annual refresher was taken in the training year, and its score."""
    if done:
        last = done[-1]
        click.echo(wrap(f"Annual refresher for {year}: taken on {last['time'][:10]}, "
                        f"{round(float(last.get('score', 0)) * 100)}% of the best responses."))
    else:
        click.echo(wrap(f"Annual refresher for {year}: not taken yet ('peerlearn quiz --refresher')."))
    click.echo()


def show_status(policy, report, today: date, bars: bool = False) -> None:
    """A training year's status; with `bars` (the cli asks for them on a terminal, not in plain mode) each
    requirement has a bar of what is done towards what it asks."""
    from peerlearn.ui.render import bar

    start, end = date.fromisoformat(report["period"]["start"]), date.fromisoformat(report["period"]["end"])
    click.echo(heading(f"{policy.title}: training year {start:%-d %b %Y} to {end:%-d %b %Y}"))
    for r in report["requirements"]:
        mark = "met" if r["met"] else ("not met" if r.get("ended") else "not yet")
        scope = " (this cycle)" if r["per"] == "cycle" else ""
        carried = f", {_fmt(r['carried_over'])} carried over" if r["carried_over"] else ""
        graph = f"{bar(r['done'] / r['required'] if r['required'] else 1, 10)}  " if bars else ""
        click.echo(clean(f"  {graph}{r['title']}{scope}: {_fmt(r['done'])} of {_fmt(r['required'])}{carried} - {mark}"))
        if r.get("basis"):
            click.echo(wrap(f"Why: {r['basis']}", "      "))
    click.echo()
    if report["met"]:
        click.echo(wrap("Everything this training year asks for is done."))
    else:
        if start <= today <= end:
            click.echo(wrap(f"{report['days_left']} days left in this training year. Still needed:"))
        elif today > end:
            click.echo(wrap(f"This training year ended on {end:%-d %B %Y}. What was not met:"))
        else:
            click.echo("Still needed:")
        for r in report["requirements"]:
            if not r["met"]:
                click.echo(wrap(f"- {describe_needed(r)}", "  "))
    click.echo()
