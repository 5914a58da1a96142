"""The records store: crash-safe writes, locking, damaged files, private modes, forgetting."""
import json
import os
import random
import signal
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
        store.add_responses([{"scenario": "s", "score": 1.0, "competencies": ["PSP-1"], "time": "2026-01-01T00:00:00", "n": i}])
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


def test_a_writer_killed_mid_write_always_leaves_every_acknowledged_write(tmp_path):
    home = tmp_path / "records"
    kills = int(os.environ.get("PEERLEARN_CRASH_KILLS", "200"))
    rng = random.Random(7)
    acknowledged = set()
    start = 0
    deadline = time.monotonic() + 240
    for _ in range(kills):
        proc = spawn(home, start, "responses")
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged |= {int(x) for x in out.split() if x.isdigit()}
        start += 100_000
        stored = {r["n"] for r in Store(str(home)).responses()}
        assert acknowledged <= stored, f"lost {sorted(acknowledged - stored)[:5]}"
        assert time.monotonic() < deadline, "crash test took too long"
    assert acknowledged, "no write was ever acknowledged; the test proved nothing"
    assert not [f for f in os.listdir(home) if ".tmp" in f]  # leftovers of killed writes are cleared


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


def test_records_are_private(tmp_path):
    store = Store(str(tmp_path / "r"))
    store.add_reflection({"text": "mine", "time": "2026-01-01"})
    store.add_reflection({"text": "also mine", "time": "2026-01-02"})
    assert stat.S_IMODE(os.stat(store.home).st_mode) == 0o700
    for name in os.listdir(store.home):
        assert stat.S_IMODE(os.stat(os.path.join(store.home, name)).st_mode) == 0o600, name


def test_forgetting_reflections_removes_them_and_their_backups(tmp_path):
    store = Store(str(tmp_path / "r"))
    for text in ("one", "two"):
        store.add_reflection({"text": text, "time": "2026-01-01"})
    assert os.path.exists(os.path.join(store.home, "reflections.json.bak"))
    store.forget_reflections()
    assert store.reflections() == []
    left = "".join(open(os.path.join(store.home, f), encoding="utf-8", errors="replace").read() for f in os.listdir(store.home) if f.endswith((".json", ".bak")))
    assert "one" not in left and "two" not in left


def test_deleting_one_reflection_leaves_no_copy_in_the_backup(tmp_path):
    store = Store(str(tmp_path / "r"))
    first = store.add_reflection({"text": "keep me", "time": "1"})
    second = store.add_reflection({"text": "secret words", "time": "2"})
    assert store.delete_reflection(second)
    assert [r["doc_id"] for r in store.reflections()] == [first]
    for name in os.listdir(store.home):
        with open(os.path.join(store.home, name), encoding="utf-8", errors="replace") as fh:
            assert "secret words" not in fh.read(), name


def test_the_store_has_a_schema_version_and_migrates_an_unversioned_store_when_it_first_writes(tmp_path):
    from peerlearn.records.store import SCHEMA_VERSION

    home = tmp_path / "r"
    home.mkdir()
    raw = json.dumps({"profile": {"1": {"name": "Old"}}})
    (home / "learner.json").write_text(raw)
    (home / "log.json").write_text(json.dumps({"activities": {"1": activity("one"), "2": activity("two")}}))
    store = Store(str(home))
    assert store.profile()["name"] == "Old"
    assert (home / "learner.json").read_text() == raw  # reading writes nothing
    store.set_profile(email="old@example.org")
    data = json.loads((home / "learner.json").read_text())
    assert list(data["meta"].values())[0]["schema"] == SCHEMA_VERSION == 2
    assert json.loads((home / "log.json").read_text())["last_ids"] == {"1": {"activities": 2}}
    assert [a["doc_id"] for a in store.activities()] == [1, 2]  # the ids people saw stay theirs


def test_a_store_from_a_newer_peerlearn_is_refused_not_rewritten(tmp_path):
    from peerlearn.errors import PeerlearnError

    home = tmp_path / "r"
    home.mkdir()
    raw = json.dumps({"meta": {"1": {"schema": 99}}})
    (home / "learner.json").write_text(raw)
    with pytest.raises(PeerlearnError, match="newer peerlearn"):
        Store(str(home)).profile()
    assert (home / "learner.json").read_text() == raw
