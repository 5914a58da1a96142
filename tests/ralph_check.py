"""Check xAPI statements against Ralph (PyPI: ralph-malph), a real learning record store.

This is a standalone script, NOT part of peerlearn's own test run: it must be run with
the python of a separate virtual environment where Ralph is installed (Ralph's pins
clash with peerlearn's), e.g.

    python3 -m venv /tmp/ralph-venv
    /tmp/ralph-venv/bin/pip install 'ralph-malph[cli,lrs]' requests
    /tmp/ralph-venv/bin/python tests/ralph_check.py validate statements.json
    /tmp/ralph-venv/bin/python tests/ralph_check.py lrs statements.json

`validate FILE`: validates every statement of the JSON array in FILE against Ralph's
strict `ralph.models.xapi.base.statements.BaseXapiStatement` model and prints one line
per failing statement; exit 1 if any fails, 0 if all pass, 2 on a usage or input error.

`lrs FILE`: starts a Ralph LRS (file-system backend, HTTP basic auth, fresh temporary
data and config directories) on 127.0.0.1 at a free port, waits (bounded) for it to
answer, POSTs the whole array as ONE batch to /xAPI/statements, prints the HTTP status
and body, always stops the server, and exits 0 only on HTTP 200 (1 otherwise, 2 on a
usage or input error).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP_TIMEOUT = 60.0  # seconds to wait for the LRS to answer
REQUEST_TIMEOUT = 60.0  # seconds for the POST itself
AUTH_TIMEOUT = 60.0  # seconds for `ralph auth`
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL

LRS_USER = "peerlearn-ci"
LRS_PASSWORD = "peerlearn-ci-password"  # throwaway, for a loopback-only server
LRS_AGENT_MBOX = "mailto:peerlearn-ci@example.org"


def _usage() -> int:
    print("usage: ralph_check.py {validate|lrs} FILE.json", file=sys.stderr)
    return 2


def _load_statements(path: str) -> list:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of statements")
    return data


def _format_errors(error) -> str:
    """One-line summary of a pydantic ValidationError (v1 or v2)."""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item.get("loc", ())) or "<statement>"
        parts.append(f"{loc}: {item.get('msg', '')}")
    return "; ".join(parts) if parts else str(error)


def cmd_validate(path: str) -> int:
    from pydantic import ValidationError
    from ralph.models.xapi.base.statements import BaseXapiStatement

    # Ralph >= 5 uses pydantic v2 (model_validate); Ralph <= 4 used v1 (parse_obj).
    validate = getattr(BaseXapiStatement, "model_validate", None)
    if validate is None:
        validate = BaseXapiStatement.parse_obj

    statements = _load_statements(path)
    failures = 0
    for index, statement in enumerate(statements):
        sid = statement.get("id", "?") if isinstance(statement, dict) else "?"
        try:
            validate(statement)
        except ValidationError as error:
            failures += 1
            print(f"statement {index} (id={sid}): {_format_errors(error)}")
        except Exception as error:  # a validator raising something else
            failures += 1
            print(f"statement {index} (id={sid}): {type(error).__name__}: {error}")
    total = len(statements)
    print(
        f"ralph BaseXapiStatement: {total - failures} valid, {failures} invalid",
        file=sys.stderr,
    )
    return 1 if failures else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ralph_env(workdir: Path) -> dict:
    """Environment for Ralph: every setting explicit, nothing inherited from RALPH_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
    data_dir = workdir / "data"
    data_dir.mkdir()
    env.update(
        {
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "app" / "auth.json"),
            "RALPH_HISTORY_FILE": str(workdir / "app" / "history.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data_dir),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(data_dir),
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    return env


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and, on POSIX, its process group (it was started in a session of its own).
    Windows has neither process groups to signal nor SIGKILL: there the server itself is ended."""
    if proc.poll() is not None:
        return
    posix = os.name == "posix"
    try:
        if posix:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            if posix:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(timeout=STOP_TIMEOUT)


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return text[-limit:]


def cmd_lrs(path: str) -> int:
    import requests

    statements = _load_statements(path)
    workdir = Path(tempfile.mkdtemp(prefix="ralph-lrs-"))
    proc = None
    log_path = workdir / "server.log"
    ok = False
    try:
        env = _ralph_env(workdir)
        # Credentials: `ralph auth -w` appends a bcrypt-hashed user to RALPH_AUTH_FILE.
        # Ralph >= 4 requires exactly one agent IFI for the user.
        auth = subprocess.run(
            [
                sys.executable, "-m", "ralph", "auth",
                "--username", LRS_USER,
                "--password", LRS_PASSWORD,
                "--scope", "statements/write",
                "--scope", "statements/read/mine",
                "--agent-ifi-mbox", LRS_AGENT_MBOX,
                "--write-to-disk",
            ],
            env=env, cwd=workdir, capture_output=True, text=True,
            timeout=AUTH_TIMEOUT, stdin=subprocess.DEVNULL,
        )
        if auth.returncode != 0 or not Path(env["RALPH_AUTH_FILE"]).is_file():
            print(f"`ralph auth` failed (exit {auth.returncode}):\n{auth.stdout}{auth.stderr}")
            return 1

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        # Same ASGI app as `ralph runserver -b fs`, but without its auto-reloader, so
        # there is one process to stop. cwd is the temp dir: Ralph also reads ./.env.
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [
                    sys.executable, "-m", "uvicorn", "ralph.api:app",
                    "--host", "127.0.0.1", "--port", str(port),
                    "--log-level", "warning",
                ],
                env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )

        session = requests.Session()
        session.trust_env = False  # never route loopback traffic through a proxy
        deadline = time.monotonic() + STARTUP_TIMEOUT
        ready = False
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                resp = session.get(f"{base}/__heartbeat__", timeout=2)
                if resp.status_code == 200:
                    ready = True
                    break
            except requests.RequestException:
                pass
            time.sleep(0.25)
        if not ready:
            if proc.poll() is not None:
                print(f"Ralph LRS exited (code {proc.returncode}) before answering; server log:")
            else:
                print(f"Ralph LRS did not answer within {STARTUP_TIMEOUT:.0f}s; server log:")
            print(_tail(log_path))
            return 1

        try:
            resp = session.post(
                f"{base}/xAPI/statements",
                json=statements,
                auth=(LRS_USER, LRS_PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=REQUEST_TIMEOUT,
            )
        except requests.RequestException as error:
            print(f"POST /xAPI/statements failed: {error}")
            return 1
        print(f"HTTP {resp.status_code}")
        print(resp.text)
        ok = resp.status_code == 200
        if not ok:
            log_tail = _tail(log_path)
            if log_tail:
                print("--- server log ---", file=sys.stderr)
                print(log_tail, file=sys.stderr)
        return 0 if ok else 1
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


def _on_sigterm(signum, frame):  # turn SIGTERM into SystemExit so `finally` stops the server
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("validate", "lrs"):
        return _usage()
    signal.signal(signal.SIGTERM, _on_sigterm)
    command, path = argv[1], argv[2]
    try:
        if command == "validate":
            return cmd_validate(path)
        return cmd_lrs(path)
    except (OSError, ValueError) as error:  # unreadable file, bad JSON
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
