"""Review selection, the refresher and the order choices are shown in."""
from datetime import datetime, timedelta, timezone


from peerlearn.content.model import Choice, Scenario
from peerlearn.engine import mastery, review, scoring

A, B, C, D = (Choice("a", "A", "fa", True), Choice("b", "B", "fb"), Choice("c", "C", "fc", True), Choice("d", "D", "fd"))



def resp(scenario, score, comps, days_ago, now):
    return {"scenario": scenario, "score": score, "competencies": comps, "time": (now - timedelta(days=days_ago)).isoformat()}


NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


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
