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
        return _aware(_fixed(fixed))
    return datetime.now(timezone.utc).astimezone()


def _fixed(text: str) -> datetime:
    """PEERLEARN_NOW as a moment: YYYY-MM-DD (noon that day), or an ISO date-time that starts
    with one; anything else (a week date, an ordinal date) is refused, not silently ignored."""
    import re

    moment = None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?", text, re.ASCII | re.DOTALL):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
    if moment is None:
        from peerlearn.errors import PeerlearnError

        raise PeerlearnError(f"PEERLEARN_NOW={text!r} is not a date (YYYY-MM-DD) or an ISO date-time")
    return moment.replace(hour=12) if len(text) == 10 else moment


def now_utc() -> datetime:
    return now().astimezone(timezone.utc)


def today() -> date:
    return now().date()


def now_iso() -> str:
    return now().isoformat(timespec="seconds")
