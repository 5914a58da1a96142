"""The engine as pure functions: scoring, branching, mastery, review selection, completion."""
from datetime import datetime, timedelta, timezone

import pytest

from peerlearn.content.model import Choice, Ending, Scenario, Step
from peerlearn.engine import mastery, review, scoring
from peerlearn.engine.mastery import Mastery

A, B, C, D = (Choice("a", "A", "fa", True), Choice("b", "B", "fb"), Choice("c", "C", "fc", True), Choice("d", "D", "fd"))


def test_single_best_response_scores_one_or_zero():
    assert scoring.score_choices("single", (A, B), {"a"}) == 1.0
    assert scoring.score_choices("single", (A, B), {"b"}) == 0.0


@pytest.mark.parametrize("picked,expected", [
    ({"a", "c"}, 1.0),        # both correct
    ({"a"}, 0.5),             # one of two correct
    ({"a", "b"}, 0.0),        # one right, one wrong cancel out
    ({"a", "b", "c", "d"}, 0.0),  # ticking everything earns nothing
    ({"a", "c", "d"}, 0.5),
])
def test_multi_select_gets_partial_credit(picked, expected):
    assert scoring.score_choices("multi", (A, B, C, D), picked) == pytest.approx(expected)


def branching():
    return Scenario(
        id="t", type="branching", title="T", competencies=("WRB-4",), situation="S",
        steps=(
            Step("s1", "S1", "Q1", (Choice("a", "A", "f", True, "s2"), Choice("b", "B", "f", False, "end-poor"))),
            Step("s2", "S2", "Q2", (Choice("a", "A", "f", True, "end-good"), Choice("b", "B", "f", False, "end-mixed"))),
        ),
        endings=(Ending("end-good", "G"), Ending("end-mixed", "M"), Ending("end-poor", "P")),
    )


def test_branching_follows_the_chosen_path_and_scores_the_share_of_best_steps():
    s = branching()
    assert scoring.walk(s, ["a", "a"]) == scoring.Answer("t", (("s1", ("a",)), ("s2", ("a",))), 1.0, "end-good")
    mixed = scoring.walk(s, ["a", "b"])
    assert mixed.ending == "end-mixed" and mixed.score == 0.5
    poor = scoring.walk(s, ["b"])
    assert poor.ending == "end-poor" and poor.score == 0.0 and len(poor.path) == 1
    assert scoring.best_path(s) == ["a", "a"]


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


def sc(ident, comps):
    return Scenario(id=ident, type="single", title=ident, competencies=tuple(comps), situation="S", question="Q", choices=(A, B))


def test_review_picks_the_weakest_and_stalest_competencies_first():
    scenarios = [sc("p1", ["PSP-1"]), sc("p2", ["PSP-1"]), sc("w1", ["WRB-1"]), sc("w2", ["WRB-1"]), sc("d1", ["DIE-1"])]
    responses = [
        resp("p1", 1.0, ["PSP-1"], 1, NOW), resp("p2", 1.0, ["PSP-1"], 1, NOW),   # strong and fresh
        resp("w1", 0.0, ["WRB-1"], 1, NOW),                                       # weak
        resp("d1", 1.0, ["DIE-1"], 200, NOW),                                     # strong but stale
    ]
    m = mastery.competency_mastery(responses, ["PSP-1", "WRB-1", "DIE-1"])
    picked = [s.id for s in review.select_review(scenarios, m, responses, NOW, 2, seed=1)]
    assert picked == ["w2", "d1"]  # weak WRB-1 first, with the scenario not seen recently; then stale DIE-1


def test_refresher_covers_every_domain():
    from peerlearn.content.model import Competency, Domain, Framework

    fw = Framework(tuple(Domain(d, d, "", (Competency(f"{d}-1", d, "", ""),)) for d in ("PSP", "WRB")), (), ())
    scenarios = [sc("p1", ["PSP-1"]), sc("p2", ["PSP-1"]), sc("w1", ["WRB-1"])]
    m = mastery.competency_mastery([], ["PSP-1", "WRB-1"])
    picked = review.select_refresher(fw, scenarios, m, [], NOW, per_domain=1, seed=3)
    assert sorted({c[:3] for s in picked for c in s.competencies}) == ["PSP", "WRB"]


def test_select_by_ids_keeps_the_order_given_and_filters_combine():
    scenarios = [sc("a", ["PSP-1"]), sc("b", ["WRB-2"]), sc("c", ["PSP-2"])]
    assert [s.id for s in review.select(scenarios, ids=("c", "a"))] == ["c", "a"]
    assert sorted(s.id for s in review.select(scenarios, domain="PSP")) == ["a", "c"]
    assert [s.id for s in review.select(scenarios, competency="WRB-2")] == ["b"]
    assert review.select(scenarios, domain="PSP", seed=5) == review.select(scenarios, domain="PSP", seed=5)


def test_choices_are_shown_in_a_stable_shuffled_order():
    orders = {tuple(scoring.display_order(f"sc-{i}", "", 4)) for i in range(40)}
    assert len(orders) > 5  # not always the file's order
    assert scoring.display_order("sc-1", "", 4) == scoring.display_order("sc-1", "", 4)
    assert sorted(scoring.display_order("sc-1", "step", 5)) == [0, 1, 2, 3, 4]
    firsts = [scoring.display_order(f"sc-{i}", "", 4)[0] for i in range(400)]
    assert max(firsts.count(k) for k in range(4)) < 160  # the first choice shown is not one position's
