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


def level_for(score: float | None, distinct_scenarios: int) -> str:
    if score is None:
        return NOT_STARTED
    if score >= PROFICIENT_SCORE and distinct_scenarios >= MIN_SCENARIOS:
        return PROFICIENT
    return DEVELOPING


def empty_summary() -> dict:
    return {"competencies": {}, "count": 0, "last": ""}


def fold(summary: dict, responses) -> dict:
    """Add responses, oldest first, to a running summary (returns a new one).

    Folding s into the running sums as S = s + DECAY * S and W = 1 + DECAY * W gives exactly the
    weighted score above, so the summary can be kept up to date one answer at a time.
    """
    comps = {cid: dict(c, scenarios=list(c["scenarios"])) for cid, c in summary["competencies"].items()}
    count, last = summary["count"], summary["last"]
    for r in responses:
        for cid in r.get("competencies", ()):
            c = comps.setdefault(cid, {"s": 0.0, "w": 0.0, "n": 0, "scenarios": [], "last": None})
            c["s"] = r["score"] + DECAY * c["s"]
            c["w"] = 1.0 + DECAY * c["w"]
            c["n"] += 1
            if r["scenario"] not in c["scenarios"]:
                c["scenarios"].append(r["scenario"])
            c["last"] = r["time"]
        count += 1
        last = max(last, r["time"])
    return {"competencies": comps, "count": count, "last": last}


def from_summary(summary: dict, competency_ids) -> dict[str, Mastery]:
    out = {}
    for cid in competency_ids:
        c = summary["competencies"].get(cid)
        if not c or not c["n"]:
            out[cid] = Mastery(NOT_STARTED, None, 0, 0, None)
            continue
        score = c["s"] / c["w"]
        distinct = len(c["scenarios"])
        out[cid] = Mastery(level_for(score, distinct), round(score, 4), c["n"], distinct, c["last"])
    return out


def competency_mastery(responses, competency_ids) -> dict[str, Mastery]:
    """Mastery for each competency id from responses (dicts with competencies, score, scenario, time)."""
    ordered = sorted(responses, key=lambda r: r["time"])
    return from_summary(fold(empty_summary(), ordered), competency_ids)


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
