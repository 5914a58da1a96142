"""Shell completion: the scripts, and the ids offered for a partial word, asked the way the
shell asks (_PEERLEARN_COMPLETE, COMP_WORDS and COMP_CWORD in the environment)."""
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from peerlearn.content.loader import load_content

ASSESSMENT = os.path.join(os.path.dirname(__file__), "..", "..", "assessments", "m01-foundations.yaml")


def complete(words: str, shell: str = "bash") -> list[str]:
    """The values peerlearn offers for the last word of `words`, in process through click's
    testing runner (the same code path as the shell's call)."""
    from peerlearn.cli import cli

    parts = words.split()
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    env = {"_PEERLEARN_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(cli, [], prog_name="peerlearn", env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_the_shell_completes_module_ids_for_study_through_python_dash_m():
    env = dict(os.environ, _PEERLEARN_COMPLETE="bash_complete", COMP_WORDS="peerlearn study m0", COMP_CWORD="2")
    result = subprocess.run([sys.executable, "-m", "peerlearn"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    offered = [line.split(",", 1)[1] for line in result.stdout.splitlines()]
    assert offered == [m.id for m in load_content().modules if m.number < 10]


def test_study_also_completes_module_numbers():
    assert complete("peerlearn study 1") == ["1", "10", "11", "12", "13", "14", "15", "16"]
    assert complete("peerlearn export-bank --module m1") == ["m10-grief", "m11-substance-use", "m12-mental-health-and-crisis",
                                                             "m13-goal-planning", "m14-personal-resilience",
                                                             "m15-family-peer-support", "m16-youth-and-young-adults"]


def test_quiz_scenario_completes_scenario_ids():
    expected = [s.id for s in load_content().scenarios if s.id.startswith("sc01-")]
    assert complete("peerlearn quiz --scenario sc01-") == expected and expected


def test_quiz_competency_and_domain_complete_their_ids_whatever_the_case_typed():
    assert complete("peerlearn quiz --competency wrb") == ["WRB-1", "WRB-2", "WRB-3", "WRB-4", "WRB-5", "WRB-6"]
    assert complete("peerlearn quiz --domain ") == ["PSP", "WRB", "DIE", "FCC", "CEP"]
    assert complete("peerlearn new scenario --competency CEP") == ["CEP-1", "CEP-2", "CEP-3"]


def test_policy_options_complete_policy_names():
    assert complete("peerlearn status --policy ") == ["default", "all"]
    assert complete("peerlearn progress --policy d") == ["default"]
    assert complete("peerlearn export --policy ") == ["default"]


def test_preview_completes_the_scenario_ids_of_the_file_after_a_hash():
    path = os.path.relpath(ASSESSMENT)
    offered = complete(f"peerlearn preview {path}#sc01-p")
    assert offered == [f"{path}#{s.id}" for s in load_content().scenarios if s.id.startswith("sc01-p")] and offered


def test_preview_completes_file_names_before_a_hash():
    from peerlearn.cli import cli

    env = {"_PEERLEARN_COMPLETE": "bash_complete", "COMP_WORDS": "peerlearn preview ass", "COMP_CWORD": "2"}
    result = CliRunner().invoke(cli, [], prog_name="peerlearn", env=env)
    assert result.stdout.splitlines() == ["file,ass"]  # bash then lists the matching files itself


def test_preview_completes_a_built_in_scenario_id_too():
    offered = complete("peerlearn preview sc01-p")
    ids = [s.id for s in load_content().scenarios if s.id.startswith("sc01-p")]
    assert ids and offered == ids + ["sc01-p"]  # the ids, then bash's own file names


def test_a_content_pack_given_on_the_line_adds_its_ids():
    pack = os.path.join(FIXTURES, "pack")
    assert complete(f"peerlearn --content {pack} quiz --scenario pack-") == ["pack-advice", "pack-multi", "pack-branch"]


def test_completion_offers_nothing_rather_than_fail_when_the_content_is_broken(tmp_path):
    (tmp_path / "bad.yaml").write_text("kind: scenario\nscenarios: [{id: x}]\n", encoding="utf-8")
    assert complete(f"peerlearn --content {tmp_path} study m0") == []
    assert complete(f"peerlearn --content {tmp_path / 'missing'} quiz --domain ") == []
    assert complete("peerlearn preview no-such-file.yaml#sc") == []


def test_zsh_and_fish_get_the_same_ids():
    from peerlearn.cli import cli

    env = {"_PEERLEARN_COMPLETE": "zsh_complete", "COMP_WORDS": "peerlearn quiz --domain W", "COMP_CWORD": "3"}
    result = CliRunner().invoke(cli, [], prog_name="peerlearn", env=env)
    assert result.stdout.splitlines()[:2] == ["plain", "WRB"]
    env = {"_PEERLEARN_COMPLETE": "fish_complete", "COMP_WORDS": "peerlearn quiz --domain W", "COMP_CWORD": "W"}
    result = CliRunner().invoke(cli, [], prog_name="peerlearn", env=env)
    assert result.stdout.splitlines()[0].startswith("plain,WRB")


def test_command_names_complete_and_help_completes_them_too():
    assert "export-bank" in complete("peerlearn ex") and "export" in complete("peerlearn ex")
    assert complete("peerlearn help imp") == ["import-bank"]


@pytest.mark.parametrize("shell,marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef peerlearn"),
                                          ("fish", "complete --no-files --command peerlearn")])
def test_completion_prints_the_script_for_each_shell(run, shell, marker):
    result = run("completion", shell)
    assert result.exit_code == 0
    assert "_PEERLEARN_COMPLETE" in result.stdout and marker in result.stdout


def test_completion_for_another_shell_is_a_usage_error(run):
    result = run("completion", "powershell")
    assert result.exit_code == 2 and "bash" in result.stderr
