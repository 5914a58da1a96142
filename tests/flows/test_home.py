"""The home screen conversation: it reads, suggests and returns the pick; it writes nothing."""
from scripted_prompter import ScriptedPrompter
from peerlearn.cli.learn import step_command
from peerlearn.content.loader import load_content
from peerlearn.engine import mastery
from peerlearn.engine.progress import NextStep, progress_report
from peerlearn.flows.home import run_home
from peerlearn.records.store import Store

CONTENT = load_content()
POLICY = CONTENT.policies["default"]


class Picking(ScriptedPrompter):
    plain = False  # a terminal: the home screen asks for a pick


def test_home_returns_the_step_picked_and_writes_nothing(isolated_home):
    store = Store(str(isolated_home))
    report = progress_report(CONTENT, POLICY, mastery.empty_summary(), {}, [], None, None)
    p = Picking([1])
    step = run_home(p, CONTENT, store, POLICY, report, step_command)
    assert step == NextStep("checklist", "story-sharing")
    assert step_command(step) == ["reflect", "story-sharing"]
    (kind, _, options) = p.asked[0]
    assert options[-1] == "Leave for now" and options[1].startswith("Work through the checklist")
    assert_nothing_recorded(isolated_home)


def assert_nothing_recorded(home):
    """No answers, sessions, events or profile: at most the store's own lock and version stamp."""
    import json

    names = {p.name for p in home.iterdir()} if home.exists() else set()
    assert names <= {".lock", "learner.json"}, names
    if "learner.json" in names:
        assert set(json.loads((home / "learner.json").read_text())) <= {"meta"}


def test_leaving_for_now_picks_nothing(isolated_home):
    store = Store(str(isolated_home))
    report = progress_report(CONTENT, POLICY, mastery.empty_summary(), {}, [], None, None)
    assert run_home(Picking(["Leave for now"]), CONTENT, store, POLICY, report, step_command) is None
