"""Taking a quiz: scenario by scenario, each answer recorded as soon as it is given."""
from __future__ import annotations

from peerlearn import clock
from peerlearn.engine import mastery as mastery_engine
from peerlearn.records.store import now_iso
from peerlearn.ui.render import heading, wrap
from peerlearn.ui.scenario import describe_evidence, describe_score, practice_note, run_scenario

SESSION = "quiz"


def response_record(scenario, answer, mode: str, session_id: str, evidence: str = mastery_engine.FIRST, attempt: int = 0) -> dict:
    """What is kept of one answer. `evidence` (first, retrieval or practice) and `attempt` (how
    many times it was answered before) say whether it counts; mastery works it out again from
    the times, so the two can never disagree."""
    return {
        "scenario": scenario.id,
        "version": scenario.version,
        "type": scenario.type,
        "choices": [[step, list(ids)] for step, ids in answer.path],
        "ending": answer.ending,
        "score": round(answer.score, 4),
        "competencies": list(scenario.competencies),
        "module": scenario.module,
        "mode": mode,
        "session": session_id,
        "evidence": evidence,
        "attempt": attempt,
        "time": now_iso(),
    }


def play_and_record(p, store, scenario, mode: str, session_id: str, number: str = "", on_step=None, resume_path=()) -> dict:
    """Play one scenario, record the answer as soon as it is given, and say how it counts."""
    summary = store.mastery_summary()
    attempt = summary["attempts"].get(scenario.id, 0)
    last = summary["seen"].get(scenario.id)
    practice = mastery_engine.evidence_kind(last, now_iso()) == mastery_engine.PRACTICE
    note = practice_note(last, mastery_engine.counts_from(last)) if practice else ""
    answer = run_scenario(p, scenario, number, on_step=on_step, resume_path=resume_path, attempt=attempt, note=note)
    when = now_iso()
    record = response_record(scenario, answer, mode, session_id, mastery_engine.evidence_kind(last, when), attempt)
    record["time"] = when
    store.add_responses([record])
    p.say(wrap(describe_score(answer.score)))
    if record["evidence"] == mastery_engine.PRACTICE:
        p.say(wrap(describe_evidence(record["evidence"])))
    return record


def review_scenarios(content, store, count: int = 5, seed=None, module=None, competency=None, domain=None) -> list:
    """What `peerlearn quiz --review` plays: spaced review over the learner's own history."""
    from peerlearn.engine import review as review_engine

    responses = store.responses()
    mastery = mastery_engine.competency_mastery(responses, [c.id for c in content.framework.competencies])
    pool = review_engine.select(content.scenarios, module=module, competency=competency, domain=domain)
    return review_engine.select_review(pool, mastery, responses, clock.now_utc(), count, seed)


def pending_session(store) -> dict | None:
    return store.session(SESSION)


def run_quiz(p, content, store, scenarios, mode: str = "quiz", resume: dict | None = None, year: int | None = None) -> dict:
    """Play `scenarios` (or resume a paused session). Returns a summary by competency.

    A refresher session (mode "refresher") records its completion, with its score, for `year`.
    """
    if resume:
        state = resume
        by_id = {s.id: s for s in content.scenarios}
        scenarios = [by_id[i] for i in state["scenarios"] if i in by_id]
    else:
        state = {"scenarios": [s.id for s in scenarios], "index": 0, "mode": mode,
                 "session_id": clock.now_utc().strftime("%Y%m%dT%H%M%S%f"), "partial": [], "year": year}
        store.save_session(SESSION, state)
    session_id = state["session_id"]
    total = len(scenarios)
    p.say(wrap(f"{total} scenario{'s' if total != 1 else ''}. Take your time: there is no timer. "
               "You can pause at any prompt (q, or Ctrl-C) and pick up later where you left off."))
    while state["index"] < total:
        i = state["index"]
        scenario = scenarios[i]
        partial = tuple((step, tuple(ids)) for step, ids in state.get("partial") or ())

        def keep_partial(path, _state=state):
            _state["partial"] = [[step, list(ids)] for step, ids in path]
            store.save_session(SESSION, _state)

        record = play_and_record(p, store, scenario, state["mode"], session_id, f"{i + 1}/{total} ",
                                 on_step=keep_partial, resume_path=partial)
        state.setdefault("done", []).append({k: record[k] for k in ("scenario", "score", "competencies", "evidence")})
        state["index"] = i + 1
        state["partial"] = []
        store.save_session(SESSION, state)
        if state["index"] < total:
            p.pause("Press Enter for the next scenario (q to pause).")
    done = state.get("done", [])
    summary = summarise(p, content, store, done)
    if state["mode"] == "refresher":
        scores = [r["score"] for r in done]
        score = sum(scores) / len(scores) if scores else 0.0
        store.add_event({"kind": "refresher", "year": state.get("year"), "time": now_iso(), "score": round(score, 4), "session": session_id})
        p.say(wrap(f"Your annual refresher for {state.get('year')} is recorded. Thank you for keeping your practice fresh."))
    store.clear_session(SESSION)
    return summary


def summarise(p, content, store, mine: list) -> dict:
    """Show this session's results by competency, beside each competency's level now."""
    levels = mastery_engine.from_summary(store.mastery_summary(), [c.id for c in content.framework.competencies])
    by_comp: dict[str, list] = {}
    for r in mine:
        for cid in r["competencies"]:
            by_comp.setdefault(cid, []).append(r["score"])
    titles = {c.id: c.title for c in content.framework.competencies}
    p.say()
    p.say(heading("Summary by competency"))
    for cid in sorted(by_comp, key=lambda c: [x.id for x in content.framework.competencies].index(c) if c in titles else 99):
        scores = by_comp[cid]
        avg = sum(scores) / len(scores)
        p.say(f"  {cid:<6} {titles.get(cid, cid)[:40]:<40} this session {round(avg * 100):>3}%   now: {levels[cid].level}")
    p.say()
    p.say(wrap("See everything with 'peerlearn progress'. 'peerlearn quiz --review' brings back the competencies that need it most."))
    return {cid: sum(v) / len(v) for cid, v in by_comp.items()}
