"""How well the content evidences each competency and domain."""
from __future__ import annotations

MIN_SCENARIOS = 5
MIN_MODULES = 1


def coverage(content, min_scenarios: int = MIN_SCENARIOS, min_modules: int = MIN_MODULES) -> dict:
    """Per competency and domain: scenarios and modules that evidence it, with gaps flagged."""
    comps = {}
    for c in content.framework.competencies:
        scen = [s for s in content.scenarios if c.id in s.competencies]
        mods = [m for m in content.modules if c.id in m.competencies]
        difficulties = sorted({s.difficulty for s in scen if s.difficulty})
        gaps = []
        if len(scen) < min_scenarios:
            gaps.append(f"{len(scen)} of {min_scenarios} scenarios")
        if len(mods) < min_modules:
            gaps.append("no module builds it")
        comps[c.id] = {
            "title": c.title,
            "domain": c.domain,
            "scenarios": len(scen),
            "modules": len(mods),
            "difficulties": difficulties,
            "gap": bool(gaps),
            "gaps": gaps,
        }
    domains = {}
    for d in content.framework.domains:
        ids = [c.id for c in d.competencies]
        domains[d.id] = {
            "title": d.title,
            "scenarios": sum(1 for s in content.scenarios if set(ids) & set(s.competencies)),
            "modules": sum(1 for m in content.modules if set(ids) & set(m.competencies)),
            "gaps": [i for i in ids if comps[i]["gap"]],
        }
    types = {}
    for s in content.scenarios:
        types[s.type] = types.get(s.type, 0) + 1
    return {
        "competencies": comps,
        "domains": domains,
        "scenarios": len(content.scenarios),
        "modules": len(content.modules),
        "scenario_types": types,
        "thresholds": {"scenarios": min_scenarios, "modules": min_modules},
    }
