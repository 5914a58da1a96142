"""Training-year and policy arithmetic for ongoing education. Pure functions.

A policy's "year Y" is the training year that starts in calendar year Y on the policy's
start day (1 January by default; e.g. 1 April for a fiscal year, which then runs to 31 March of
Y+1). A start of 29 February falls on 28 February in years that have none. Requirements count
either per training year or per cycle of `cycle_years` training years, cycles starting in
`cycle_start_year` and every `cycle_years` after it.
"""
from __future__ import annotations

import re

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

KINDS = ("training", "cop-meeting", "conference", "self-study", "other")
MAX_HOURS = 100  # one logged activity longer than this is almost surely a typing slip
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value) -> date | None:
    """The day a date or a stored date text stands for, or None. Text counts only as exactly
    YYYY-MM-DD (ASCII digits), or an ISO timestamp that starts with one (as answers and events
    are kept): a week date (2026-W02-1), an ordinal date or any other form is no day at all,
    the same everywhere dates are read or compared."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "")
    if len(text) > 10 and text[10] == "T":
        text = text[:10]
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def contains(self, day) -> bool:
        """Whether a day (a date, or a date text as `parse_day` reads it) falls in the period.
        The one test of "in this training year" for status, lists, exports and transcripts."""
        day = parse_day(day)
        return day is not None and self.start <= day <= self.end

    __contains__ = contains


@dataclass(frozen=True)
class TrainingYear(Period):
    """A policy's training year `year`: it starts in calendar year `year` on the policy's start day."""

    year: int = 0


def month_day(text) -> tuple[int, int] | None:
    """(month, day) of a training-year start written MM-DD, or None when no year has that day
    (02-30, 04-31). 02-29 is a start: it falls on 28 February in years without one."""
    match = re.fullmatch(r"(0[1-9]|1[0-2])-([0-3][0-9])", str(text))
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    return (month, day) if 1 <= day <= calendar.monthrange(2000, month)[1] else None


def year_start(policy, year: int) -> date:
    month, day = policy.year_start
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


def training_year(policy, year: int) -> TrainingYear:
    return TrainingYear(year_start(policy, year), year_start(policy, year + 1) - timedelta(days=1), year)


def year_of(policy, day) -> int:
    """The training year a day falls in."""
    day = parse_day(day)
    if day is None:
        raise ValueError("not a YYYY-MM-DD date")
    return day.year if day >= year_start(policy, day.year) else day.year - 1


def cycle_of(policy, year: int) -> Period:
    n = policy.cycle_years
    anchor = policy.cycle_start_year
    first = anchor + ((year - anchor) // n) * n
    return Period(year_start(policy, first), training_year(policy, first + n - 1).end)


def window(policy, requirement, year: int) -> Period:
    return cycle_of(policy, year) if requirement.per == "cycle" else training_year(policy, year)


def _matches(requirement, entry) -> bool:
    kinds = requirement.kinds or (("cop-meeting",) if requirement.measure == "meetings" else ())
    if kinds and entry.get("kind") not in kinds:
        return False
    if requirement.category and requirement.category not in (entry.get("categories") or ()):
        return False
    return True


def measure(requirement, entries, period: Period) -> float:
    """What the entries dated within `period` add up to for this requirement."""
    items = [e for e in entries if period.contains(e.get("date")) and _matches(requirement, e)]
    if requirement.measure == "hours":
        return round(sum(float(e.get("hours") or 0) for e in items), 2)
    if requirement.measure == "meetings":
        per_month: dict = {}
        for e in items:
            d = parse_day(e["date"])
            per_month[(d.year, d.month)] = per_month.get((d.year, d.month), 0) + 1
        cap = requirement.monthly_cap or 10**9
        return sum(min(n, cap) for n in per_month.values())
    return len(items)


def _months_left(period: Period, today: date) -> int:
    if today > period.end:
        return 0
    start = max(today, period.start)
    return (period.end.year - start.year) * 12 + period.end.month - start.month + 1


def evaluate(policy, entries, year: int, today: date) -> dict:
    """Each requirement's status for training year `year`, in the shape `status --json` prints."""
    period = training_year(policy, year)
    results = []
    for r in policy.requirements:
        win = window(policy, r, year)
        done = measure(r, entries, win)
        carried = 0.0
        if r.carry_over_cap:
            prev_year = year - (policy.cycle_years if r.per == "cycle" else 1)
            prev = measure(r, entries, window(policy, r, prev_year))
            carried = min(max(prev - r.minimum, 0), r.carry_over_cap)
        total = done + carried
        remaining = max(r.minimum - total, 0)
        met = total >= r.minimum
        entry = {
            "id": r.id, "title": r.title, "measure": r.measure, "per": r.per, "basis": r.basis,
            "required": r.minimum, "done": round(total, 2), "met": met,
            "remaining": round(remaining, 2), "carried_over": round(carried, 2),
            "window": {"start": win.start.isoformat(), "end": win.end.isoformat()},
        }
        entry["ended"] = today > win.end
        entry["monthly_cap"] = r.monthly_cap
        entry["can_count_in_time"] = None
        if not met and not entry["ended"] and r.measure == "meetings" and r.monthly_cap:
            possible = _months_left(win, today) * r.monthly_cap
            if possible < remaining:
                entry["can_count_in_time"] = possible
        results.append(entry)
    days_left = (period.end - today).days if today <= period.end else 0
    return {
        "policy": policy.id,
        "year": year,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "cycle": {"start": cycle_of(policy, year).start.isoformat(), "end": cycle_of(policy, year).end.isoformat(), "years": policy.cycle_years},
        "met": all(x["met"] for x in results),
        "days_left": days_left,
        "requirements": results,
    }


DUE_SOON_DAYS = 60  # a requirement not met whose period ends within this many days is due soon (at risk)


def due_reminders(policy, entries, today: date, within_days: int = DUE_SOON_DAYS) -> list[dict]:
    """Requirements due within `within_days` days ({"kind": "due"}), or not met in last training
    year ({"kind": "overdue", "year"}), each with its requirement entry from `evaluate`."""
    out = []
    current = evaluate(policy, entries, year_of(policy, today), today)
    for r in current["requirements"]:
        end = date.fromisoformat(r["window"]["end"])
        if not r["met"] and (end - today).days <= within_days:
            out.append({"kind": "due", "policy": policy.title, "requirement": r})
    days = [d for d in (parse_day(e.get("date")) for e in entries) if d is not None]
    if days:
        last_year = year_of(policy, today) - 1
        prev = training_year(policy, last_year)
        if min(days) <= prev.end:
            for r in evaluate(policy, entries, last_year, today)["requirements"]:
                if not r["met"] and r["per"] == "year":
                    out.append({"kind": "overdue", "policy": policy.title, "year": last_year, "requirement": r})
    return out


EARLIEST_YEAR = 1950
MIN_HOURS = 0.1
_HOURS = re.compile(r"-?([0-9]+(\.[0-9]+)?|\.[0-9]+)")


def date_problem(value, today: date) -> str | None:
    """The problem with a date someone gave (None when it is fine): exactly YYYY-MM-DD, a day
    that exists, from 1950 to today. One rule for every date peerlearn is told."""
    text = str(value or "")
    if not _DATE.fullmatch(text):
        return f"the date {text!r} is not a date in the form YYYY-MM-DD (e.g. 2026-03-14)"
    day = parse_day(text)
    if day is None:
        return f"{text} is not a date (there is no such day)"
    if day > today:
        return f"the date {text} is in the future"
    if day.year < EARLIEST_YEAR:
        return f"the date {text} is before {EARLIEST_YEAR}; check the year"
    return None


def check_field(name: str, value, today: date, categories=()) -> str | None:
    """The problem with one field of a logged activity, in plain words (None when it is fine).
    One rule for every way in: flags, prompts and edits."""
    if name == "kind":
        return None if value in KINDS else f"unknown kind {value!r}; use one of: {', '.join(KINDS)}"
    if name == "title":
        return None if str(value or "").strip() else "a title is needed (what was the training or meeting called?)"
    if name == "date":
        problem = date_problem(value, today)
        if problem and problem.endswith("in the future"):
            problem += "; log activities once they have happened"
        return problem
    if name == "hours":
        text = str(value if value is not None else "").strip()
        if not _HOURS.fullmatch(text):
            return f"hours must be a number such as 1.5 or 6 (got {text!r})"
        h = float(text)
        if h < MIN_HOURS:
            return f"hours must be at least {MIN_HOURS:g} (got {text})"
        if h > MAX_HOURS:
            return f"{text} hours is more than {MAX_HOURS} for one activity; log a long course as several entries"
        return None
    if name == "categories":
        unknown = [c for c in value or () if c not in categories]
        if unknown:
            return f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; known: {', '.join(sorted(categories))}"
        return None
    raise KeyError(name)


ENTRY_FIELDS = ("kind", "title", "date", "hours", "categories")


def validate_entry(entry: dict, today: date, categories) -> list[str]:
    """Problems with a logged activity, in plain words (empty when it is fine)."""
    return [m for m in (check_field(f, entry.get(f), today, categories) for f in ENTRY_FIELDS) if m]


def counted_activities(policy, activities, module_progress: dict, refresher_events) -> list[dict]:
    """Logged activities plus, where the policy says so, modules studied and refreshers done
    (each counted as one training activity of zero hours)."""
    entries = list(activities)
    if policy.count_in_app_modules:
        for mid, prog in module_progress.items():
            if prog.get("completed"):
                entries.append({"kind": "training", "title": f"peerlearn module {mid}", "date": prog["completed"][:10], "hours": 0, "source": "module"})
    if policy.count_refresher:
        for e in refresher_events:
            entries.append({"kind": "training", "title": "peerlearn annual refresher", "date": e["time"][:10], "hours": 0, "source": "refresher"})
    return entries
