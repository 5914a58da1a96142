"""The home screen as a conversation: what the records say, the next steps, and the learner's pick.

It reads; it never writes and never starts a command: it returns the step picked (or None), and
the cli runs it."""
from __future__ import annotations


def run_home(p, content, store, policy, report: dict, commands) -> object | None:
    """Show the home screen and ask what next. `commands(step)` is the peerlearn command line for
    a step (the cli's mapping), shown in plain mode. Returns the NextStep picked, or None."""
    from peerlearn import clock
    from peerlearn.engine.policy import due_reminders
    from peerlearn.engine.progress import next_steps
    from peerlearn.records.queries import counted_activities
    from peerlearn.ui import home as home_ui

    reminders = due_reminders(policy, counted_activities(store, policy), clock.today()) if store.activities() else []
    steps = next_steps(content, policy, report, paused_quiz=bool(store.session("quiz")))
    from peerlearn.lrs.sync import standing

    home_ui.show_summary(store.profile().get("name"), report, reminders, standing(content, store))
    pick = home_ui.ask_next(p, content, steps, commands)
    return None if pick is None else steps[pick]
