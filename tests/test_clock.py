"""PEERLEARN_NOW holds the clock for a whole command: a date or a date-time, nothing else."""
from datetime import date

import pytest

from peerlearn import clock


def test_a_date_holds_noon_of_that_day(monkeypatch):
    monkeypatch.setenv("PEERLEARN_NOW", "2026-03-14")
    assert clock.today() == date(2026, 3, 14) and clock.now().hour == 12
    monkeypatch.setenv("PEERLEARN_NOW", "2026-03-14T08:30:00")
    assert clock.now().hour == 8


@pytest.mark.parametrize("text", ["2026-W02-1", "2026-073", "20260314", "2026-02-30", "tomorrow", "٢٠٢٦-٠١-٠٥"])
def test_anything_else_is_refused_with_a_message_not_ignored(run, monkeypatch, text):
    monkeypatch.setenv("PEERLEARN_NOW", text)
    result = run("status")
    assert result.exit_code == 1 and "is not a date (YYYY-MM-DD)" in result.stderr
