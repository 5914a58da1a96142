"""`peerlearn progress` as a table that fits the terminal."""
import re

import pytest

from learner_helpers import quiz_input
from peerlearn.content.loader import load_content
from text_helpers import assert_fits, assert_unbroken, shown_cell


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_progress_fits_and_cut_titles_end_with_an_ellipsis(run, monkeypatch, columns):
    content = load_content()
    s = next(x for x in content.scenarios if x.type == "single")
    assert run("--plain", "quiz", "--scenario", s.id, input=quiz_input([s])).exit_code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run("--plain", "progress").stdout
    assert_fits(out, columns)
    cuts = 0
    for c in content.framework.competencies:
        (line,) = [ln for ln in out.splitlines() if ln.strip().startswith(c.id + " ")]
        shown = shown_cell(line, c.title)
        assert shown, (c.title, line)
        cuts += shown.endswith("…")
        assert re.search(re.escape(shown) + r" +\S", line), line   # a space before the level, always
    for d in content.framework.domains:
        assert_unbroken(out, f"{d.id} {d.title}:")
    assert_unbroken(out, "answer counted, 1 scenario")
    if columns == 60:
        assert cuts   # some titles do not fit whole at 60 columns


def test_on_a_terminal_progress_and_status_draw_bars_and_plain_mode_does_not(run, capsys):
    from datetime import date

    from peerlearn.content.loader import load_content
    from peerlearn.engine import mastery
    from peerlearn.engine.policy import evaluate
    from peerlearn.engine.progress import progress_report
    from peerlearn.ui.progress import show_progress
    from peerlearn.ui.status import show_status

    content = load_content()
    policy = content.policies["default"]
    report = progress_report(content, policy, mastery.empty_summary(), {}, [], None, None)
    show_progress(content, report, bars=True)
    drawn = capsys.readouterr().out
    assert "░░░░░░░░░░┃░   -" in drawn and "0/5 proficient" in drawn
    entries = [{"kind": "cop-meeting", "title": "CoP", "date": "2026-03-03", "hours": 1}]
    show_status(policy, evaluate(policy, entries, 2026, date(2026, 6, 1)), date(2026, 6, 1), bars=True)
    assert "██░░░░░░░░  Community" in capsys.readouterr().out  # 1 of 6 meetings
    plain = run("--plain", "progress").stdout
    assert "░" not in plain and "█" not in plain
