"""The store's tests again, in Python processes where `import fcntl` fails, as on Windows: the
store then runs on filelock's soft lock (no flock, no folder lock), and still loses nothing to
two writers at once or to a writer killed mid-write. tests/without_fcntl/sitecustomize.py, put
on PYTHONPATH, blocks the import in the test process and in every writer process it starts."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
BLOCKER = HERE.parent / "without_fcntl"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BLOCKER), env.get("PYTHONPATH")) if p)
    # each kill that lands between a soft lock's making and its naming costs the next writer
    # lock.SOFT_LIFETIME of waiting; 60 kills keep the run within a couple of minutes
    env["PEERLEARN_CRASH_KILLS"] = "60"
    return env


def test_the_blocker_makes_fcntl_unimportable_and_the_store_take_the_soft_lock(tmp_path):
    probe = ("import sys\n"
             "from peerlearn.records.lock import FolderLock, _portalocker\n"
             "try:\n    import fcntl\nexcept ImportError:\n    print('no-fcntl')\n"
             "print('native' if _portalocker() else 'no-native')\n"
             "lock = FolderLock(sys.argv[1], 0o600)\n"
             "assert lock.acquire(blocking=True)\n"
             "print(type(lock._soft).__name__)\n"
             "lock.release()\n")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], env=_env(), capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["no-fcntl", "no-native", "SoftFileLock"]


@pytest.mark.slow
def test_the_store_tests_pass_without_fcntl():
    proc = subprocess.run([sys.executable, "-m", "pytest", str(HERE), "-q", "-rs", "-p", "no:cacheprovider",
                           "--ignore", __file__], env=_env(), capture_output=True, text=True, timeout=1200)
    tail = proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, tail
    summary = proc.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    # left out: the test a soft lock cannot pass, and one that needs fcntl itself to measure
    skipped = [line for line in proc.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) <= 2 and all("soft lock" in line or "fcntl" in line for line in skipped), skipped
