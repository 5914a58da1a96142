"""The records folder's lock (peerlearn/records/lock.py) and the process checks the store uses
for paused sessions and leftovers, on every system's branch that can be run here."""
import os
import subprocess
import sys

from peerlearn.records import lock as lock_module
from peerlearn.records import store as store_module
from peerlearn.records.store import Store

HOLDER = """
import sys
from peerlearn.records.store import Store
with Store(sys.argv[1]).locked():
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_a_writer_kept_waiting_too_long_says_so_and_saves_nothing(run, isolated_home, monkeypatch):
    Store(str(isolated_home)).set_profile(name="Ana")
    before = sorted(os.listdir(isolated_home)), (isolated_home / "learner.json").read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(isolated_home)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0.2)
        result = run("log", "add", "--kind", "training", "--title", "Boundaries refresher", "--date", "2026-03-02",
                     "--hours", "2")
    finally:
        holder.communicate("")
    assert result.exit_code == 1
    assert "another peerlearn" in result.stderr and "nothing was saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert "saved" not in result.stdout
    assert (sorted(os.listdir(isolated_home)), (isolated_home / "learner.json").read_bytes()) == before
    assert Store(str(isolated_home)).activities() == []
    assert run("log", "add", "--kind", "training", "--title", "Boundaries refresher", "--date", "2026-03-02",
               "--hours", "2").exit_code == 0  # once the other one has finished


def test_a_reader_never_waits_for_the_lock(isolated_home):
    Store(str(isolated_home)).set_profile(name="Ana")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(isolated_home)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        store = Store(str(isolated_home))
        with store._locked_if_free() as got:
            assert got is False
        assert store.profile()["name"] == "Ana"
    finally:
        holder.communicate("")


def test_the_process_checks_agree_on_a_running_and_a_finished_process():
    """psutil's answers (used off Linux) and /proc's and os.kill's (used on Linux), side by side."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert store_module._pid_alive(proc.pid) and store_module._psutil_alive(proc.pid)
        assert store_module._started(proc.pid) is not None and store_module._psutil_started(proc.pid) is not None
        assert store_module._psutil_started(proc.pid) == store_module._psutil_started(proc.pid)
    finally:
        proc.communicate(b"")
    assert not store_module._pid_alive(proc.pid) and not store_module._psutil_alive(proc.pid)
    assert store_module._started(proc.pid) is None and store_module._psutil_started(proc.pid) is None


def test_the_lock_is_the_systems_where_there_is_flock_and_a_second_writer_is_kept_out(tmp_path):
    lock = lock_module.FolderLock(str(tmp_path), 0o600)
    assert lock.acquire(blocking=True)
    try:
        if os.name == "posix" and lock_module._portalocker() is not None:
            assert lock._soft is None and len(lock._fds) == 2  # `.lock` and the folder
        else:
            assert lock._soft is not None  # filelock's soft lock
        other = lock_module.FolderLock(str(tmp_path), 0o600)
        assert other.acquire(blocking=False) is False
    finally:
        lock.release()
    again = lock_module.FolderLock(str(tmp_path), 0o600)
    assert again.acquire(blocking=False) is True
    again.release()
