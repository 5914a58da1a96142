"""What counts as evidence of a competency: first answers and answers a month after the
feedback, never an answer given just after reading the feedback; and a module is studied only
once its check has been taken."""
import json

import pytest

from learner_helpers import best_answer_lines, check_scenarios, shown_number, study_input
from peerlearn.content.loader import load_content
from peerlearn.engine import review, scoring
from peerlearn.records.store import Store


@pytest.fixture(scope="module")
def content():
    return load_content()


def at(day):
    return {"PEERLEARN_NOW": day}


def single(content):
    return next(s for s in content.scenarios if s.type == "single" and len(s.competencies) == 1
                and s.content_note is None)


def wrong_line(s, attempt=0):
    wrong = next(i for i, c in enumerate(s.choices) if not c.correct)
    return f"{scoring.display_order(s.id, '', len(s.choices), attempt).index(wrong) + 1}\n"


def best_line(s, attempt=0):
    best = next(i for i, c in enumerate(s.choices) if c.correct)
    return f"{scoring.display_order(s.id, '', len(s.choices), attempt).index(best) + 1}\n"


def evidence_of(run, comp):
    return json.loads(run("progress", "--json").stdout)["competencies"][comp]


def test_re_answering_just_after_the_feedback_is_practice_and_earns_nothing(run, content, isolated_home):
    s = single(content)
    comp = s.competencies[0]
    assert run("--plain", "quiz", "--scenario", s.id, input=wrong_line(s), env=at("2026-03-02")).exit_code == 0
    again = run("--plain", "quiz", "--scenario", s.id, input=best_line(s, 1), env=at("2026-03-03"))
    assert again.exit_code == 0
    out = " ".join(again.stdout.split())
    assert "Practice: you last answered this scenario on 2026-03-02" in out and "From 2026-04-01 on" in out
    assert "Recorded as practice (not counted as evidence)." in out
    c = evidence_of(run, comp)
    assert c["evidence"] == 1 and c["score"] == 0.0
    records = Store(str(isolated_home)).responses()
    assert [r["evidence"] for r in records] == ["first", "practice"] and [r["attempt"] for r in records] == [0, 1]


def test_an_answer_a_month_after_the_feedback_counts_as_retrieval(run, content, isolated_home):
    s = single(content)
    comp = s.competencies[0]
    run("--plain", "quiz", "--scenario", s.id, input=wrong_line(s), env=at("2026-03-02"))
    later = run("--plain", "quiz", "--scenario", s.id, input=best_line(s, 1), env=at("2026-04-01"))
    assert "Practice:" not in later.stdout and "Recorded as practice" not in later.stdout
    c = evidence_of(run, comp)
    assert c["evidence"] == 2 and c["score"] > 0.5
    assert Store(str(isolated_home)).responses()[-1]["evidence"] == "retrieval"


def test_choices_come_back_in_another_order_on_the_next_attempt(content):
    changed = sum(scoring.display_order(s.id, "", len(s.choices), 0) != scoring.display_order(s.id, "", len(s.choices), 1)
                  for s in content.scenarios if s.type != "branching")
    singles = sum(1 for s in content.scenarios if s.type != "branching")
    assert changed >= 0.8 * singles
    s = single(content)
    assert scoring.display_order(s.id, "", 4, 3) == scoring.display_order(s.id, "", 4, 3)  # stable within an attempt


def test_the_terminal_shows_the_second_attempt_in_its_own_order(run, content):
    s = next(s for s in content.scenarios if s.type == "single" and s.content_note is None
             and scoring.display_order(s.id, "", len(s.choices), 0) != scoring.display_order(s.id, "", len(s.choices), 1))

    def shown(out):
        return [next(i for i, c in enumerate(s.choices) if c.text.split()[0] in line and line.strip().startswith(f"{n}."))
                for n, line in ((n, next(x for x in out.splitlines() if x.strip().startswith(f"{n}."))) for n in range(1, len(s.choices) + 1))]

    first = run("--plain", "quiz", "--scenario", s.id, input=best_line(s, 0), env=at("2026-03-02")).stdout
    second = run("--plain", "quiz", "--scenario", s.id, input=best_line(s, 1), env=at("2026-03-03")).stdout
    for n, i in enumerate(scoring.display_order(s.id, "", len(s.choices), 0), 1):
        assert f"{n}. {' '.join(s.choices[i].text.split()[:3])}" in " ".join(first.split())
    for n, i in enumerate(scoring.display_order(s.id, "", len(s.choices), 1), 1):
        assert f"{n}. {' '.join(s.choices[i].text.split()[:3])}" in " ".join(second.split())


def test_review_prefers_scenarios_never_answered(content):
    from datetime import datetime, timezone

    from peerlearn.engine import mastery

    now = datetime(2026, 3, 10, tzinfo=timezone.utc)
    comp = "PSP-2"
    mine = [s for s in content.scenarios if comp in s.competencies]
    answered = [{"scenario": s.id, "score": 1.0, "competencies": list(s.competencies), "time": "2026-03-09T10:00:00+00:00"}
                for s in mine[:-2]]
    m = mastery.competency_mastery(answered, [comp])
    chosen = review.select_review(mine, m, answered, now, 2, seed=1)
    assert {s.id for s in chosen} == {s.id for s in mine[-2:]}
    # with every scenario answered yesterday, the session is practice, oldest first
    all_answered = answered + [{"scenario": s.id, "score": 1.0, "competencies": list(s.competencies),
                                "time": "2026-03-09T11:00:00+00:00"} for s in mine[-2:]]
    assert len(review.select_review(mine, m, all_answered, now, 3, seed=1)) == 3


def test_review_puts_answers_that_count_before_practice(content):
    from datetime import datetime, timezone

    now = datetime(2026, 5, 1, tzinfo=timezone.utc)
    mine = [s for s in content.scenarios if "WRB-4" in s.competencies][:4]
    old = [{"scenario": mine[0].id, "score": 0.0, "competencies": ["WRB-4"], "time": "2026-03-01T10:00:00+00:00"}]
    recent = [{"scenario": s.id, "score": 0.0, "competencies": ["WRB-4"], "time": "2026-04-30T10:00:00+00:00"} for s in mine[1:]]
    from peerlearn.engine import mastery

    history = old + recent
    m = mastery.competency_mastery(history, ["WRB-4"])
    assert [s.id for s in review.select_review(mine, m, history, now, 1, seed=3)] == [mine[0].id]


def test_a_module_is_studied_once_its_sections_are_read_and_its_check_taken(run, content, isolated_home):
    m = next(m for m in content.modules if not m.content_note)
    check = check_scenarios(m, content)
    assert 2 <= len(check) <= 3 and all(s.module == m.id for s in check)
    sections_only = "\n" * len(m.sections)
    first = run("--plain", "study", m.id, input=sections_only)
    assert first.exit_code == 0 and "Check your understanding" in first.stdout
    store = Store(str(isolated_home))
    assert not store.module_progress(m.id).get("completed")
    listing = run("modules").stdout
    assert "the end-of-module check is next" in listing
    # the check picks up where it paused, and a wrong answer still completes the module
    lines = []
    for n, s in enumerate(check):
        if s.type == "branching":
            lines += best_answer_lines(s)
        elif s.type == "multi":
            lines.append(str(shown_number(s, "", next(i for i, c in enumerate(s.choices) if not c.correct))))
        else:
            lines.append(wrong_line(s).strip())
        if n < len(check) - 1:
            lines.append("")
    lines += [""] * len(m.reflection_prompts)
    second = run("--plain", "study", m.id, input="\n".join(lines) + "\n")
    assert second.exit_code == 0, second.stdout[-1500:]
    assert store.module_progress(m.id).get("completed")
    recorded = store.responses()
    assert [r["scenario"] for r in recorded] == [s.id for s in check]
    assert {r["mode"] for r in recorded} == {"check"} and {r["evidence"] for r in recorded} == {"first"}
    assert "studied" in run("modules").stdout


def test_every_competency_can_be_shown_on_first_answers_alone(content):
    """A competent learner must be able to finish without repeating a scenario: every
    competency has scenarios enough for proficiency after a slip (one miss, then three best)."""
    for comp in content.framework.competencies:
        assert sum(comp.id in s.competencies for s in content.scenarios) >= 5, comp.id


def test_study_input_reaches_completion_for_every_module(run, content, isolated_home):
    for m in content.modules[:3]:
        assert run("--plain", "study", m.id, input=study_input(m, content)).exit_code == 0
        assert Store(str(isolated_home)).module_progress(m.id).get("completed")
