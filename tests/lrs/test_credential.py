"""Where the LRS credential comes from, and the files it is refused from."""
import os

import pytest

from peerlearn.errors import LRSNotConfigured
from peerlearn.lrs.credential import load_credential


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


def test_a_malformed_credential_is_named_but_not_shown(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", "justapassword")
    with pytest.raises(LRSNotConfigured) as err:
        load_credential(str(tmp_path))
    assert "not in the form user:password" in str(err.value) and "justapassword" not in str(err.value)
