"""Tooling for an organization's content repository: GitHub annotations, the pre-commit hook,
and the schemas (where they are, and a copy editors resolve without a virtual environment)."""
import json
import os
import shlex
import subprocess
import sys

import yaml

from conftest import FIXTURES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_validate_writes_github_annotations_with_the_workflow_escapes(run, tmp_path):
    bad = tmp_path / "bad, one.yaml"
    bad.write_text("kind: scenario\nscenarios:\n  - id: x\n    title: 50% of it\n", encoding="utf-8")
    result = run("validate", "--format", "github", str(bad))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::error file=") for line in lines)
    first = lines[0]
    assert f"file={str(bad).replace(',', '%2C')},line=" in first and ",col=" in first
    assert "title=peerlearn validate::" in first and "\n" not in first


def test_the_pre_commit_hook_runs_validate_strict_on_the_changed_files_with_their_pack(tmp_path):
    (hook,) = yaml.safe_load(open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8"))
    assert hook["id"] == "peerlearn-validate" and hook["language"] == "python" and "yaml" in hook["types"]
    pack = tmp_path / "repo"
    pack.mkdir()
    good = pack / "scenarios.yaml"
    good.write_text(open(os.path.join(FIXTURES, "pack", "scenarios.yaml"), encoding="utf-8").read(), encoding="utf-8")
    entry = shlex.split(hook["entry"])
    script = [sys.executable, "-m", "peerlearn", *entry[1:], *hook["args"]]

    def commit(*files):
        return subprocess.run(script + [str(f) for f in files], cwd=pack, capture_output=True, text=True, timeout=120)

    ok = commit(good)
    assert ok.returncode in (0, 1) and "Traceback" not in ok.stderr
    broken = pack / "broken.yaml"
    broken.write_text("kind: scenario\nscenarios:\n  - id: only-an-id\n", encoding="utf-8")
    bad = commit(broken)
    assert bad.returncode == 1 and "broken.yaml:" in bad.stdout and "scenarios.yaml" not in bad.stdout


def test_schema_says_where_the_schemas_are_and_prints_one(run):
    listing = run("schema").stdout
    assert "scenario.schema.json" in listing and "policy" in listing
    scenario = json.loads(run("schema", "scenario").stdout)
    assert scenario["$id"].endswith("scenario.schema.json")
    unknown = run("schema", "scenarios")
    assert unknown.exit_code == 1 and "there is no content kind 'scenarios'" in unknown.stderr


def test_new_names_a_copied_schema_by_a_relative_path_never_a_virtual_environment(run, tmp_path, monkeypatch):
    repo = tmp_path / "org-content"
    (repo / "scenarios").mkdir(parents=True)
    monkeypatch.chdir(repo)
    assert run("schema", "--copy-to", "schemas").exit_code == 0
    assert sorted(os.listdir(repo / "schemas"))[0] == "checklist.schema.json"
    run("--plain", "new", "scenario", "--id", "sc04-org-one", "--type", "single", "--competency", "PSP-2",
        "-o", "scenarios/sc04-org-one.yaml")
    first = (repo / "scenarios" / "sc04-org-one.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/scenario.schema.json"
    elsewhere = tmp_path / "loose"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run("--plain", "new", "scenario", "--id", "sc04-org-two", "--type", "single", "--competency", "PSP-2", "-o", "two.yaml")
    line = (elsewhere / "two.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert "site-packages" not in line and ".venv" not in line and line.endswith("scenario.schema.json")


def test_a_copy_to_folder_named_with_control_characters_is_shown_cleaned(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--plain", "schema", "--copy-to", "sch\x1b]0;x\x07\x1fema")
    assert result.exit_code == 0, result.stderr
    assert "Copied" in result.stdout and "\x1b" not in result.stdout and "\x1f" not in result.stdout
