"""Live learning record stores on 127.0.0.1 for the sync and team-report tests.

Ralph (PyPI: ralph-malph 5.1.0) runs from its own virtual environment (PEERLEARN_RALPH_PYTHON,
as for tests/export/test_xapi.py; .ci/run installs it). Two configurations:

* `ralph_es`: Ralph's Elasticsearch backend on noida-db 0.2.2 (PyPI), a single-binary server
  that speaks Elasticsearch's REST API. It takes repeated POSTs, so syncs can follow one
  another. Known gap: noida does not answer Ralph's `terms` query on `_id`, so this Ralph
  cannot see that an id is already stored (it never answers 409; a resent statement overwrites).
* `ralph_fs`: Ralph's file-system backend. It stores the first POST into its data folder and
  answers 500 to every later write (it refuses to overwrite fs_lrs.jsonl), but it checks ids
  against what it holds, so it does answer 409 for a differing statement under a stored id.

Without a usable Ralph venv the tests skip and say why.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

DEFAULT_RALPH_PYTHON = "/tmp/ralph-venv/bin/python"
PROBE = "import ralph.backends.lrs.es, ralph.backends.lrs.fs, ralph.cli, elasticsearch, uvicorn, bcrypt, noida_db"
USER, PASSWORD = "peerlearn-ci", "peerlearn-ci-password"  # throwaway, for a loopback-only server
STARTUP = 60.0  # seconds to wait for a server to answer


def ralph_python() -> str:
    return os.environ.get("PEERLEARN_RALPH_PYTHON") or DEFAULT_RALPH_PYTHON


def _skip_reason(python: str):
    if not os.access(python, os.X_OK):
        return f"no Ralph venv python at {python} (set PEERLEARN_RALPH_PYTHON; .ci/run installs one)"
    probe = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        return f"Ralph, its Elasticsearch client or noida-db is not installed for {python}: {(probe.stderr.strip().splitlines() or ['?'])[-1]}"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with opener.open(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer; log:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a server and, on POSIX, its process group (it was started in a session of its own).
    Windows has neither process groups to signal nor SIGKILL: there the server itself is ended."""
    if proc.poll() is None:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            proc.wait(timeout=10)


@dataclass
class LRS:
    url: str  # the xAPI endpoint peerlearn is given
    log: Path  # Ralph's access log
    credential: str = f"{USER}:{PASSWORD}"

    def posts(self) -> int:
        """POST /xAPI/statements requests Ralph has logged so far."""
        return sum(1 for line in self.log.read_text(errors="replace").splitlines() if '"POST /xAPI/statements' in line)

    def statements(self, **params) -> list[dict]:
        from peerlearn.lrs.client import Client

        return list(Client(self.url, self.credential, retries=0).get_statements(**params))


class Servers:
    def __init__(self, tmp: Path, python: str):
        self.tmp, self.python, self.procs = tmp, python, []
        self.es_urls: list[str] = []  # every noida-db started, in order
        self.free_port = free_port

    def start(self, args, env, log: Path, ready: str, cwd: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(proc)
        _wait(ready, proc, log)
        return proc

    def noida(self, port: int | None = None, data: Path | None = None) -> str:
        """An Elasticsearch-speaking noida-db with an empty `statements` index; its URL."""
        folder = subprocess.run([self.python, "-c", "import noida_db, os; print(os.path.dirname(noida_db.__file__))"],
                                capture_output=True, text=True, check=True).stdout.strip()
        port = port or free_port()
        data = data or self.tmp / f"noida-{port}"
        fresh = not data.exists()
        data.mkdir(exist_ok=True)
        self.start([os.path.join(folder, "noida-db"), "start", "--data-dir", str(data), "--host", "127.0.0.1",
                    "--only", "elasticsearch", "--elasticsearch-port", str(port)], os.environ.copy(),
                   self.tmp / f"noida-{port}.log", f"http://127.0.0.1:{port}/", self.tmp)
        url = f"http://127.0.0.1:{port}"
        if fresh:
            request = urllib.request.Request(f"{url}/statements", data=b"{}", method="PUT",
                                             headers={"Content-Type": "application/json"})
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10).close()
        self.es_urls.append(url)
        return url

    def ralph(self, backend: str, es_url: str | None = None, port: int | None = None, page: int = 100,
              scopes=("statements/write", "statements/read"), restrict: bool = False) -> LRS:
        """A Ralph LRS with one account of these scopes (enforced only with restrict=True)."""
        work = self.tmp / f"ralph-{backend}-{len(self.procs)}"
        (work / "app").mkdir(parents=True)
        (work / "data").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        env.update({
            "RALPH_APP_DIR": str(work / "app"), "RALPH_AUTH_FILE": str(work / "app" / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": backend, "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(page),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(work / "data"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(work / "data"),
            "RALPH_BACKENDS__LRS__ES__HOSTS": es_url or "http://127.0.0.1:1",
            "RALPH_BACKENDS__LRS__ES__DEFAULT_INDEX": "statements",
            "RALPH_BACKENDS__LRS__ES__ALLOW_YELLOW_STATUS": "true",
            "RALPH_BACKENDS__LRS__ES__REFRESH_AFTER_WRITE": "true",
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        })
        if restrict:
            env.update({"RALPH_LRS_RESTRICT_BY_SCOPES": "true", "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true"})
        subprocess.run([self.python, "-m", "ralph", "auth", "--username", USER, "--password", PASSWORD,
                        *[a for scope in scopes for a in ("--scope", scope)],
                        "--agent-ifi-mbox", "mailto:coordinator@example.org", "--write-to-disk"],
                       env=env, cwd=work, capture_output=True, text=True, check=True, timeout=120, stdin=subprocess.DEVNULL)
        port = port or free_port()
        log = work / "access.log"
        self.start([self.python, "-m", "uvicorn", "ralph.api:app", "--host", "127.0.0.1", "--port", str(port),
                    "--log-level", "info"], env, log, f"http://127.0.0.1:{port}/__heartbeat__", work)
        return LRS(f"http://127.0.0.1:{port}/xAPI/", log)

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            _stop(proc)
        self.procs.clear()


@pytest.fixture
def servers(tmp_path):
    python = ralph_python()
    reason = _skip_reason(python)
    if reason:
        pytest.skip(reason)
    s = Servers(tmp_path, python)
    try:
        yield s
    finally:
        s.stop_all()


@pytest.fixture
def ralph_es(servers) -> LRS:
    return servers.ralph("es", servers.noida())


@pytest.fixture
def ralph_fs(servers) -> LRS:
    return servers.ralph("fs")


@pytest.fixture
def lrs_env(monkeypatch):
    """The LRS credential from the environment and a short backoff, as a worker's shell has them."""
    monkeypatch.setenv("PEERLEARN_LRS_AUTH", f"{USER}:{PASSWORD}")
    monkeypatch.setenv("PEERLEARN_LRS_BACKOFF", "0.01")
