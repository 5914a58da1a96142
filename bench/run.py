"""peerlearn's benchmarks: medians over repeated runs, each beside a baseline measured in the same
run, as a ratio (absolute times vary from machine to machine; ratios travel).

    .venv/bin/pip install . && .venv/bin/python bench/run.py [--runs 5] [--json FILE]

It measures the peerlearn installed beside the python that runs it (reinstall after changes).

Peak memory is the largest resident set size of the measured process, where Python's resource
module tells it (Linux, macOS); where there is no such module (Windows) it is shown as unavailable.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

# Runs a command and prints its wall time and the peak RSS of that child alone in MB, or "-" where
# the system does not tell it. ru_maxrss is in KiB on Linux, in bytes on macOS.
WRAPPER = """
import subprocess, sys, time
try:
    import resource
except ImportError:
    resource = None
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
elapsed = time.perf_counter() - t
if resource is None:
    print(elapsed, "-")
else:
    print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024))
"""


def peerlearn_cmd() -> list[str]:
    script = shutil.which("peerlearn", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "peerlearn"]


def timed(cmd, env) -> tuple[float, float | None]:
    """Seconds `cmd` took, and its peak memory in MB (None where the system does not tell it)."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, env=env, check=True).stdout.split()
    return float(out[0]), None if out[1] == "-" else float(out[1])


def paired(cmd, base, env, runs, measure=None) -> tuple[float, float]:
    """Medians of `cmd` and of its baseline, run alternately so both see the same machine."""
    measure = measure or (lambda c: timed(c, env)[0])
    a, b = [], []
    for _ in range(runs):
        b.append(measure(base))
        a.append(measure(cmd))
    return statistics.median(a), statistics.median(b)


def first_question(cmd, env) -> float:
    """Seconds from start until the first quiz question's answer prompt is on screen. Each run
    starts with no paused quiz: a run stopped at its first question leaves one,
    which the next run would otherwise offer to pick up before asking anything; it is cleared
    (untimed) before each run."""
    from peerlearn.records.store import Store

    Store(env["PEERLEARN_HOME"]).clear_session("quiz")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, bufsize=0)
    seen = ""
    while "Type a number" not in seen:
        ch = proc.stdout.read(1)
        if not ch:
            raise RuntimeError("the quiz ended before its first question:\n" + seen)
        seen += ch
    elapsed = time.perf_counter() - t
    proc.kill()
    proc.wait()
    return elapsed


ROWS = []


def row(name, value, unit, baseline=None, base_label="", goal=None, goal_text="", memory=None):
    ratio = value / baseline if baseline else None
    ok = None
    if goal is not None:
        ok = (ratio if ratio is not None and goal_text.endswith("x") else value) <= goal
    ROWS.append({"name": name, "value": value, "unit": unit, "baseline": baseline, "baseline_label": base_label,
                 "ratio": ratio, "goal": goal_text, "met": ok, "peak_memory_mb": memory})
    b = f"  baseline {baseline * (1000 if unit == 'ms' else 1):.1f} {unit} ({base_label})  ratio {ratio:.2f}x" if baseline else ""
    m = f"  peak {memory:.0f} MB" if memory is not None else "  peak memory unavailable"
    g = f"  goal {goal_text}: {'met' if ok else 'NOT met'}" if goal_text else ""
    shown = value * 1000 if unit == "ms" else value
    print(f"{name:<44} {shown:8.1f} {unit}{b}{g}{m}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per median (at least 5)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    runs = max(5, args.runs)
    work = tempfile.mkdtemp(prefix="peerlearn-bench-")
    env = dict(os.environ, PEERLEARN_HOME=os.path.join(work, "home"), PEERLEARN_CACHE=os.path.join(work, "cache"))
    env.pop("PEERLEARN_CONTENT", None)
    pl = peerlearn_cmd()
    if len(pl) > 1:  # not installed here: run the working tree with python -m
        env["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
        print("note: peerlearn is not installed beside this python; measuring 'python -m peerlearn' from the working tree,\n"
              "which starts slower than the installed command (install with: pip install .)\n")
    py = sys.executable
    print(f"peerlearn benchmarks: medians of {runs} runs (start-up figures: {max(runs * 3, 21)}); python {sys.version.split()[0]}; {os.cpu_count()} cores\n")

    quick = max(runs * 3, 21)  # start-up figures are short and this machine's noise is not: more pairs
    help_t, base_click = paired(pl + ["--help"], [py, "-c", "import click"], env, quick)
    _, help_mem = timed(pl + ["--help"], env)
    row("peerlearn --help", help_t, "ms", base_click, "python -c 'import click'", 1.3, "<= 1.3x", help_mem)

    from peerlearn.content.loader import load_content

    scenario = next(s for s in load_content(use_cache=False).scenarios if s.type == "single")
    quiz = pl + ["--plain", "quiz", "--scenario", scenario.id]
    first_question(quiz, env)  # the first run fills the content cache; the figure is for the second and later runs
    fq, base_cy = paired(quiz, [py, "-c", "import click, yaml"], env, quick,
                         lambda c: first_question(c, env) if c is quiz else timed(c, env)[0])
    _, fq_mem = timed(quiz, env)  # stdin is empty: the quiz pauses at its first question
    row("time to first quiz question (plain, 2nd run)", fq, "ms", base_cy, "python -c 'import click, yaml'", 2.0, "<= 2x", fq_mem)

    from gen_bank import generate

    bank = os.path.join(work, "bank")
    generate(bank, 2000)
    val_t, base_val = paired(pl + ["validate", bank], pl + ["validate"], env, runs)
    _, val_mem = timed(pl + ["validate", bank], env)
    row("validate 2,000 generated scenario files", val_t, "s", base_val, "validate built-in content", 3.0, "<= 3 s", val_mem)
    print(f"{'':<44} {val_t / 2000 * 1000:8.2f} ms per file")

    from make_history import make_history

    hist = os.path.join(work, "history")
    make_history(hist)
    henv = dict(env, PEERLEARN_HOME=hist)
    record = ("import sys, time\nfrom peerlearn.records.store import Store\ns = Store(sys.argv[1])\n"
              "r = {'scenario': 'bench', 'score': 1.0, 'competencies': ['PSP-1'], 'choices': [['', ['a']]], 'time': time.strftime('%Y-%m-%dT%H:%M:%S')}\n"
              "s.mastery_summary()\nts = []\nfor i in range(15):\n    t = time.perf_counter(); s.add_responses([dict(r, n=i)]); ts.append(time.perf_counter() - t)\n"
              "print(sorted(ts)[7])")
    empty = os.path.join(work, "empty")
    rec = float(subprocess.run([py, "-c", record, hist], capture_output=True, text=True, env=henv, check=True).stdout)
    rec_base = float(subprocess.run([py, "-c", record, empty], capture_output=True, text=True, env=henv, check=True).stdout)
    _, rec_mem = timed([py, "-c", record, hist], henv)
    row("record one answer (10 years of history)", rec, "ms", rec_base, "an empty store", 0.050, "<= 50 ms", rec_mem)
    for command, goal in (("status", 0.3), ("progress", 0.5)):
        timed(pl + [command], henv)  # warm the content cache
        t, base_cy = paired(pl + [command], [py, "-c", "import click, yaml"], henv, runs)
        _, mem = timed(pl + [command], henv)
        row(f"peerlearn {command} (10 years of history)", t, "ms", base_cy, "python -c 'import click, yaml'", goal,
            f"<= {int(goal * 1000)} ms", mem)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(ROWS, fh, indent=2)
    shutil.rmtree(work, ignore_errors=True)
    missed = [r["name"] for r in ROWS if r["met"] is False]
    print("\nAll goals met." if not missed else f"\nGoals not met: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
