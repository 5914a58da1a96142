"""The records folder's lock: one writer at a time, on Linux, macOS and Windows.

The lock is an operating-system lock taken through portalocker (flock on Linux and macOS,
msvcrt's byte lock on Windows):
  1. On Linux and macOS, the folder itself is locked first. A lock on `.lock` alone cannot stop
     `.lock` being deleted while it is held, after which the next writer would lock a new
     `.lock`; the folder cannot be deleted while it holds the records, so two writers never get
     in at once. (Windows cannot open a folder to lock it, and it does not let anyone delete
     `.lock` while peerlearn has it open, so there this step is not needed.)
  2. Then `.lock` in the folder, the file older peerlearns lock: after locking it, the lock is
     checked to be on the file that is at that name now (it may have been deleted and made again
     meanwhile), and taken again if not.
  3. Where there is no such lock (POSIX without `fcntl`, or a filesystem without flock),
     filelock's soft lock instead: a `.lock` file naming its holder, made only if it is not
     there, removed on release. A writer that finds one left by a peerlearn that has died on this
     computer takes it over at once; one older than SOFT_LIFETIME (a holder killed before it
     wrote its name, or one on another computer sharing the folder) is taken over then, since a
     step holds the lock for milliseconds.

Why two libraries: filelock alone would do all three, but importing it costs about 50 ms on the
way to a quiz's first question, which is more than all of peerlearn's own start-up; portalocker
costs a few milliseconds (README, "What peerlearn takes from libraries"). filelock is imported
only where the soft lock is used.

A writer waits at most WAIT_SECONDS, then stops with a message and saves nothing.
"""
from __future__ import annotations

import functools
import os
import time

from peerlearn.errors import LockWaitedTooLong

#: How long a writer waits for another one before giving up with a message (a step takes
#: milliseconds; only a stopped or stuck peerlearn holds the lock this long).
WAIT_SECONDS = 60.0
POLL_SECONDS = 0.005
SOFT_LIFETIME = 10.0


class _Busy(Exception):
    """Another writer holds the lock, and this one was not to wait."""


class _NoNativeLock(Exception):
    """The folder's filesystem gives no operating-system lock."""


@functools.lru_cache(maxsize=None)
def _portalocker():
    """portalocker, or None where it cannot be imported (POSIX without fcntl); looked for once."""
    try:
        import portalocker
    except ImportError:
        return None
    return portalocker


class FolderLock:
    """Exclusive lock on one records folder. `acquire(blocking)` is True when it is held now."""

    def __init__(self, folder: str, file_mode: int):
        self.folder = folder
        self.lock_path = os.path.join(folder, ".lock")
        self.file_mode = file_mode
        self._fds: tuple = ()
        self._soft = None
        self._pl = None

    def acquire(self, blocking: bool) -> bool:
        deadline = time.monotonic() + WAIT_SECONDS
        pl = _portalocker()
        if pl is not None:
            try:
                self._fds = self._acquire_native(pl, blocking, deadline)
                self._pl = pl
                return True
            except _Busy:
                return False
            except _NoNativeLock:
                pass
        return self._acquire_soft(blocking, deadline)

    def release(self) -> None:
        fds, soft, pl = self._fds, self._soft, self._pl
        self._fds, self._soft, self._pl = (), None, None
        try:
            if soft is not None:
                soft.release()
        finally:
            for fd in fds:
                try:
                    pl.unlock(fd)
                finally:
                    os.close(fd)  # closing drops the lock in any case

    # -- the operating system's lock ------------------------------------------------------------
    def _acquire_native(self, pl, blocking: bool, deadline: float) -> tuple:
        dir_fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if os.name == "posix" else None
        try:
            if dir_fd is not None:
                self._wait(pl, dir_fd, blocking, deadline)
            while True:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_BINARY", 0), self.file_mode)
                try:
                    self._wait(pl, fd, blocking, deadline)
                    held, now = os.fstat(fd), os.lstat(self.lock_path)
                except FileNotFoundError:
                    os.close(fd)
                    continue
                except BaseException:
                    os.close(fd)
                    raise
                if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                    return (fd,) if dir_fd is None else (fd, dir_fd)
                os.close(fd)  # `.lock` was replaced after it was opened: lock the one there now
        except BaseException:
            if dir_fd is not None:
                os.close(dir_fd)
            raise

    def _wait(self, pl, fd: int, blocking: bool, deadline: float) -> None:
        flags = pl.LockFlags.EXCLUSIVE | pl.LockFlags.NON_BLOCKING
        while True:
            try:
                pl.lock(fd, flags)
                return
            except pl.AlreadyLocked:
                pass
            except pl.LockException:
                raise _NoNativeLock() from None
            if not blocking:
                raise _Busy()
            if time.monotonic() >= deadline:
                raise LockWaitedTooLong(self.folder, WAIT_SECONDS, None)
            time.sleep(POLL_SECONDS)

    # -- filelock's soft lock -------------------------------------------------------------------
    def _acquire_soft(self, blocking: bool, deadline: float) -> bool:
        import warnings

        with warnings.catch_warnings():
            # filelock says when it has only its soft lock, and that a soft lock's lifetime can
            # overlap a holder stuck that long: both are the design above
            warnings.simplefilter("ignore")
            import filelock

            lock = filelock.SoftFileLock(self.lock_path, mode=self.file_mode, poll_interval=POLL_SECONDS,
                                         lifetime=SOFT_LIFETIME)
            try:
                lock.acquire(timeout=max(0.0, deadline - time.monotonic()) if blocking else 0, blocking=blocking)
            except filelock.Timeout:
                if not blocking:
                    return False
                raise LockWaitedTooLong(self.folder, WAIT_SECONDS, _holder(lock)) from None
        self._soft = lock
        return True


def _holder(lock) -> str | None:
    """Who holds a soft lock, as filelock recorded it (its process id), when it says."""
    try:
        pid = lock.pid
    except (AttributeError, OSError, ValueError):
        return None
    return f"process {pid}" if pid else None
