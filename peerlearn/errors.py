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


class CannotWrite(PeerlearnError):
    """An output file the learner asked for could not be written; nothing was written."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"could not write {path}: {reason}; nothing was written")


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


class LRSError(PeerlearnError):
    """A learning record store could not be used (not set up, refused us, or not reachable)."""


class LRSNotConfigured(LRSError):
    """No LRS address, or no credential for it."""


class LRSAuthRefused(LRSError):
    """The LRS answered 401 or 403: the credential or its permissions need checking."""


class LRSUnreachable(LRSError):
    """The LRS could not be reached, or kept failing, after the bounded retries."""


class SyncIncomplete(LRSError):
    """A sync ended with statements still waiting (or refused); what was acknowledged is kept."""
