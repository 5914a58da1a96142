"""Time `peerlearn team report` and `team items` for a generated team, and measure what peerlearn
itself uses (CPU time and peak memory of the peerlearn process, from os.wait4's rusage).

    python bench/team.py [--workers 50 200 500] [--lrs] [--lrs-max 200]

Each worker gets one training year (the current one) of about 200 statements, made by
peerlearn's own xAPI exporter from a generated record: first answers to ~150 scenarios (right
more often the abler the worker), ~30 answers again, ~16 module completions, ~12 logged
activities. The team is written as a folder of export files (`--from DIR`); with --lrs it is
also POSTed to a Ralph LRS on 127.0.0.1 (Elasticsearch backend on noida-db, as tests/lrs/ start
it; needs PEERLEARN_RALPH_PYTHON) for team sizes up to --lrs-max, and read back with `--lrs`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from peerlearn.content.loader import load_content
from peerlearn.export import xapi

ROOT = Path(__file__).resolve().parent.parent


class GeneratedRecord:
    """A worker's record as the exporter reads a store (profile, modules, answers, log, events)."""

    def __init__(self, content, n: int, year: int, rng: random.Random):
        self._profile = {"email": f"worker{n:04d}@example.org"}
        start = datetime(year, 1, 5, 9, tzinfo=timezone.utc)
        ability = rng.random()
        self._modules = {m.id: {"completed": (start + timedelta(days=3 * i)).isoformat()} for i, m in enumerate(content.modules)}
        self._responses = []
        picks = rng.sample(content.scenarios, min(150, len(content.scenarios)))
        picks += rng.sample(picks, 30)  # answered again later
        for i, s in enumerate(picks):
            right = rng.random() < 0.35 + 0.6 * ability
            choices = [c for c in s.choices] if s.type != "branching" else [c for st in s.steps for c in st.choices]
            chosen = [c.id for c in choices if c.correct] if right else [rng.choice(choices).id]
            t = start + timedelta(days=60 + i, minutes=n % 50)
            self._responses.append({"scenario": s.id, "choices": [["", chosen]], "score": 1.0 if right else 0.0,
                                    "competencies": list(s.competencies), "module": s.module, "session": f"b{i // 5}",
                                    "time": t.isoformat(timespec="seconds")})
        kinds = ["training", "cop-meeting", "cop-meeting", "conference", "self-study"]
        self._log = [{"doc_id": j + 1, "uuid": f"{n}-{j}", "kind": rng.choice(kinds), "title": f"Activity {j}",
                      "date": (start + timedelta(days=25 * j)).date().isoformat(), "hours": rng.choice([1, 1.5, 3, 6]),
                      "categories": []} for j in range(12)]

    def profile(self):
        return self._profile

    def all_module_progress(self):
        return self._modules

    def responses(self):
        return self._responses

    def events(self, kind=None):
        return []

    def checklist_runs(self):
        return []

    def activities(self):
        return self._log


def make_team(folder: Path, workers: int, year: int) -> int:
    content = load_content()
    rng = random.Random(workers)
    total = 0
    for n in range(workers):
        statements = xapi.statements(content, GeneratedRecord(content, n, year, rng))
        total += len(statements)
        (folder / f"worker{n:04d}.json").write_text(json.dumps(statements))
    return total


def measure(args: list[str], env: dict) -> dict:
    """Run `peerlearn ARGS` in a child process; its wall time, CPU time and peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "peerlearn", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"peerlearn {' '.join(args)} failed: {err}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def load_helpers():
    spec = importlib.util.spec_from_file_location("lrs_helpers", ROOT / "tests" / "lrs" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lrs_helpers"] = module
    spec.loader.exec_module(module)
    return module


def post_folder(lrs_url: str, credential: str, folder: Path) -> float:
    from peerlearn.lrs.client import Client

    client = Client(lrs_url, credential, timeout=300)
    started = time.perf_counter()
    for path in sorted(folder.glob("*.json")):
        statements = json.loads(path.read_text())
        for i in range(0, len(statements), 500):
            answer = client.post_statements(statements[i:i + 500])
            if answer.status not in (200, 204):
                raise SystemExit(f"the LRS answered {answer.status}: {answer.reason()}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--lrs", action="store_true", help="also load each team into a Ralph LRS and read it back from there")
    parser.add_argument("--lrs-max", type=int, default=200, help="largest team loaded into the LRS")
    opts = parser.parse_args()
    year = datetime.now().year
    env = dict(os.environ, PEERLEARN_NOW=f"{year}-11-15", PYTHONPATH=str(ROOT))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env["PEERLEARN_HOME"] = os.path.join(tmp, "home")
        env["PEERLEARN_CACHE"] = os.path.join(tmp, "cache")
        measure(["validate"], env)  # fills the content cache, as a coordinator's second run has it
        for n in opts.workers:
            folder = Path(tmp) / f"team{n}"
            folder.mkdir()
            total = make_team(folder, n, year)
            row = {"workers": n, "statements": total,
                   "report_from_folder": measure(["team", "report", "--from", str(folder), "--format", "json"], env),
                   "items_from_folder": measure(["team", "items", "--from", str(folder), "--format", "json"], env)}
            print(json.dumps(row), flush=True)
            if opts.lrs and n <= opts.lrs_max:
                helpers = load_helpers()
                servers = helpers.Servers(Path(tmp) / f"servers{n}", helpers.ralph_python())
                (Path(tmp) / f"servers{n}").mkdir()
                try:
                    lrs = servers.ralph("es", servers.noida(), page=1000)
                    row["load_into_lrs_s"] = round(post_folder(lrs.url, lrs.credential, folder), 1)
                    lenv = dict(env, PEERLEARN_LRS_AUTH=lrs.credential)
                    row["report_from_lrs"] = measure(["team", "report", "--lrs", lrs.url, "--format", "json"], lenv)
                    row["items_from_lrs"] = measure(["team", "items", "--lrs", lrs.url, "--format", "json"], lenv)
                finally:
                    servers.stop_all()
                print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
