"""The learner's progress as one plain dict (what `progress --json` prints). Pure."""
from __future__ import annotations

from dataclasses import dataclass

from peerlearn.engine.completion import initial_training
from peerlearn.engine.mastery import DEVELOPING, FIRST_ANSWER_FLOOR, PROFICIENT_SCORE, domain_levels, from_summary


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


def held_back(ms) -> str | None:
    """Why a competency with a proficient score is not yet proficient, as data: "first-answers"
    when the learner's first answers on new scenarios fall short of the floor."""
    if (ms.level == DEVELOPING and ms.first_score is not None and ms.first_score < FIRST_ANSWER_FLOOR
            and (ms.score or 0) >= PROFICIENT_SCORE):
        return "first-answers"
    return None


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
                  "score": ms.score, "last": ms.last, "held_back": held_back(ms)}
            for cid, ms in mastery.items()
        },
        "domains": {d.id: {"title": d.title, "level": domains[d.id]} for d in content.framework.domains},
        "modules": modules,
        "checklists": sorted({r["checklist"] for r in checklist_runs if r.get("completed")}),
        "responses": summary["count"],
        "counted": summary.get("counted", summary["count"]),
        "initial_training": it,
    }


@dataclass(frozen=True)
class NextStep:
    """A suggestion for the home screen, as data: `action` is one of "resume-quiz",
    "continue-module", "start-module", "checklist", "review", "quiz", "progress", "status", "log";
    `target` the module or checklist it is about. The cli knows the command for each action
    and the ui the words."""

    action: str
    target: str | None = None


def next_steps(content, policy, report: dict, paused_quiz: bool) -> list[NextStep]:
    """What to do next, most useful first, from the progress report and the policy's initial
    training (its checklists, not a fixed one)."""
    steps = [NextStep("resume-quiz")] if paused_quiz else []
    if report["initial_training"]["complete"]:
        return steps + [NextStep("review"), NextStep("status"), NextStep("log")]
    modules = report["modules"]
    current = next((m for m in content.modules if modules[m.id]["status"] == "in progress"), None)
    if current:
        steps.append(NextStep("continue-module", current.id))
    fresh = next((m for m in content.modules if modules[m.id]["status"] == "not started"), None)
    if fresh:
        steps.append(NextStep("start-module", fresh.id))
    done = set(report["checklists"])
    steps += [NextStep("checklist", cid) for cid in policy.initial_training.checklists
              if cid not in done and content.checklist(cid) is not None]
    steps.append(NextStep("review") if report["responses"] else NextStep("quiz"))
    steps.append(NextStep("progress"))
    return steps
