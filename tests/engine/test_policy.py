"""Training-year and policy arithmetic."""
from datetime import date

import pytest

from peerlearn.content.model import Policy, Requirement
from peerlearn.engine import policy as pe
from peerlearn.ui.words import describe_needed, describe_reminder


def make(year_start=(1, 1), cycle_years=1, requirements=(), cycle_start_year=2000, **kw):
    return Policy(id="p", title="P", requirements=tuple(requirements), year_start=year_start,
                  cycle_years=cycle_years, cycle_start_year=cycle_start_year, **kw)


def e(day, kind="training", hours=1.0, categories=()):
    return {"date": day, "kind": kind, "hours": hours, "categories": list(categories)}


def test_a_fiscal_year_runs_across_the_new_year():
    p = make(year_start=(4, 1))
    period = pe.training_year(p, 2026)
    assert (period.start, period.end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert pe.year_of(p, date(2027, 3, 31)) == 2026
    assert pe.year_of(p, date(2027, 4, 1)) == 2027
    assert pe.year_of(p, date(2026, 1, 15)) == 2025


def test_a_29_february_start_falls_on_28_february_in_other_years():
    p = make(year_start=(2, 29))
    assert pe.training_year(p, 2028).start == date(2028, 2, 29)
    ty = pe.training_year(p, 2027)
    assert (ty.start, ty.end, ty.year) == (date(2027, 2, 28), date(2028, 2, 28), 2027)
    assert pe.training_year(p, 2028).end == date(2029, 2, 27)
    assert pe.year_of(p, date(2028, 2, 28)) == 2027


def test_the_calendar_year_includes_29_february():
    r = Requirement("hours", "Hours", "hours", 2)
    p = make(requirements=[r])
    assert pe.measure(r, [e("2028-02-29", hours=2)], pe.training_year(p, 2028)) == 2


def test_two_year_cycles_count_across_both_years():
    r = Requirement("hours", "Ethics hours", "hours", 20, category="ethics", per="cycle")
    p = make(cycle_years=2, cycle_start_year=2026, requirements=[r])
    assert pe.cycle_of(p, 2027) == pe.Period(date(2026, 1, 1), date(2027, 12, 31))
    assert pe.cycle_of(p, 2028).start == date(2028, 1, 1)
    entries = [e("2026-05-01", hours=12, categories=["ethics"]), e("2027-05-01", hours=8, categories=["ethics"]),
               e("2027-06-01", hours=30, categories=["other"])]
    status = pe.evaluate(p, entries, 2027, date(2027, 7, 1))
    (req,) = status["requirements"]
    assert req["done"] == 20 and req["met"] and req["window"] == {"start": "2026-01-01", "end": "2027-12-31"}


def test_at_most_one_meeting_counts_per_calendar_month():
    r = Requirement("cop-meetings", "Community-of-practice meetings", "meetings", 12, kinds=("cop-meeting",), monthly_cap=1)
    p = make(requirements=[r])
    entries = [e("2026-01-05", "cop-meeting"), e("2026-01-20", "cop-meeting"), e("2026-02-03", "cop-meeting"), e("2026-02-03", "training")]
    status = pe.evaluate(p, entries, 2026, date(2026, 11, 15))
    (req,) = status["requirements"]
    assert req["done"] == 2 and req["remaining"] == 10 and not req["met"]
    assert req["can_count_in_time"] == 2  # November and December are left, one meeting a month
    assert describe_needed(req).startswith("10 more community-of-practice meetings by 31 December 2026")
    assert "at most 2 more can count" in describe_needed(req)


def test_carry_over_is_capped_and_comes_only_from_the_year_before():
    r = Requirement("hours", "Training hours", "hours", 10, carry_over_cap=5)
    p = make(requirements=[r])
    entries = [e("2025-03-01", hours=22), e("2026-03-01", hours=4)]
    (req,) = pe.evaluate(p, entries, 2026, date(2026, 6, 1))["requirements"]
    assert req["carried_over"] == 5 and req["done"] == 9 and req["remaining"] == 1
    (req2024,) = pe.evaluate(p, entries, 2024, date(2026, 6, 1))["requirements"]
    assert req2024["carried_over"] == 0


def test_fiscal_year_status_has_the_documented_shape_and_days_left():
    p = make(year_start=(4, 1), requirements=[Requirement("training", "Peer-support focused training", "activities", 1, kinds=("training",))])
    status = pe.evaluate(p, [e("2027-01-10")], 2026, date(2027, 3, 1))
    assert status["year"] == 2026 and status["period"] == {"start": "2026-04-01", "end": "2027-03-31"}
    assert status["met"] is True and status["days_left"] == 30
    assert {k: status["requirements"][0][k] for k in ("id", "required", "done", "met")} == {"id": "training", "required": 1, "done": 1, "met": True}


def test_the_needed_line_names_the_period_end():
    p = make(year_start=(4, 1), requirements=[Requirement("cop-meetings", "Community-of-practice meetings", "meetings", 12, monthly_cap=1)])
    entries = [e(f"2026-{m:02d}-10", "cop-meeting") for m in range(4, 13)] + [e(f"2027-{m:02d}-10", "cop-meeting") for m in (1, 2)]
    (req,) = pe.evaluate(p, entries, 2026, date(2027, 3, 2))["requirements"]
    assert describe_needed(req) == "1 more community-of-practice meeting by 31 March 2027"


def test_reminders_for_due_soon_and_overdue():
    p = make(requirements=[Requirement("training", "Peer-support focused training", "activities", 1, kinds=("training",))])
    def words(entries, today):
        return [describe_reminder(r) for r in pe.due_reminders(p, entries, today)]

    due = pe.due_reminders(p, [e("2025-06-01")], date(2026, 11, 15))
    assert [(r["kind"], r["requirement"]["id"], r["requirement"]["remaining"]) for r in due] == [("due", "training", 1)]
    assert words([e("2025-06-01")], date(2026, 11, 15)) == [
        "Due soon (P): 1 more peer-support focused training by 31 December 2026."]
    assert pe.due_reminders(p, [e("2025-06-01")], date(2026, 3, 1)) == []
    assert words([e("2024-06-01"), e("2026-01-02")], date(2026, 3, 1)) == [
        "Overdue from the 2025 training year (P): Peer-support focused training, 0 of 1."]


def test_in_app_modules_and_refreshers_count_only_when_the_policy_says():
    r = Requirement("training", "Training", "activities", 2, kinds=("training",))
    progress = {"m01": {"completed": "2026-02-01T10:00:00"}}
    refreshers = [{"time": "2026-03-01T10:00:00"}]
    off = make(requirements=[r])
    on = make(requirements=[r], count_in_app_modules=True, count_refresher=True)
    assert pe.evaluate(off, pe.counted_activities(off, [], progress, refreshers), 2026, date(2026, 5, 1))["requirements"][0]["done"] == 0
    assert pe.evaluate(on, pe.counted_activities(on, [], progress, refreshers), 2026, date(2026, 5, 1))["requirements"][0]["done"] == 2


@pytest.mark.parametrize("entry,words", [
    ({"date": "2999-01-01"}, "in the future"),
    ({"date": "2026-02-30"}, "not a date"),
    ({"date": "26-1-5"}, "not a date"),
    ({"hours": 0}, "at least 0.1"),
    ({"hours": -2}, "at least 0.1"),
    ({"hours": 5000}, "more than 100"),
    ({"hours": "lots"}, "must be a number"),
    ({"hours": "nan"}, "must be a number"),
    ({"kind": "party"}, "unknown kind"),
    ({"categories": ["astrology"]}, "unknown category"),
    ({"title": "  "}, "a title is needed"),
])
def test_bad_activity_input_is_named_in_plain_words(entry, words):
    good = {"kind": "training", "title": "T", "date": "2026-01-01", "hours": 1, "categories": ["ethics"]}
    problems = pe.validate_entry(good | entry, date(2026, 6, 1), {"ethics"})
    assert len(problems) == 1 and words in problems[0]
    assert pe.validate_entry(good, date(2026, 6, 1), {"ethics"}) == []


@pytest.mark.parametrize("text", ["2026-W02-1", "2026-013", "20260113", "26-01-05", "2026-02-30",
                                  "٢٠٢٦-٠١-٠٥", "２０２６-０１-０５", "2026-1-5", " 2026-01-05", "", None])
def test_a_date_is_exactly_yyyy_mm_dd_or_no_day_at_all(text):
    assert pe.parse_day(text) is None
    assert not pe.training_year(make(), 2026).contains(text)


def test_a_stored_timestamp_is_read_by_its_date():
    assert pe.parse_day("2026-03-14T23:30:00-07:00") == date(2026, 3, 14)
    assert pe.training_year(make(year_start=(4, 1)), 2025).contains("2026-03-31T10:00:00")
    assert not pe.training_year(make(year_start=(4, 1)), 2025).contains("2026-04-01")


@pytest.mark.parametrize("text,words", [
    ("2026-W02-1", "not a date in the form YYYY-MM-DD"),
    ("0001-01-01", "before 1950"),
    ("٢٠٢٦-٠١-٠٥", "not a date in the form YYYY-MM-DD"),
    ("2026-02-29", "no such day"),
])
def test_every_date_someone_gives_follows_one_rule(text, words):
    assert words in pe.date_problem(text, date(2026, 6, 1))
    assert words in pe.check_field("date", text, date(2026, 6, 1))


def test_a_week_date_counts_nowhere():
    r = Requirement("training", "Training", "activities", 1)
    assert pe.measure(r, [e("2026-W02-1"), e("0001-01-01")], pe.training_year(make(), 2026)) == 0
    assert pe.measure(r, [e("2026-01-05")], pe.training_year(make(), 2026)) == 1
    reminders = pe.due_reminders(make(requirements=[r]), [e("2026-W02-1"), e("2026-02-30")], date(2026, 12, 1))
    assert [(x["kind"], x["policy"]) for x in reminders] == [("due", "P")]


@pytest.mark.parametrize("hours", ["1_0", "1e-300", "١", "1.5.0", "0x10", "inf", "+2", "1,5"])
def test_hours_are_plain_decimal_numbers(hours):
    assert "must be a number" in pe.check_field("hours", hours, date(2026, 6, 1))


@pytest.mark.parametrize("text,expected", [("01-01", (1, 1)), ("04-01", (4, 1)), ("02-29", (2, 29)), ("12-31", (12, 31)),
                                           ("02-30", None), ("04-31", None), ("13-01", None), ("00-10", None), ("1-1", None)])
def test_a_training_year_start_is_a_day_some_year_has(text, expected):
    assert pe.month_day(text) == expected
