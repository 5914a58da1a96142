"""Tables for trainers and for the annual log: columns that fit the terminal, cut cells that end
with "…", and free text (gaps, titles) wrapped between words under the row."""
from __future__ import annotations

import click

from peerlearn.ui.render import clean, row, width, wrap

EVIDENCE_FLAGS = {"ok": "[evidence recorded (path and SHA-256)]",
                  "changed": "[evidence file has CHANGED since it was logged]",
                  "missing": "[evidence file is MISSING]"}


def show_coverage(report: dict) -> None:
    """`peerlearn coverage`: scenarios and modules per competency, gaps flagged."""
    click.echo(f"{report['scenarios']} scenarios, {report['modules']} modules.")
    titles = [len(c["title"]) for c in report["competencies"].values()]
    title_width = max(16, min(44, max(titles, default=0), width() - 35))
    for dom_id, dom in report["domains"].items():
        click.echo()
        click.echo(row([(dom_id, len(dom_id) + 1)], f"{dom['title']}  ({dom['scenarios']} scenarios, {dom['modules']} modules)"))
        for cid, c in report["competencies"].items():
            if c["domain"] != dom_id:
                continue
            flag = "<- gap: " + "; ".join(c["gaps"]) if c["gap"] else ""
            counts = [(f"scenarios {c['scenarios']:>3}", 13), (f" modules {c['modules']:>2}", 11)]
            click.echo(row([(cid, 6), (c["title"], title_width), *counts], flag, "  "))
    gaps = [cid for cid, c in report["competencies"].items() if c["gap"]]
    click.echo()
    click.echo(wrap(f"{len(gaps)} competenc{'y' if len(gaps) == 1 else 'ies'} with gaps" + (f": {', '.join(gaps)}" if gaps else ".")))


def show_activities(entries: list[dict]) -> None:
    """`peerlearn log list`: one row per logged activity, its title and flags wrapped under it."""
    kinds = max((len(e["kind"]) for e in entries), default=0)
    for e in entries:
        ev = e.get("evidence")
        flag = EVIDENCE_FLAGS.get(ev["status"], "") if ev else ""
        cats = f"({', '.join(e.get('categories') or [])})" if e.get("categories") else ""
        tail = "  ".join(t for t in (clean(e["title"]), cats, flag) if t)
        click.echo(row([(f"#{e['id']}", 5), (e["date"], 10), (e["kind"], min(12, kinds)), (f"{e['hours']:g} h", -7)], tail, gap=2))
