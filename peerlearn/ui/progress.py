"""Showing progress in plain words."""
from __future__ import annotations

import click

from peerlearn.ui.render import bar, heading, row, width, wrap
from peerlearn.ui.words import describe_completion, describe_missing


def show_progress(content, report, bars: bool = False) -> None:
    """The progress report in words; with `bars` (the cli asks for them on a terminal, not in plain mode) each
    domain has a bar of its competencies proficient and each competency a bar of its score,
    with the proficient mark (┃) on it."""
    from peerlearn.engine.mastery import PROFICIENT_SCORE

    studied = sum(1 for m in report["modules"].values() if m["status"] == "studied")
    click.echo(heading("Your progress"))
    click.echo(f"Modules studied: {studied} of {len(report['modules'])}")
    counted = report.get("counted", report["responses"])
    click.echo(wrap(f"Scenario answers recorded: {report['responses']} ({counted} counted as evidence; the rest were practice)"))
    click.echo()
    longest = max((len(c.title) for c in content.framework.competencies), default=0)
    title_width = max(16, min(42, longest, width() - 24 - (18 if bars else 0)))
    for d in content.framework.domains:
        if bars:
            ok = sum(1 for c in d.competencies if report["competencies"][c.id]["level"] == "proficient")
            graph = f"{bar(ok / len(d.competencies) if d.competencies else 0)} {ok}/{len(d.competencies)} proficient"
            click.echo(row([(d.id, len(d.id) + 1)], f"{d.title}: {report['domains'][d.id]['level']}  {graph}"))
        else:
            click.echo(row([(d.id, len(d.id) + 1)], f"{d.title}: {report['domains'][d.id]['level']}"))
        for c in d.competencies:
            info = report["competencies"][c.id]
            detail = f"{info['evidence']} answer{'s' if info['evidence'] != 1 else ''} counted, {info['scenarios']} scenario{'s' if info['scenarios'] != 1 else ''}" if info["evidence"] else "no evidence yet"
            cells = [(c.id, 6), (c.title, title_width)]
            if bars:
                score = info["score"]
                cells.append((f"{bar(score, 12, PROFICIENT_SCORE)} {'  -' if score is None else f'{round(score * 100):>3}%'}", 17))
            click.echo(row([*cells, (info["level"], 12)], f"({detail})", "    "))
            if info.get("held_back") == "first-answers":
                click.echo(wrap(f"first answers {round(info['first_score'] * 100)}%: proficiency also needs half or more "
                                "of the best responses on scenarios met for the first time ('peerlearn quiz --review' brings new ones)",
                                "           "))
        click.echo()
    it = report["initial_training"]
    if it["complete"]:
        click.echo(wrap(f"Initial training: {describe_completion(it)}. 'peerlearn transcript' gives your record."))
    else:
        click.echo("Initial training: still to do")
        for item in it["missing"]:
            click.echo(wrap(f"- {describe_missing(item, content)}", "  "))
