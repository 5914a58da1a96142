"""What the operating system gives peerlearn, decided in one place.

On Linux and macOS a file's mode says who may read it, so peerlearn makes its records folder
0700 and its files 0600. On Windows a mode is only a read-only flag: who may read a file is
decided by the folder's access list, and the folders peerlearn uses by default (under the
user's profile, from platformdirs) are readable by that user and administrators only. There
peerlearn sets no modes and checks none, rather than make calls that do nothing.
"""
from __future__ import annotations

import os

#: File modes decide who can read a file (POSIX); False on Windows.
MODES_MEAN_PRIVATE = os.name == "posix"
#: Windows: no folder can be opened as a file, a file held open cannot be replaced, and advice
#: is given in its own shells' commands.
WINDOWS = os.name == "nt"
