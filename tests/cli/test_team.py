"""sync's refusals before any network, and team report / team items from a folder of exports."""
import json
import os
from datetime import date

import pytest


@pytest.fixture
def year(monkeypatch):
    y = date.today().year
    monkeypatch.setenv("PEERLEARN_NOW", f"{y}-11-15")
    return y


def test_sync_without_an_lrs_says_how_to_set_one(run):
    r = run("sync")
    assert r.exit_code == 1 and "'peerlearn profile --lrs URL'" in r.stderr


def test_an_lrs_address_with_a_credential_in_it_is_refused_and_not_saved(run):
    r = run("profile", "--lrs", "https://coordinator:s3cret@lrs.example.org/xAPI")
    assert r.exit_code == 1 and "must not carry the credential" in r.stderr and "s3cret" not in r.stderr
    assert "LRS for sync:     (not set)" in run("profile").output


def test_status_and_a_dry_run_write_nothing(run, isolated_home):
    run("profile", "--lrs", "https://lrs.example.org/xAPI")
    run("log", "add", "--kind", "training", "--title", "Ethics", "--date", "2026-01-10", "--hours", "3")
    before = {n: open(os.path.join(isolated_home, n), "rb").read() for n in os.listdir(isolated_home) if n.endswith(".json")}
    assert "1 statement waits to be sent" in run("status").output
    assert "Would send 1 statement of 1 to https://lrs.example.org/xAPI" in run("sync", "--dry-run").output
    after = {n: open(os.path.join(isolated_home, n), "rb").read() for n in os.listdir(isolated_home) if n.endswith(".json")}
    assert after == before


def export(run, tmp_path, name, identity, entries):
    env = {"PEERLEARN_HOME": str(tmp_path / name)}
    run("profile", *identity, env=env)
    for kind, day, hours in entries:
        assert run("log", "add", "--kind", kind, "--title", kind, "--date", day, "--hours", str(hours), env=env).exit_code == 0
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    assert run("export", "--format", "xapi", "-o", str(folder / f"{name}.json"), env=env).exit_code == 0
    return env


def test_team_report_from_a_folder_matches_each_workers_status(run, tmp_path, year):
    y = year
    ana = export(run, tmp_path, "ana", ["--email", "ana@example.org"],
                 [("training", f"{y}-02-03", 6)] + [("cop-meeting", f"{y}-{m:02d}-10", 1) for m in range(1, 7)])
    ben = export(run, tmp_path, "ben", ["--account-homepage", "https://hr.example.org", "--account-name", "ben"],
                 [("cop-meeting", f"{y}-05-05", 1), ("training", f"{y - 1}-11-20", 7)])
    r = run("team", "report", "--from", str(tmp_path / "exports"), "--format", "json")
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.output)
    for w, env in zip(report["workers"], (ana, ben)):
        own = json.loads(run("status", "--json", env=env).output)
        assert [(q["done"], q["met"]) for q in own["requirements"]] == [(q["done"], q["state"] == "met") for q in w["requirements"]]
    assert report["workers"][0]["met"] is True
    assert {q["state"] for q in report["workers"][1]["requirements"]} == {"at risk"}  # 46 days left

    text = run("team", "report", "--from", str(tmp_path / "exports")).output
    assert "ana@example.org" in text and "ben (https://hr.example.org)" in text and "named only by what" in text
    csv_out = tmp_path / "team.csv"
    assert run("team", "report", "--from", str(tmp_path / "exports"), "-o", str(csv_out)).exit_code == 0
    assert csv_out.read_text().splitlines()[1].startswith("ana@example.org,")
    page = tmp_path / "team.html"
    run("team", "report", "--from", str(tmp_path / "exports"), "-o", str(page))
    assert page.read_text().startswith("<!doctype html>") and "Team competency profile" in page.read_text()
    import re
    import xml.etree.ElementTree as ET

    (svg,) = re.findall(r"<svg.*?</svg>", page.read_text(), re.S)
    texts = " ".join(t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))
    for d in report["domains"].values():  # the counts in words beside each domain's bar
        assert f"{d['proficient']} proficient, {d['developing']} developing, {d['not started']} not started" in texts
    assert "<script" not in page.read_text()


def test_team_needs_exactly_one_source_and_names_a_bad_file(run, tmp_path):
    assert run("team", "report").exit_code == 2
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.json").write_text('{"hello": 1}')
    r = run("team", "items", "--from", str(tmp_path / "x"))
    assert r.exit_code == 1 and "notes.json is not an xAPI export" in r.stderr


def test_log_statements_carry_kind_and_categories(run, tmp_path):
    run("log", "add", "--kind", "conference", "--title", "Gathering", "--date", "2026-01-10", "--hours", "5",
        "--category", "trauma-informed")
    out = tmp_path / "s.json"
    run("export", "--format", "xapi", "-o", str(out))
    (s,) = json.loads(out.read_text())
    ext = s["context"]["extensions"]
    assert ext["https://peerlearn.example.org/xapi/extensions/kind"] == "conference"
    assert ext["https://peerlearn.example.org/xapi/extensions/categories"] == ["trauma-informed"]


def test_the_home_screen_says_how_many_statements_wait(run):
    run("profile", "--lrs", "https://lrs.example.org/xAPI")
    run("log", "add", "--kind", "training", "--title", "Ethics", "--date", "2026-01-10", "--hours", "3")
    out = " ".join(run("--plain", "home").output.split())
    assert "Learning record store: last synced never; 1 statement waits to be sent ('peerlearn sync')." in out


def test_a_bad_backoff_setting_is_one_clear_line(run, monkeypatch):
    run("profile", "--lrs", "http://127.0.0.1:9/xAPI")
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", "a:b")
    monkeypatch.setenv("PEERLEARN_LRS_BACKOFF", "soon")
    r = run("sync")
    assert r.exit_code == 1 and "PEERLEARN_LRS_BACKOFF must be a number of seconds" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
