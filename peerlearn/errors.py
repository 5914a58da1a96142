"""peerlearn's domain exceptions. The CLI turns them into a message and an exit code in one place."""


class PeerlearnError(Exception):
    """A problem with the learner's input or data: shown as a message, exit 1."""


class NotFound(PeerlearnError):
    """A module, scenario, checklist or record that does not exist: `what` it is, the `name`
    asked for, and `known`, a hint at what there is."""

    def __init__(self, what: str, name, known: str = ""):
        self.what, self.name, self.known = what, name, known
        # numbered records are shown as the lists show them (#3); names quoted
        shown = f"#{name}" if isinstance(name, int) else repr(name)
        super().__init__(f"there is no {what} {shown}" + (f"; {known}" if known else ""))


class NotAPolicy(PeerlearnError):
    """A file given as --policy that holds no policy."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"{path} is not a policy file (it holds no 'kind: policy'); give a policy name or file")


class NothingMatches(PeerlearnError):
    """A selection (of scenarios, entries) that is empty."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(f"no {what} match those choices")


class EvidenceNotAFile(PeerlearnError):
    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the evidence {path} is a folder, not a file; give the certificate or document itself")


class EvidenceMissing(PeerlearnError):
    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the evidence file {path} does not exist")


class NothingSaved(PeerlearnError):
    """An entry refused for its problems (each in plain words)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("nothing was saved: " + "; ".join(self.problems))


class StoreDamaged(PeerlearnError):
    """The records file cannot be read; it is left exactly as it is."""


class ContentFolderMissing(PeerlearnError):
    """A content pack folder named by --content or PEERLEARN_CONTENT that is not there."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"the content folder {path} does not exist (from --content or PEERLEARN_CONTENT)")


class ContentFolderTooLarge(PeerlearnError):
    """A content folder so large it cannot be a content pack (`--content /`): not walked."""

    def __init__(self, path: str, limit: int):
        self.path, self.limit = path, limit
        super().__init__(f"the content folder {path} holds more than {limit:,} files and folders, so it is not read as "
                         "content; name the folder that holds the pack's .yaml files")


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


class LockWaitedTooLong(PeerlearnError):
    """Another peerlearn held the records folder's lock for longer than a writer waits."""

    def __init__(self, folder: str, seconds: float, holder: str | None):
        who = f" ({holder})" if holder else ""
        super().__init__(f"another peerlearn{who} has been writing to {folder} for {int(seconds)} s, so nothing "
                         "was saved; finish or close it and try again")


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


class BankUnreadable(PeerlearnError):
    """A question-bank file (Moodle XML or GIFT) that cannot be read; nothing was written."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"cannot import {path}: {reason}; nothing was written")
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
