"""The LRS credential (HTTP Basic `user:password`): from PEERLEARN_LRS_AUTH, or from a file only
its owner can read, kept outside the records folder so that no export or backup of the records
carries it. It is never printed."""
from __future__ import annotations

import os
import stat

from peerlearn.errors import LRSNotConfigured

ENV = "PEERLEARN_LRS_AUTH"
FILE_ENV = "PEERLEARN_LRS_AUTH_FILE"


def credential_file() -> str:
    """Where the credential file is looked for: PEERLEARN_LRS_AUTH_FILE, else `lrs-auth` in the
    user's peerlearn configuration folder (e.g. ~/.config/peerlearn/lrs-auth)."""
    env = os.environ.get(FILE_ENV)
    if env:
        return env
    import platformdirs

    return os.path.join(platformdirs.user_config_dir("peerlearn", appauthor=False), "lrs-auth")


def _check(text: str, where: str) -> str:
    text = text.strip()
    if ":" not in text or not text.split(":", 1)[0]:
        raise LRSNotConfigured(f"the LRS credential in {where} is not in the form user:password")
    return text


def load_credential(records_home: str) -> str:
    """`user:password` for the LRS, or a clear error saying how to give it."""
    if os.environ.get(ENV):
        return _check(os.environ[ENV], ENV)
    path = credential_file()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise LRSNotConfigured(f"no LRS credential: set {ENV}=user:password, or put user:password in {path} "
                               "(readable only by you: chmod 600)") from None
    home = os.path.realpath(records_home) + os.sep
    if os.path.realpath(path).startswith(home):
        raise LRSNotConfigured(f"the LRS credential file {path} is inside your records folder; keep it outside it "
                               "(records can be exported and backed up, a credential must not be)")
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LRSNotConfigured(f"the LRS credential file {path} can be read by others (mode {stat.S_IMODE(st.st_mode):o}); "
                               f"run 'chmod 600 {path}' and try again")
    with open(path, encoding="utf-8") as handle:
        return _check(handle.readline(), path)
