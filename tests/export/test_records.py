"""What the transcript, status and home screen say about the record."""
import json
import os

import pytest

from learner_helpers import quiz_input
from peerlearn.content.loader import load_content
from peerlearn.records.store import Store


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_the_transcript_lists_checklists_with_titles_and_dates_and_counts_in_words(run, content, tmp_path):
    cl = content.checklist("story-sharing")
    run("--plain", "reflect", input="\n" + "1\n" * len(cl.items), env={"PEERLEARN_NOW": "2026-05-04"})
    s = next(s for s in content.scenarios if s.type == "single" and len(s.competencies) == 1)
    run("--plain", "quiz", "--scenario", s.id, input=quiz_input([s]), env={"PEERLEARN_NOW": "2026-05-04"})
    md = run("transcript", env={"PEERLEARN_NOW": "2026-05-06"}).stdout
    assert f"- {cl.title}: 2026-05-04" in md and "Generated on 2026-05-06." in md
    assert "(1 answer counted)" in md and "1 responses" not in md
    out = tmp_path / "record.html"
    result = run("transcript", "-o", str(out))
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Reflection checklists completed" in page and cl.title in page
    assert run("transcript", "--format", "md", "-o", str(tmp_path / "r.html")).exit_code == 2


def test_an_ended_training_year_reads_as_not_met(run):
    run("log", "add", "--kind", "cop-meeting", "--title", "CoP", "--date", "2025-03-03", "--hours", "1")
    out = run("status", "--year", "2025", env={"PEERLEARN_NOW": "2026-02-01"}).stdout
    flat = " ".join(out.split())
    assert "ended on 31 December 2025" in flat and "not met" in flat and "can count in time" not in flat
    report = json.loads(run("status", "--year", "2025", "--json", env={"PEERLEARN_NOW": "2026-02-01"}).stdout)
    assert all(r["ended"] for r in report["requirements"])


def test_status_shows_whether_the_refresher_was_taken_and_its_score(run, content, isolated_home):
    assert "not taken yet" in run("status").stdout
    # the event a finished refresher records, for the training year it was taken in
    store = Store(str(isolated_home))
    from peerlearn import clock
    from peerlearn.engine.policy import year_of

    year = year_of(content.policies["default"], clock.today())
    store.add_event({"kind": "refresher", "year": year, "time": "2026-03-02T10:00:00+00:00", "score": 0.75})
    assert "taken on 2026-03-02, 75% of the best responses" in " ".join(run("status").stdout.split())


def test_initial_training_done_elsewhere_is_recorded_and_module_one_is_not_suggested(run):
    result = run("profile", "--initial-training-elsewhere", "2024-06-15", "--initial-training-provider", "Our agency")
    assert result.exit_code == 0 and "completed elsewhere on 2024-06-15 (Our agency)" in result.stdout
    home = run("--plain").stdout
    assert "completed elsewhere (Our agency) on 2024-06-15" in " ".join(home.split())
    assert "study m01" not in home and "quiz --review" in home
    report = json.loads(run("progress", "--json").stdout)
    assert report["initial_training"]["complete"] and report["initial_training"]["missing"] == []
    assert "completed elsewhere (Our agency) on 2024-06-15" in run("transcript").stdout
    assert run("profile", "--initial-training-elsewhere", "1949-12-31").exit_code == 2
    assert run("profile", "--initial-training-provider", "X").exit_code == 2
    run("profile", "--initial-training-elsewhere", "none")
    assert not json.loads(run("progress", "--json").stdout)["initial_training"]["complete"]


def test_reading_the_record_writes_nothing(run, content, isolated_home):
    s = next(s for s in content.scenarios if s.type == "single")
    run("--plain", "quiz", "--scenario", s.id, input=quiz_input([s]))
    before = {f: os.stat(os.path.join(isolated_home, f)).st_mtime_ns for f in os.listdir(isolated_home) if f.endswith(".json")}
    for args in (("progress",), ("transcript",), ("--plain",), ("progress", "--json")):
        assert run(*args).exit_code == 0
    after = {f: os.stat(os.path.join(isolated_home, f)).st_mtime_ns for f in os.listdir(isolated_home) if f.endswith(".json")}
    assert {k: v for k, v in after.items() if k != "summary.json"} == {k: v for k, v in before.items() if k != "summary.json"}
    assert Store(str(isolated_home)).events("initial-training-complete") == []


def test_log_list_says_the_evidence_is_recorded_not_kept(run, tmp_path):
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-1.4 certificate")
    run("log", "add", "--kind", "training", "--title", "Ethics day", "--date", "2026-02-02", "--hours", "6", "--evidence", str(cert))
    out = run("log", "list").stdout
    assert "[evidence recorded (path and SHA-256)]" in out and "kept" not in out


def test_statement_ids_are_uuid5_of_what_they_record():
    import uuid

    from peerlearn.export.xapi import NAMESPACE, _id

    for key in ("", "a", "https://x.example/xapi|mailto:a@example.org|answer|sc1|2026-01-01T10:00:00+00:00|s1", "é" * 300):
        assert _id(key) == str(uuid.uuid5(NAMESPACE, key))
