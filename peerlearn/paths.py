"""Where peerlearn keeps things: one function, each folder overridable from the environment."""
from __future__ import annotations

import os

ENV = {"data": "PEERLEARN_HOME", "cache": "PEERLEARN_CACHE"}


def user_dir(kind: str) -> str:
    """The learner's records ('data'), the content cache ('cache') or settings ('config'): for
    the first two the environment variable when set (tests point them at a temporary folder),
    else the platform's user folder."""
    env = os.environ.get(ENV[kind]) if kind in ENV else None
    if env:
        return env
    import platformdirs

    if kind == "cache":
        return platformdirs.user_cache_dir("peerlearn", appauthor=False)
    data = platformdirs.user_data_dir("peerlearn", appauthor=False)
    if kind == "config":
        return settings_folder(platformdirs.user_config_dir("peerlearn", appauthor=False), data)
    return data


def settings_folder(config: str, data: str) -> str:
    """Where settings kept out of the records (the LRS credential) go: the platform's
    configuration folder, unless it is the records folder itself, as on macOS and Windows
    (platformdirs gives one folder for both there); then a folder beside it. The records
    folder holds records alone, so that a copy or backup of it never carries a credential."""
    if os.path.normcase(os.path.abspath(config)) != os.path.normcase(os.path.abspath(data)):
        return config
    return os.path.join(os.path.dirname(os.path.abspath(config)), "peerlearn-settings")
