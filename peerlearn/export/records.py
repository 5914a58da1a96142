"""CSV and JSON exports of the learner's record."""
from __future__ import annotations

import csv
import io

from peerlearn.ui.render import clean

# The CSV's columns, in order (documented in the README).
CSV_COLUMNS = ("date", "kind", "title", "hours", "categories", "provider", "training_year",
               "evidence_file", "evidence_sha256", "evidence_status", "note", "source", "id")


def activity_rows(content, store, policy, year=None, evidence_status=lambda ev: "") -> list[dict]:
    """One row per activity: logged ones, plus modules studied and refreshers done in peerlearn."""
    from peerlearn.engine.policy import parse_day, training_year, year_of

    rows = []
    for e in store.activities():
        ev = e.get("evidence") or {}
        rows.append({
            "date": e["date"], "kind": e["kind"], "title": e["title"], "hours": e.get("hours"),
            "categories": ";".join(e.get("categories") or []), "provider": e.get("provider", ""),
            "evidence_file": ev.get("path", ""), "evidence_sha256": ev.get("sha256", ""),
            "evidence_status": evidence_status(ev) if ev else "", "note": e.get("note", ""),
            "source": "log", "id": e.get("uuid") or str(e["doc_id"]),
        })
    titles = {m.id: m.title for m in content.modules}
    for mid, prog in store.all_module_progress().items():
        if prog.get("completed"):
            rows.append({"date": prog["completed"][:10], "kind": "module", "title": f"peerlearn module: {titles.get(mid, mid)}",
                         "hours": "", "categories": "", "provider": "peerlearn", "evidence_file": "", "evidence_sha256": "",
                         "evidence_status": "", "note": "", "source": "peerlearn", "id": mid})
    for ev in store.events("refresher"):
        rows.append({"date": ev["time"][:10], "kind": "refresher", "title": "peerlearn annual refresher",
                     "hours": "", "categories": "", "provider": "peerlearn", "evidence_file": "", "evidence_sha256": "",
                     "evidence_status": "", "note": f"score {round(ev.get('score', 0) * 100)}%", "source": "peerlearn",
                     "id": ev.get("session", "")})
    for r in rows:
        day = parse_day(r["date"])
        r["training_year"] = year_of(policy, day) if day else ""
    if year is not None:
        rows = [r for r in rows if training_year(policy, year).contains(r["date"])]
    rows.sort(key=lambda r: (r["date"], r["kind"], r["title"]))
    return rows


def to_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _safe_cell(r.get(k, "")) for k in CSV_COLUMNS})
    return out.getvalue()


def _safe_cell(value):
    """A cell safe to open and to print: without terminal control or hidden characters, and
    with a quote before = + - @ (spreadsheets run cells starting with them as formulas)."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def full_record(content, store, report, include_reflections: bool = False) -> dict:
    """Everything peerlearn keeps about the learner (reflections only when asked for)."""
    record = {
        "format": "peerlearn-record", "version": 1,
        "profile": store.profile(),
        "progress": report,
        "modules": store.all_module_progress(),
        "responses": store.responses(),
        "checklist_runs": store.checklist_runs(),
        "events": store.events(),
        "activities": store.activities(),
    }
    if include_reflections:
        record["reflections"] = store.reflections()
    return record
