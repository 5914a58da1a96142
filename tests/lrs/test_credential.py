"""Where the LRS credential comes from, and the files it is refused from."""
import os

import pytest

from peerlearn.errors import LRSNotConfigured
from peerlearn.lrs import credential
from peerlearn.lrs.credential import default_credential_file, load_credential

POSIX_MODES = pytest.mark.skipif(os.name != "posix", reason="file modes say who may read a file only on POSIX systems")


@pytest.fixture
def windows_modes(monkeypatch):
    """Sets peerlearn.system.MODES_MEAN_PRIVATE (as credential.py sees it) to False, as it is on
    Windows, so that the Windows branch runs on any system."""
    monkeypatch.setattr(credential.system, "MODES_MEAN_PRIVATE", False)


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("PEERLEARN_LRS_AUTH", raising=False)


def credential_file(tmp_path, monkeypatch, text="coordinator:s3cret\n", mode=0o600, where="config"):
    path = tmp_path / where / "lrs-auth"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)
    monkeypatch.setenv("PEERLEARN_LRS_AUTH_FILE", str(path))
    return path


def test_the_environment_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", "ana:from-env")
    credential_file(tmp_path, monkeypatch)
    assert load_credential(str(tmp_path / "home")) == "ana:from-env"


def test_a_private_file_is_read(no_env, tmp_path, monkeypatch):
    credential_file(tmp_path, monkeypatch)
    assert load_credential(str(tmp_path / "home")) == "coordinator:s3cret"


@POSIX_MODES
def test_a_file_others_can_read_is_refused_without_showing_it(no_env, tmp_path, monkeypatch):
    path = credential_file(tmp_path, monkeypatch, mode=0o644)
    with pytest.raises(LRSNotConfigured) as err:
        load_credential(str(tmp_path / "home"))
    assert f"chmod 600 {path}" in str(err.value) and "s3cret" not in str(err.value)


def test_a_file_inside_the_records_folder_is_refused(no_env, tmp_path, monkeypatch):
    credential_file(tmp_path, monkeypatch, where="home")
    with pytest.raises(LRSNotConfigured, match="inside your records folder"):
        load_credential(str(tmp_path / "home"))


def test_no_credential_says_how_to_give_one(no_env, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERLEARN_LRS_AUTH_FILE", str(tmp_path / "none"))
    with pytest.raises(LRSNotConfigured, match="set PEERLEARN_LRS_AUTH=user:password"):
        load_credential(str(tmp_path / "home"))


@POSIX_MODES
def test_no_credential_says_to_make_the_file_readable_only_by_its_owner(no_env, tmp_path, monkeypatch):
    path = tmp_path / "none"
    monkeypatch.setenv("PEERLEARN_LRS_AUTH_FILE", str(path))
    with pytest.raises(LRSNotConfigured) as err:
        load_credential(str(tmp_path / "home"))
    assert str(err.value).endswith(f"put user:password in {path} (readable only by you: chmod 600)")


def test_where_modes_mean_nothing_a_file_any_mode_shows_is_read(no_env, tmp_path, monkeypatch, windows_modes):
    """On Windows every writable file shows mode 0o666: the credential is read all the same.
    (Runs the Windows branch by setting MODES_MEAN_PRIVATE to False.)"""
    credential_file(tmp_path, monkeypatch, mode=0o666)
    assert load_credential(str(tmp_path / "home")) == "coordinator:s3cret"


def test_where_modes_mean_nothing_a_file_inside_the_records_folder_is_still_refused(no_env, tmp_path, monkeypatch,
                                                                                      windows_modes):
    """Runs the Windows branch by setting MODES_MEAN_PRIVATE to False."""
    credential_file(tmp_path, monkeypatch, mode=0o666, where="home")
    with pytest.raises(LRSNotConfigured, match="inside your records folder"):
        load_credential(str(tmp_path / "home"))


def test_where_modes_mean_nothing_no_credential_says_to_keep_it_in_ones_own_profile(no_env, tmp_path, monkeypatch,
                                                                                     windows_modes):
    """No chmod advice, which Windows has no use for: the file is kept private by the folder it
    is in. (Runs the Windows branch by setting MODES_MEAN_PRIVATE to False.)"""
    path = tmp_path / "none"
    monkeypatch.setenv("PEERLEARN_LRS_AUTH_FILE", str(path))
    with pytest.raises(LRSNotConfigured) as err:
        load_credential(str(tmp_path / "home"))
    assert str(err.value) == (f"no LRS credential: set PEERLEARN_LRS_AUTH=user:password, or put user:password in {path} "
                              "(keep it in a folder of your own user profile, which only you can read, such as the "
                              f"default place {default_credential_file()})")
    assert "chmod" not in str(err.value)
    # When the file looked for is the default place itself (the advice alone: the real default
    # place on this machine may hold a credential, so it is not read here).
    assert credential._how_to_keep_it_private(default_credential_file()) == \
        "it is in your own user profile, which only you can read"


def test_a_malformed_credential_is_named_but_not_shown(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", "justapassword")
    with pytest.raises(LRSNotConfigured) as err:
        load_credential(str(tmp_path))
    assert "not in the form user:password" in str(err.value) and "justapassword" not in str(err.value)


def test_settings_never_go_into_the_records_folder():
    """macOS and Windows: platformdirs gives one folder for settings and data, so the credential
    would land inside the default records folder (and be refused there); it goes beside it."""
    from peerlearn.paths import settings_folder

    mac = "/Users/ana/Library/Application Support/peerlearn"
    assert settings_folder(mac, mac) == "/Users/ana/Library/Application Support/peerlearn-settings"
    assert settings_folder("/home/ana/.config/peerlearn", "/home/ana/.local/share/peerlearn") == \
        "/home/ana/.config/peerlearn"


def test_the_default_credential_file_is_outside_the_default_records_folder(monkeypatch):
    monkeypatch.delenv("PEERLEARN_HOME", raising=False)
    from peerlearn.lrs.credential import default_credential_file
    from peerlearn.paths import user_dir

    records = os.path.realpath(user_dir("data")) + os.sep
    assert not os.path.realpath(default_credential_file()).startswith(records)
