"""Ongoing education through the CLI: log, status, refresher, exports, year transcript."""
import csv
import io
import json
import os
from datetime import date, timedelta

import pytest

from learner_helpers import quiz_input
from peerlearn import clock
from peerlearn.records.store import Store

TODAY = clock.today()
THIS_YEAR = TODAY.year
# Two days of this calendar (and default training) year that are never in the future, whatever
# day the suite runs on (try: pytest --today 2027-01-02).
DAY1 = f"{THIS_YEAR}-01-01"
DAY2 = min(date(THIS_YEAR, 1, 2), TODAY).isoformat()


def add(run, *args):
    return run("--plain", "log", "add", *args)


def test_log_add_list_edit_remove(run):
    r = add(run, "--kind", "training", "--title", "Ethics refresher", "--date", DAY1, "--hours", "3",
            "--category", "ethics", "--provider", "Peer Support Canada", "--note", "online")
    assert r.exit_code == 0 and "Logged #1" in r.stdout
    entries = json.loads(run("log", "list", "--json").stdout)
    assert entries[0]["title"] == "Ethics refresher" and entries[0]["hours"] == 3.0 and entries[0]["provider"] == "Peer Support Canada"
    assert entries[0]["categories"] == ["ethics"] and entries[0]["id"] == 1
    assert run("--plain", "log", "edit", "1", "--hours", "2.5").exit_code == 0
    assert json.loads(run("log", "list", "--json").stdout)[0]["hours"] == 2.5
    assert "Kept." in run("--plain", "log", "remove", "1", input="n\n").stdout
    assert "Removed #1" in run("--plain", "log", "remove", "1", input="y\n").stdout
    assert json.loads(run("log", "list", "--json").stdout) == []


@pytest.mark.parametrize("args,words", [
    (["--kind", "training", "--title", "T", "--date", (TODAY + timedelta(days=3)).isoformat(), "--hours", "1"], "in the future"),
    (["--kind", "training", "--title", "T", "--date", "2026-13-40", "--hours", "1"], "not a date"),
    (["--kind", "training", "--title", "T", "--date", "2026-01-01", "--hours", "0"], "at least 0.1"),
    (["--kind", "training", "--title", "T", "--date", "2026-01-01", "--hours", "-1"], "at least 0.1"),
    (["--kind", "training", "--title", "T", "--date", "2026-01-01", "--hours", "999"], "more than 100"),
    (["--kind", "party", "--title", "T", "--date", "2026-01-01", "--hours", "1"], "unknown kind"),
    (["--kind", "training", "--title", "T", "--date", "2026-01-01", "--hours", "1", "--category", "astrology"], "unknown category"),
    (["--kind", "training", "--title", "T", "--date", "2026-01-01", "--hours", "1", "--evidence", "/nonexistent/cert.pdf"], "does not exist"),
])
def test_bad_log_input_gets_a_clear_message_exit_1_and_nothing_written(run, isolated_home, args, words):
    result = add(run, *args)
    assert result.exit_code == 1, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert Store(str(isolated_home)).activities() == []


def test_an_edit_with_bad_input_changes_nothing(run):
    add(run, "--kind", "training", "--title", "T", "--date", DAY1, "--hours", "1")
    before = run("log", "list", "--json").stdout
    assert run("--plain", "log", "edit", "1", "--date", "not-a-date").exit_code == 1
    assert run("log", "list", "--json").stdout == before
    assert run("--plain", "log", "edit", "9").exit_code == 1


def test_evidence_is_kept_by_reference_and_a_change_or_loss_is_noticed(run, tmp_path):
    cert = tmp_path / "certificate.pdf"
    cert.write_bytes(b"%PDF certificate")
    add(run, "--kind", "training", "--title", "T", "--date", DAY1, "--hours", "1", "--evidence", str(cert))
    (entry,) = json.loads(run("log", "list", "--json").stdout)
    assert entry["evidence"]["status"] == "ok" and len(entry["evidence"]["sha256"]) == 64
    cert.write_bytes(b"%PDF edited")
    assert "CHANGED" in run("log", "list").stdout
    cert.unlink()
    assert "MISSING" in run("log", "list").stdout


def test_log_list_by_training_year(run):
    add(run, "--kind", "training", "--title", "Old", "--date", f"{THIS_YEAR - 1}-06-01", "--hours", "1")
    add(run, "--kind", "training", "--title", "New", "--date", DAY1, "--hours", "1")
    titles = [e["title"] for e in json.loads(run("log", "list", "--year", str(THIS_YEAR - 1), "--json").stdout)]
    assert titles == ["Old"]


def test_status_json_for_the_default_policy(run):
    add(run, "--kind", "cop-meeting", "--title", "CoP", "--date", DAY1, "--hours", "1")
    add(run, "--kind", "cop-meeting", "--title", "CoP again", "--date", DAY2, "--hours", "1")
    status = json.loads(run("status", "--json").stdout)
    assert status["year"] == THIS_YEAR
    assert status["period"] == {"start": f"{THIS_YEAR}-01-01", "end": f"{THIS_YEAR}-12-31"}
    reqs = {r["id"]: r for r in status["requirements"]}
    assert reqs["training"]["required"] == 1 and reqs["training"]["done"] == 0 and not reqs["training"]["met"]
    assert reqs["cop-meetings"]["done"] == 1 and reqs["cop-meetings"]["required"] == 6
    assert status["met"] is False
    text = run("status").stdout
    assert "1 more peer-support focused training by 31 December" in text


FISCAL = """\
kind: policy
id: our-agency
title: Our agency (fiscal year)
year_start: "04-01"
cycle_years: 2
cycle_start_year: 2025
categories:
  - {id: ethics, title: Ethics}
requirements:
  - {id: training, title: Peer-support focused training, measure: activities, kinds: [training], minimum: 2}
  - {id: ethics-hours, title: Ethics training, measure: hours, category: ethics, minimum: 6, per: cycle}
"""


def test_an_organization_policy_file_and_side_by_side_tracking(run, tmp_path):
    policy = tmp_path / "agency.yaml"
    policy.write_text(FISCAL)
    add(run, "--kind", "training", "--title", "Ethics", "--date", DAY2, "--hours", "4", "--category", "ethics")
    one = json.loads(run("status", "--policy", str(policy), "--json").stdout)
    assert one["policy"] == "our-agency" and one["period"]["start"].endswith("-04-01")
    both = json.loads(run("status", "--policy", "default", "--policy", str(policy), "--json").stdout)
    assert [s["policy"] for s in both] == ["default", "our-agency"]
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "policy.yaml").write_text(FISCAL)
    every = json.loads(run("--content", str(pack), "status", "--policy", "all", "--json").stdout)
    assert {s["policy"] for s in every} == {"default", "our-agency"}
    assert run("status", "--policy", "nope").exit_code == 1


def test_export_csv_has_one_row_per_activity_with_documented_columns(run):
    add(run, "--kind", "training", "--title", "=cmd|' /C calc'!A0", "--date", DAY1, "--hours", "2", "--category", "ethics", "--category", "crisis")
    add(run, "--kind", "cop-meeting", "--title", "CoP", "--date", DAY2, "--hours", "1.5")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert [r["kind"] for r in rows] == ["training", "cop-meeting"]
    assert rows[0]["categories"] == "ethics;crisis" and rows[0]["hours"] == "2.0" and rows[0]["training_year"] == str(THIS_YEAR)
    assert rows[0]["title"].startswith("'=")  # a spreadsheet will not run it as a formula
    from peerlearn.export.records import CSV_COLUMNS

    assert tuple(rows[0]) == CSV_COLUMNS


def test_export_json_is_the_complete_record_and_round_trips(run, isolated_home, tmp_path):
    add(run, "--kind", "training", "--title", "T", "--date", DAY1, "--hours", "1")
    run("journal", "write", "--text", "private words")
    out = tmp_path / "record.json"
    assert run("export", "--format", "json", "-o", str(out)).exit_code == 0
    record = json.loads(out.read_text())
    assert record["activities"][0]["title"] == "T" and "reflections" not in record
    assert "private words" not in out.read_text()
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    store = Store(str(isolated_home))
    assert record["activities"] == store.activities() and record["profile"] == store.profile()
    full = json.loads(run("export", "--format", "json", "--include-reflections").stdout)
    assert full["reflections"][0]["text"] == "private words"


def test_export_xapi_statements(run, isolated_home):
    from peerlearn.content.loader import load_content

    content = load_content()
    run("profile", "--name", "Ana Example", "--account-homepage", "https://lms.example.org", "--account-name", "ana")
    add(run, "--kind", "cop-meeting", "--title", "CoP", "--date", DAY2, "--hours", "1.5")
    s = next(x for x in content.scenarios if x.type == "single")
    run("--plain", "quiz", "--scenario", s.id, input=quiz_input([s]))
    statements = json.loads(run("export", "--format", "xapi").stdout)
    verbs = sorted(st["verb"]["id"].rsplit("/", 1)[1] for st in statements)
    assert verbs == ["answered", "attended"]
    answered = next(st for st in statements if st["verb"]["id"].endswith("answered"))
    assert answered["actor"]["account"] == {"homePage": "https://lms.example.org", "name": "ana"}
    assert answered["object"]["id"] == f"https://peerlearn.example.org/xapi/scenarios/{s.id}"
    others = {a["id"].rsplit("/", 1)[1] for a in answered["context"]["contextActivities"]["other"]}
    assert others == set(s.competencies)
    assert answered["result"]["score"]["scaled"] == 1.0 and answered["version"] == "1.0.3"
    ext = answered["context"]["extensions"]
    assert ext["https://peerlearn.example.org/xapi/extensions/evidence"] == "first"
    assert ext["https://peerlearn.example.org/xapi/extensions/attempt"] == 0
    attended = next(st for st in statements if st["verb"]["id"].endswith("attended"))
    assert attended["result"]["duration"] == "PT1H30M" and attended["timestamp"].startswith(DAY2 + "T")
    assert json.loads(run("export", "--format", "xapi").stdout) == statements  # the same ids every time
    again = json.loads(run("export", "--format", "xapi", "--base", "https://org.example/x").stdout)
    assert all(st["object"]["id"].startswith("https://org.example/x/") for st in again)
    assert not {st["id"] for st in again} & {st["id"] for st in statements}
    run("profile", "--xapi-base", "https://agency.example/lrs")
    from_profile = json.loads(run("export", "--format", "xapi").stdout)
    assert all(st["object"]["id"].startswith("https://agency.example/lrs/") for st in from_profile)


def test_refresher_covers_every_domain_and_is_recorded_for_the_year(run, isolated_home):
    from peerlearn.content.loader import load_content
    from peerlearn.engine import review
    from peerlearn.engine.mastery import competency_mastery

    content = load_content()
    # Reproduce the selection the command will make, to answer it.
    m = competency_mastery([], [c.id for c in content.framework.competencies])
    chosen = review.select_refresher(content.framework, content.scenarios, m, [], clock.now_utc(), 2, seed=4)
    assert {c[:3] for s in chosen for c in s.competencies} >= {"PSP", "WRB", "DIE", "FCC", "CEP"}
    result = run("--plain", "quiz", "--refresher", "--seed", "4", input=quiz_input(chosen))
    assert result.exit_code == 0, result.output[-1500:]
    (event,) = Store(str(isolated_home)).events("refresher")
    assert event["year"] == THIS_YEAR and event["score"] == 1.0
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert [r["kind"] for r in rows] == ["refresher"]
    assert any(st["verb"]["id"].endswith("passed") for st in json.loads(run("export", "--format", "xapi").stdout))


def test_year_transcript_shows_activities_hours_by_category_and_requirements(run):
    add(run, "--kind", "training", "--title", "Ethics day", "--date", DAY1, "--hours", "6", "--category", "ethics")
    add(run, "--kind", "cop-meeting", "--title", "CoP", "--date", DAY2, "--hours", "1.5")
    out = run("transcript", "--year", str(THIS_YEAR)).stdout
    assert f"Training year {THIS_YEAR}" in out and "Ethics day" in out
    assert "- ethics: 6 h" in out and "Hours in total: 7.5" in out
    assert "Peer-support focused training: 1 of 1 (met)" in out
    data = json.loads(run("transcript", "--year", str(THIS_YEAR), "--format", "json").stdout)
    assert data["year"]["hours_by_category"] == {"ethics": 6.0, "uncategorised": 1.5}


def test_without_a_terminal_missing_flags_are_named(run):
    result = run("log", "add", "--title", "x")
    assert result.exit_code == 2 and "--kind, --date and --hours are required" in result.stderr
    assert "None" not in result.stderr


@pytest.mark.parametrize("flags,expected", [
    (("--date", "1949-12-31", "--hours", "1"), "before 1950"),
    (("--date", "2026-01-05", "--hours", "0.05"), "at least 0.1"),
    (("--date", "2026-01-05", "--hours", "1_0"), "hours must be a number"),
    (("--date", "2026-01-05", "--hours", "1e-300"), "hours must be a number"),
    (("--date", "2026-W02-1", "--hours", "1"), "not a date in the form YYYY-MM-DD"),
    (("--date", "0001-01-01", "--hours", "1"), "before 1950"),
])
def test_log_add_refuses_out_of_range_dates_and_hours_in_one_line(run, isolated_home, flags, expected):
    result = run("log", "add", "--kind", "training", "--title", "T", *flags, env={"PEERLEARN_NOW": "2026-06-01"})
    assert result.exit_code == 1 and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (isolated_home / "log.json").exists()


def test_a_folder_given_as_evidence_is_named_as_a_folder(run, tmp_path):
    result = run("log", "add", "--kind", "training", "--title", "T", "--date", "2026-01-05", "--hours", "1",
                 "--evidence", str(tmp_path), env={"PEERLEARN_NOW": "2026-06-01"})
    assert result.exit_code == 1 and "is a folder, not a file" in result.stderr


@pytest.mark.parametrize("command", [("status",), ("log", "list"), ("export", "--format", "csv"), ("transcript",)])
def test_a_year_needs_four_digits(run, command):
    result = run(*command, "--year", "26")
    assert result.exit_code == 2 and "give four digits" in result.stderr


def test_log_add_in_a_terminal_asks_each_field_and_asks_again_on_a_bad_answer(run, monkeypatch, tmp_path, isolated_home):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from peerlearn.ui import prompts

    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"certificate")
    answers = ["\r",                      # kind: Training (the first)
               "Ethics day\r",
               "2026-13-40\r", "2026-03-14\r",   # a bad date, asked again
               "lots\r", "6\r",                  # bad hours, asked again
               "Our agency\r",
               "nonsense\r", "ethics\r",         # an unknown category, asked again
               str(tmp_path) + "\r", str(cert) + "\r",  # a folder, then the file
               "with Dana\r"]
    with create_pipe_input() as inp:
        monkeypatch.setattr(prompts, "prompter_for", lambda plain: prompts.TerminalPrompter(input=inp, output=DummyOutput()))
        inp.send_text("".join(answers))
        result = run("log", "add", env={"PEERLEARN_NOW": "2026-06-01"})
    assert result.exit_code == 0, result.output[-1500:]
    assert result.output.count("That didn't work") == 4
    (entry,) = json.loads(run("log", "list", "--json").stdout)
    assert entry["title"] == "Ethics day" and entry["date"] == "2026-03-14" and entry["hours"] == 6
    assert entry["categories"] == ["ethics"] and entry["provider"] == "Our agency" and entry["note"] == "with Dana"
    assert entry["evidence"]["sha256"]


def test_status_lists_exports_and_transcripts_agree_on_which_activities_a_year_holds(run, isolated_home):
    """An activity stored with a week date (as an older peerlearn accepted) or no real day counts
    nowhere; one with a real date counts everywhere."""
    store = Store(str(isolated_home))
    day = date(THIS_YEAR, 1, 5) if TODAY >= date(THIS_YEAR, 1, 6) else date(THIS_YEAR - 1, 6, 1)
    year = str(day.year)
    for title, when in (("Real day", day.isoformat()), ("Week date", f"{year}-W02-1"), ("No such day", f"{year}-02-30")):
        store.add_activity({"kind": "training", "title": title, "date": when, "hours": 2.0})
    status = json.loads(run("status", "--year", year, "--json").stdout)
    assert next(r for r in status["requirements"] if r["id"] == "training")["done"] == 1
    listed = json.loads(run("log", "list", "--year", year, "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--year", year).stdout)))
    record = json.loads(run("export", "--format", "json", "--year", year).stdout)
    statements = json.loads(run("export", "--format", "xapi", "--year", year).stdout)
    transcript = json.loads(run("transcript", "--format", "json", "--year", year).stdout)
    assert [e["title"] for e in listed] == ["Real day"]
    assert [r["title"] for r in rows] == ["Real day"]
    assert [a["title"] for a in record["activities"]] == ["Real day"]
    assert [s["object"]["definition"]["name"]["en-CA"] for s in statements] == ["Real day"]
    assert [a["title"] for a in transcript["year"]["activities"]] == ["Real day"]
    everything = run("export", "--format", "csv")
    assert everything.exit_code == 0, everything.output
    assert sorted(r["title"] for r in csv.DictReader(io.StringIO(everything.stdout))) == ["No such day", "Real day", "Week date"]


@pytest.mark.parametrize("year", ["0", "-1", "9999", str(10**20), "all", "２０２６"])
@pytest.mark.parametrize("command", [("status",), ("log", "list"), ("export", "--format", "csv"), ("transcript",)])
def test_a_year_out_of_range_gets_a_message(run, command, year):
    result = run(*command, f"--year={year}")
    assert result.exit_code == 2 and "is not a year" in result.stderr and "Traceback" not in result.output


def test_a_policy_file_that_is_not_a_policy_is_named(run, tmp_path):
    scenario = os.path.join(os.path.dirname(__file__), "..", "fixtures", "pack", "scenarios.yaml")
    for command in (("status",), ("log", "list", "--year", str(THIS_YEAR))):
        result = run(*command, "--policy", scenario)
        assert result.exit_code == 1 and "is not a policy file" in result.stderr and result.stdout == ""


def test_log_list_by_year_needs_one_policy_not_all(run):
    result = run("log", "list", "--year", str(THIS_YEAR), "--policy", "all")
    assert result.exit_code == 2 and "not 'all'" in result.stderr


@pytest.mark.parametrize("field,value,words", [
    ("year_start", '"02-30"', "year_start '02-30' is not a day of the year"),
    ("year_start", '"04-31"', "is not a day of the year"),
    ("minimum", ".nan", "minimum must be a number"),
    ("minimum", ".inf", "minimum must be a number"),
    ("minimum", "-1", "minimum"),
    ("carry_over_cap", ".inf", "carry_over_cap must be a number"),
])
def test_an_impossible_policy_fails_validate_and_status(run, tmp_path, field, value, words):
    lines = {"year_start": "", "minimum": "3", "carry_over_cap": "0"}
    lines[field] = value
    policy = tmp_path / "odd.yaml"
    policy.write_text(f"kind: policy\nid: odd\ntitle: Odd\n{'year_start: ' + lines['year_start'] if lines['year_start'] else ''}\n"
                      f"requirements:\n  - id: hours\n    title: Hours\n    measure: hours\n    minimum: {lines['minimum']}\n"
                      f"    carry_over_cap: {lines['carry_over_cap']}\n")
    checked = run("validate", str(policy))
    assert checked.exit_code == 1 and words in checked.stdout
    status = run("status", "--policy", str(policy))
    assert status.exit_code == 1 and words in status.stderr and "Traceback" not in status.output
    assert "nan" not in status.stdout and "inf" not in status.stdout


def test_a_29_february_year_start_passes_validate(run, tmp_path):
    policy = tmp_path / "leap.yaml"
    policy.write_text('kind: policy\nid: leap\ntitle: Leap\nyear_start: "02-29"\nrequirements:\n'
                      '  - {id: hours, title: Hours, measure: hours, minimum: 3}\n')
    assert run("validate", str(policy)).exit_code == 0
    assert run("status", "--policy", str(policy)).exit_code == 0
