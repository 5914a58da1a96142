"""A team report and an item analysis as text, CSV, JSON or a printable HTML page."""
from __future__ import annotations

import csv
import html
import io
import json

from peerlearn.export.records import _safe_cell
from peerlearn.ui.render import clean


def _num(n) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _req_cell(r: dict) -> str:
    return f"{_num(r['done'])}/{_num(r['required'])} {r['state']}"


def report_rows(report: dict) -> tuple[list[str], list[list]]:
    """The table of a team report: one row per worker."""
    reqs = [(r["id"], r["title"]) for r in (report["workers"][0]["requirements"] if report["workers"] else [])]
    domains = list(report["domains"])
    header = ["worker"] + [title for _, title in reqs] + ["last activity", "domains proficient"]
    rows = []
    for w in report["workers"]:
        rows.append([w["worker"]] + [_req_cell(r) for r in w["requirements"]]
                    + [w["last_activity"] or "", f"{w['proficient_domains']} of {len(domains)}"])
    return header, rows


def render_report(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False)
    header, rows = report_rows(report)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[_safe_cell(c) for c in row] for row in rows])
        return out.getvalue()
    n = len(report["workers"])
    profile = [f"{d['title']}: {d['proficient']} of {n} proficient, {d['developing']} developing, {d['not started']} not started"
               for d in report["domains"].values()]
    title = f"Team report: training year {report['period']['start']} to {report['period']['end']} (policy {report['policy']})"
    if fmt == "html":
        e = lambda s: html.escape(clean(str(s)))  # noqa: E731
        head = "".join(f"<th>{e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
        items = "".join(f"<li>{e(p)}</li>" for p in profile)
        from peerlearn.export.chart import team_svg

        chart = team_svg({k: {**d, "title": clean(d["title"])} for k, d in report["domains"].items()}, n,
                         f"Team competency profile: how many of the {n} workers are proficient in each domain")
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .6em;text-align:left}}@media print{{body{{margin:0}}}}</style>
</head><body>
<h1>{e(title)}</h1>
<p>{n} worker{'s' if n != 1 else ''}, as of {e(report['today'])}. Each requirement shows done/needed and whether it is met, at risk (not met, due within 60 days) or not met. {e(report['note'])}</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>Team competency profile</h2>
<figure>{chart}</figure>
<ul>{items}</ul>
</body></html>
"""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    lines = [title, "-" * min(len(title), 100), f"{n} worker{'s' if n != 1 else ''}, as of {report['today']}. {report['note']}", ""]
    for row in [header] + rows:
        lines.append("  ".join(clean(str(c)).ljust(w) for c, w in zip(row, widths)).rstrip())
    lines += ["", "Met, at risk (not met, due within 60 days) or not met; numbers are done/needed.", "",
              "Team competency profile:"] + [f"  {p}" for p in profile]
    return "\n".join(lines) + "\n"


def render_items(items: list[dict], fmt: str, min_workers: int) -> str:
    if fmt == "json":
        return json.dumps(items, indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["scenario", "workers", "difficulty", "discrimination", "choice", "step", "keyed", "share", "flags"])
        for it in items:
            for c in it["choices"] or [{"choice": "", "step": None, "keyed": "", "share": ""}]:
                writer.writerow([_safe_cell(x) for x in (it["scenario"], it["workers"], it["difficulty"],
                                 "" if it["discrimination"] is None else it["discrimination"], c["choice"], c["step"] or "",
                                 c["keyed"], c["share"], "; ".join(it["flags"]))])
        return out.getvalue()
    lines = [f"Item analysis: {len(items)} scenario{'s' if len(items) != 1 else ''} answered first by at least {min_workers} workers",
             "Difficulty: share choosing the best response. Discrimination: point-biserial correlation with the",
             "mean score on the other scenarios. First answers only.", ""]
    for it in items:
        disc = "n/a" if it["discrimination"] is None else f"{it['discrimination']:+.2f}"
        lines.append(f"{clean(it['scenario'])}: {it['workers']} workers, difficulty {it['difficulty']:.2f}, discrimination {disc}")
        shares = ", ".join(f"{c['choice']}{'*' if c['keyed'] else ''} {c['share']:.0%}" for c in it["choices"])
        if shares:
            lines.append(f"    choices (* keyed): {shares}")
        for f in it["flags"]:
            lines.append(f"    flag: {f}")
    return "\n".join(lines) + "\n"
