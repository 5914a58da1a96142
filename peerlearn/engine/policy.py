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
from datetime import date, timedelta

KINDS = ("training", "cop-meeting", "conference", "self-study", "other")
MAX_HOURS = 100  # one logged activity longer than this is almost surely a typing slip
DEFAULT_CYCLE_START = 2000


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def year_start(policy, year: int) -> date:
    month, day = policy.year_start
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


def training_year(policy, year: int) -> Period:
    return Period(year_start(policy, year), year_start(policy, year + 1) - timedelta(days=1))


def year_of(policy, day: date) -> int:
    """The training year a day falls in."""
    return day.year if day >= year_start(policy, day.year) else day.year - 1


def cycle_of(policy, year: int) -> Period:
    n = policy.cycle_years
    anchor = getattr(policy, "cycle_start_year", None) or DEFAULT_CYCLE_START
    first = anchor + ((year - anchor) // n) * n
    return Period(year_start(policy, first), training_year(policy, first + n - 1).end)


def window(policy, requirement, year: int) -> Period:
    return cycle_of(policy, year) if requirement.per == "cycle" else training_year(policy, year)


def _parse(d) -> date:
    return d if isinstance(d, date) else date.fromisoformat(d)


def _matches(requirement, entry) -> bool:
    kinds = requirement.kinds or (("cop-meeting",) if requirement.measure == "meetings" else ())
    if kinds and entry.get("kind") not in kinds:
        return False
    if requirement.category and requirement.category not in (entry.get("categories") or ()):
        return False
    return True


def measure(requirement, entries, period: Period) -> float:
    """What the entries dated within `period` add up to for this requirement."""
    items = [e for e in entries if _parse(e["date"]) in period and _matches(requirement, e)]
    if requirement.measure == "hours":
        return round(sum(float(e.get("hours") or 0) for e in items), 2)
    if requirement.measure == "meetings":
        per_month: dict = {}
        for e in items:
            d = _parse(e["date"])
            per_month[(d.year, d.month)] = per_month.get((d.year, d.month), 0) + 1
        cap = requirement.monthly_cap or 10**9
        return sum(min(n, cap) for n in per_month.values())
    return len(items)


def _months_left(period: Period, today: date) -> int:
    if today > period.end:
        return 0
    start = max(today, period.start)
    return (period.end.year - start.year) * 12 + period.end.month - start.month + 1


def _unit(requirement, n: float) -> str:
    if requirement.measure == "hours":
        return f"{_num(n)} more hour{'s' if n != 1 else ''} of {requirement.title[0].lower() + requirement.title[1:]}"
    if requirement.measure == "meetings":
        return f"{_num(n)} more community-of-practice meeting{'s' if n != 1 else ''}"
    title = requirement.title[0].lower() + requirement.title[1:]
    return f"{_num(n)} more {title}" + ("" if n == 1 or title.endswith("s") else "s")


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


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
        if met:
            entry["needed"] = None
        elif entry["ended"]:
            entry["needed"] = f"not met: the period ended on {win.end.day} {win.end:%B %Y} with {_unit(r, remaining)} needed"
        else:
            entry["needed"] = f"{_unit(r, remaining)} by {win.end.day} {win.end:%B %Y}"
            if r.measure == "meetings" and r.monthly_cap:
                possible = _months_left(win, today) * r.monthly_cap
                if possible < remaining:
                    entry["needed"] += f" (at most {r.monthly_cap} a month counts, so at most {possible} more can count in time)"
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


def due_reminders(policy, entries, today: date, within_days: int = DUE_SOON_DAYS) -> list[str]:
    """Plain reminders: requirements due within `within_days` days, or overdue from last year."""
    out = []
    current = evaluate(policy, entries, year_of(policy, today), today)
    for r in current["requirements"]:
        end = date.fromisoformat(r["window"]["end"])
        if not r["met"] and (end - today).days <= within_days:
            out.append(f"Due soon ({policy.title}): {r['needed']}.")
    if entries:
        earliest = min(_parse(e["date"]) for e in entries)
        last_year = year_of(policy, today) - 1
        prev = training_year(policy, last_year)
        if earliest <= prev.end:
            for r in evaluate(policy, entries, last_year, today)["requirements"]:
                if not r["met"] and r["per"] == "year":
                    out.append(f"Overdue from the {prev.start.year} training year ({policy.title}): {r['title']}, {_num(r['done'])} of {_num(r['required'])}.")
    return out


EARLIEST_YEAR = 1950
MIN_HOURS = 0.1
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOURS = re.compile(r"-?(\d+(\.\d+)?|\.\d+)")


def check_field(name: str, value, today: date, categories=()) -> str | None:
    """The problem with one field of a logged activity, in plain words (None when it is fine).
    One rule for every way in: flags, prompts and edits."""
    if name == "kind":
        return None if value in KINDS else f"unknown kind {value!r}; use one of: {', '.join(KINDS)}"
    if name == "title":
        return None if str(value or "").strip() else "a title is needed (what was the training or meeting called?)"
    if name == "date":
        text = str(value or "")
        if not _DATE.fullmatch(text):
            return f"the date {text!r} is not a date in the form YYYY-MM-DD (e.g. 2026-03-14)"
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return f"{text} is not a date (there is no such day)"
        if day > today:
            return f"the date {text} is in the future; log activities once they have happened"
        if day.year < EARLIEST_YEAR:
            return f"the date {text} is before {EARLIEST_YEAR}; check the year"
        return None
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
