"""Initial training completion under a policy. Pure functions."""
from __future__ import annotations

from peerlearn.engine.mastery import PROFICIENT


def initial_training(policy, content, module_progress: dict, checklist_runs, domain_levels: dict) -> dict:
    """{'complete': bool, 'missing': [what is still needed, as data]} for the policy's initial
    training. Each missing item is {"need": "modules", "modules": [ids]}, {"need": "checklist",
    "checklist": id} or {"need": "domain", "domain": id}; ui.words says them in plain words."""
    rule = policy.initial_training
    missing = []
    module_ids = [m.id for m in content.modules] if rule.modules == "all" else list(rule.modules)
    unstudied = [mid for mid in module_ids if not module_progress.get(mid, {}).get("completed")]
    if unstudied:
        missing.append({"need": "modules", "modules": unstudied})
    done = {r.get("checklist") for r in checklist_runs if r.get("completed")}
    missing += [{"need": "checklist", "checklist": cid} for cid in rule.checklists if cid not in done]
    domain_ids = [d.id for d in content.framework.domains] if rule.domains_proficient == "all" else list(rule.domains_proficient)
    missing += [{"need": "domain", "domain": did} for did in domain_ids if domain_levels.get(did) != PROFICIENT]
    return {"complete": not missing, "missing": missing}
