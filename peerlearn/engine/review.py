"""Choosing scenarios: by filter, for spaced review, and for the annual refresher. Pure functions."""
from __future__ import annotations

import random
from datetime import datetime

from peerlearn.engine.mastery import NOT_STARTED, PRACTICE, PROFICIENT, evidence_kind

STALE_DAYS = 60  # evidence older than this counts as fully stale


def _days_between(earlier_iso: str, now: datetime) -> float:
    then = datetime.fromisoformat(earlier_iso)
    if then.tzinfo is None and now.tzinfo is not None:
        then = then.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - then).total_seconds() / 86400)


def need(mastery, now: datetime) -> float:
    """How much a competency needs review: weakness plus staleness, 0 (none) to 1.5."""
    if mastery.level == NOT_STARTED:
        return 1.5
    weakness = 1.0 - (mastery.score or 0.0)
    stale = min(_days_between(mastery.last, now) / STALE_DAYS, 1.0) if mastery.last else 1.0
    return weakness + 0.5 * stale


def last_seen(responses) -> dict[str, str]:
    seen: dict[str, str] = {}
    for r in responses:
        if r["time"] > seen.get(r["scenario"], ""):
            seen[r["scenario"]] = r["time"]
    return seen


def _order(scenarios, seen, now, rng):
    """Never-seen first, then those seen longest ago; random among equals."""
    def key(s):
        t = seen.get(s.id)
        age = _days_between(t, now) if t else float("inf")
        return (-min(age, 10_000), rng.random())
    return sorted(scenarios, key=key)


def would_count(scenario_id: str, seen: dict, now: datetime) -> bool:
    """Whether an answer to this scenario now would be evidence (mastery.evidence_kind)."""
    return evidence_kind(seen.get(scenario_id), now.isoformat()) != PRACTICE


def select_review(scenarios, mastery: dict, responses, now: datetime, count: int, seed=None) -> list:
    """Spaced review: scenarios for the competencies most in need.

    Scenarios whose answer would count come first: never answered, then those whose feedback
    was seen long enough ago that answering is retrieval. They go first to the competencies not
    yet proficient, neediest first, round by round, each time the scenario that serves most of
    those competencies at once, so that scenarios a learner can still show a competency with are
    not spent where it is already shown. Only when no such scenario is left does a session fill
    up with practice (scenarios answered recently, seen longest ago first)."""
    rng = random.Random(seed)
    seen = last_seen(responses)
    ranked = sorted(mastery, key=lambda cid: (-need(mastery[cid], now), cid))
    needy = [cid for cid in ranked if mastery[cid].level != PROFICIENT]
    wanted = set(needy)
    countable = {s.id for s in scenarios if would_count(s.id, seen, now)}
    chosen, used = [], set()

    def fill(group, counting):
        progress = True
        while progress and len(chosen) < count:
            progress = False
            for cid in group:
                if len(chosen) >= count:
                    break
                pool = [s for s in scenarios if cid in s.competencies and s.id not in used
                        and (s.id in countable) == counting]
                if not pool:
                    continue
                ordered = _order(pool, seen, now, rng)
                best = max(ordered, key=lambda s: (len(wanted & set(s.competencies)), -ordered.index(s)))
                chosen.append(best)
                used.add(best.id)
                progress = True

    fill(needy, True)
    fill(ranked, True)
    fill(ranked, False)
    return chosen


def select_refresher(framework, scenarios, mastery: dict, responses, now: datetime, per_domain: int = 2, seed=None) -> list:
    """The annual refresher: every domain covered, weighted to its weak or stale competencies."""
    rng = random.Random(seed)
    seen = last_seen(responses)
    chosen, used = [], set()
    for d in framework.domains:
        comps = sorted((c.id for c in d.competencies), key=lambda cid: (-need(mastery[cid], now), cid))
        picked = 0
        for cid in comps * per_domain:
            if picked >= per_domain:
                break
            pool = _order([s for s in scenarios if cid in s.competencies and s.id not in used], seen, now, rng)
            if pool:
                chosen.append(pool[0])
                used.add(pool[0].id)
                picked += 1
    return chosen


def select(scenarios, *, module=None, competency=None, domain=None, ids=(), count=None, seed=None):
    """Scenarios matching the filters. With ids, exactly those in that order; else shuffled by seed."""
    if ids:
        by_id = {s.id: s for s in scenarios}
        return [by_id[i] for i in ids]
    pool = [
        s for s in scenarios
        if (module is None or s.module == module)
        and (competency is None or competency in s.competencies)
        and (domain is None or any(c.startswith(domain + "-") for c in s.competencies))
    ]
    rng = random.Random(seed)
    rng.shuffle(pool)
    return pool[:count] if count else pool



CHECK_SIZE = 3  # scenarios in a module's end-of-module check (2 when the module has fewer than 6)


def module_check(module_id: str, scenarios, seen: dict) -> list:
    """The scenarios of a module's end-of-module check: ones the learner has never answered
    first (their answers count), then easier ones, then ones without a content note, covering
    as many of the module's competencies as they can. The same learner history gives the same
    check."""
    import hashlib

    pool = [s for s in scenarios if s.module == module_id]
    size = CHECK_SIZE if len(pool) >= 6 else min(2, len(pool))

    def key(s):
        return (s.id in seen, s.difficulty or 2, bool(s.content_note), hashlib.sha256(s.id.encode()).hexdigest())

    pool.sort(key=key)
    chosen, covered = [], set()
    while pool and len(chosen) < size:
        best = max(pool, key=lambda s: (len(set(s.competencies) - covered), -pool.index(s)))
        chosen.append(best)
        covered |= set(best.competencies)
        pool.remove(best)
    return chosen
