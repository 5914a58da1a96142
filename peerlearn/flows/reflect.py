"""Working through a reflection checklist, such as the questions to ask before sharing a story."""
from __future__ import annotations

from peerlearn.records.store import now_iso
from peerlearn.ui.render import heading, wrap

ANSWERS = ["Yes", "Not yet, or not sure", "Skip this question"]
KEYS = ["yes", "not-yet", "skipped"]


def run_reflect(p, store, checklist, content=None) -> dict:
    """Ask each item, keep answers as they come, and end with what to reconsider."""
    session_key = "reflect"
    state = store.session(session_key)
    if state and state.get("checklist") == checklist.id and state.get("answers"):
        if not p.confirm(f"You paused this checklist after {len(state['answers'])} of {len(checklist.items)} questions. Pick up there?", default=True):
            state = None
    else:
        state = None
    p.say()
    p.say(heading(checklist.title))
    if checklist.content_note:
        p.say(wrap(f"Content note: {checklist.content_note}"))
        p.say()
    if state is None:
        p.say(wrap(checklist.intro))
        p.say()
        label = p.text("If you like, name the story or meeting in a few words (kept private; Enter to skip)")
        state = {"checklist": checklist.id, "answers": {}, "started": now_iso()}
        if label.strip():
            state["entry"] = store.add_reflection({"source": f"checklist:{checklist.id}", "prompt": "What I am reflecting on", "text": label, "time": now_iso()})
        store.save_session(session_key, state)
    for n, item in enumerate(checklist.items, 1):
        if item.id in state["answers"]:
            continue
        p.say()
        p.say(wrap(f"{n}/{len(checklist.items)}  {item.question}"))
        p.say(wrap(item.why, "  "))
        pick = p.choose("Your answer:", ANSWERS)
        state["answers"][item.id] = KEYS[pick]
        store.save_session(session_key, state)
        if KEYS[pick] == "not-yet":
            p.say(wrap(f"A thought: {item.if_not}", "  "))
    reconsider = [i for i in checklist.items if state["answers"].get(i.id) == "not-yet"]
    p.say()
    p.say(heading("Summary"))
    yes = sum(1 for v in state["answers"].values() if v == "yes")
    p.say(wrap(f"You answered yes to {yes} of {len(checklist.items)} questions."))
    if reconsider:
        p.say(wrap("Worth another look before you go ahead:"))
        for item in reconsider:
            p.say(wrap(f"- {item.question}", "  "))
            p.say(wrap(item.if_not, "    "))
    else:
        p.say(wrap("Nothing stood out to reconsider. Trust what you know about yourself and the person you're with."))
    run = {"checklist": checklist.id, "answers": state["answers"], "started": state["started"], "completed": now_iso()}
    store.add_checklist_run(run)
    store.clear_session(session_key)
    if content is not None:
        from peerlearn.flows import record_completion

        record_completion(content, store)
    return run
