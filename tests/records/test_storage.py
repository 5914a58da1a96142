"""The storage under the store: exports written with -o, damaged files of every kind, folders.

Tests of what only POSIX systems have (FIFOs, device nodes, a shell, file modes that make a
file private) are skipped elsewhere; the POSIX-only modules they use are imported inside them,
so that this file imports on Windows too."""
import json
import os
import shlex
import stat
import subprocess
import sys
import threading
import time

import pytest

from peerlearn.errors import CannotWrite, StoreDamaged
from peerlearn.records.storage import damaged_message, ensure_private_dir, read_json, write_text_private

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POSIX = os.name == "posix"
FIFOS = pytest.mark.skipif(not POSIX, reason="named pipes (os.mkfifo) are POSIX-only")
MODES = pytest.mark.skipif(not POSIX, reason="file modes say who may read a file only on POSIX systems")


# -- -o: what is at the path decides how it is written ------------------------------------------

def test_o_replaces_a_regular_file_whole_and_creates_an_absent_one(tmp_path):
    target = tmp_path / "out.md"
    write_text_private(str(target), "first\n")
    write_text_private(str(target), "second\n")
    assert target.read_text() == "second\n"
    if POSIX:  # elsewhere a mode is only a read-only flag
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.md"]  # no temp file left beside it


@pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="making a device node needs root on a POSIX system, as the attack had")
def test_o_writes_into_a_character_device_without_replacing_it(tmp_path):
    null = tmp_path / "null"  # a device node of our own: the system's /dev/null is never put at risk
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = os.stat(null)
    write_text_private(str(null), "a transcript\n")
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_o_follows_a_symbolic_link_and_writes_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "transcript.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_text_private(str(link), "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new\n"
    dangling = tmp_path / "to-be.md"
    dangling.symlink_to(tmp_path / "real" / "later.md")
    write_text_private(str(dangling), "made\n")
    assert dangling.is_symlink() and (tmp_path / "real" / "later.md").read_text() == "made\n"


def test_o_refuses_a_folder_and_a_link_loop_with_a_message(tmp_path):
    with pytest.raises(CannotWrite, match="it is a folder; nothing was written"):
        write_text_private(str(tmp_path), "x")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(CannotWrite, match="loops"):
        write_text_private(str(tmp_path / "a"), "x")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


@FIFOS
def test_o_writes_into_a_fifo_someone_reads_and_refuses_one_nobody_reads(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(CannotWrite, match="nothing is reading from that pipe"):
        write_text_private(str(fifo), "x")  # reported at once, not waited on
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text_private(str(fifo), "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def _peerlearn_in_bash(script: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT, PEERLEARN_HOME=str(tmp_path / "home"), PEERLEARN_CACHE=str(tmp_path / "cache"))
    env.pop("PEERLEARN_CONTENT", None)
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)


@pytest.mark.skipif(not POSIX, reason="bash's process substitution and /dev/fd are POSIX-only")
def test_o_to_a_process_substitution_and_to_standard_output_works(tmp_path):
    # /dev/stdout is a link to /proc/self/fd/1; /dev/fd/1 is the same file and, unlike
    # /dev/stdout, cannot be replaced by a peerlearn that gets this wrong (this test runs as root)
    py = shlex.quote(sys.executable)
    result = _peerlearn_in_bash(f"{py} -m peerlearn export --format csv -o >(cat > sub.csv); sleep 0.2; "
                                f"{py} -m peerlearn export --format csv -o /dev/fd/1 > out.csv", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name in ("sub.csv", "out.csv"):
        assert (tmp_path / name).read_text().startswith("date,"), name


# -- damaged files of every kind ----------------------------------------------------------------

def _fifo_backlog(fd: int) -> int:
    import array
    import fcntl
    import termios

    n = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, n)
    return n[0]


@FIFOS
def test_a_fifo_at_a_store_path_is_reported_without_reading_from_it(tmp_path):
    pytest.importorskip("fcntl", reason="the test measures the pipe's backlog with fcntl.ioctl")
    path = tmp_path / "log.json"
    os.mkfifo(path)
    payload = b'{"activities": {}}'
    fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)  # a writer keeps data waiting in the pipe
    os.write(fd, payload)
    done, drained = threading.Event(), []

    def let_a_blocked_reader_finish():  # an older peerlearn drained the pipe, then waited for ever
        while not done.is_set():
            if _fifo_backlog(fd) == 0:
                drained.append(True)
                os.close(fd)
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=let_a_blocked_reader_finish)
    watcher.start()
    try:
        with pytest.raises(StoreDamaged, match="not a regular file"):
            read_json(str(path))
    finally:
        done.set()
        watcher.join()
    assert not drained
    assert _fifo_backlog(fd) == len(payload)  # nothing was read out of it
    os.close(fd)


def _deep(n: int) -> bytes:
    return b'{"a":' * n + b"1" + b"}" * n


def _kinds(tmp_path):
    """Each damaged kind: a maker of the thing at `path`."""
    def write(raw):
        return lambda p: p.write_bytes(raw)

    return {
        "a folder": lambda p: p.mkdir(),
        "a link loop": lambda p: (p.symlink_to(p.parent / (p.name + ".x")), (p.parent / (p.name + ".x")).symlink_to(p)),
        "a dangling link": lambda p: p.symlink_to(tmp_path / "nowhere.json"),
        "deeply nested JSON": write(_deep(100_000)),
        "a table that is a list": write(b'{"activities": [1, 2]}'),
        "a document that is a number": write(b'{"activities": {"1": 7}}'),
        "a top level that is a number": write(b"7"),
        "a missing field": write(json.dumps({"activities": {"1": {"title": "no date", "kind": "training", "hours": 1}}}).encode()),
        "a field of the wrong kind": write(json.dumps({"activities": {"1": {"title": 5, "date": "2026-01-01", "kind": "training", "hours": 1}}}).encode()),
        "an entry numbered oddly": write(b'{"activities": {"one": {}}}'),
        "schema version -1": write(b'{"meta": {"1": {"schema": -1}}}'),
        'schema version "x"': write(b'{"meta": {"1": {"schema": "x"}}}'),
        "schema version 0.5": write(b'{"meta": {"1": {"schema": 0.5}}}'),
        "NaN": write(b'{"activities": {"1": {"title": "t", "date": "2026-01-01", "kind": "training", "hours": NaN}}}'),
        "a very long number": write(b'{"activities": {"1": {"hours": ' + b"9" * 5000 + b"}}}"),
        "not UTF-8": write(b'{"activities": {"1": {"title": "\xff"}}}'),
    }


def test_every_kind_of_damaged_file_is_reported_and_left_as_it_is(tmp_path):
    from peerlearn.records.store import shape_problem

    for n, (kind, make) in enumerate(_kinds(tmp_path).items()):
        path = tmp_path / f"case{n}" / "log.json"
        path.parent.mkdir()
        make(path)
        before = os.lstat(path)
        raw = path.read_bytes() if stat.S_ISREG(before.st_mode) else None
        with pytest.raises(StoreDamaged, match="could not be read") as info:
            read_json(str(path), shape_problem)
        assert "\n" in str(info.value) and "Traceback" not in str(info.value), kind
        after = os.lstat(path)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), kind
        if raw is not None:
            assert path.read_bytes() == raw, kind


@pytest.mark.skipif(not POSIX, reason="the advice is run by sh, which POSIX systems have")
def test_the_restore_advice_is_quoted_for_the_shell(tmp_path):
    folder = tmp_path / "it's $(touch PWNED) here"
    folder.mkdir()
    path = folder / "log.json"
    path.write_text("{bad")
    (folder / "log.json.bak").write_text("{}")
    command = damaged_message(str(path), "not valid JSON").splitlines()[-1].strip()
    subprocess.run(["sh", "-c", command], check=True, cwd=tmp_path)
    assert not (tmp_path / "PWNED").exists()
    assert (folder / "log.json").read_text() == "{}" and (folder / "log.json.damaged").read_text() == "{bad"


def test_a_records_file_that_is_a_link_stays_a_link_and_its_target_is_written(tmp_path):
    from peerlearn.records.store import Store

    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "log.json").write_text("{}")
    home = tmp_path / "r"
    home.mkdir()
    (home / "log.json").symlink_to(synced / "log.json")
    Store(str(home)).add_activity({"kind": "training", "title": "kept", "date": "2026-01-01", "hours": 1})
    assert (home / "log.json").is_symlink()
    assert "kept" in (synced / "log.json").read_text()
    assert [a["title"] for a in Store(str(home)).activities()] == ["kept"]


# -- folders ------------------------------------------------------------------------------------

@MODES
def test_folders_made_under_umask_000_are_not_world_writable(tmp_path):
    code = ("import os, sys; os.umask(0); from peerlearn.records.storage import ensure_private_dir; "
            "ensure_private_dir(sys.argv[1])")
    leaf = tmp_path / "a" / "b" / "records"
    subprocess.run([sys.executable, "-c", code, str(leaf)], check=True, env=dict(os.environ, PYTHONPATH=ROOT))
    assert stat.S_IMODE(leaf.stat().st_mode) == 0o700
    for parent in (tmp_path / "a", tmp_path / "a" / "b"):
        assert not stat.S_IMODE(parent.stat().st_mode) & 0o022, oct(parent.stat().st_mode)


@MODES
def test_a_folder_that_was_already_there_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert ensure_private_dir(str(shared)) is False
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
