"""The progress report and the home screen's next steps, as pure functions."""
import dataclasses
from datetime import date

from peerlearn.content.loader import load_content
from peerlearn.engine import mastery
from peerlearn.engine.policy import training_year
from peerlearn.engine.progress import NextStep, next_steps, progress_report

CONTENT = load_content()
POLICY = CONTENT.policies["default"]


def report(module_progress=None, checklist_runs=(), elsewhere=None):
    return progress_report(CONTENT, POLICY, mastery.empty_summary(), module_progress or {}, list(checklist_runs), None, elsewhere)


def test_a_new_learner_is_offered_module_one_the_policy_checklist_and_a_quiz():
    steps = next_steps(CONTENT, POLICY, report(), paused_quiz=False)
    assert steps == [NextStep("start-module", CONTENT.modules[0].id), NextStep("checklist", "story-sharing"),
                     NextStep("quiz"), NextStep("progress")]


def test_the_checklist_suggested_is_the_one_the_policy_asks_for():
    other = CONTENT.checklists[-1].id
    policy = dataclasses.replace(POLICY, initial_training=dataclasses.replace(POLICY.initial_training, checklists=(other,)))
    r = progress_report(CONTENT, policy, mastery.empty_summary(), {}, [], None, None)
    steps = next_steps(CONTENT, policy, r, paused_quiz=True)
    assert steps[0] == NextStep("resume-quiz")
    assert [s.target for s in steps if s.action == "checklist"] == [other]
    done = [{"checklist": other, "completed": "2026-01-05T10:00:00+00:00"}]
    r = progress_report(CONTENT, policy, mastery.empty_summary(), {}, done, None, None)
    assert not [s for s in next_steps(CONTENT, policy, r, paused_quiz=False) if s.action == "checklist"]


def test_a_module_part_way_through_comes_before_a_new_one():
    first, second = CONTENT.modules[0].id, CONTENT.modules[1].id
    r = report({first: {"started": "2026-01-05T10:00:00+00:00", "section": 1}})
    steps = next_steps(CONTENT, POLICY, r, paused_quiz=False)
    assert steps[:2] == [NextStep("continue-module", first), NextStep("start-module", second)]


def test_training_done_elsewhere_leads_to_ongoing_education_not_module_one():
    r = report(elsewhere={"date": "2024-06-01", "provider": "A program"})
    assert [s.action for s in next_steps(CONTENT, POLICY, r, paused_quiz=False)] == ["review", "status", "log"]


def test_what_is_missing_is_data_without_command_lines():
    missing = report()["initial_training"]["missing"]
    assert missing[0] == {"need": "modules", "modules": [m.id for m in CONTENT.modules]}
    assert {"need": "checklist", "checklist": "story-sharing"} in missing
    assert all(set(m) <= {"need", "modules", "checklist", "domain"} for m in missing)


def test_a_training_year_contains_dates_compared_as_dates():
    ty = training_year(POLICY, 2026)
    assert ty.contains("2026-01-01") and ty.contains(date(2026, 12, 31)) and ty.contains("2026-05-04T10:00:00+00:00")
    assert not ty.contains("2027-01-01") and not ty.contains("2025-12-31")
    assert not ty.contains("2026-W02-1") and not ty.contains("0001-01-01") and not ty.contains("2026-1-5")
