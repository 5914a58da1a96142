"""The records store: crash-safe writes, locking, damaged files, private modes, forgetting."""
import json
import os
import random
import stat
import subprocess
import sys
import time

import pytest

from peerlearn.errors import StoreDamaged
from peerlearn.records.store import Store

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WRITER = """
import sys
from peerlearn.records.store import Store
store, start, kind = Store(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
i = start
while i < start + int(sys.argv[4]):
    if kind == "responses":
        store.add_responses([{"scenario": "s", "score": 1.0, "competencies": ["PSP-1"], "choices": [["", ["a"]]], "time": "2026-01-01T00:00:00", "n": i}])
    else:
        store.add_activity({"kind": "training", "title": f"entry {i}", "date": "2026-01-01", "hours": 1, "n": i})
    print(i, flush=True)
    i += 1
"""


def activity(title, day="2026-01-01", **more):
    return {"kind": "training", "title": title, "date": day, "hours": 1.0, **more}


def spawn(home, start, kind, count=10**6):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(start), kind, str(count)],
                            stdout=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
def test_a_writer_killed_mid_write_always_leaves_every_acknowledged_write(tmp_path):
    home = tmp_path / "records"
    kills = int(os.environ.get("PEERLEARN_CRASH_KILLS", "200"))
    rng = random.Random(7)
    acknowledged = set()
    start = 0
    for _ in range(kills):
        proc = spawn(home, start, "responses")
        assert proc.stdout.readline().strip() == "ready"
        # let it acknowledge 0 to 3 writes, then kill it at a random moment of the ones after:
        # the work done before the kill is bounded by writes, not by how fast the machine is
        seen = [int(proc.stdout.readline()) for _ in range(rng.randrange(4))]
        time.sleep(rng.uniform(0, 0.02))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up either way
        out, _ = proc.communicate()
        acknowledged |= set(seen) | {int(x) for x in out.split() if x.isdigit()}
        start += 100_000
        stored = {r["n"] for r in Store(str(home)).responses()}
        assert acknowledged <= stored, f"lost {sorted(acknowledged - stored)[:5]}"
    assert acknowledged, "no write was ever acknowledged; the test proved nothing"
    with Store(str(home)).locked():  # the next writer clears what killed writers left
        pass
    assert not [f for f in os.listdir(home) if ".tmp" in f]


@pytest.mark.slow
def test_two_processes_appending_at_once_lose_nothing(tmp_path):
    home = tmp_path / "records"
    procs = [spawn(home, 0, "log", 500), spawn(home, 10_000, "log", 500)]
    for p in procs:
        p.communicate(timeout=240)
        assert p.returncode == 0
    entries = Store(str(home)).activities()
    assert len(entries) == 1000
    assert len({e["n"] for e in entries}) == 1000


def test_a_damaged_file_is_reported_kept_byte_for_byte_and_never_overwritten(tmp_path):
    store = Store(str(tmp_path / "r"))
    store.add_activity(activity("first", "2026-01-01"))
    store.add_activity(activity("second", "2026-01-02"))
    path = os.path.join(store.home, "log.json")
    damaged = b'{"activities": {"1": {"title": "fir'
    with open(path, "wb") as fh:
        fh.write(damaged)
    with pytest.raises(StoreDamaged) as info:
        store.add_activity(activity("third", "2026-01-03"))
    message = str(info.value)
    assert "log.json" in message and "log.json.bak" in message and "cp " in message
    with open(path, "rb") as fh:
        assert fh.read() == damaged
    with open(path + ".bak", encoding="utf-8") as fh:
        assert [e["title"] for e in json.load(fh)["activities"].values()] == ["first"]


def test_the_cli_reports_a_damaged_file_without_a_traceback(run, isolated_home):
    Store(str(isolated_home)).set_profile(name="Ana")
    with open(isolated_home / "learner.json", "w") as fh:
        fh.write("{not json")
    result = run("profile")
    assert result.exit_code == 1
    assert "could not be read" in result.stderr and "Traceback" not in result.output


POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="file modes make files private on POSIX only")


@POSIX_ONLY
def test_records_are_private(tmp_path):
    store = Store(str(tmp_path / "r"))
    store.add_reflection({"text": "mine", "time": "2026-01-01"})
    store.add_reflection({"text": "also mine", "time": "2026-01-02"})
    assert stat.S_IMODE(os.stat(store.home).st_mode) == 0o700
    for name in os.listdir(store.home):
        assert stat.S_IMODE(os.stat(os.path.join(store.home, name)).st_mode) == 0o600, name


def test_where_modes_do_not_make_files_private_the_store_still_writes_and_reads(tmp_path, monkeypatch):
    """The Windows branch of the store (no chmod, no fchmod), run here by setting
    peerlearn.system's flag: records are written, backed up and read back all the same."""
    from peerlearn import system

    monkeypatch.setattr(system, "MODES_MEAN_PRIVATE", False)
    store = Store(str(tmp_path / "r"))
    store.add_reflection({"text": "mine", "time": "2026-01-01"})
    store.add_reflection({"text": "also mine", "time": "2026-01-02"})
    assert [r["text"] for r in Store(store.home).reflections()] == ["mine", "also mine"]
    assert os.path.isfile(os.path.join(store.home, "reflections.json.bak"))


@POSIX_ONLY
def test_a_folder_that_was_already_there_is_used_without_changing_its_mode(run, tmp_path):
    home = tmp_path / "mine"
    home.mkdir()
    home.chmod(0o755)
    assert run("--home", str(home), "profile", "--name", "Ana").exit_code == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert stat.S_IMODE((home / "learner.json").stat().st_mode) == 0o600


def test_a_folder_holding_other_things_and_no_records_is_refused_and_left_alone(run, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text("{}")
    project.chmod(0o755)
    for args in (["profile", "--name", "Ana"], ["log", "list"], ["forget", "--all", "--yes"]):
        result = run("--home", str(project), *args)
        assert result.exit_code == 1, args
        assert "already holds other files and no peerlearn records" in result.stderr, args
    assert sorted(os.listdir(project)) == ["package.json"]
    assert (project / "package.json").read_text() == "{}"
    assert os.name != "posix" or stat.S_IMODE(project.stat().st_mode) == 0o755


def test_reading_a_store_that_is_not_there_makes_nothing(run, tmp_path):
    home = tmp_path / "none"
    for args in (["progress"], ["log", "list"], ["journal", "list"], ["status"], ["export", "--format", "json"]):
        assert run("--home", str(home), *args).exit_code == 0, args
    assert not home.exists()


# -- ids that are never given again -------------------------------------------------------------

def test_a_removed_entrys_id_is_never_given_again(tmp_path):
    store = Store(str(tmp_path / "r"))
    ids = [store.add_activity(activity(t)) for t in ("a", "b", "c")]
    assert ids == [1, 2, 3]
    assert store.remove_activity(3)
    assert store.add_activity(activity("d")) == 4
    journal = [store.add_reflection({"text": t, "time": t}) for t in ("x", "y")]
    assert store.delete_reflection(journal[-1])
    assert store.add_reflection({"text": "z", "time": "z"}) == 3


def test_editing_an_entry_that_is_gone_or_changed_writes_nothing(tmp_path):
    from peerlearn.errors import EntryChanged

    store = Store(str(tmp_path / "r"))
    first, second = store.add_activity(activity("a")), store.add_activity(activity("b"))
    seen = store.activity(second)
    assert store.remove_activity(second)
    assert store.update_activity(second, {"title": "edited"}) is False
    assert not store.remove_activity(second)
    shown = store.activity(first)
    assert store.update_activity(first, {"title": "from one window"}, expect=shown)
    with pytest.raises(EntryChanged):
        store.update_activity(first, {"title": "from the other"}, expect=shown)
    assert [a["title"] for a in store.activities()] == ["from one window"]
    assert seen["title"] == "b"


def test_log_edit_after_a_remove_and_an_add_never_lands_on_the_new_entry(run, isolated_home):
    for title in ("one", "two", "three"):
        assert run("log", "add", "--kind", "training", "--title", title, "--date", "2026-01-05", "--hours", "1").exit_code == 0
    assert run("log", "remove", "3", "--yes").exit_code == 0
    assert run("log", "add", "--kind", "training", "--title", "unrelated", "--date", "2026-01-06", "--hours", "2").exit_code == 0
    result = run("--plain", "log", "edit", "3", "--title", "meant for three")
    assert result.exit_code == 1 and "no logged activity #3" in result.stderr
    assert [a["title"] for a in Store(str(isolated_home)).activities()] == ["one", "two", "unrelated"]


# -- forget -------------------------------------------------------------------------------------

def _holding(home, words) -> list[str]:
    """The names in `home` (files, and files in folders) whose bytes hold any of `words`."""
    found = []
    for folder, _, names in os.walk(home):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    raw = fh.read()
                if any(w.encode() in raw for w in words):
                    found.append(os.path.relpath(path, home))
    return found


@pytest.mark.parametrize("learner", [b"{not json", json.dumps({"meta": {"1": {"schema": 99}}}).encode()], ids=["damaged", "newer"])
def test_forget_erases_every_copy_whatever_state_the_other_files_are_in(run, isolated_home, learner):
    store = Store(str(isolated_home))
    store.set_profile(name="Ana")
    store.add_reflection({"text": "private words", "time": "2026-01-01"})
    store.add_reflection({"text": "more private words", "time": "2026-01-02"})
    (isolated_home / "reflections.json.damaged").write_bytes((isolated_home / "reflections.json").read_bytes())
    (isolated_home / ".reflections.json.999999.abcdefgh.tmp").write_text("private words, half written")
    (isolated_home / "learner.json").write_bytes(learner)
    result = run("forget", "--reflections", "--yes")
    assert result.exit_code == 0, result.stderr
    assert _holding(isolated_home, ["private words"]) == []
    assert (isolated_home / "learner.json").read_bytes() == learner  # not readable: left as it is
    (isolated_home / "learner.json.damaged").write_bytes(learner)
    (isolated_home / "notes-of-mine.txt").write_text("not peerlearn's")
    result = run("forget", "--all", "--yes")
    assert result.exit_code == 0, result.stderr
    # the lock file stays where flock is used (so waiters share it); a soft lock removes it
    assert sorted(set(os.listdir(isolated_home)) - {".lock"}) == ["notes-of-mine.txt"]


def test_a_journal_delete_that_crashes_leaves_no_copy_of_the_deleted_entry(tmp_path):
    """The process dies right after the new file is in place: the entry must not survive in the
    backup (the delete counts as done once the main file no longer holds it)."""
    home = tmp_path / "r"
    store = Store(str(home))
    store.add_reflection({"text": "keep this", "time": "1"})
    doomed = store.add_reflection({"text": "secret words", "time": "2"})
    store.add_reflection({"text": "and this", "time": "3"})
    code = f"""
import os, sys
real = os.replace
def replace(src, dst, *a, **k):
    real(src, dst, *a, **k)
    if os.path.basename(dst) == "reflections.json":
        os._exit(9)
os.replace = replace
from peerlearn.records.store import Store
Store(sys.argv[1]).delete_reflection({doomed})
"""
    proc = subprocess.run([sys.executable, "-c", code, str(home)], env=dict(os.environ, PYTHONPATH=ROOT))
    assert proc.returncode == 9  # it really died part-way
    assert [r["text"] for r in Store(str(home)).reflections()] == ["keep this", "and this"]
    assert _holding(home, ["secret words"]) == []


def test_only_leftovers_whose_writer_is_gone_or_that_are_old_are_removed(tmp_path):
    store = Store(str(tmp_path / "r"))
    store.add_activity(activity("a"))
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = {"live": f".log.json.{live.pid}.abcd1234.tmp", "dead": f".log.json.{dead.pid}.abcd1234.tmp",
             "old": ".log.json.zyxw9876.tmp", "new": ".log.json.qrst5432.tmp"}
    try:
        for name in names.values():
            (tmp_path / "r" / name).write_text("{}")
        hour_ago = time.time() - 3600
        os.utime(tmp_path / "r" / names["old"], (hour_ago, hour_ago))
        store.add_activity(activity("b"))  # a writer takes the lock and clears what is nobody's
        left = set(os.listdir(tmp_path / "r"))
        assert names["live"] in left and names["new"] in left  # a writer may still be busy with them
        assert names["dead"] not in left and names["old"] not in left
    finally:
        live.stdin.close()
        live.wait()
