"""Mastery per competency and domain, from recorded evidence. Pure functions.

The rule, in plain words (the README says the same):
- Every recorded answer to a scenario is evidence for each competency the scenario is mapped to,
  scored from 0 to 1 (multi-select gets partial credit; branching scores the share of best
  responses along the path taken).
- Recent answers weigh more: the newest counts fully, the one before it 3/4 as much, the one
  before that 3/4 of that again, and so on.
- "not started": no evidence yet. "proficient": a weighted score of at least 80% AND evidence
  from at least 2 different scenarios. Anything else is "developing".
- A domain is proficient when all its competencies are, not started when none has evidence, and
  developing otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

DECAY = 0.75
PROFICIENT_SCORE = 0.8
MIN_SCENARIOS = 2

NOT_STARTED, DEVELOPING, PROFICIENT = "not started", "developing", "proficient"


@dataclass(frozen=True)
class Mastery:
    level: str
    score: float | None  # weighted score 0..1, None without evidence
    evidence: int  # recorded responses that evidence the competency
    scenarios: int  # distinct scenarios among them
    last: str | None  # ISO time of the newest evidence


def weighted_score(scores_newest_first) -> float:
    total = weight = 0.0
    w = 1.0
    for s in scores_newest_first:
        total += w * s
        weight += w
        w *= DECAY
    return total / weight if weight else 0.0


def level_for(score: float | None, distinct_scenarios: int) -> str:
    if score is None:
        return NOT_STARTED
    if score >= PROFICIENT_SCORE and distinct_scenarios >= MIN_SCENARIOS:
        return PROFICIENT
    return DEVELOPING


def competency_mastery(responses, competency_ids) -> dict[str, Mastery]:
    """Mastery for each competency id from responses (dicts with competencies, score, scenario, time)."""
    by_comp: dict[str, list] = {cid: [] for cid in competency_ids}
    for r in responses:
        for cid in r.get("competencies", ()):
            if cid in by_comp:
                by_comp[cid].append(r)
    out = {}
    for cid, items in by_comp.items():
        if not items:
            out[cid] = Mastery(NOT_STARTED, None, 0, 0, None)
            continue
        items.sort(key=lambda r: r["time"], reverse=True)
        score = weighted_score(r["score"] for r in items)
        distinct = len({r["scenario"] for r in items})
        out[cid] = Mastery(level_for(score, distinct), round(score, 4), len(items), distinct, items[0]["time"])
    return out


def domain_levels(framework, mastery: dict[str, Mastery]) -> dict[str, str]:
    out = {}
    for d in framework.domains:
        levels = [mastery[c.id].level for c in d.competencies]
        if all(lv == PROFICIENT for lv in levels):
            out[d.id] = PROFICIENT
        elif all(lv == NOT_STARTED for lv in levels):
            out[d.id] = NOT_STARTED
        else:
            out[d.id] = DEVELOPING
    return out
