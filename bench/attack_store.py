"""Attack the records store and print what held: the kill, race and corruption campaigns.

    python bench/attack_store.py                  # all three, default sizes
    python bench/attack_store.py --kills 3000 --only kill

kill:        writer processes (quiz answers that move their session on, log adds, journal
             writes) are killed with SIGKILL at random moments; after each kill every
             acknowledged write must be there, every file must load, and no quiz answer may
             be asked again on resume.
race:        N writers at once; the same with `.lock` deleted over and over while they run;
             `log edit` racing `log remove` and `log add` (an edit must never land on an entry
             other than the one its id named).
corruption:  each kind of damaged store file x each store file x each command, run as a
             subprocess with a timeout: tracebacks, hangs, other exit codes, refusals without
             the damaged-file message, and writes into the damaged file are counted.

It runs the peerlearn found on sys.path (run it from the repository, or after installing).
Figures only: nothing here is a test (tests/records/ holds the bounded versions).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
ENV.pop("PEERLEARN_CONTENT", None)

WRITER = r"""
import sys
from peerlearn.flows.quiz import QuizSession
from peerlearn.records.store import Store
store, kind, start = Store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
i = start
if kind == "quiz":
    state = QuizSession(f"kill-{start}", "quiz", [f"s{n}" for n in range(start, start + 200)])
    store.save_session("quiz", state.to_dict())
while True:
    if kind == "quiz":
        rec = {"scenario": f"s{i}", "score": 1.0, "competencies": ["PSP-1"], "choices": [["", ["a"]]], "session": state.session_id,
               "time": f"2026-01-01T00:00:{i % 60:02d}", "n": i}
        def advance(rec=rec):
            state.advance(rec)
            store.save_session("quiz", state.to_dict())
        store.add_responses([rec], then=advance)
    elif kind == "log":
        store.add_activity({"kind": "training", "title": f"entry {i}", "date": "2026-01-01", "hours": 1, "n": i})
    else:
        store.add_reflection({"text": f"thought {i}", "time": "2026-01-01", "n": i})
    print(i, flush=True)
    i += 1
"""


def store_mod():
    sys.path.insert(0, ROOT)
    from peerlearn.records import store

    return store


def all_files_load(home: str) -> bool:
    from peerlearn.errors import StoreDamaged
    from peerlearn.records.storage import read_json

    st = store_mod()
    for name in os.listdir(home):
        if name.endswith(".json"):
            try:
                read_json(os.path.join(home, name), st.shape_problem)
            except StoreDamaged:
                return False
    return True


def kill_campaign(kills: int, seed: int) -> dict:
    st = store_mod()
    from peerlearn.flows.quiz import QuizSession

    rng = random.Random(seed)
    home = tempfile.mkdtemp(prefix="attack-kill-")
    acked = {"quiz": set(), "log": set(), "journal": set()}
    lost = unloadable = reasked = caught_up = 0
    start = 0
    t0 = time.perf_counter()
    for k in range(kills):  # noqa: B007 - k counts the kills made, reported below
        kind = rng.choice(["quiz", "log", "journal"])
        proc = subprocess.Popen([sys.executable, "-c", WRITER, home, kind, str(start)], stdout=subprocess.PIPE,
                                text=True, env=ENV)
        proc.stdout.readline()
        # 0 to 3 writes acknowledged, then a kill at a random moment of the ones after
        seen = {int(proc.stdout.readline()) for _ in range(rng.randrange(4))}
        time.sleep(rng.uniform(0, 0.03))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        out, _ = proc.communicate()
        acked[kind] |= seen | {int(x) for x in out.split() if x.isdigit()}
        store = st.Store(home)
        if not all_files_load(home):
            unloadable += 1
            break
        stored = {"quiz": {r["n"] for r in store.responses()},
                  "log": {a["n"] for a in store.activities()},
                  "journal": {r["n"] for r in store.reflections()}}
        lost += sum(len(acked[x] - stored[x]) for x in acked)
        if kind == "quiz":
            data = store.session("quiz")
            if data and data["session_id"] == f"kill-{start}":
                state = QuizSession.from_dict(data)
                answered = {r["scenario"] for r in store.responses() if r.get("session") == state.session_id}
                if state.remaining and state.remaining[0] in answered:
                    caught_up += 1  # killed between the answer and the move on
                state.catch_up(store.responses())
                reasked += len(answered & set(state.remaining))
        start += 100_000
    with st.Store(home).locked():
        pass
    leftovers = [n for n in os.listdir(home) if n.endswith((".tmp", ".tmp.bak"))]
    shutil.rmtree(home)
    return {"kills": k + 1, "acknowledged writes": sum(len(v) for v in acked.values()), "lost": lost,
            "runs leaving an unloadable file": unloadable,
            "kills between an answer and its session moving on": caught_up,
            "answers that would be asked again on resume": reasked,
            "temp files left after the next writer": len(leftovers), "seconds": round(time.perf_counter() - t0, 1)}


LOG_WRITER = r"""
import sys
from peerlearn.records.store import Store
store, tag, count = Store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(count):
    store.add_activity({"kind": "training", "title": f"{tag}-{i}", "date": "2026-01-01", "hours": 1})
    store.add_reflection({"text": f"{tag}-{i}", "time": "2026-01-01"})
"""

EDITOR = r"""
import sys
from peerlearn.cli import cli
home, rounds = sys.argv[1], int(sys.argv[2])
for _ in range(rounds):
    for i in range(1, 41):
        try:
            cli.main(["--home", home, "--plain", "log", "edit", str(i), "--note", f"edit of #{i}"], prog_name="peerlearn")
        except SystemExit:
            pass
"""

REMOVER_ADDER = r"""
import sys
from peerlearn.cli import cli
home, rounds = sys.argv[1], int(sys.argv[2])
def run(*args):
    try:
        cli.main(["--home", home, *args], prog_name="peerlearn")
    except SystemExit:
        pass
for r in range(rounds):
    for i in range(40, 0, -1):
        run("log", "remove", str(i), "--yes")
        run("log", "add", "--kind", "training", "--title", f"added {r}-{i}", "--date", "2026-01-06", "--hours", "1")
"""


def _writers(home, n, count, delete_lock=False) -> dict:
    st = store_mod()
    st.Store(home).add_activity({"kind": "training", "title": "first", "date": "2026-01-01", "hours": 1})
    procs = [subprocess.Popen([sys.executable, "-c", LOG_WRITER, home, f"w{i}", str(count)], env=ENV,
                              stderr=subprocess.PIPE, text=True) for i in range(n)]
    deleted = 0
    while delete_lock and any(p.poll() is None for p in procs):
        try:
            os.unlink(os.path.join(home, ".lock"))
            deleted += 1
        except FileNotFoundError:
            pass
    errors = [p.communicate()[1] for p in procs]
    store = st.Store(home)
    titles = [a["title"] for a in store.activities()]
    notes = [r["text"] for r in store.reflections()]
    ids = [a["doc_id"] for a in store.activities()]
    return {"writers": n, "writes each": 2 * count, "lock deletions": deleted,
            "crashed writers": sum(1 for p in procs if p.returncode != 0),
            "tracebacks": sum(e.count("Traceback") for e in errors),
            "log entries lost": 1 + n * count - len(set(titles)), "journal entries lost": n * count - len(set(notes)),
            "ids given twice": len(ids) - len(set(ids))}


def race_campaign(writers: int, count: int, edit_rounds: int) -> dict:
    st = store_mod()
    out = {}
    for label, delete in (("concurrent writers", False), ("writers with .lock deleted", True)):
        home = tempfile.mkdtemp(prefix="attack-race-")
        t0 = time.perf_counter()
        out[label] = _writers(os.path.join(home, "r"), writers, count, delete)
        out[label]["seconds"] = round(time.perf_counter() - t0, 1)
        shutil.rmtree(home)
    home = os.path.join(tempfile.mkdtemp(prefix="attack-edit-"), "r")
    store = st.Store(home)
    for i in range(1, 41):
        store.add_activity({"kind": "training", "title": f"original #{i}", "date": "2026-01-05", "hours": 1})
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", EDITOR, home, str(edit_rounds)], env=ENV, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True),
             subprocess.Popen([sys.executable, "-c", REMOVER_ADDER, home, str(max(1, edit_rounds // 2))], env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    results = [p.communicate() for p in procs]
    updated = results[0][0].count("Updated #")
    wrong = missing = 0
    entries = {a["doc_id"]: a for a in st.Store(home).activities()}
    for a in entries.values():
        if a.get("note") and a["title"] != "original " + a["note"][len("edit of "):]:
            wrong += 1
    for line in results[0][0].splitlines():  # an "Updated #i" whose entry is still there must hold the edit
        if line.startswith("Updated #"):
            i = int(line[len("Updated #"):].rstrip("."))
            if i in entries and not entries[i].get("note"):
                missing += 1
    out["edit racing remove and add"] = {
        "edits attempted": 40 * edit_rounds, "edits reported done": updated, "edits on the wrong entry": wrong,
        "'Updated' with nothing written": missing,
        "tracebacks": sum(e.count("Traceback") for _, e in results), "seconds": round(time.perf_counter() - t0, 1)}
    shutil.rmtree(os.path.dirname(home))
    return out


def _deep(n):
    return '{"a":' * n + "1" + "}" * n


def damage_kinds(table: str, depth: int = 100_000) -> dict:
    """Each kind of damaged records file that holds `table`, as a function that makes it at a
    path (a str or a Path). tests/records/test_robustness.py runs every command on the same kinds."""
    def write(text):
        return lambda p: open(p, "w", encoding="utf-8").write(text)

    doc = {"responses": {"scenario": "x", "score": 1, "competencies": ["PSP-1"]},
           "activities": {"kind": "training", "title": "t", "hours": 1},
           "reflections": {"time": "2026-01-01"}, "profile": {"name": 7}}[table]
    kinds = {
        "invalid JSON": write("{not json"),
        "a folder": lambda p: os.mkdir(p),
        **({"a FIFO": lambda p: os.mkfifo(p)} if hasattr(os, "mkfifo") else {}),  # named pipes are POSIX-only
        "a dangling link": lambda p: os.symlink(os.fspath(p) + ".nowhere", p),
        "a link loop": lambda p: (os.symlink(os.fspath(p) + ".loop", p), os.symlink(p, os.fspath(p) + ".loop")),
        "deep nesting": write(_deep(depth)),
        "a table that is a list": write(json.dumps({table: [1, 2]})),
        "a document that is a number": write(json.dumps({table: {"1": 5}})),
        "a top level that is a number": write("5"),
        "a missing or wrong field": write(json.dumps({table: {"1": doc}})),
    }
    if table == "profile":
        for v in (-1, "x", 0.5):
            kinds[f"records version {v!r}"] = write(json.dumps({"meta": {"1": {"schema": v}}}))
    return kinds


def snapshot(path):
    st = os.lstat(path)
    if stat.S_ISREG(st.st_mode):
        with open(path, "rb") as fh:
            raw = fh.read()
    elif stat.S_ISLNK(st.st_mode):
        raw = os.readlink(path)
    else:
        raw = sorted(os.listdir(path)) if stat.S_ISDIR(st.st_mode) else None
    return st.st_ino, st.st_mode, raw


def corruption_campaign(timeout: float) -> dict:
    st = store_mod()
    from peerlearn.clock import now_iso
    from peerlearn.content.loader import load_content

    content = load_content()
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from learner_helpers import best_answer_lines

    single = next(s for s in content.scenarios if s.type == "single")
    answer = "\n".join(best_answer_lines(single)) + "\n"
    today = now_iso()[:10]
    commands = [["profile", "--name", "Bo"], ["profile"], ["log", "list"], ["journal", "list"], ["progress"], ["status"],
                ["transcript"], ["export", "--format", "json"], ["export", "--format", "xapi"], ["home"],
                ["log", "add", "--kind", "training", "--title", "T", "--date", today, "--hours", "1"],
                ["log", "edit", "1", "--title", "E"], ["log", "remove", "1", "--yes"],
                ["journal", "write", "--text", "a thought"], ["journal", "delete", "1", "--yes"],
                ["quiz", "--scenario", single.id], ["forget", "--reflections", "--yes"]]
    files = {"learner.json": "profile", "log.json": "activities", "reflections.json": "reflections",
             f"responses-{today[:7]}.json": "responses"}
    counts = {"runs": 0, "tracebacks": 0, "hangs": 0, "other exit codes": 0, "refusals without the damaged-file message": 0,
              "writes into a damaged file": 0, "refused": 0, "ran (did not need the file)": 0}
    where = []
    base = tempfile.mkdtemp(prefix="attack-corrupt-")
    t0 = time.perf_counter()
    case = 0
    for name, table in files.items():
        for kind, make in damage_kinds(table).items():
            for args in commands:
                if args[0] == "forget" and name == "reflections.json":
                    continue  # forgetting the reflections erases the damaged file: that is its job
                case += 1
                home = os.path.join(base, f"c{case}")
                store = st.Store(home)
                store.set_profile(name="Ana")
                store.add_activity({"kind": "training", "title": "kept", "date": today, "hours": 1})
                store.add_reflection({"text": "kept", "time": now_iso()})
                store.add_responses([{"scenario": single.id, "score": 1.0, "competencies": list(single.competencies),
                                      "choices": [["", ["a"]]], "time": now_iso(), "session": "s"}])
                target = os.path.join(home, name)
                os.unlink(target)
                make(target)
                before = snapshot(target)
                env = dict(ENV, PEERLEARN_HOME=home, PEERLEARN_CACHE=os.path.join(base, "cache"))
                counts["runs"] += 1
                try:
                    proc = subprocess.run([sys.executable, "-m", "peerlearn", "--plain", *args], input=answer, text=True,
                                          capture_output=True, env=env, timeout=timeout)
                except subprocess.TimeoutExpired:
                    counts["hangs"] += 1
                    where.append(("hang", name, kind, args))
                    continue
                if "Traceback" in proc.stderr:
                    counts["tracebacks"] += 1
                    where.append(("traceback", name, kind, args, proc.stderr.strip().splitlines()[-1]))
                if proc.returncode not in (0, 1):
                    counts["other exit codes"] += 1
                elif proc.returncode == 1:
                    counts["refused"] += 1
                    if "could not be read" not in proc.stderr:
                        counts["refusals without the damaged-file message"] += 1
                        where.append(("message", name, kind, args, proc.stderr.strip()[:200]))
                else:
                    counts["ran (did not need the file)"] += 1
                if not args[0] == "forget" and snapshot(target) != before:
                    counts["writes into a damaged file"] += 1
                    where.append(("written", name, kind, args))
    shutil.rmtree(base, ignore_errors=True)
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    return {"figures": counts, "first problems": where[:15]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=500)
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--writes", type=int, default=150, help="log entries (and as many journal entries) per writer")
    ap.add_argument("--edit-rounds", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds before a command counts as hung")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--only", choices=["kill", "race", "corruption"], action="append")
    args = ap.parse_args(argv)
    only = args.only or ["kill", "race", "corruption"]
    report = {}
    if "kill" in only:
        report["kill"] = kill_campaign(args.kills, args.seed)
        print(json.dumps({"kill": report["kill"]}, indent=2), flush=True)
    if "race" in only:
        report["race"] = race_campaign(args.writers, args.writes, args.edit_rounds)
        print(json.dumps({"race": report["race"]}, indent=2), flush=True)
    if "corruption" in only:
        report["corruption"] = corruption_campaign(args.timeout)
        print(json.dumps({"corruption": report["corruption"]}, indent=2, default=str), flush=True)
    return report


if __name__ == "__main__":
    main()
