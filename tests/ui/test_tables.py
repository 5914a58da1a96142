"""The tables of `coverage` and `log list` fit the terminal: cut cells end with "…", free text
wraps between words."""
import json
import re

import pytest

from peerlearn.clock import today
from text_helpers import assert_fits, assert_unbroken, shown_cell


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_coverage_fits_and_cut_titles_end_with_an_ellipsis(run, monkeypatch, columns):
    report = json.loads(run("coverage", "--json", "--min-scenarios", "1000").stdout)
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run("coverage", "--min-scenarios", "1000").stdout
    assert_fits(out, columns)
    for cid, c in report["competencies"].items():
        (line,) = [ln for ln in out.splitlines() if ln.strip().startswith(cid + " ")]
        shown = shown_cell(line, c["title"])
        assert shown, (c["title"], line)
        assert re.search(re.escape(shown) + r" +scenarios +\d+ +modules +\d+", line), line
        assert_unbroken(out, "<- gap: " + "; ".join(c["gaps"]))
    for dom_id, dom in report["domains"].items():
        assert_unbroken(out, f"{dom_id} {dom['title']} ({dom['scenarios']} scenarios, {dom['modules']} modules)")


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_log_list_fits_and_wraps_titles_between_words(run, monkeypatch, tmp_path, columns):
    day = today().isoformat()
    cert = tmp_path / "certificate.pdf"
    cert.write_bytes(b"certificate")
    long = "Trauma-informed practice in community settings: a two-day workshop with role plays and self-reflection"
    assert run("--plain", "log", "add", "--kind", "training", "--title", long, "--date", day, "--hours", "12.5",
               "--category", "ethics", "--evidence", str(cert)).exit_code == 0
    assert run("--plain", "log", "add", "--kind", "cop-meeting", "--title", "Peer circle", "--date", day,
               "--hours", "1.5").exit_code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run("log", "list").stdout
    assert_fits(out, columns)
    assert_unbroken(out, f"{long} (ethics) [evidence recorded (path and SHA-256)]")
    assert re.search(rf"^#1 +{day} +training +12\.5 h\b", out, re.M), out
    assert re.search(rf"^#2 +{day} +cop-meeting +1\.5 h +Peer circle$", out, re.M), out
