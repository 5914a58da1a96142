"""Where peerlearn keeps things: one function, each folder overridable from the environment."""
from __future__ import annotations

import os

ENV = {"data": "PEERLEARN_HOME", "cache": "PEERLEARN_CACHE"}


def user_dir(kind: str) -> str:
    """The learner's records ('data') or the content cache ('cache'): the environment variable
    when set (tests point both at a temporary folder), else the platform's user folder."""
    env = os.environ.get(ENV[kind])
    if env:
        return env
    import platformdirs

    if kind == "cache":
        return platformdirs.user_cache_dir("peerlearn", appauthor=False)
    return platformdirs.user_data_dir("peerlearn", appauthor=False)
