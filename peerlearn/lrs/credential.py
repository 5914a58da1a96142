"""The LRS credential (HTTP Basic `user:password`): from PEERLEARN_LRS_AUTH, or from a file only
its owner can read, kept outside the records folder so that no export or backup of the records
carries it. It is never printed.

Where file modes say who may read a file (Linux, macOS), a credential file that its group or
others may read is refused. On Windows a mode says nothing about that (every writable file
shows 0o666), so no mode is checked: the file is private by lying in the user's own profile
folder, as the default place does (see peerlearn.system)."""
from __future__ import annotations

import os
import stat

from peerlearn import system
from peerlearn.errors import LRSNotConfigured

ENV = "PEERLEARN_LRS_AUTH"
FILE_ENV = "PEERLEARN_LRS_AUTH_FILE"


def credential_file() -> str:
    """Where the credential file is looked for: PEERLEARN_LRS_AUTH_FILE, else the default place."""
    return os.environ.get(FILE_ENV) or default_credential_file()


def default_credential_file() -> str:
    """`lrs-auth` in the user's peerlearn settings folder (peerlearn.paths): ~/.config/peerlearn
    on Linux, ~/Library/Application Support/peerlearn-settings on macOS,
    AppData\\Local\\peerlearn-settings in the user's profile on Windows."""
    from peerlearn.paths import user_dir

    return os.path.join(user_dir("config"), "lrs-auth")


def _how_to_keep_it_private(path: str) -> str:
    """The advice, after "put user:password in PATH", on keeping that file to oneself."""
    if system.MODES_MEAN_PRIVATE:
        return "readable only by you: chmod 600"
    default = default_credential_file()
    if os.path.normcase(os.path.abspath(path)) == os.path.normcase(os.path.abspath(default)):
        return "it is in your own user profile, which only you can read"
    return f"keep it in a folder of your own user profile, which only you can read, such as the default place {default}"


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
                               f"({_how_to_keep_it_private(path)})") from None
    home = os.path.realpath(records_home) + os.sep
    if os.path.realpath(path).startswith(home):
        raise LRSNotConfigured(f"the LRS credential file {path} is inside your records folder; keep it outside it "
                               "(records can be exported and backed up, a credential must not be)")
    if system.MODES_MEAN_PRIVATE and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LRSNotConfigured(f"the LRS credential file {path} can be read by others (mode {stat.S_IMODE(st.st_mode):o}); "
                               f"run 'chmod 600 {path}' and try again")
    with open(path, encoding="utf-8") as handle:
        return _check(handle.readline(), path)
