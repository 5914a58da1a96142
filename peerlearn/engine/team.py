"""A team's records read back from xAPI statements, and the statistics a coordinator and a
trainer need from them. Pure functions: statements in, data out.

`worker_records` is the one adapter from statements to the shapes the engine's own rules take
(responses for mastery, log entries, module progress and refreshers for the policy), so a team
report applies exactly the rules `status` and `progress` apply to a learner's own record.

Workers are known only by what their statements carry: an account (name and home page) or an
email address (mbox); the display name a statement may also carry is not used.

Item analysis (`item_statistics`) uses first answers only (each worker's first answer to a
scenario, by the same evidence rule mastery uses): a later answer shows the feedback, not the
item. For each scenario answered first by at least `min_workers` workers:
- difficulty: the share of those workers who chose the best response (full credit);
- discrimination: the point-biserial correlation between choosing the best response (1 or 0)
  and the worker's rest score, the mean score of their first answers to the OTHER scenarios
  (workers with no other first answer are left out); None when either side does not vary;
- for each choice, the share of workers (who reached its step, for branching) who chose it.
Flags: almost everyone chooses the best response (difficulty above 0.9); a distractor chosen
more often than a keyed choice of the same step; negative discrimination.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from peerlearn.engine.mastery import FIRST, PROFICIENT, competency_mastery, domain_levels, history
from peerlearn.engine.policy import DUE_SOON_DAYS, counted_activities, evaluate

WORKER_NOTE = ("Workers are named only by what their statements carry: an account (name and home page) "
               "or an email address.")
EASY = 0.9
_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_KIND_FROM_TYPE = {"course": "training", "meeting": "cop-meeting", "lesson": "self-study"}


@dataclass
class WorkerRecord:
    """One worker's record as far as their statements tell it."""

    key: str  # the identity the statements carry (mbox, or account home page and name)
    label: str  # how reports name the worker
    responses: list = field(default_factory=list)  # as the store keeps them (oldest first)
    activities: list = field(default_factory=list)  # logged activities, as the store keeps them
    module_progress: dict = field(default_factory=dict)  # module id -> {"completed": time}
    refreshers: list = field(default_factory=list)  # refresher events
    last: str = ""  # the newest statement's timestamp


def identity(actor: dict) -> tuple[str, str] | None:
    """(key, label) of an actor, from its account or mbox; None for an actor with neither."""
    actor = actor or {}
    account = actor.get("account") or {}
    if account.get("name") and account.get("homePage"):
        return f"account:{account['homePage']}|{account['name']}", f"{account['name']} ({account['homePage']})"
    if actor.get("mbox"):
        return f"mbox:{actor['mbox']}", actor["mbox"].removeprefix("mailto:")
    return None


def hours_of(duration: str | None) -> float:
    """Hours in an ISO 8601 duration such as PT1H30M (0 when there is none)."""
    m = _DURATION.match(duration or "")
    if not m:
        return 0.0
    d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return round(d * 24 + h + mi / 60 + s / 3600, 2)


def _where(iri: str) -> tuple[str, str, str]:
    """(base, kind, id) of a peerlearn activity IRI such as BASE/scenarios/ID."""
    head, _, ident = (iri or "").rpartition("/")
    base, _, kind = head.rpartition("/")
    return base, kind, ident


def _ext(statement: dict, base: str, name: str):
    return ((statement.get("context") or {}).get("extensions") or {}).get(f"{base}/extensions/{name}")


def _day(timestamp: str) -> str:
    """The calendar date of a timestamp, in the zone it was written in."""
    return timestamp[:10]


def worker_records(statements) -> dict[str, WorkerRecord]:
    """Each worker's record, rebuilt from their statements (duplicates by id counted once; of a
    log entry's versions, the last the LRS stored; statements with no account or mbox, or not
    made by peerlearn, are left out)."""
    seen: set = set()
    workers: dict[str, WorkerRecord] = {}
    # A log entry edited after it was synced has a statement for each version (statements are
    # never changed): the one the LRS stored last is the entry as it stands.
    log_entries: dict[tuple, tuple[str, int, dict]] = {}
    for order, s in enumerate(statements):
        sid = s.get("id")
        who = identity(s.get("actor"))
        if sid in seen or who is None:
            continue
        seen.add(sid)
        base, kind, ident = _where((s.get("object") or {}).get("id", ""))
        verb = (s.get("verb") or {}).get("id", "").rsplit("/", 1)[-1]
        when = s.get("timestamp") or ""
        result = s.get("result") or {}
        w = workers.setdefault(who[0], WorkerRecord(*who))
        if kind == "scenarios" and verb == "answered":
            other = ((s.get("context") or {}).get("contextActivities") or {}).get("other") or []
            comps = [_where(a.get("id", ""))[2] for a in other if _where(a.get("id", ""))[1] == "competencies"]
            score = float(((result.get("score") or {}).get("scaled")) or 0)
            response = result.get("response") or ""
            w.responses.append({"scenario": ident, "time": when, "score": score, "competencies": comps,
                                "response": [c for c in response.split("[,]") if c], "statement": sid})
        elif kind == "modules" and verb == "completed":
            current = w.module_progress.get(ident, {}).get("completed")
            if not current or when < current:
                w.module_progress[ident] = {"completed": when}
        elif kind == "refresher" and verb in ("passed", "completed"):
            w.refreshers.append({"kind": "refresher", "time": when, "year": int(ident) if ident.isdigit() else ident,
                                 "score": float(((result.get("score") or {}).get("scaled")) or 0)})
        elif kind == "log":
            otype = ((s.get("object") or {}).get("definition") or {}).get("type", "").rsplit("/", 1)[-1]
            entry = {"kind": _ext(s, base, "kind") or _KIND_FROM_TYPE.get(otype, "other"),
                     "title": next(iter((((s.get("object") or {}).get("definition") or {}).get("name") or {}).values()), ""),
                     "date": _day(when), "hours": hours_of(result.get("duration")),
                     "categories": list(_ext(s, base, "categories") or [])}
            key = (who[0], ident)
            version = (str(s.get("stored") or ""), order)
            if key not in log_entries or version >= log_entries[key][:2]:
                log_entries[key] = (*version, entry)
        else:
            pass  # checklists, initial-training completion: not part of a team report
        w.last = max(w.last, when)
    for (who_id, _), (_, _, entry) in log_entries.items():
        workers[who_id].activities.append(entry)
    for w in workers.values():
        w.responses.sort(key=lambda r: r["time"])
        w.activities.sort(key=lambda a: a["date"])
    return workers


def _state(requirement: dict, today: date) -> str:
    if requirement["met"]:
        return "met"
    end = date.fromisoformat(requirement["window"]["end"])
    if not requirement.get("ended") and (end - today).days <= DUE_SOON_DAYS:
        return "at risk"
    return "not met"


def team_report(framework, policy, workers: dict[str, WorkerRecord], year: int, today: date) -> dict:
    """Per worker: each requirement's done and needed and its state (met; at risk: not met and
    due within DUE_SOON_DAYS days; not met), their last activity and domain levels; and per
    domain, how many workers are proficient."""
    comp_ids = [c.id for c in framework.competencies]
    rows = []
    profile = {d.id: {"title": d.title, "proficient": 0, "developing": 0, "not started": 0} for d in framework.domains}
    for w in sorted(workers.values(), key=lambda w: w.label):
        entries = counted_activities(policy, w.activities, w.module_progress, w.refreshers)
        status = evaluate(policy, entries, year, today)
        domains = domain_levels(framework, competency_mastery(w.responses, comp_ids))
        for did, level in domains.items():
            profile[did][level] += 1
        rows.append({
            "worker": w.label,
            "requirements": [{"id": r["id"], "title": r["title"], "done": r["done"], "required": r["required"],
                              "state": _state(r, today), "remaining": r["remaining"]} for r in status["requirements"]],
            "met": status["met"],
            "last_activity": w.last[:10] or None,
            "domains": domains,
            "proficient_domains": sum(1 for lv in domains.values() if lv == PROFICIENT),
        })
    return {"policy": policy.id, "year": year, "period": status_period(policy, year), "workers": rows,
            "domains": profile, "note": WORKER_NOTE, "today": today.isoformat()}


def status_period(policy, year: int) -> dict:
    from peerlearn.engine.policy import training_year

    period = training_year(policy, year)
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def first_answers(worker: WorkerRecord) -> list[dict]:
    """A worker's first answer to each scenario (the evidence rule's FIRST)."""
    return [r for r, (kind, _) in zip(worker.responses, history(worker.responses)) if kind == FIRST]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def _groups(scenario) -> list[tuple[str, list]]:
    """(step id, choices) of each place a choice is made: one for single and multi items, one
    per step for branching ones."""
    if scenario.type == "branching":
        return [(st.id, list(st.choices)) for st in scenario.steps]
    return [("", list(scenario.choices))]


def item_statistics(scenarios, workers: dict[str, WorkerRecord], min_workers: int = 10) -> list[dict]:
    """Difficulty, discrimination and choice shares of each scenario with at least
    `min_workers` first answers (see the module's docstring)."""
    firsts = {key: first_answers(w) for key, w in workers.items()}
    by_item: dict[str, list[tuple[str, dict]]] = {}
    for key, answers in firsts.items():
        for r in answers:
            by_item.setdefault(r["scenario"], []).append((key, r))
    totals = {key: (sum(r["score"] for r in answers), len(answers)) for key, answers in firsts.items()}
    known = {s.id: s for s in scenarios}
    out = []
    for sid in sorted(by_item):
        answers = by_item[sid]
        if len(answers) < min_workers:
            continue
        scenario = known.get(sid)
        right = [1.0 if r["score"] >= 0.999 else 0.0 for _, r in answers]
        xs, ys = [], []
        for (key, r), x in zip(answers, right):
            total, n = totals[key]
            if n > 1:
                xs.append(x)
                ys.append((total - r["score"]) / (n - 1))
        disc = _pearson(xs, ys)
        difficulty = sum(right) / len(right)
        item = {"scenario": sid, "title": scenario.title if scenario else sid, "type": scenario.type if scenario else None,
                "workers": len(answers), "difficulty": round(difficulty, 4),
                "discrimination": None if disc is None else round(disc, 4), "choices": [], "flags": []}
        if difficulty > EASY:
            item["flags"].append("almost everyone chooses the best response")
        if disc is not None and disc < 0:
            item["flags"].append("negative discrimination: workers with higher scores elsewhere choose the best response less often")
        for step, choices in (_groups(scenario) if scenario else []):
            ids = {c.id for c in choices}
            reached = [r for _, r in answers if ids & set(r["response"])]
            if not reached:
                continue
            shares = {c.id: sum(1 for r in reached if c.id in r["response"]) / len(reached) for c in choices}
            keys = [shares[c.id] for c in choices if c.correct]
            for c in choices:
                item["choices"].append({"step": step or None, "choice": c.id, "keyed": c.correct, "share": round(shares[c.id], 4)})
            beaten = [c.id for c in choices if not c.correct and keys and shares[c.id] > min(keys)]
            if beaten:
                item["flags"].append(f"a distractor ({', '.join(beaten)}) is chosen more often than the best response"
                                     + (f" at step {step}" if step else ""))
        out.append(item)
    return out

