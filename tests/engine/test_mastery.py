"""Mastery: what counts as evidence and how the summary rolls up."""
from datetime import datetime, timedelta, timezone

import pytest

from peerlearn.content.model import Choice
from peerlearn.engine import mastery
from peerlearn.engine.mastery import Mastery

A, B, C, D = (Choice("a", "A", "fa", True), Choice("b", "B", "fb"), Choice("c", "C", "fc", True), Choice("d", "D", "fd"))


def resp(scenario, score, comps, days_ago, now):
    return {"scenario": scenario, "score": score, "competencies": comps, "time": (now - timedelta(days=days_ago)).isoformat()}


NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_no_evidence_is_not_started():
    m = mastery.competency_mastery([], ["PSP-1"])["PSP-1"]
    assert m == Mastery("not started", None, 0, 0, None)


def test_proficient_needs_two_distinct_scenarios():
    one = [resp("s1", 1.0, ["PSP-1"], 2, NOW), resp("s1", 1.0, ["PSP-1"], 1, NOW)]
    assert mastery.competency_mastery(one, ["PSP-1"])["PSP-1"].level == "developing"
    two = one + [resp("s2", 1.0, ["PSP-1"], 0, NOW)]
    m = mastery.competency_mastery(two, ["PSP-1"])["PSP-1"]
    assert m.level == "proficient" and m.evidence == 2 and m.scenarios == 2  # s1's second answer was practice


def test_answering_again_soon_after_the_feedback_is_practice_and_not_evidence():
    wrong_then_memorised = [resp("s1", 0.0, ["PSP-1"], 10, NOW), resp("s1", 1.0, ["PSP-1"], 9, NOW),
                            resp("s2", 0.0, ["PSP-1"], 8, NOW), resp("s2", 1.0, ["PSP-1"], 0, NOW)]
    m = mastery.competency_mastery(wrong_then_memorised, ["PSP-1"])["PSP-1"]
    assert m.evidence == 2 and m.score == 0.0 and m.level == "developing" and m.first_score == 0.0
    assert mastery.classify(wrong_then_memorised) == ["first", "practice", "first", "practice"]


def test_an_answer_a_month_after_the_feedback_is_retrieval_and_counts():
    later = [resp("s1", 0.0, ["PSP-1"], 70, NOW), resp("s1", 1.0, ["PSP-1"], 70 - mastery.RETRIEVAL_DAYS, NOW)]
    assert mastery.classify(later) == ["first", "retrieval"]
    assert mastery.competency_mastery(later, ["PSP-1"])["PSP-1"].evidence == 2


def test_remembered_keys_alone_never_make_a_competency_proficient():
    """Wrong on every first answer, then right on each scenario a month after its feedback:
    the retrievals count, but the first answers never showed the competency in a new situation."""
    first = [resp(f"s{i}", 0.0, ["PSP-1"], 100 - i, NOW) for i in range(6)]
    later = [resp(f"s{i}", 1.0, ["PSP-1"], 60 - i, NOW) for i in range(6)]
    m = mastery.competency_mastery(first + later, ["PSP-1"])["PSP-1"]
    assert m.score > 0.8 and m.scenarios == 6 and m.first_score == 0.0
    assert m.level == "developing"
    # a learner who got it right first time on half the new scenarios, then retrieved the rest
    mixed = [resp(f"s{i}", float(i % 2), ["PSP-1"], 100 - i, NOW) for i in range(6)] + later
    assert mastery.competency_mastery(mixed, ["PSP-1"])["PSP-1"].level == "proficient"


def test_the_retrieval_clock_restarts_each_time_the_feedback_is_seen():
    # practice at day 20 shows the feedback again, so day 45 is only 25 days after it
    answers = [resp("s1", 0.0, ["PSP-1"], 60, NOW), resp("s1", 1.0, ["PSP-1"], 40, NOW), resp("s1", 1.0, ["PSP-1"], 15, NOW)]
    assert mastery.classify(answers) == ["first", "practice", "practice"]
    assert mastery.evidence_kind(None, NOW.isoformat()) == "first"


def test_the_summary_folded_one_answer_at_a_time_equals_the_full_computation():
    answers = [resp(f"s{i % 3}", (i % 4) / 3, ["PSP-1", "WRB-2"], 100 - 7 * i, NOW) for i in range(14)]
    step = mastery.empty_summary()
    for a in answers:
        step = mastery.fold(step, [a])
    assert step == mastery.fold(mastery.empty_summary(), answers)
    assert step["attempts"] == {"s0": 5, "s1": 5, "s2": 4} and step["count"] == 14


def test_recent_answers_weigh_more():
    old_bad_new_good = [resp("s1", 0.0, ["PSP-1"], 10, NOW), resp("s2", 1.0, ["PSP-1"], 1, NOW)]
    old_good_new_bad = [resp("s1", 1.0, ["PSP-1"], 10, NOW), resp("s2", 0.0, ["PSP-1"], 1, NOW)]
    up = mastery.competency_mastery(old_bad_new_good, ["PSP-1"])["PSP-1"].score
    down = mastery.competency_mastery(old_good_new_bad, ["PSP-1"])["PSP-1"].score
    assert up == pytest.approx(1 / 1.75, abs=1e-4) and down == pytest.approx(0.75 / 1.75, abs=1e-4)


def test_domain_rolls_up_from_its_competencies():
    from peerlearn.content.model import Competency, Domain, Framework

    fw = Framework((Domain("PSP", "P", "", (Competency("PSP-1", "PSP", "", ""), Competency("PSP-2", "PSP", "", ""))),), (), ())
    prof, dev, none = Mastery("proficient", 1, 2, 2, "x"), Mastery("developing", 0.5, 1, 1, "x"), Mastery("not started", None, 0, 0, None)
    assert mastery.domain_levels(fw, {"PSP-1": prof, "PSP-2": prof}) == {"PSP": "proficient"}
    assert mastery.domain_levels(fw, {"PSP-1": prof, "PSP-2": none}) == {"PSP": "developing"}
    assert mastery.domain_levels(fw, {"PSP-1": none, "PSP-2": none}) == {"PSP": "not started"}
    assert mastery.domain_levels(fw, {"PSP-1": dev, "PSP-2": prof}) == {"PSP": "developing"}

