"""peerlearn's xAPI export must be accepted by a real learning record store: Ralph.

Ralph (PyPI: ralph-malph) pins versions that clash with peerlearn's, so it lives in a virtual
environment of its own and is driven through tests/ralph_check.py run by that venv's python:

* `validate`: every statement against Ralph's strict BaseXapiStatement model;
* `lrs`: the whole file POSTed as one batch to a Ralph LRS started on 127.0.0.1.

PEERLEARN_RALPH_PYTHON names that python (default /tmp/ralph-venv/bin/python; .ci/run sets
it). Without a usable Ralph there, the tests skip and say why.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.slow  # end to end: a real LRS in its own virtual environment

RALPH_CHECK = Path(__file__).parent.parent / "ralph_check.py"
DEFAULT_RALPH_PYTHON = "/tmp/ralph-venv/bin/python"
PROBE = "import ralph.models.xapi.base.statements, ralph.backends.lrs.fs, ralph.cli, fastapi, uvicorn, requests, bcrypt"


def ralph_python() -> str:
    return os.environ.get("PEERLEARN_RALPH_PYTHON") or DEFAULT_RALPH_PYTHON


def _skip_reason(python: str):
    """None when `python` can run Ralph, else why not."""
    if not os.path.isfile(python) or not os.access(python, os.X_OK):
        return (f"no Ralph venv python at {python} (set PEERLEARN_RALPH_PYTHON, or: python3 -m venv "
                f"/tmp/ralph-venv && /tmp/ralph-venv/bin/pip install 'ralph-malph[cli,lrs]' requests)")
    try:
        probe = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=120,
                               stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{python} could not be run: {exc}"
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return f"Ralph is not installed for {python}: {last}"
    return None


def _run_check(python: str, mode: str, path: str, timeout: int) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([python, str(RALPH_CHECK), mode, str(path)], capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"ralph_check.py {mode} took longer than {timeout}s:\n{exc.stdout or ''}{exc.stderr or ''}")


def check_with_ralph(path) -> None:
    """Assert that Ralph accepts the xAPI statements (a JSON array) in the file at `path`.

    First each statement against Ralph's strict BaseXapiStatement model, then the whole array
    as one POST to a live Ralph LRS (must answer HTTP 200). Skips the calling test, with the
    reason, when no usable Ralph venv is found.
    """
    python = ralph_python()
    reason = _skip_reason(python)
    if reason:
        pytest.skip(reason)
    strict = _run_check(python, "validate", path, timeout=120)
    assert strict.returncode == 0, (
        f"Ralph's strict BaseXapiStatement model rejects statements in {path}:\n"
        f"{strict.stdout}{strict.stderr}")
    lrs = _run_check(python, "lrs", path, timeout=180)
    assert lrs.returncode == 0, f"the Ralph LRS did not accept {path} (HTTP 200 expected):\n{lrs.stdout}{lrs.stderr}"


def _invoke(*args):
    from peerlearn.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, f"peerlearn {' '.join(args)} failed:\n{result.output}\n{result.exception!r}"
    return result


def test_a_logged_activity_exports_as_xapi_that_ralph_accepts(tmp_path):
    out = tmp_path / "statements.json"
    _invoke("profile", "--name", "Ana Example", "--account-homepage", "https://example.org", "--account-name", "ana")
    _invoke("log", "add", "--kind", "cop-meeting", "--title", "Community of practice", "--date", "2026-03-12",
            "--hours", "1.5")
    _invoke("export", "--format", "xapi", "-o", str(out))

    statements = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(statements, list) and statements, "the xAPI export should be a non-empty JSON array"
    for statement in statements:
        assert statement["actor"].get("account") == {"homePage": "https://example.org", "name": "ana"}
    assert any("Community of practice" in json.dumps(s) for s in statements)

    check_with_ralph(out)


def test_every_kind_of_statement_is_accepted_by_ralph(tmp_path):
    """Module completion, quiz answers (single, multi, branching), refresher and logged activity."""
    from learner_helpers import quiz_input, study_input
    from peerlearn import clock
    from peerlearn.content.loader import load_content
    from peerlearn.engine import review
    from peerlearn.engine.mastery import competency_mastery

    content = load_content()
    runner = CliRunner()

    def run(*args, input=None):
        from peerlearn.cli import cli

        result = runner.invoke(cli, ["--plain", *args], input=input)
        assert result.exit_code == 0, result.output[-1500:]

    run("profile", "--email", "ana@example.org")
    m = competency_mastery([], [c.id for c in content.framework.competencies])
    refresher = review.select_refresher(content.framework, content.scenarios, m, [], clock.now_utc(), 1, seed=2)
    run("quiz", "--refresher", "--count", "5", "--seed", "2", input=quiz_input(refresher))
    run("study", content.modules[0].id, input=study_input(content.modules[0], content))
    picks = [next(s for s in content.scenarios if s.type == kind) for kind in ("single", "multi", "branching")]
    run("quiz", *[a for s in picks for a in ("--scenario", s.id)], input=quiz_input(picks))
    run("log", "add", "--kind", "training", "--title", "Ethics day", "--date", "2026-02-02", "--hours", "6")
    run("reflect", input="\n" + "1\n" * len(content.checklist("story-sharing").items))
    import os

    from peerlearn.records.store import Store, now_iso

    # the event the completing conversation records (reaching it needs the whole bank)
    Store(os.environ["PEERLEARN_HOME"]).add_event({"kind": "initial-training-complete", "time": now_iso(), "policy": "default"})
    out = tmp_path / "all.json"
    run("export", "--format", "xapi", "-o", str(out))
    statements = json.loads(out.read_text(encoding="utf-8"))
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in statements}
    assert verbs == {"completed", "answered", "passed", "attended"}, verbs
    objects = {s["object"]["id"].rsplit("/", 2)[1] for s in statements}
    assert {"checklists", "initial-training", "modules", "scenarios", "log", "refresher"} <= objects, objects
    assert len({s["id"] for s in statements}) == len(statements)
    check_with_ralph(out)


def test_only_http_iris_can_be_a_base_or_a_home_page():
    from peerlearn.export.xapi import iri_problem

    assert iri_problem("https://peerlearn.example.org/xapi") is None
    assert iri_problem("http://example.org:8080/p/ünï?q=1#f") is None
    for bad in ("javascript:alert(1)", "https://", "https://a b", "file:///x", "https://x/\u200b", "https://[::1"):
        assert iri_problem(bad)
