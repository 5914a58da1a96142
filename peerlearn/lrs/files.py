"""Reading workers' exported xAPI files (for an organization without an LRS)."""
from __future__ import annotations

import json
import os

from typing import Iterator

from peerlearn.errors import PeerlearnError


def export_files(folder: str) -> list[str]:
    """The *.json files of a folder of exports, in order."""
    return sorted(n for n in os.listdir(folder) if n.lower().endswith(".json"))


def read_folder(folder: str, on_file=None) -> Iterator[dict]:
    """Every statement in the folder's *.json files (each a JSON array of statements, one
    statement, or an xAPI statement result), one file at a time so that a large team is never
    all in memory at once; a file that is none of these is named."""
    if not os.path.isdir(folder):
        raise PeerlearnError(f"the folder {folder} does not exist")
    names = export_files(folder)
    if not names:
        raise PeerlearnError(f"there are no .json files in {folder}; put the workers' 'peerlearn export --format xapi' files there")
    for name in names:
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (ValueError, UnicodeDecodeError) as exc:
            raise PeerlearnError(f"{path} is not JSON ({exc.__class__.__name__}); expected an xAPI export") from None
        if isinstance(data, dict):
            data = data["statements"] if isinstance(data.get("statements"), list) else [data]
        if not isinstance(data, list) or not all(isinstance(s, dict) and "actor" in s and "verb" in s for s in data):
            raise PeerlearnError(f"{path} is not an xAPI export (a JSON array of statements)")
        yield from data
        if on_file:
            on_file()
