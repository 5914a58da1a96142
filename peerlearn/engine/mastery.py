"""Mastery per competency and domain, from recorded evidence. Pure functions.

The rule, in plain words (the README says the same):
- An answer to a scenario is evidence for each competency the scenario is mapped to, scored from
  0 to 1 (multi-select gets partial credit; branching scores the share of best responses along
  the path taken), when it is the learner's first answer to that scenario, or when it comes at
  least RETRIEVAL_DAYS after the learner last saw that scenario's feedback (remembering the best
  response a month later is retrieval). Answering again sooner is practice: it is recorded and
  shown, but it is not evidence, because it shows what the feedback just said.
- Recent answers weigh more: the newest counts fully, the one before it 3/4 as much, the one
  before that 3/4 of that again, and so on.
- "not started": no evidence yet. "proficient": a weighted score of at least 80%, evidence
  from at least 2 different scenarios, AND first answers that show it in new situations: the
  same recency-weighted score over first answers alone is at least FIRST_ANSWER_FLOOR. A
  retrieval a month on shows what was learned from an item; only a first answer shows the
  competency carrying over to a situation the learner has not met, so someone who only
  remembers keys is never proficient. Anything else is "developing".
- A domain is proficient when all its competencies are, not started when none has evidence, and
  developing otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

DECAY = 0.75
PROFICIENT_SCORE = 0.8
MIN_SCENARIOS = 2
RETRIEVAL_DAYS = 30
FIRST_ANSWER_FLOOR = 0.5
RULE = 3  # the version of this rule; a cached summary made under another is rebuilt

FIRST, RETRIEVAL, PRACTICE = "first", "retrieval", "practice"

NOT_STARTED, DEVELOPING, PROFICIENT = "not started", "developing", "proficient"


@dataclass(frozen=True)
class Mastery:
    level: str
    score: float | None  # weighted score 0..1, None without evidence
    evidence: int  # counted responses (first answers and retrievals) that evidence the competency
    scenarios: int  # distinct scenarios among them
    last: str | None  # ISO time of the newest evidence
    first_score: float | None = None  # the weighted score of first answers alone


def level_for(score: float | None, distinct_scenarios: int, first_score: float | None = None) -> str:
    if score is None:
        return NOT_STARTED
    if (score >= PROFICIENT_SCORE and distinct_scenarios >= MIN_SCENARIOS
            and first_score is not None and first_score >= FIRST_ANSWER_FLOOR):
        return PROFICIENT
    return DEVELOPING


def _days(earlier_iso: str, later_iso: str) -> float:
    from datetime import datetime

    a, b = datetime.fromisoformat(earlier_iso), datetime.fromisoformat(later_iso)
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return (b - a).total_seconds() / 86400


def evidence_kind(last_feedback_iso: str | None, time_iso: str) -> str:
    """Whether an answer given at `time_iso` counts: FIRST (never answered before), RETRIEVAL
    (the scenario's feedback was last seen RETRIEVAL_DAYS or more before) or PRACTICE."""
    if not last_feedback_iso:
        return FIRST
    return RETRIEVAL if _days(last_feedback_iso, time_iso) >= RETRIEVAL_DAYS else PRACTICE


def counts_from(last_feedback_iso: str | None) -> str | None:
    """The earliest time an answer to a scenario last answered at `last_feedback_iso` counts
    again (None: it counts now, never answered)."""
    if not last_feedback_iso:
        return None
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(last_feedback_iso) + timedelta(days=RETRIEVAL_DAYS)).isoformat(timespec="seconds")


def empty_summary() -> dict:
    return {"rule": RULE, "competencies": {}, "count": 0, "counted": 0, "last": "", "seen": {}, "attempts": {}}


def fold(summary: dict, responses) -> dict:
    """Add responses, oldest first, to a running summary (returns a new one).

    Folding s into the running sums as S = s + DECAY * S and W = 1 + DECAY * W gives exactly the
    weighted score above, so the summary can be kept up to date one answer at a time.
    """
    comps = {cid: dict(c, scenarios=list(c["scenarios"])) for cid, c in summary["competencies"].items()}
    count, counted, last = summary["count"], summary["counted"], summary["last"]
    seen, attempts = dict(summary["seen"]), dict(summary["attempts"])
    for r in responses:
        count += 1
        last = max(last, r["time"])
        kind, _ = _advance(seen, attempts, r)
        if kind == PRACTICE:
            continue
        counted += 1
        for cid in r.get("competencies", ()):
            c = comps.setdefault(cid, {"s": 0.0, "w": 0.0, "n": 0, "scenarios": [], "last": None, "fs": 0.0, "fw": 0.0})
            c["s"] = r["score"] + DECAY * c["s"]
            c["w"] = 1.0 + DECAY * c["w"]
            if kind == FIRST:
                c["fs"] = r["score"] + DECAY * c["fs"]
                c["fw"] = 1.0 + DECAY * c["fw"]
            c["n"] += 1
            if r["scenario"] not in c["scenarios"]:
                c["scenarios"].append(r["scenario"])
            c["last"] = r["time"]
    return {"rule": RULE, "competencies": comps, "count": count, "counted": counted, "last": last, "seen": seen,
            "attempts": attempts}


def _advance(seen: dict, attempts: dict, r) -> tuple[str, int]:
    """One response, oldest first: its evidence kind and how many times its scenario was
    answered before; `seen` and `attempts` are brought up to date."""
    kind = evidence_kind(seen.get(r["scenario"]), r["time"])
    attempt = attempts.get(r["scenario"], 0)
    seen[r["scenario"]] = r["time"]
    attempts[r["scenario"]] = attempt + 1
    return kind, attempt


def history(responses) -> list[tuple[str, int]]:
    """(evidence kind, attempt) of each response (oldest first), by the rule above."""
    seen: dict[str, str] = {}
    attempts: dict[str, int] = {}
    return [_advance(seen, attempts, r) for r in responses]


def classify(responses) -> list[str]:
    """The evidence kind of each response (oldest first)."""
    return [kind for kind, _ in history(responses)]


def from_summary(summary: dict, competency_ids) -> dict[str, Mastery]:
    out = {}
    for cid in competency_ids:
        c = summary["competencies"].get(cid)
        if not c or not c["n"]:
            out[cid] = Mastery(NOT_STARTED, None, 0, 0, None)
            continue
        score = c["s"] / c["w"]
        first = c["fs"] / c["fw"] if c.get("fw") else None
        distinct = len(c["scenarios"])
        out[cid] = Mastery(level_for(score, distinct, first), round(score, 4), c["n"], distinct, c["last"],
                           None if first is None else round(first, 4))
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
