"""Long work shows a progress bar on a real terminal (a pty), and nothing extra when piped."""
import os
import subprocess
import sys

import pytest


def many_files(folder, n=120):
    folder.mkdir()
    for i in range(n):
        (folder / f"f{i:03}.yaml").write_text(f"kind: glossary\nterms:\n  - term: word {i}\n", encoding="utf-8")
    return folder


def run_in_a_terminal(args, cwd):
    """Run peerlearn with standard input, output and error on a pseudo-terminal; all it wrote."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "peerlearn", *args], stdin=follower, stdout=follower,
                            stderr=follower, cwd=cwd, env=env)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program has ended
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(leader)
    return proc.returncode, out.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals (pty) are POSIX-only")
def test_validate_shows_a_bar_on_a_terminal_and_nothing_extra_when_piped(tmp_path):
    pack = many_files(tmp_path / "pack")
    code, shown = run_in_a_terminal(["validate", str(pack)], tmp_path)
    assert code == 1 and "Checking content files" in shown and "120 file(s) checked" in shown
    piped = subprocess.run([sys.executable, "-m", "peerlearn", "validate", str(pack)], capture_output=True, text=True,
                           cwd=tmp_path, timeout=120)
    assert piped.returncode == 1 and "Checking content files" not in piped.stderr
    assert piped.stderr.strip().splitlines() == ["120 file(s) checked: " + piped.stderr.split("checked: ", 1)[1].strip()]
