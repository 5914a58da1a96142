"""Every command has help and appears in the README."""
import os
import re
import shutil
import subprocess
import sys

import click
import pytest

from peerlearn.cli import COMMANDS, cli

README = os.path.join(os.path.dirname(__file__), "..", "README.md")


def all_commands():
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        yield name, cmd
        if isinstance(cmd, click.Group):
            for sub in cmd.list_commands(ctx):
                yield f"{name} {sub}", cmd.get_command(ctx, sub)


@pytest.mark.parametrize("name,cmd", list(all_commands()))
def test_every_command_has_help(name, cmd):
    assert cmd.help and len(cmd.help.strip()) > 20, name


@pytest.mark.parametrize("name", [n for n, _ in all_commands()])
def test_every_command_appears_in_the_readme(name):
    with open(README, encoding="utf-8") as fh:
        readme = fh.read()
    assert re.search(rf"peerlearn(?: --?\S+(?: \S+)?)* {re.escape(name)}\b", readme), name


def test_readme_starts_with_exactly_two_setup_commands():
    with open(README, encoding="utf-8") as fh:
        readme = fh.read()
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "pip install" in block[0] and "pytest" in block[1]
    with open(os.path.join(os.path.dirname(README), ".ci", "run"), encoding="utf-8") as fh:
        assert "-m pytest -q" in fh.read()


def test_installed_peerlearn_finds_its_content_from_another_folder(tmp_path):
    script = shutil.which("peerlearn", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("peerlearn is not installed in this environment (pip install . puts it there)")
    result = subprocess.run([script, "coverage", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"PSP-1"' in result.stdout
    result = subprocess.run([script, "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_dash_m_peerlearn_works():
    result = subprocess.run([sys.executable, "-m", "peerlearn", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "peerlearn" in result.stdout


def test_the_help_listing_matches_each_commands_own_help():
    ctx = click.Context(cli)
    for name, (_, _, short) in COMMANDS.items():
        assert cli.get_command(ctx, name).get_short_help_str(limit=200) == short, name
