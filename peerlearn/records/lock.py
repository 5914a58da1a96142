"""The records folder's lock: one writer at a time, on Linux, macOS and Windows.

The lock is filelock's `FileLock` on `.lock` in the folder:
  - Linux and macOS: an flock on `.lock`. The file is left in place, so every waiter locks the
    same file; filelock notices a `.lock` deleted between opening and locking it.
  - Windows: a LockFileEx lock on `.lock`, opened so that nobody can delete it while it is held.
  - Where there is no flock (no `fcntl`, or a filesystem without it): filelock's soft lock, a
    `.lock` file naming its holder, made only if it is not there, removed on release. A writer
    that finds one left by a peerlearn that has died on this computer takes it over at once; one
    older than SOFT_LIFETIME (a holder killed before it wrote its name, or one on another
    computer sharing the folder) is taken over then, since a step holds the lock for
    milliseconds.

On Linux and macOS the folder itself is locked first, with the same flock (through filelock's
`lock_descriptor`): an flock cannot stop `.lock` being deleted while it is held, after which the
next writer would lock a new `.lock`; the folder cannot be deleted while it holds the records, so
two writers never get in at once. Where a folder cannot be locked (Windows, no flock) this step is
left out; on Windows `.lock` cannot be deleted while held, so nothing is lost by that.

filelock is imported on the first acquire only, so commands that only read never pay for it.
"""
from __future__ import annotations

import errno
import os
import time

from peerlearn.errors import LockWaitedTooLong

#: How long a writer waits for another one before giving up with a message (a step takes
#: milliseconds; only a stopped or stuck peerlearn holds the lock this long).
WAIT_SECONDS = 60.0
POLL_SECONDS = 0.005
SOFT_LIFETIME = 10.0


def _filelock():
    import warnings

    with warnings.catch_warnings():
        # without fcntl filelock says once that it uses its soft lock; the docstring above says so
        warnings.simplefilter("ignore")
        import filelock
    return filelock


class FolderLock:
    """Exclusive lock on one records folder. `acquire(blocking)` is True when it is held now."""

    def __init__(self, folder: str, file_mode: int):
        self.folder = folder
        self.file_mode = file_mode
        self._file = None
        self._dir_fd: int | None = None

    def acquire(self, blocking: bool) -> bool:
        filelock = _filelock()
        deadline = time.monotonic() + WAIT_SECONDS
        dir_fd = self._lock_folder(filelock, blocking, deadline)
        if dir_fd is False:
            return False
        import warnings

        try:
            with warnings.catch_warnings():
                # filelock warns that a native lock ignores `lifetime`, that a soft lock's lifetime
                # can overlap a holder stuck that long, and when it falls back to its soft lock
                warnings.simplefilter("ignore")
                lock = filelock.FileLock(os.path.join(self.folder, ".lock"), mode=self.file_mode,
                                         poll_interval=POLL_SECONDS, lifetime=SOFT_LIFETIME)
                lock.acquire(timeout=max(0.0, deadline - time.monotonic()) if blocking else 0, blocking=blocking)
        except filelock.Timeout:
            self._close_folder(dir_fd)
            if not blocking:
                return False
            raise LockWaitedTooLong(self.folder, WAIT_SECONDS, _holder(lock)) from None
        except BaseException:
            self._close_folder(dir_fd)
            raise
        self._file, self._dir_fd = lock, dir_fd
        return True

    def release(self) -> None:
        lock, dir_fd = self._file, self._dir_fd
        self._file, self._dir_fd = None, None
        try:
            if lock is not None:
                lock.release()
        finally:
            self._close_folder(dir_fd)

    def _lock_folder(self, filelock, blocking: bool, deadline: float):
        """The folder's descriptor, locked; None where folders cannot be locked; False when
        another writer holds it and `blocking` is off."""
        if os.name != "posix":
            return None
        fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        held = False
        try:
            while True:
                try:
                    held = filelock.lock_descriptor(fd, blocking=False)
                except OSError as exc:
                    if exc.errno in (errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL):
                        return None  # no flock here: `.lock` alone (filelock's soft lock)
                    raise
                if held:
                    return fd
                if not blocking:
                    return False
                if time.monotonic() >= deadline:
                    raise LockWaitedTooLong(self.folder, WAIT_SECONDS, None)
                time.sleep(POLL_SECONDS)
        finally:
            if not held:
                os.close(fd)

    @staticmethod
    def _close_folder(fd) -> None:
        if fd is not None and fd is not False:
            os.close(fd)  # closing the descriptor drops its flock


def _holder(lock) -> str | None:
    """Who holds a soft lock, as filelock recorded it (process id), when it says."""
    try:
        pid = lock.pid
    except (AttributeError, OSError, ValueError):
        return None
    return f"process {pid}" if pid else None
