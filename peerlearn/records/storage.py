"""A TinyDB storage that never half-writes and never overwrites what it cannot read.

Every write goes to a temporary file in the same folder, is flushed to disk, and is renamed
over the old file in one atomic step; the previous good version stays beside it as `NAME.bak`
(a hard link, so keeping it costs no copy). A file that cannot be read raises StoreDamaged and
is left byte-for-byte as it is.
"""
from __future__ import annotations

import json
import os
import tempfile

from tinydb.storages import Storage

from peerlearn.errors import StoreDamaged

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: str) -> None:
    os.makedirs(path, mode=DIR_MODE, exist_ok=True)
    if os.stat(path).st_mode & 0o777 != DIR_MODE:
        os.chmod(path, DIR_MODE)


def damaged_message(path: str, reason: str) -> str:
    backup = path + ".bak"
    restore = (f"The last good copy is {backup}. To go back to it, move the damaged file aside and copy "
               f"the backup into its place:\n  mv '{path}' '{path}.damaged' && cp '{backup}' '{path}'"
               if os.path.exists(backup) else "There is no backup copy of it yet.")
    return (f"Your records file {path} could not be read ({reason}). Nothing has been changed: "
            f"it is kept exactly as it is, and peerlearn will not write to it.\n{restore}")


def read_json(path: str):
    """The JSON in `path`, None if the file does not exist; StoreDamaged if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreDamaged(damaged_message(path, f"not valid JSON: {exc}")) from None
    if not isinstance(data, dict):
        raise StoreDamaged(damaged_message(path, "it does not hold a records mapping"))
    return data


def write_json_atomic(path: str, data, keep_backup: bool = True) -> None:
    """Write `data` to `path` so that a reader only ever sees the old or the new whole file."""
    folder = os.path.dirname(path) or "."
    ensure_private_dir(folder)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and os.path.exists(path):
            link = tmp + ".bak"
            os.link(path, link)
            os.replace(link, path + ".bak")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on write, StoreDamaged on an unreadable file."""

    def __init__(self, path: str, keep_backup: bool = True):
        self.path = path
        self.keep_backup = keep_backup

    def read(self):
        return read_json(self.path)

    def write(self, data) -> None:
        write_json_atomic(self.path, data, self.keep_backup)

    def close(self) -> None:
        pass


def write_text_private(path: str, text: str) -> None:
    """Write an export the learner asked for: whole or not at all, readable only by them."""
    from peerlearn.errors import CannotWrite, os_reason

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CannotWrite(path, "it is a folder")
    if not os.path.isdir(folder):
        raise CannotWrite(path, f"the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None
    try:
        _write_and_replace(fd, tmp, path, text)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None


def _write_and_replace(fd, tmp, path, text):
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
