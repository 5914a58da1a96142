"""The quiz conversation, driven directly through a scripted prompter."""
import pytest

from scripted_prompter import PAUSE, ScriptedPrompter
from peerlearn.content.loader import load_content
from peerlearn.engine import scoring
from peerlearn.flows.quiz import pending_session, run_quiz
from peerlearn.records.store import Store


@pytest.fixture(scope="module")
def content():
    return load_content()


def singles(content, n):
    return [s for s in content.scenarios if s.type == "single"][:n]


def best_text(s):
    return next(c.text for c in s.choices if c.correct)


def worst_text(s):
    return next(c.text for c in s.choices if not c.correct)


def test_each_answer_is_recorded_with_its_score_and_the_session_ends(content, isolated_home):
    store = Store(str(isolated_home))
    a, b = singles(content, 2)
    p = ScriptedPrompter([best_text(a), None, worst_text(b)])
    run_quiz(p, content, store, [a, b])
    assert [(r["scenario"], r["score"]) for r in store.responses()] == [(a.id, 1.0), (b.id, 0.0)]
    assert [kind for kind, _, _ in p.asked] == ["choose", "pause", "choose"]
    assert pending_session(store) is None


def test_pausing_keeps_what_was_answered_and_resuming_asks_only_the_rest(content, isolated_home):
    store = Store(str(isolated_home))
    a, b, c = singles(content, 3)
    with pytest.raises(Exception) as stopped:
        run_quiz(ScriptedPrompter([best_text(a), PAUSE]), content, store, [a, b, c])
    assert type(stopped.value).__name__ == "Paused"
    session = pending_session(store)
    assert session.remaining == [b.id, c.id] and len(store.responses()) == 1
    p = ScriptedPrompter([best_text(b), None, best_text(c)])
    run_quiz(p, content, store, [], resume=session)
    assert [r["scenario"] for r in store.responses()] == [a.id, b.id, c.id]
    assert [opts for kind, _, opts in p.asked if kind == "choose"][0].count(best_text(b)) == 1


def test_a_branching_scenario_follows_the_path_chosen_and_keeps_each_step(content, isolated_home):
    store = Store(str(isolated_home))
    s = next(x for x in content.scenarios if x.type == "branching")
    picks = scoring.best_path(s)
    texts, node = [], s.steps[0].id
    for choice_id in picks:
        step = s.step(node)
        texts.append(next(c.text for c in step.choices if c.id == choice_id))
        node = scoring.advance(s, node, choice_id)
    script = []
    for t in texts:
        script += [t, None]
    run_quiz(ScriptedPrompter(script[:-1]), content, store, [s])
    (r,) = store.responses()
    assert [step for step, _ in r["choices"]] == [step for step, _ in scoring.walk(s, picks).path]
    assert r["score"] == 1.0 and r["ending"] == node
