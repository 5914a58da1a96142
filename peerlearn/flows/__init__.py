"""The learner's conversations: study, quiz, reflect (and the home screen's picks).

This is a layer of its own. Each module holds one conversation: it asks through a prompter from
`peerlearn.ui` (plain or terminal, the same protocol), decides through pure functions of
`peerlearn.engine`, and records through `peerlearn.records` after every answer, so pausing or
stopping at any prompt loses nothing. Flows never import click and never parse options: the
`peerlearn.cli` layer does that and calls them. They are the only code that writes while a
person is being asked things; read commands (progress, transcript, home) write nothing.
"""
from __future__ import annotations


def record_completion(content, store, policy_id: str = "default") -> str | None:
    """Record the date initial training was first completed under the policy, once, when a
    conversation has just made it so. Returns the date recorded (or already recorded)."""
    from peerlearn.engine.progress import progress_report
    from peerlearn.records.store import now_iso

    done = store.events("initial-training-complete")
    if done:
        return done[0]["time"]
    policy = content.policies.get(policy_id)
    if policy is None:
        return None
    report = progress_report(content, policy, store.mastery_summary(), store.all_module_progress(), store.checklist_runs())
    if not report["initial_training"]["complete"]:
        return None
    when = now_iso()
    store.add_event({"kind": "initial-training-complete", "time": when, "policy": policy.id})
    return when
