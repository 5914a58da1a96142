"""Taking a quiz: scenario by scenario, each answer recorded as soon as it is given."""
from __future__ import annotations

from peerlearn import clock
from peerlearn.engine import mastery as mastery_engine
from peerlearn.records.store import now_iso
from peerlearn.ui.render import clean, heading, wrap
from peerlearn.engine import scoring
from peerlearn.ui import scenario as scenario_ui
from peerlearn.ui.scenario import describe_evidence, describe_refresher, describe_score, practice_note

SESSION = "quiz"


def response_record(scenario, answer, mode: str, session_id: str, evidence: str = mastery_engine.FIRST, attempt: int = 0,
                    when: str | None = None) -> dict:
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
        "time": when or now_iso(),
    }


def play(p, scenario, number: str = "", on_step=None, resume_path=(), attempt: int = 0, note: str = "") -> scoring.Answer:
    """Play one scenario to its end and return the learner's Answer (nothing is recorded here).

    `on_step(path)` is called after each branching step so a caller can keep partial progress;
    `resume_path` continues a branching scenario after the steps already answered; `attempt`
    (how many times it was answered before) sets the order of the choices; `note` is shown
    before the situation.
    """
    scenario_ui.show_intro(p, scenario, number)
    if note:
        p.say(wrap(note))
        p.say()
    if scenario.type != "branching":
        order = scoring.display_order(scenario.id, "", len(scenario.choices), attempt)
        chosen, score = scenario_ui.ask_question(p, scenario.type, scenario.question, scenario.choices, order)
        p.say()
        scenario_ui.show_feedback(p, scenario.choices, chosen, scenario.type)
        return scoring.Answer(scenario.id, (("", tuple(sorted(chosen))),), score)
    node, path = scoring.resume(scenario, resume_path)
    if path:
        scenario_ui.show_picking_up(p)
    while scenario.step(node) is not None:
        step = scenario.step(node)
        scenario_ui.show_step(p, step, again=bool(path) or step.situation.strip() != scenario.situation.strip())
        order = scoring.display_order(scenario.id, step.id, len(step.choices), attempt)
        chosen, _ = scenario_ui.ask_question(p, "single", step.question, step.choices, order)
        p.say()
        scenario_ui.show_feedback(p, step.choices, chosen, "single")
        (choice_id,) = chosen
        path.append((node, (choice_id,)))
        if on_step:
            on_step(tuple(path))
        node = scoring.advance(scenario, node, choice_id)
        if scenario.step(node) is not None:
            p.pause()
    scenario_ui.show_ending(p, scenario.ending(node))
    return scoring.Answer(scenario.id, tuple(path), scoring.score_branching(scenario, path), node)


def play_and_record(p, store, scenario, mode: str, session_id: str, number: str = "", on_step=None, resume_path=(),
                    advance=None) -> dict:
    """Play one scenario, record the answer as soon as it is given, and say how it counts.

    `advance(record)` moves the session past the scenario in the same locked step as the
    answer is recorded, so no other window sees one without the other."""
    summary = store.mastery_summary()
    attempt = summary["attempts"].get(scenario.id, 0)
    last = summary["seen"].get(scenario.id)
    practice = mastery_engine.evidence_kind(last, now_iso()) == mastery_engine.PRACTICE
    note = practice_note(last, mastery_engine.counts_from(last)) if practice else ""
    answer = play(p, scenario, number, on_step=on_step, resume_path=resume_path, attempt=attempt, note=note)
    when = now_iso()
    record = response_record(scenario, answer, mode, session_id, mastery_engine.evidence_kind(last, when), attempt, when)
    store.add_responses([record], then=(lambda: advance(record)) if advance else None)
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


class QuizSession:
    """A quiz in progress, as it is kept between prompts: the scenarios still to play (by id,
    so a scenario can never be skipped when the content changes in between), what was answered,
    the steps already taken in a half-done branching scenario, and what the quiz was for."""

    __slots__ = ("session_id", "mode", "remaining", "done", "partial", "total", "year", "label")

    def __init__(self, session_id: str, mode: str, remaining: list, done: list | None = None,
                 partial: list | None = None, total: int | None = None, year: int | None = None, label: str = ""):
        self.session_id, self.mode, self.remaining = session_id, mode, list(remaining)
        self.done, self.partial = list(done or []), list(partial or [])
        self.total = total if total is not None else len(self.remaining) + len(self.done)
        self.year, self.label = year, label

    @classmethod
    def start(cls, scenarios, mode: str, year: int | None = None, label: str = "") -> "QuizSession":
        return cls(clock.now_utc().strftime("%Y%m%dT%H%M%S%f"), mode, [s.id for s in scenarios], year=year, label=label)

    def to_dict(self) -> dict:
        return {"version": 2, "session_id": self.session_id, "mode": self.mode, "remaining": self.remaining,
                "done": self.done, "partial": self.partial, "total": self.total, "year": self.year, "label": self.label}

    @classmethod
    def from_dict(cls, d: dict) -> "QuizSession":
        if d.get("version") != 2:  # kept by an earlier peerlearn: an index into a list of ids
            ids, index = list(d.get("scenarios") or []), int(d.get("index") or 0)
            return cls(d.get("session_id", ""), d.get("mode", "quiz"), ids[index:], d.get("done"), d.get("partial"),
                       len(ids), d.get("year"))
        return cls(d["session_id"], d["mode"], d["remaining"], d.get("done"), d.get("partial"), d.get("total"),
                   d.get("year"), d.get("label", ""))

    @property
    def left(self) -> int:
        return len(self.remaining)

    @property
    def month(self) -> str:
        """The month the quiz started in (YYYY-MM): its answers are in that month's file or later."""
        sid = self.session_id
        return f"{sid[:4]}-{sid[4:6]}" if sid[:6].isdigit() else ""

    def advance(self, record: dict) -> None:
        """Move past the scenario just answered."""
        self.done.append({k: record[k] for k in ("scenario", "score", "competencies", "evidence") if k in record})
        if self.remaining and self.remaining[0] == record["scenario"]:
            self.remaining.pop(0)
        self.partial = []

    def catch_up(self, responses: list[dict]) -> None:
        """Count as done the scenarios whose answer this quiz recorded but did not move past
        (the process stopped between the two), so none is asked twice."""
        recorded: dict[str, list] = {}
        for r in responses:
            if r.get("session") == self.session_id:
                recorded.setdefault(r["scenario"], []).append(r)
        for d in self.done:
            if recorded.get(d.get("scenario")):
                recorded[d["scenario"]].pop(0)
        while self.remaining and recorded.get(self.remaining[0]):
            self.advance(recorded[self.remaining[0]].pop(0))


def pending_session(store) -> QuizSession | None:
    """The paused quiz, if there is one, now kept as this window's (another window that is
    playing it now keeps it: SessionInUse), caught up with the answers it recorded."""
    data = store.claim_session(SESSION)
    if not data:
        return None
    state = QuizSession.from_dict(data)
    state.catch_up(store.responses(since=state.month))
    return state


def run_quiz(p, content, store, scenarios, mode: str = "quiz", resume: QuizSession | None = None,
             year: int | None = None, label: str = "") -> dict:
    """Play `scenarios` (or resume a paused session). Returns a summary by competency.

    A refresher session (mode "refresher") records its completion, with its score, for `year`.
    """
    if resume:
        state = resume
        missing = [i for i in state.remaining if content.scenario(i) is None]
        if missing:
            p.say(wrap(f"{len(missing)} scenario{'s' if len(missing) != 1 else ''} of this quiz "
                       f"{'come' if len(missing) != 1 else 'comes'} from content that is not loaded now "
                       "(a content pack?) and will be left out."))
            state.remaining = [i for i in state.remaining if i not in missing]
    else:
        state = QuizSession.start(scenarios, mode, year, label)
        store.save_session(SESSION, state.to_dict())
    total = state.total
    p.say(wrap(f"{state.left} scenario{'s' if state.left != 1 else ''}. Take your time: there is no timer. "
               "You can pause at any prompt (q, or Ctrl-C) and pick up later where you left off."))
    while state.remaining:
        scenario = content.scenario(state.remaining[0])
        partial = tuple((step, tuple(ids)) for step, ids in state.partial)

        def keep_partial(path, _state=state):
            _state.partial = [[step, list(ids)] for step, ids in path]
            store.save_session(SESSION, _state.to_dict())

        def advance(record, _state=state):
            _state.advance(record)
            store.save_session(SESSION, _state.to_dict())

        number = f"{len(state.done) + 1}/{total} "
        play_and_record(p, store, scenario, state.mode, state.session_id, number,
                        on_step=keep_partial, resume_path=partial, advance=advance)
        if state.remaining:
            p.pause("Press Enter for the next scenario (q to pause).")
    summary = summarise(p, content, store, state.done)
    if state.mode == "refresher":
        score = refresher_score(state.done)
        store.add_event({"kind": "refresher", "year": state.year, "time": now_iso(), "score": round(score, 4),
                         "session": state.session_id})
        p.say(wrap(describe_refresher(state.year, score)))
    store.clear_session(SESSION)
    from peerlearn.flows import record_completion

    record_completion(content, store)
    return summary


def refresher_score(done: list) -> float:
    scores = [r["score"] for r in done]
    return sum(scores) / len(scores) if scores else 0.0


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
        p.say(clean(f"  {cid:<6} {clean(titles.get(cid, cid))[:40]:<40} this session {round(avg * 100):>3}%   now: {levels[cid].level}"))
    p.say()
    p.say(wrap("See everything with 'peerlearn progress'. 'peerlearn quiz --review' brings back the competencies that need it most."))
    return {cid: sum(v) / len(v) for cid, v in by_comp.items()}
