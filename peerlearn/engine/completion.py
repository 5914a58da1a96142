"""Initial training completion under a policy. Pure functions."""
from __future__ import annotations

from peerlearn.engine.mastery import PROFICIENT


def initial_training(policy, content, module_progress: dict, checklist_runs, domain_levels: dict) -> dict:
    """{'complete': bool, 'missing': [plain-words reasons]} for the policy's initial training."""
    rule = policy.initial_training
    missing = []
    module_ids = [m.id for m in content.modules] if rule.modules == "all" else list(rule.modules)
    unstudied = [mid for mid in module_ids if not module_progress.get(mid, {}).get("completed")]
    if unstudied:
        titles = {m.id: f"{m.number}. {m.title}" for m in content.modules}
        names = ", ".join(titles.get(mid, mid) for mid in unstudied[:4]) + (f" and {len(unstudied) - 4} more" if len(unstudied) > 4 else "")
        missing.append(f"Study {len(unstudied)} more module{'s' if len(unstudied) != 1 else ''}: {names}.")
    done = {r.get("checklist") for r in checklist_runs if r.get("completed")}
    for cid in rule.checklists:
        if cid not in done:
            cl = content.checklist(cid)
            missing.append(f"Work through the checklist \"{cl.title if cl else cid}\" once (peerlearn reflect {cid}).")
    domain_ids = [d.id for d in content.framework.domains] if rule.domains_proficient == "all" else list(rule.domains_proficient)
    titles = {d.id: d.title for d in content.framework.domains}
    for did in domain_ids:
        if domain_levels.get(did) != PROFICIENT:
            missing.append(f"Reach proficient in every competency of {titles.get(did, did)} ({did}); 'peerlearn quiz --domain {did}' helps.")
    return {"complete": not missing, "missing": missing}
