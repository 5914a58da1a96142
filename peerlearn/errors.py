"""peerlearn's domain exceptions. The CLI turns them into a message and an exit code in one place."""


class PeerlearnError(Exception):
    """A problem with the learner's input or data: shown as a message, exit 1."""


class NotFound(PeerlearnError):
    """A module, scenario, checklist or record that does not exist."""


class StoreDamaged(PeerlearnError):
    """The records file cannot be read; it is left exactly as it is."""


class ContentFolderMissing(NotFound):
    """A content pack folder named by --content or PEERLEARN_CONTENT that is not there."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the content folder {path} does not exist (from --content or PEERLEARN_CONTENT)")


class HomeNotAFolder(PeerlearnError):
    """--home or PEERLEARN_HOME names something that is not a folder."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the records folder {path} (from --home or PEERLEARN_HOME) is not a folder")


class HomeNotAStore(PeerlearnError):
    """--home or PEERLEARN_HOME names a folder that already holds other things and no records."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the folder {path} (from --home or PEERLEARN_HOME) already holds other files and no "
                         "peerlearn records; peerlearn keeps records only in a folder of its own. Give a new or "
                         "empty folder, or the folder your records are in")


class SessionInUse(PeerlearnError):
    """A paused session belongs to a peerlearn that is running now, in another window."""

    def __init__(self, kind: str, pid: int):
        self.kind, self.pid = kind, pid
        super().__init__(f"your {kind} is open in another peerlearn window right now (process {pid}); carry on "
                         f"there, or pause it there (q) and then run peerlearn {kind} here to pick it up")


class EntryChanged(PeerlearnError):
    """A record changed in another window between reading it and writing it; nothing was saved."""


class CannotWrite(PeerlearnError):
    """An output file the learner asked for could not be written; nothing was written (or, for
    a pipe or device written straight into, only part of it)."""

    def __init__(self, path: str, reason: str, partial: bool = False):
        self.path, self.reason = path, reason
        what = "only part of it was written" if partial else "nothing was written"
        super().__init__(f"could not write {path}: {reason}; {what}")


def os_reason(exc: OSError) -> str:
    """An OSError in plain words, without Python's decoration."""
    import errno

    plain = {
        errno.ENOENT: "the folder does not exist",
        errno.EACCES: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EEXIST: "something is already there",
    }
    return plain.get(exc.errno, exc.strerror or str(exc))


class Paused(Exception):
    """The learner chose to pause (q, or end of input). Everything answered so far is kept."""
