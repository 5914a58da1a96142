"""No POSIX-only module on any of peerlearn's paths.

peerlearn's own code imports none (read from its source), and every peerlearn module imports and
the commands a learner starts with run in a Python where fcntl, resource, grp and pty cannot be
imported. (termios and tty stay importable there: click and prompt_toolkit use them on POSIX and
take other ways on Windows.)"""
import ast
import os
import subprocess
import sys
from pathlib import Path

import peerlearn

POSIX_ONLY = {"fcntl", "termios", "tty", "pty", "resource", "grp", "pwd", "posix", "syslog", "crypt"}
BLOCKED = ("fcntl", "resource", "grp", "pty")

PROBE = """
import importlib, pkgutil, sys
for name in %r:
    sys.modules[name] = None
import peerlearn
names = sorted(m.name for m in pkgutil.walk_packages(peerlearn.__path__, "peerlearn.") if m.name != "peerlearn.__main__")
for name in names:
    importlib.import_module(name)
print(len(names))
from peerlearn.cli import cli
for args in (["--help"], ["--plain", "status"], ["--plain", "log", "add", "--kind", "training", "--title", "Refresher",
             "--date", "2026-03-02", "--hours", "2"], ["--plain", "log", "list"], ["validate"]):
    try:
        cli.main(args, prog_name="peerlearn")
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise SystemExit(f"{args}: exit {exc.code}")
"""


def test_peerlearn_itself_imports_no_posix_only_module():
    found = []
    for path in Path(peerlearn.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}:{node.lineno} {n}" for n in names if n.split(".")[0] in POSIX_ONLY]
    assert found == []


def test_every_module_and_the_first_commands_work_without_posix_only_modules(tmp_path):
    env = {**os.environ, "PEERLEARN_HOME": str(tmp_path / "records"), "PEERLEARN_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", PROBE % (BLOCKED,)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert int(proc.stdout.splitlines()[0]) > 50  # the walk found the package's modules
    assert "Refresher" in proc.stdout and "Traceback" not in proc.stderr
