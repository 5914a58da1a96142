"""The reflection checklist conversation, driven directly through a scripted prompter."""
import pytest

from scripted_prompter import PAUSE, ScriptedPrompter
from peerlearn.content.loader import load_content
from peerlearn.errors import Paused
from peerlearn.flows.reflect import ANSWERS, run_reflect
from peerlearn.records.store import Store


@pytest.fixture(scope="module")
def checklist():
    return load_content().checklist("story-sharing")


def test_the_summary_names_what_to_reconsider_and_the_label_stays_private(checklist, isolated_home):
    store = Store(str(isolated_home))
    answers = [ANSWERS[1]] + [ANSWERS[0]] * (len(checklist.items) - 1)
    p = ScriptedPrompter(["Group on Thursday", *answers])
    run = run_reflect(p, store, checklist)
    assert run["answers"][checklist.items[0].id] == "not-yet"
    after = " ".join(" ".join(p.said[p.said.index(next(s for s in p.said if "Worth another look" in s)):]).split())
    assert checklist.items[0].question in after
    assert [r["text"] for r in store.reflections()] == ["Group on Thursday"]


def test_a_paused_checklist_picks_up_at_the_next_question(checklist, isolated_home):
    store = Store(str(isolated_home))
    with pytest.raises(Paused):
        run_reflect(ScriptedPrompter(["", ANSWERS[0], ANSWERS[0], PAUSE]), store, checklist)
    p = ScriptedPrompter([True] + [ANSWERS[0]] * (len(checklist.items) - 2))
    run = run_reflect(p, store, checklist)
    assert len(run["answers"]) == len(checklist.items)
    asked = [q for kind, q, _ in p.asked if kind == "choose"]
    assert len(asked) == len(checklist.items) - 2
