"""ui.render: the one cleaning function, JSON that is safe to print, and wrapping and cutting
text for the terminal."""
import json
import re

import pytest

from peerlearn.ui.render import clean, cut, heading, json_text, row, wrap
from text_helpers import assert_fits, assert_unbroken, shown_cell

# What may never reach a terminal from content, a path or a learner's text.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]")


@pytest.mark.parametrize("text,shown", [
    ("copy\x1b]52;c;cm0gLXJmIH4=\x07 me", "copy me"),           # OSC 52 sets the clipboard
    ("title\x1b]0;pwned\x1b\\ here", "title here"),             # OSC ended by ST
    ("un\x1b]0;never ended\nnext line", "un\nnext line"),        # unterminated: to the line's end
    ("\x1b[31mred\x1b[0m and \x1b[2J", "red and "),              # CSI colours, clear screen
    ("\x9b31mC1 CSI\x9d0;t\x9c!", "C1 CSI!"),                    # 8-bit CSI, OSC and ST
    ("\x1bP1$r\x1b\\dcs", "dcs"),                                # DCS string
    ("\x1bcreset", "reset"),                                     # a short ESC sequence
    ("a\u202eevil\u202c b\u2066i\u2069 c\u200f", "aevil bi c"),    # bidi overrides, isolates, marks
    ("zero\u200bwidth\u200c\u200d\u2060\ufeff", "zerowidth"),
    ("tags\U000e0041\U000e0042\U000e007f", "tags"),
    ("bell\x07 nul\x00 del\x7f cr\r", "bell nul del cr"),
])
def test_clean_removes_every_kind_of_terminal_control_and_hidden_text(text, shown):
    assert clean(text) == shown


def test_clean_keeps_newlines_tabs_and_ordinary_letters():
    text = "Première ligne\n\tcafé, naïve, 平和, عربى, emoji \u2764"
    assert clean(text) == text


def test_clean_shows_undecodable_file_name_bytes_as_a_replacement_character():
    assert clean("rapport-\udcff.yaml") == "rapport-\ufffd.yaml"
    clean("rapport-\udcff.yaml").encode("utf-8")


def test_wrap_and_heading_clean_too():
    assert not FORBIDDEN.search(wrap("a\x1b]52;c;x\x07 b\u202e c") + heading("t\x9b1m\u200bx"))


def test_json_text_escapes_what_could_control_a_terminal_and_reads_back_exactly():
    data = {"title": "a\x1b]52;c;x\x07b\x85\x9b\u202e\u2066\u200b\ufeff\U000e0041 é 平", "k\u2028": ["\udcff"]}
    text = json_text(data)
    assert not FORBIDDEN.search(text)
    assert json.loads(text) == data
    assert "é 平" in text  # letters stay readable


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


def test_a_bar_fills_to_its_fraction_and_shows_the_mark():
    from peerlearn.ui.render import bar

    assert bar(0.5, 10) == "█████░░░░░"
    assert bar(None, 4) == "░░░░" and bar(2.0, 4) == "████"
    assert bar(0.25, 10, 0.8) == "███░░░░░┃░"   # the proficient mark, not yet reached
    assert bar(1.0, 10, 0.8) == "████████▌█"    # reached: the mark shows inside the fill
    assert len(bar(0.33, 12, 0.8)) == 12
