"""Wrapping and cutting text for the terminal."""
import pytest

from peerlearn.ui.render import cut, heading, row, wrap
from text_helpers import assert_fits, assert_unbroken, shown_cell

TEXT = ("Self-determination means the person you support decides what recovery looks like for them; "
        "a co-created, person-centred plan respects that, and well-being grows from it. ") * 3


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_wrap_never_breaks_a_word_or_a_hyphenated_word(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = wrap(TEXT, "  ")
    assert_fits(out, columns)
    assert_unbroken(out, TEXT)
    assert all(not ln.endswith("-") for ln in out.splitlines())


def test_a_word_longer_than_the_line_keeps_its_own_line_whole(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    long = "https://example.org/" + "a" * 70
    out = wrap(f"See {long} for more.")
    assert long in out.splitlines()


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_a_long_heading_wraps_and_its_rule_fits(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = heading("Principles of supporting wellness, wholeness, recovery and social belonging in community")
    assert_fits(out, columns)
    assert set(out.splitlines()[-1]) == {"-"}


def test_a_cut_cell_ends_with_an_ellipsis_and_fits():
    title = "Strengths, possibilities and resilience"
    for room in range(5, len(title)):
        shown = cut(title, room)
        assert len(shown) <= room and shown.endswith("…"), (room, shown)
        assert title.startswith(shown[:-1]), shown
    assert cut(title, len(title)) == title


def test_a_cut_prefers_the_end_of_a_word_when_that_keeps_most_of_it():
    assert cut("Knowing one's stressors and triggers", 30) == "Knowing one's stressors and…"


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_a_row_keeps_its_columns_apart_and_wraps_its_tail(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    title = "Strengths, possibilities and resilience in everyday peer work"
    tail = "(a note that goes on for a while, so that it has to be wrapped under the row at some widths)"
    out = row([("WRB-6", 6), (title, 20), ("developing", 12)], tail, "    ")
    first = out.splitlines()[0]
    shown = shown_cell(first, title)
    assert shown and shown.endswith("…") and len(shown) <= 20
    assert first.index("developing") > first.index(shown) + len(shown)   # never runs into the next column
    assert_fits(out, columns)
    assert_unbroken(out, tail)
