import os

import pytest
from click.testing import CliRunner


def pytest_addoption(parser):
    parser.addoption("--today", metavar="YYYY-MM-DD",
                     help="Run the whole suite with peerlearn's clock held at this day (PEERLEARN_NOW), "
                          "e.g. --today 2027-01-02: tests use dates relative to it.")


def pytest_configure(config):
    day = config.getoption("--today")
    if day:
        from datetime import date

        date.fromisoformat(day)
        os.environ["PEERLEARN_NOW"] = day


def pytest_report_header(config):
    day = os.environ.get("PEERLEARN_NOW")
    return f"peerlearn clock held at {day}" if day else None


@pytest.fixture(scope="session")
def content_cache(tmp_path_factory):
    """One content cache for the whole session: the built-in content is checked and built once,
    not once per test. Tests of the cache itself give themselves a folder of their own."""
    return tmp_path_factory.mktemp("content-cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch, content_cache):
    """Every test gets its own records folder and no content packs from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("PEERLEARN_HOME", str(home))
    monkeypatch.setenv("PEERLEARN_CACHE", str(content_cache))
    monkeypatch.delenv("PEERLEARN_CONTENT", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture
def run():
    """Invoke the peerlearn CLI in-process; returns the click Result (stdout and stderr apart)."""
    from peerlearn.cli import cli

    def invoke(*args, input=None, env=None):
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
