"""A TinyDB storage that never half-writes and never overwrites what it cannot read.

Every write goes to a temporary file in the same folder, is flushed to disk, and is renamed
over the old file in one atomic step; the previous good version stays beside it as `NAME.bak`
(a hard link, so keeping it costs no copy; a copy where the filesystem has no hard links). A
file that cannot be read, whatever is wrong with it (not JSON, nested past reason, the wrong
shape, a folder, a pipe, a link to nothing), raises StoreDamaged and is left byte-for-byte as it
is.
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
import time

from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from peerlearn import system
from peerlearn.errors import StoreDamaged

FILE_MODE = 0o600
DIR_MODE = 0o700
PARENT_MODE = 0o755


def ensure_private_dir(path: str) -> bool:
    """Make the folder `path` (0700) if it is not there, and any missing parents (0755, never
    world-writable whatever the umask). True when it was made now. A folder that was already
    there keeps its mode: it may be shared, and it is not peerlearn's to change. On Windows no
    mode is set: the new folder has its parent's access list (see peerlearn.system)."""
    if os.path.isdir(path):
        return False
    parent = os.path.dirname(os.path.abspath(path))
    if parent != path and not os.path.isdir(parent):
        _make_parents(parent)
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if os.path.isdir(path):
            return False  # made by another process meanwhile
        raise
    _set_mode(path, DIR_MODE)
    return True


def _set_mode(path_or_fd, mode: int) -> None:
    """chmod where a mode makes a file private (POSIX); nothing on Windows."""
    if not system.MODES_MEAN_PRIVATE:
        return
    if isinstance(path_or_fd, int):
        os.fchmod(path_or_fd, mode)
    else:
        os.chmod(path_or_fd, mode)


def _make_parents(path: str) -> None:
    parent = os.path.dirname(path)
    if parent != path and not os.path.isdir(parent):
        _make_parents(parent)
    try:
        os.mkdir(path, PARENT_MODE)
    except FileExistsError:
        if not os.path.isdir(path):
            raise
        return
    # mkdir's mode is filtered by the umask: take away group and other write, whatever it is
    if system.MODES_MEAN_PRIVATE:
        os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o022)


def damaged_message(path: str, reason: str) -> str:
    import shlex

    backup = path + ".bak"
    q = shlex.quote
    if system.WINDOWS:  # one command a line: cmd and both PowerShells read these, not POSIX quoting
        commands = f'move "{path}" "{path}.damaged"\n  copy "{backup}" "{path}"'
    else:
        commands = f"mv {q(path)} {q(path + '.damaged')} && cp {q(backup)} {q(path)}"
    restore = (f"The last good copy is {backup}. To go back to it, move the damaged file aside and copy "
               f"the backup into its place:\n  {commands}"
               if os.path.isfile(backup) else "There is no backup copy of it yet.")
    return (f"Your records file {path} could not be read ({reason}). Nothing has been changed: "
            f"it is kept exactly as it is, and peerlearn will not write to it.\n{restore}")


def _no_constant(name):
    raise ValueError(f"{name} is not a number records can hold")


def read_json(path: str, check=None):
    """The JSON mapping in `path`, None if nothing is there; StoreDamaged if it cannot be read.

    `check(data)` returns why a mapping is not what the file should hold (or None). The file's
    type is looked at before it is opened, and it is opened without blocking, so a folder, a
    pipe or a device at the path is reported, never waited on.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise StoreDamaged(damaged_message(path, "it is a link to something that is not there")) from None
        except OSError as exc:
            from peerlearn.errors import os_reason

            raise StoreDamaged(damaged_message(path, f"it is a link that cannot be followed: {os_reason(exc)}")) from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreDamaged(damaged_message(path, "it is a folder, not a file"))
    if not stat.S_ISREG(st.st_mode):
        raise StoreDamaged(damaged_message(path, "it is not a regular file"))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the look and the open
            raise StoreDamaged(damaged_message(path, "it is not a regular file"))
        raw = fh.read()
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise StoreDamaged(damaged_message(path, "not valid JSON: it is nested too deeply")) from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, a number too long or NaN
        raise StoreDamaged(damaged_message(path, f"not valid JSON: {exc}")) from None
    if not isinstance(data, dict):
        raise StoreDamaged(damaged_message(path, "it does not hold a records mapping"))
    problem = check(data) if check else None
    if problem:
        raise StoreDamaged(damaged_message(path, problem))
    return data


def temp_prefix(path: str) -> str:
    """Temp files are named `.NAME.PID.` + random + `.tmp`, so a leftover says whose it was."""
    return f".{os.path.basename(path)}.{os.getpid()}."


def write_json_atomic(path: str, data, keep_backup: bool = True) -> None:
    """Write `data` to `path` so that a reader only ever sees the old or the new whole file.
    A records file that is a link (to a synced folder, say) stays one: its target is written."""
    if os.path.islink(path):
        path = os.path.realpath(path)
    folder = os.path.dirname(path) or "."
    ensure_private_dir(folder)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=folder)
    link = tmp + ".bak"
    try:
        _set_mode(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and os.path.isfile(path):
            _keep_backup(path, link)
        _replace(tmp, path)
    except BaseException:
        for leftover in (tmp, link):
            if os.path.lexists(leftover):
                os.unlink(leftover)
        raise
    _sync_folder(folder)


def _keep_backup(path: str, aside: str) -> None:
    """`path`'s current version as `path.bak`, by a hard link (no copy), or by a copy where the
    filesystem has no hard links (FAT, some network and synced folders)."""
    try:
        os.link(path, aside)
    except OSError as exc:
        import errno

        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.EACCES,
                             errno.ENOSYS, errno.EINVAL):
            raise
        import shutil

        shutil.copyfile(path, aside)
        _set_mode(aside, FILE_MODE)
    _replace(aside, path + ".bak")


def _replace(src: str, dst: str) -> None:
    """os.replace; on Windows, where a file another program has open for a moment (a virus
    scanner, a search indexer, a second peerlearn reading it) cannot be replaced, a few more
    tries over about a second before the error is let through."""
    if not system.WINDOWS:
        os.replace(src, dst)
        return
    for attempt in range(12):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 11:
                raise
            time.sleep(0.01 * (attempt + 1))


def _sync_folder(folder: str) -> None:
    """Flush the folder's entry for a renamed file to disk. Windows cannot open a folder as a
    file, and its rename is already written through, so there it is left out."""
    if system.WINDOWS:
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, StoreDamaged on an unreadable file."""

    def __init__(self, path: str, keep_backup: bool = True, check=None):
        self.path = path
        self.keep_backup = keep_backup
        self.check = check

    def read(self):
        return read_json(self.path, self.check)

    def write(self, data) -> None:
        write_json_atomic(self.path, data, self.keep_backup)

    def close(self) -> None:
        pass


class OneWrite(CachingMiddleware):
    """Everything one step changes in a file, written at its end in one atomic replace (or not
    at all, if the step fails part-way)."""

    WRITE_CACHE_SIZE = float("inf")


def write_text_private(path: str, text: str) -> None:
    """Write an export the learner asked for: whole or not at all, readable only by them.

    A regular file (or nothing yet) at the path is replaced atomically; a symbolic link is
    followed and its target written; a device, a pipe or the terminal (`/dev/stdout`,
    `-o >(cat)`) is written straight into, since it cannot be replaced; a folder is refused.
    """
    import errno

    from peerlearn.errors import CannotWrite, os_reason

    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise CannotWrite(path, "it is a link that loops" if exc.errno == errno.ELOOP else os_reason(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CannotWrite(path, "it is a folder")
    if st is not None and (not stat.S_ISREG(st.st_mode) or _is_system_path(path)):
        if stat.S_ISSOCK(st.st_mode):
            raise CannotWrite(path, "it is a socket, not a file")
        _write_straight(path, text, append=stat.S_ISREG(st.st_mode))
        return
    target = os.path.realpath(path) if os.path.islink(path) else os.path.abspath(path)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise CannotWrite(path, f"the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None
    try:
        _write_and_replace(fd, tmp, target, text)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None


def _is_system_path(path: str) -> bool:
    """/dev/stdout, /dev/fd/N and /proc/self/fd/N name an open file of this process: written
    straight, never replaced, even when it is a regular file the shell opened."""
    return os.path.abspath(path).startswith(("/dev/", "/proc/"))


def _write_straight(path: str, text: str, append: bool) -> None:
    """Write into a device, pipe or open terminal. A pipe nobody reads is reported, not waited on."""
    import errno

    from peerlearn.errors import CannotWrite, os_reason

    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | (os.O_APPEND if append else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        reason = "nothing is reading from that pipe" if exc.errno == errno.ENXIO else os_reason(exc)
        raise CannotWrite(path, reason) from None
    blob, written = text.encode("utf-8"), 0
    try:
        if getattr(os, "O_NONBLOCK", 0):  # opened without blocking (POSIX): write with blocking
            os.set_blocking(fd, True)
        while written < len(blob):
            written += os.write(fd, blob[written:])
    except OSError as exc:
        reason = "the reader went away" if exc.errno == errno.EPIPE else os_reason(exc)
        raise CannotWrite(path, reason, partial=written > 0) from None
    finally:
        os.close(fd)


def _write_and_replace(fd, tmp, path, text):
    try:
        _set_mode(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
