"""The learner's transcript: modules with dates, competency levels, completion."""
from __future__ import annotations

import html
import re

from peerlearn.ui.render import clean, json_text
from peerlearn.ui.words import describe_completion, describe_missing, describe_needed, plural


# Characters Markdown gives a meaning to anywhere in a line: escaped in text from content or the
# learner, so a title cannot add a link, an image, HTML, emphasis or a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&!~#])")


def _md(text) -> str:
    """Text from content or the learner as literal Markdown on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(str(text)).split()))


def build(content, store, report, include_reflections: bool = False) -> dict:
    from peerlearn import clock

    profile = store.profile()
    titles = {c.id: c.title for c in content.checklists}
    data = {
        "learner": profile.get("name") or "Learner",
        "generated_on": clock.today().isoformat(),
        "modules": [
            {"number": m.number, "id": m.id, "title": m.title, "status": report["modules"][m.id]["status"],
             "completed": (report["modules"][m.id]["completed"] or "")[:10] or None}
            for m in content.modules
        ],
        "domains": [
            {"id": d.id, "title": d.title, "level": report["domains"][d.id]["level"],
             "competencies": [
                 {"id": c.id, "title": c.title, "level": report["competencies"][c.id]["level"],
                  "evidence": report["competencies"][c.id]["evidence"], "score": report["competencies"][c.id]["score"],
                  "scenarios": report["competencies"][c.id]["scenarios"]}
                 for c in d.competencies
             ]}
            for d in content.framework.domains
        ],
        "checklists": [{"id": r["checklist"], "title": titles.get(r["checklist"], r["checklist"]),
                        "completed": (r.get("completed") or "")[:10]}
                       for r in store.checklist_runs() if r.get("completed")],
        "initial_training": {
            "complete": report["initial_training"]["complete"],
            "completed_on": (report["initial_training"]["completed_on"] or "")[:10] or None,
            "elsewhere": report["initial_training"].get("elsewhere"),
            "missing": [describe_missing(x, content, hints=False) for x in report["initial_training"]["missing"]],
        },
    }
    if include_reflections:
        data["reflections"] = [{"time": r.get("time"), "source": r.get("source"), "prompt": r.get("prompt"), "text": r.get("text")}
                               for r in store.reflections()]
    return data


def year_record(content, store, policy, year: int) -> dict:
    """A training year: its activities, hours by category, and each requirement's status."""
    from peerlearn import clock

    from peerlearn.engine.policy import evaluate, training_year
    from peerlearn.records.queries import counted_activities

    entries = [e for e in store.activities() if training_year(policy, year).contains(e.get("date"))]
    hours: dict = {}
    for e in entries:
        for cat in e.get("categories") or ["uncategorised"]:
            hours[cat] = round(hours.get(cat, 0) + float(e.get("hours") or 0), 2)
    counted = counted_activities(store, policy)
    status = evaluate(policy, counted, year, clock.today())
    return {
        "policy": policy.title, "year": year, "period": status["period"], "met": status["met"],
        "activities": [{"date": e["date"], "kind": e["kind"], "title": e["title"], "hours": e.get("hours"),
                        "categories": e.get("categories") or []} for e in entries],
        "total_hours": round(sum(float(e.get("hours") or 0) for e in entries), 2),
        "hours_by_category": dict(sorted(hours.items())),
        "requirements": [{**{k: r[k] for k in ("id", "title", "required", "done", "met")}, "needed": describe_needed(r)}
                         for r in status["requirements"]],
    }


def _year_md(y: dict) -> list[str]:
    lines = [f"## Training year {y['year']} ({y['period']['start']} to {y['period']['end']}): {_md(y['policy'])}", ""]
    lines.append("Requirements: " + ("all met" if y["met"] else "not all met yet"))
    lines.append("")
    for r in y["requirements"]:
        lines.append(f"- {_md(r['title'])}: {r['done']:g} of {r['required']:g}" + (" (met)" if r["met"] else f" ({_md(r['needed'])})"))
    lines += ["", f"Hours in total: {y['total_hours']:g}", ""]
    for cat, h in y["hours_by_category"].items():
        lines.append(f"- {_md(cat)}: {h:g} h")
    lines += ["", "| Date | Kind | Activity | Hours |", "|---|---|---|---|"]
    for a in y["activities"]:
        lines.append(f"| {_md(a['date'])} | {_md(a['kind'])} | {_md(a['title'])} | {a['hours']:g} |")
    lines.append("")
    return lines


def _year_html(y: dict, e) -> str:
    reqs = "".join(f"<li>{e(r['title'])}: {r['done']:g} of {r['required']:g} " + ("(met)" if r["met"] else f"({e(r['needed'])})") + "</li>" for r in y["requirements"])
    cats = "".join(f"<li>{e(c)}: {h:g} h</li>" for c, h in y["hours_by_category"].items())
    rows = "".join(f"<tr><td>{e(a['date'])}</td><td>{e(a['kind'])}</td><td>{e(a['title'])}</td><td>{a['hours']:g}</td></tr>" for a in y["activities"])
    return (f"<h2>Training year {y['year']} ({e(y['period']['start'])} to {e(y['period']['end'])}): {e(y['policy'])}</h2>"
            f"<p>Requirements: {'all met' if y['met'] else 'not all met yet'}</p><ul>{reqs}</ul>"
            f"<p>Hours in total: {y['total_hours']:g}</p><ul>{cats}</ul>"
            f"<table><tr><th>Date</th><th>Kind</th><th>Activity</th><th>Hours</th></tr>{rows}</table>")


def render(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json_text(data)
    if fmt == "html":
        return _html(data)
    return _markdown(data)


def _completion(it: dict, esc=str) -> str:
    """How initial training stands, with the provider and date passed through `esc`."""
    elsewhere = it.get("elsewhere")
    if elsewhere:
        elsewhere = {k: esc(clean(str(v))) if v else v for k, v in elsewhere.items()}
    return describe_completion({**it, "elsewhere": elsewhere})


def _markdown(d: dict) -> str:
    it = d["initial_training"]
    lines = [f"# Peer support training record: {_md(d['learner'])}", "", f"Generated on {d['generated_on']}.", ""]
    lines.append(f"Initial training: **{_completion(it, _md)}**" if it["complete"] else "Initial training: in progress")
    lines += ["", "## Modules", "", "| # | Module | Status | Completed |", "|---|---|---|---|"]
    for m in d["modules"]:
        lines.append(f"| {m['number']} | {_md(m['title'])} | {m['status']} | {m['completed'] or ''} |")
    lines += ["", "## Competencies (Standards of Practice)", ""]
    for dom in d["domains"]:
        lines.append(f"### {dom['id']}: {_md(dom['title'])} - {dom['level']}")
        lines.append("")
        for c in dom["competencies"]:
            lines.append(f"- {c['id']} {_md(c['title'])}: {c['level']} ({plural(c['evidence'], 'answer')} counted)")
        lines.append("")
    if d["checklists"]:
        lines += ["## Reflection checklists completed", ""] + [f"- {_md(c['title'])}: {c['completed']}" for c in d["checklists"]] + [""]
    if not it["complete"] and it["missing"]:
        lines += ["## Still to do", ""] + [f"- {_md(x)}" for x in it["missing"]] + [""]
    if "year" in d:
        lines += _year_md(d["year"])
    if "reflections" in d:
        lines += ["## Reflections (included at the learner's request)", ""]
        for r in d["reflections"]:
            lines.append(f"- {_md((r['time'] or '')[:10])} {_md(r.get('prompt') or '')}: {_md(r['text'])}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _html(d: dict) -> str:
    e = lambda s: html.escape(clean(str(s)))  # noqa: E731
    it = d["initial_training"]
    rows = "".join(f"<tr><td>{m['number']}</td><td>{e(m['title'])}</td><td>{e(m['status'])}</td><td>{e(m['completed'] or '')}</td></tr>" for m in d["modules"])
    doms = ""
    for dom in d["domains"]:
        items = "".join(f"<li>{e(c['id'])} {e(c['title'])}: <strong>{e(c['level'])}</strong> ({plural(c['evidence'], 'answer')} counted)</li>" for c in dom["competencies"])
        doms += f"<h3>{e(dom['id'])}: {e(dom['title'])} &mdash; {e(dom['level'])}</h3><ul>{items}</ul>"
    status = e(_completion(it)).capitalize()
    from peerlearn.engine.mastery import PROFICIENT_SCORE
    from peerlearn.export.chart import competency_svg

    chart = competency_svg([{**dom, "title": clean(dom["title"]),
                             "competencies": [{**c, "title": clean(c["title"])} for c in dom["competencies"]]}
                            for dom in d["domains"]], PROFICIENT_SCORE, "Competency profile: each competency's score towards the proficient mark")
    checklists = ""
    if d["checklists"]:
        checklists = "<h2>Reflection checklists completed</h2><ul>" + "".join(
            f"<li>{e(c['title'])}: {e(c['completed'])}</li>" for c in d["checklists"]) + "</ul>"
    missing = "" if it["complete"] else "<h2>Still to do</h2><ul>" + "".join(f"<li>{e(x)}</li>" for x in it["missing"]) + "</ul>"
    year = _year_html(d["year"], e) if "year" in d else ""
    refl = ""
    if "reflections" in d:
        refl = "<h2>Reflections (included at the learner's request)</h2><ul>" + "".join(
            f"<li>{e((r['time'] or '')[:10])} {e(r.get('prompt') or '')}: {e(r['text'])}</li>" for r in d["reflections"]) + "</ul>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Peer support training record: {e(d['learner'])}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:48em;margin:2em auto;line-height:1.45;color:#222}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #bbb;padding:.3em .5em;text-align:left}}
figure{{margin:1em 0}}@media print{{body{{margin:0}}h2{{page-break-after:avoid}}figure{{page-break-inside:avoid}}}}</style></head>
<body><h1>Peer support training record</h1><p><strong>{e(d['learner'])}</strong></p>
<p>Generated on {e(d['generated_on'])}.</p>
<p>Initial training: <strong>{status}</strong></p>
<h2>Modules</h2><table><tr><th>#</th><th>Module</th><th>Status</th><th>Completed</th></tr>{rows}</table>
<h2>Competencies (Standards of Practice)</h2><figure>{chart}</figure>{doms}{checklists}{missing}{year}{refl}
</body></html>
"""
