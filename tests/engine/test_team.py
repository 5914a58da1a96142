"""Team statistics from xAPI statements: the adapter, the report states and a hand-computed item analysis."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from peerlearn.content.model import Choice, Scenario
from peerlearn.engine.team import hours_of, item_statistics, team_report, worker_records

BASE = "https://org.example/xapi"


def answer(who: str, sid: str, choice: str, right: bool, day: str, sid_n: int) -> dict:
    return {"id": f"{who}-{sid}-{sid_n}", "actor": {"objectType": "Agent", "mbox": f"mailto:{who}@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"id": f"{BASE}/scenarios/{sid}"},
            "result": {"score": {"scaled": 1.0 if right else 0.0}, "response": choice, "success": right},
            "context": {"contextActivities": {"other": [{"id": f"{BASE}/competencies/PSP-1"}]}},
            "timestamp": f"{day}T10:00:00+00:00"}


def single(sid: str, key: str, *others: str) -> Scenario:
    choices = (Choice(key, key, "", True),) + tuple(Choice(o, o, "", False) for o in others)
    return Scenario(id=sid, type="single", title=sid, competencies=("PSP-1",), situation="", choices=choices)


BANK = [single("S1", "a", "b", "c"), single("S2", "x", "y"), single("S3", "p", "q")]
# first answers (choice, best?) of five workers; worked by hand in the test below
FIRSTS = {
    "w1": [("S1", "a", 1), ("S2", "y", 0), ("S3", "p", 1)],
    "w2": [("S1", "a", 1), ("S2", "y", 0), ("S3", "q", 0)],
    "w3": [("S1", "b", 0), ("S2", "x", 1), ("S3", "p", 1)],
    "w4": [("S1", "c", 0), ("S2", "x", 1), ("S3", "q", 0)],
    "w5": [("S1", "b", 0), ("S2", "y", 0), ("S3", "q", 0)],
}


def team_statements():
    out = []
    for who, answers in FIRSTS.items():
        for n, (sid, choice, right) in enumerate(answers):
            out.append(answer(who, sid, choice, bool(right), f"2026-03-0{n + 1}", 0))
    # w2 answers S1 again the next day, choosing b: practice, not a first answer; left out
    out.append(answer("w2", "S1", "b", False, "2026-03-05", 1))
    return out


def test_item_analysis_reproduces_the_hand_computed_statistics():
    items = {i["scenario"]: i for i in item_statistics(BANK, worker_records(team_statements()), min_workers=5)}
    # S1: best response by w1, w2 -> difficulty 2/5. Rest scores (mean of S2, S3):
    # w1 .5, w2 0, w3 1, w4 .5, w5 0; x = 1,1,0,0,0. Deviations from the means (.4, .4):
    # sum dx*dy = .06 - .24 - .24 - .04 + .16 = -.30; sum dx^2 = 1.2; sum dy^2 = .70
    # r = -.30 / sqrt(1.2 * .70) = -0.3273
    s1 = items["S1"]
    assert (s1["workers"], s1["difficulty"], s1["discrimination"]) == (5, 0.4, pytest.approx(-0.3273, abs=1e-4))
    assert {c["choice"]: c["share"] for c in s1["choices"]} == {"a": 0.4, "b": 0.4, "c": 0.2}
    assert s1["flags"] == ["negative discrimination: workers with higher scores elsewhere choose the best response less often"]
    # S2: x by w3, w4 -> .4; rest (S1, S3): 1, .5, .5, 0, 0; sum dx*dy = -.30, sum dy^2 = .70 -> -0.3273;
    # y chosen by 3 of 5 (.6), more than the key x (.4)
    s2 = items["S2"]
    assert (s2["difficulty"], s2["discrimination"]) == (0.4, pytest.approx(-0.3273, abs=1e-4))
    assert {c["choice"]: c["share"] for c in s2["choices"]} == {"x": 0.4, "y": 0.6}
    assert any(f.startswith("a distractor (y) is chosen more often") for f in s2["flags"])
    # S3: p by w1, w3 -> .4; rest (S1, S2): .5, .5, .5, .5, 0; sum dx*dy = .20, sum dy^2 = .20
    # r = .20 / sqrt(1.2 * .20) = 0.4082; q (.6) beats the key p (.4)
    s3 = items["S3"]
    assert (s3["difficulty"], s3["discrimination"]) == (0.4, pytest.approx(0.4082, abs=1e-4))
    assert [f[:20] for f in s3["flags"]] == ["a distractor (q) is "]


def test_items_under_the_threshold_are_left_out_and_an_easy_item_is_flagged():
    statements = [answer(f"w{i}", "S4", "e", True, "2026-03-01", 0) for i in range(4)]
    bank = [single("S4", "e", "f")]
    assert item_statistics(bank, worker_records(statements), min_workers=5) == []
    (item,) = item_statistics(bank, worker_records(statements), min_workers=4)
    assert item["difficulty"] == 1.0 and item["discrimination"] is None  # no other items: no rest score
    assert item["flags"] == ["almost everyone chooses the best response"]


def test_the_adapter_rebuilds_log_entries_and_counts_a_statement_once():
    log = {"id": "l1", "actor": {"account": {"homePage": "https://hr.example.org", "name": "ben"}, "name": "Ben B."},
           "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
           "object": {"id": f"{BASE}/log/u-1", "definition": {"type": "http://adlnet.gov/expapi/activities/meeting",
                                                               "name": {"en-CA": "CoP"}}},
           "result": {"duration": "PT1H30M"}, "timestamp": "2026-03-12T00:00:00Z",
           "context": {"extensions": {f"{BASE}/extensions/kind": "conference", f"{BASE}/extensions/categories": ["ethics"]}}}
    workers = worker_records([log, dict(log)])
    (w,) = workers.values()
    assert w.label == "ben (https://hr.example.org)"  # the account, never the display name
    assert w.activities == [{"kind": "conference", "title": "CoP", "date": "2026-03-12", "hours": 1.5, "categories": ["ethics"]}]
    assert hours_of("PT6H") == 6 and hours_of("PT45M") == 0.75 and hours_of(None) == 0


def test_of_a_log_entrys_versions_the_last_stored_counts_and_the_others_not_at_all():
    def version(sid, hours, stored=None):
        s = {"id": sid, "actor": {"mbox": "mailto:ana@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
             "object": {"id": f"{BASE}/log/u-1", "definition": {"name": {"en-CA": "Training"}}},
             "result": {"duration": f"PT{hours}H"}, "timestamp": "2026-02-03T00:00:00Z"}
        return {**s, "stored": stored} if stored else s

    # an LRS lists the newest first; the edit (3 h) was stored after the first version (6 h)
    (w,) = worker_records([version("b", 3, "2026-05-01T10:00:00Z"), version("a", 6, "2026-02-04T09:00:00Z")]).values()
    assert [a["hours"] for a in w.activities] == [3]
    # statements from files carry no `stored`: the one read last is taken
    (w,) = worker_records([version("a", 6), version("b", 3)]).values()
    assert [a["hours"] for a in w.activities] == [3]
    # two entries are two entries
    other = {**version("c", 2), "object": {"id": f"{BASE}/log/u-2", "definition": {"name": {"en-CA": "Meeting"}}}}
    (w,) = worker_records([version("a", 6), other]).values()
    assert sorted(a["hours"] for a in w.activities) == [2, 6]


def test_a_requirement_due_within_60_days_is_at_risk():
    from peerlearn.content.loader import load_content

    content = load_content()
    policy = content.policies["default"]
    year = date.today().year
    meeting = {"id": "m", "actor": {"mbox": "mailto:a@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
               "object": {"id": f"{BASE}/log/1", "definition": {"name": {"en-CA": "CoP"}}},
               "result": {"duration": "PT1H"}, "timestamp": f"{year}-02-10T00:00:00Z",
               "context": {"extensions": {f"{BASE}/extensions/kind": "cop-meeting"}}}
    workers = worker_records([meeting])
    end = date(year, 12, 31)
    early = team_report(content.framework, policy, workers, year, end - timedelta(days=120))
    late = team_report(content.framework, policy, workers, year, end - timedelta(days=30))
    states = lambda r: {q["id"]: q["state"] for q in r["workers"][0]["requirements"]}  # noqa: E731
    assert set(states(early).values()) == {"not met"}
    assert set(states(late).values()) == {"at risk"}
    assert {d: v["not started"] for d, v in late["domains"].items()} == {d.id: 1 for d in content.framework.domains}
