"""The one clock. Every "now" and "today" in peerlearn comes from here, so a test or a benchmark
can hold time still or move it: `clock.hold(datetime)` for code in the same process, or the
environment variable PEERLEARN_NOW (an ISO date or date-time) for a whole command."""
from __future__ import annotations

import os
from datetime import date, datetime, timezone

_held: datetime | None = None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.astimezone()


def hold(moment: datetime | date | None) -> None:
    """Hold the clock at `moment` (None lets it run again)."""
    global _held
    if moment is not None and not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 12)
    _held = None if moment is None else _aware(moment)


def now() -> datetime:
    """The current time, aware, in the local zone."""
    if _held is not None:
        return _held
    fixed = os.environ.get("PEERLEARN_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            moment = None
        if moment is not None:
            if len(fixed) <= 10:
                moment = moment.replace(hour=12)
            return _aware(moment)
    return datetime.now(timezone.utc).astimezone()


def now_utc() -> datetime:
    return now().astimezone(timezone.utc)


def today() -> date:
    return now().date()


def now_iso() -> str:
    return now().isoformat(timespec="seconds")
