"""The learner's progress as one plain dict (what `progress --json` prints). Pure."""
from __future__ import annotations

from peerlearn.engine.completion import initial_training
from peerlearn.engine.mastery import domain_levels, from_summary


def module_stage(module, prog: dict) -> tuple[str, int]:
    """Where a learner is in a module: ("studied" | "check" | "reading" | "not started", the
    section to read next, 1-based and never past the last)."""
    if prog.get("completed"):
        return "studied", len(module.sections)
    if not prog.get("started"):
        return "not started", 1
    section = prog.get("section", 0)
    if section >= len(module.sections):
        return "check", len(module.sections)
    return "reading", section + 1


def next_module(content, module_progress: dict):
    """The module to study next: the first one part-way through, else the first not studied."""
    stages = [(m, module_stage(m, module_progress.get(m.id, {}))[0]) for m in content.modules]
    for m, stage in stages:
        if stage in ("reading", "check"):
            return m
    return next((m for m, stage in stages if stage != "studied"), None)


def progress_report(content, policy, summary: dict, module_progress: dict, checklist_runs, completed_on=None,
                    elsewhere: dict | None = None) -> dict:
    """`summary` is the running mastery summary of all responses (engine.mastery.fold);
    `elsewhere` ({"date", "provider"}) records an initial training completed outside peerlearn."""
    mastery = from_summary(summary, [c.id for c in content.framework.competencies])
    domains = domain_levels(content.framework, mastery)
    modules = {}
    for m in content.modules:
        prog = module_progress.get(m.id, {})
        stage, _ = module_stage(m, prog)
        status = {"studied": "studied", "not started": "not started"}.get(stage, "in progress")
        modules[m.id] = {
            "number": m.number, "title": m.title, "status": status,
            "section": prog.get("section", 0), "sections": len(m.sections),
            "completed": prog.get("completed"), "stage": stage,
        }
    it = initial_training(policy, content, module_progress, checklist_runs, domains)
    it["completed_on"] = completed_on
    it["elsewhere"] = None
    if elsewhere and elsewhere.get("date"):
        it.update(complete=True, missing=[], elsewhere=dict(elsewhere))
        it["completed_on"] = it["completed_on"] or elsewhere["date"]
    return {
        "competencies": {
            cid: {"level": ms.level, "evidence": ms.evidence, "scenarios": ms.scenarios, "first_score": ms.first_score,
                  "score": ms.score, "last": ms.last}
            for cid, ms in mastery.items()
        },
        "domains": {d.id: {"title": d.title, "level": domains[d.id]} for d in content.framework.domains},
        "modules": modules,
        "checklists": sorted({r["checklist"] for r in checklist_runs if r.get("completed")}),
        "responses": summary["count"],
        "counted": summary.get("counted", summary["count"]),
        "initial_training": it,
    }
