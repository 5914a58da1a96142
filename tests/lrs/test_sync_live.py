"""`peerlearn sync` and `peerlearn team report` end to end against Ralph on 127.0.0.1.

What runs against what (see conftest.py): repeated syncs, two workers, the LRS down and back,
and reading the team back with `more` paging run against Ralph on its Elasticsearch backend
(noida-db); the 409 and the 500-for-one-batch faults run against Ralph on its file-system
backend, which checks ids against what it holds and answers 500 to every write after its first.
"""
from __future__ import annotations

import json
from datetime import date

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def year(monkeypatch):
    """Hold today in the middle of this calendar year's training year."""
    y = date.today().year
    monkeypatch.setenv("PEERLEARN_NOW", f"{y}-06-15")
    return y


def worker(run, tmp_path, name, lrs_url, identity, entries):
    home = str(tmp_path / name)
    env = {"PEERLEARN_HOME": home}
    r = run("profile", *identity, "--lrs", lrs_url, env=env)
    assert r.exit_code == 0, r.output
    for kind, day, hours, *cats in entries:
        args = ["log", "add", "--kind", kind, "--title", f"{kind} {day}", "--date", day, "--hours", str(hours)]
        for c in cats:
            args += ["--category", c]
        r = run(*args, env=env)
        assert r.exit_code == 0, r.output
    return env


def test_two_workers_sync_again_send_nothing_and_the_team_report_matches_their_status(run, tmp_path, ralph_es, lrs_env, servers, year):
    y = year
    ana = worker(run, tmp_path, "ana", ralph_es.url, ["--email", "ana@example.org"],
                 [("training", f"{y}-02-03", 6), ("cop-meeting", f"{y}-03-10", 1.5), ("cop-meeting", f"{y}-04-14", 1.5)])
    ben = worker(run, tmp_path, "ben", ralph_es.url, ["--account-homepage", "https://hr.example.org", "--account-name", "ben"],
                 [("cop-meeting", f"{y}-05-05", 1), ("conference", f"{y - 1}-11-20", 7)])

    for env, n in ((ana, 3), (ben, 2)):
        r = run("sync", env=env)
        assert r.exit_code == 0, r.output + r.stderr
        assert f"Sent {n} statements" in r.output
    assert ralph_es.posts() == 2
    assert len(ralph_es.statements()) == 5

    # a second sync sends nothing: no POST at all
    r = run("sync", env=ana)
    assert r.exit_code == 0 and "Nothing new to send" in r.output
    assert ralph_es.posts() == 2

    # new activity: only that is sent
    run("log", "add", "--kind", "cop-meeting", "--title", "June meeting", "--date", f"{y}-06-01", "--hours", "1", env=ana)
    status = run("status", env=ana).output
    assert "1 statement waits to be sent" in status
    r = run("sync", env=ana)
    assert r.exit_code == 0 and "Sent 1 statement " in r.output
    assert ralph_es.posts() == 3
    assert len(ralph_es.statements()) == 6
    assert "everything is sent" in run("status", env=ana).output

    # the coordinator's report, read back with `more` paging (Ralph pages every 2 statements here)
    paged = servers.ralph("es", servers.es_urls[0], page=2)
    r = run("team", "report", "--lrs", paged.url, "--format", "json")
    assert r.exit_code == 0, r.output + r.stderr
    report = json.loads(r.output)
    assert [w["worker"] for w in report["workers"]] == ["ana@example.org", "ben (https://hr.example.org)"]
    for w, env in zip(report["workers"], (ana, ben)):
        own = json.loads(run("status", "--json", env=env).output)
        assert [(q["id"], q["done"], q["met"]) for q in own["requirements"]] == \
               [(q["id"], q["done"], q["state"] == "met") for q in w["requirements"]]
    assert "named only by what their statements carry" in report["note"]


def test_an_entry_edited_after_it_was_synced_counts_once_in_the_team_report(run, tmp_path, ralph_es, lrs_env, year):
    """The edit is a new statement beside the old one in the LRS (statements are never changed);
    the team report counts the entry once, as it stands after the edit, as the worker's own
    status does."""
    y = year
    ana = worker(run, tmp_path, "ana", ralph_es.url, ["--email", "ana@example.org"],
                 [("training", f"{y}-02-03", 6), ("cop-meeting", f"{y}-03-10", 1.5)])
    assert run("sync", env=ana).exit_code == 0
    assert run("log", "edit", "1", "--hours", "3", env=ana).exit_code == 0
    r = run("sync", env=ana)
    assert r.exit_code == 0 and "Sent 1 statement " in r.output, r.output + r.stderr
    assert len(ralph_es.statements()) == 3
    r = run("team", "report", "--lrs", ralph_es.url, "--format", "json")
    assert r.exit_code == 0, r.output + r.stderr
    [w] = json.loads(r.output)["workers"]
    own = json.loads(run("status", "--json", env=ana).output)
    assert [(q["id"], q["done"]) for q in own["requirements"]] == [(q["id"], q["done"]) for q in w["requirements"]]
    assert dict((q["id"], q["done"]) for q in w["requirements"])["training"] == 1  # one training, not two


def test_the_lrs_down_loses_nothing_and_the_next_sync_completes(run, tmp_path, servers, lrs_env, year):
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}/xAPI/"
    ana = worker(run, tmp_path, "ana", url, ["--email", "ana@example.org"],
                 [("training", f"{year}-02-03", 6), ("cop-meeting", f"{year}-03-10", 1.5)])
    r = run("sync", env=ana)
    assert r.exit_code == 1
    assert "could not reach the LRS" in r.output and "2 statements still wait" in r.stderr
    assert "2 statements wait" in run("status", env=ana).output

    lrs = servers.ralph("es", servers.noida(), port=port)
    r = run("sync", env=ana)
    assert r.exit_code == 0 and "Sent 2 statements" in r.output
    assert len(lrs.statements()) == 2


def test_a_batch_answered_500_waits_and_the_others_are_kept(run, tmp_path, ralph_fs, lrs_env, year):
    ana = worker(run, tmp_path, "ana", ralph_fs.url, ["--email", "ana@example.org"],
                 [("training", f"{year}-02-03", 6), ("cop-meeting", f"{year}-03-10", 1.5), ("cop-meeting", f"{year}-04-10", 1)])
    r = run("sync", "--batch-size", "2", env=ana)
    assert r.exit_code == 1
    assert "Sent 2 statements" in r.output
    assert "1 statement could not be sent this time (the LRS answered 500" in r.output
    assert "1 statement still waits" in r.stderr
    assert ralph_fs.posts() == 1 + 4  # the first batch, then the second tried 4 times (3 retries)
    assert len(ralph_fs.statements()) == 2  # the first batch is there
    dry = run("sync", "--dry-run", env=ana).output
    assert "Would send 1 statement of 3" in dry and f"{year}-04-10 attended cop-meeting" in dry


def test_a_differing_statement_under_a_stored_id_is_reported_and_does_not_stop_the_rest(run, tmp_path, ralph_fs, lrs_env, year):
    from peerlearn.lrs.client import Client

    ana = worker(run, tmp_path, "ana", ralph_fs.url, ["--email", "ana@example.org"],
                 [("training", f"{year}-02-03", 6), ("cop-meeting", f"{year}-03-10", 1.5)])
    out = tmp_path / "old.json"
    assert run("export", "--format", "xapi", "-o", str(out), env=ana).exit_code == 0
    first = json.loads(out.read_text())[0]
    # the LRS already holds a copy of the first statement that differs (an earlier import)
    first["actor"]["name"] = "A. Example"
    assert Client(ralph_fs.url, ralph_fs.credential).post_statements([first]).status == 200
    posts = ralph_fs.posts()

    r = run("sync", "--batch-size", "1", env=ana)
    assert r.exit_code == 1
    said = " ".join(r.output.split())  # as wrapped to the terminal
    assert f"(statement {first['id']}): the LRS already holds a different statement under this id (409" in said
    # the second statement was still tried (this file-system LRS answers 500 to it)
    assert "1 statement could not be sent this time" in said
    assert ralph_fs.posts() > posts + 1
    assert "2 statements still wait" in r.stderr


def test_a_refused_credential_says_what_to_check_and_is_never_printed(run, tmp_path, ralph_es, monkeypatch, year):
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", "peerlearn-ci:not-the-password")
    ana = worker(run, tmp_path, "ana", ralph_es.url, ["--email", "ana@example.org"], [("training", f"{year}-02-03", 6)])
    r = run("sync", env=ana)
    assert r.exit_code == 1
    assert "did not accept the credential (401)" in r.stderr
    assert "not-the-password" not in r.output + r.stderr
    assert "Would send 1 statement of 1" in run("sync", "--dry-run", env=ana).output


def test_an_account_that_may_not_write_is_told_what_the_lrs_said(run, tmp_path, servers, lrs_env, year):
    lrs = servers.ralph("es", servers.noida(), scopes=("statements/read/mine",), restrict=True)
    ana = worker(run, tmp_path, "ana", lrs.url, ["--email", "ana@example.org"], [("training", f"{year}-02-03", 6)])
    r = run("sync", env=ana)
    assert r.exit_code == 1
    # Ralph answers 401, not 403, for an account without the scope; its reason is passed on
    assert "ask the LRS administrator whether the account may write" in r.stderr
    assert 'The LRS said: Access not authorized to scope: "statements/write".' in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Would send 1 statement of 1" in run("sync", "--dry-run", env=ana).output
