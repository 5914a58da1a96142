"""Robustness: hostile content never crashes or hangs the validator, interrupted input at any
prompt loses nothing answered before it, and the records store holds under attack: its lock
deleted while writers run, edits racing removes and adds, a crash between recording an answer
and moving the quiz on, a second window, damaged files of every kind, a full disk and a
read-only copy. Each test is bounded by the work it does (example counts, input sizes), never
by a clock."""
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from learner_helpers import best_answer_lines
from peerlearn.content.loader import check_files, load_content
from peerlearn.records.store import Store

try:
    import fcntl  # noqa: F401  (only whether it can be imported: tests/without_fcntl blocks it)
    HAS_FCNTL = True
except ImportError:
    HAS_FCNTL = False

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
FIXTURE = os.path.join(FIXTURES, "pack", "scenarios.yaml")
with open(FIXTURE, encoding="utf-8") as _fh:
    VALID = _fh.read()

HOSTILE = ["&a ", "*a", "!!python/object/apply:os.system ['true']", "!!binary ", "<<: *a", "{", "}", "[", "]",
           ": ", "- ", "\t", "\x00", "\ufeff", "\"", "'", "|", ">-", "%YAML 1.1\n", "---\n", "...\n", "? ",
           "!custom ", "&a [*a]", "9" * 400, "1e999", "0x", "~", "\u202e", "\x1b[31m", "\n" * 3]


def check_bytes(path, raw: bytes):
    path.write_bytes(raw)
    _, problems = check_files([path])  # bounded by the size of the inputs, not by a clock
    for p in problems:
        assert LINE.match(p.format()), p.format()
        assert p.line >= 1 and p.col >= 1
    return problems


@st.composite
def mutated(draw):
    """The valid fixture with slices cut, hostile tokens spliced in and bytes flipped."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            text = text[:i] + draw(st.sampled_from(HOSTILE)) + text[i:]
        elif action == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 40)):]
        else:
            text = text[:i] + draw(st.text(max_size=8)) + text[i + draw(st.integers(0, 8)):]
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        j = draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:j] + bytes([draw(st.integers(0, 255))]) + raw[j + 1:]
    return raw


def structured():
    """YAML documents of random shape built from the keys content really uses."""
    keys = st.sampled_from(["kind", "scenarios", "id", "type", "choices", "steps", "endings", "next", "correct",
                            "competencies", "title", "situation", "question", "feedback", "text", "x"])
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                       st.sampled_from(["scenario", "module", "single", "multi", "branching", "PSP-1", "a"]))
    tree = st.recursive(leaves, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(keys, kids, max_size=5)), max_leaves=25)
    return st.dictionaries(keys, tree, min_size=1, max_size=6).map(_dump)


def _dump(data) -> bytes:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


@settings(max_examples=int(os.environ.get("PEERLEARN_FUZZ_EXAMPLES", "1200")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=mutated())
def test_validate_never_raises_or_hangs_on_mutated_content(tmp_path, raw):
    check_bytes(tmp_path / "fuzz.yaml", raw)


@settings(max_examples=int(os.environ.get("PEERLEARN_FUZZ_EXAMPLES_SHAPES", "900")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.one_of(structured(), st.binary(max_size=300)))
def test_validate_never_raises_or_hangs_on_random_documents(tmp_path, raw):
    check_bytes(tmp_path / "fuzz.yaml", raw)


def test_the_cli_exits_0_or_1_with_file_line_col_lines_on_hostile_files(run, tmp_path):
    samples = [VALID.encode(), b"\xff\xfe\x00", b"[" * 5000, b"a: &a [" + b"*a," * 50 + b"]", b"kind: scenario\nscenarios: 7\n",
               VALID.replace("id: pack-advice", "id: pack-advice\n    id: again").encode(), b"kind: policy\n" + b"x" * 2000]
    for n, raw in enumerate(samples):
        f = tmp_path / f"s{n}.yaml"
        f.write_bytes(raw)
        result = run("validate", str(f))
        assert result.exit_code in (0, 1), result.output
        assert all(LINE.match(line) for line in result.stdout.splitlines()), result.stdout


# -- interrupted input -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def content():
    return load_content()


def _quiz_lines(scenarios):
    """Each input line with the number of scenarios fully answered once it has been read."""
    lines, done = [], []
    for n, s in enumerate(scenarios):
        answer = best_answer_lines(s)
        for k, line in enumerate(answer):
            lines.append(line)
            done.append(n + 1 if k == len(answer) - 1 else n)
        if n < len(scenarios) - 1:
            lines.append("")
            done.append(n + 1)
    return lines, done


@pytest.mark.parametrize("how", ["eof", "ctrl-c"])
def test_stopping_at_every_prompt_of_a_quiz_loses_nothing_answered(run, content, tmp_path, monkeypatch, how):
    from peerlearn.ui import prompts

    scen = [next(s for s in content.scenarios if s.type == t) for t in ("single", "branching", "multi")]
    lines, done = _quiz_lines(scen)
    args = [a for s in scen for a in ("--scenario", s.id)]
    for cut in range(len(lines) + 1):
        home = tmp_path / f"{how}-{cut}"
        if how == "eof":
            result = run("--home", str(home), "--plain", "quiz", *args, input="".join(x + "\n" for x in lines[:cut]))
            assert result.exit_code == 0
        else:
            feed = iter(lines[:cut])

            def line(self, prompt, feed=feed):
                try:
                    return next(feed)
                except StopIteration:
                    raise KeyboardInterrupt from None

            monkeypatch.setattr(prompts.PlainPrompter, "_line", line)
            result = run("--home", str(home), "--plain", "quiz", *args)
            assert result.exit_code == (130 if cut < len(lines) else 0)
        expected = done[cut - 1] if cut else 0
        recorded = Store(str(home)).responses() if home.exists() else []
        assert [r["scenario"] for r in recorded] == [s.id for s in scen[:expected]], (how, cut)
        if cut < len(lines) and expected < len(scen):
            assert len(Store(str(home)).session("quiz")["done"]) == expected


def test_stopping_at_every_prompt_of_a_reflection_loses_nothing_answered(run, content, tmp_path):
    cl = content.checklist("story-sharing")
    lines = ["a story I might tell"] + ["1" if i % 2 else "2" for i in range(len(cl.items))]
    for cut in range(len(lines) + 1):
        home = tmp_path / f"r{cut}"
        result = run("--home", str(home), "--plain", "reflect", input="".join(x + "\n" for x in lines[:cut]))
        assert result.exit_code == 0
        store = Store(str(home))
        answered = max(0, cut - 1)
        if cut >= 1:
            assert [r["text"] for r in store.reflections()] == ["a story I might tell"]
        if answered < len(cl.items):
            state = store.session("reflect")
            assert len(state["answers"] if state else {}) == answered, cut
        else:
            assert len(store.checklist_runs()) == 1


# -- the records store under attack -------------------------------------------------------------

import contextlib  # noqa: E402
import shutil  # noqa: E402
import stat  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from attack_store import damage_kinds  # noqa: E402  (the kinds of damage the bench's campaign makes)

ENV = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))

LOG_WRITER = """
import sys
from peerlearn.records.store import Store
store, tag, count = Store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(count):
    store.add_activity({"kind": "training", "title": f"{tag}-{i}", "date": "2026-01-01", "hours": 1})
"""


def _entry(title, day="2026-01-05"):
    return {"kind": "training", "title": title, "date": day, "hours": 1.0}


@pytest.mark.slow
@pytest.mark.skipif(not HAS_FCNTL, reason="without flock the lock is filelock's soft lock, a file: deleting it while it is held "
                           "lets the next writer in (on Windows the held lock file cannot be deleted)")
def test_deleting_the_lock_while_writers_run_loses_nothing(tmp_path):
    home = tmp_path / "r"
    Store(str(home)).add_activity(_entry("first"))
    writers = [subprocess.Popen([sys.executable, "-c", LOG_WRITER, str(home), f"w{n}", "120"], env=ENV,
                                stderr=subprocess.PIPE, text=True) for n in range(4)]
    deleted = 0
    while any(w.poll() is None for w in writers):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(home / ".lock")
            deleted += 1
    errors = [w.stderr.read() for w in writers]
    assert [w.returncode for w in writers] == [0] * 4, errors
    assert deleted > 0
    titles = [a["title"] for a in Store(str(home)).activities()]
    assert len(titles) == len(set(titles)) == 1 + 4 * 120


EDITOR = """
import sys
from peerlearn.cli import cli
home, rounds = sys.argv[1], int(sys.argv[2])
for _ in range(rounds):
    for i in range(1, 31):
        try:
            cli.main(["--home", home, "--plain", "log", "edit", str(i), "--note", f"edit of #{i}"], prog_name="peerlearn")
        except SystemExit:
            pass
"""

REMOVER_ADDER = """
import sys
from peerlearn.cli import cli
home, rounds = sys.argv[1], int(sys.argv[2])
def run(*args):
    try:
        cli.main(["--home", home, *args], prog_name="peerlearn")
    except SystemExit:
        pass
for r in range(rounds):
    for i in range(30, 0, -1):
        run("log", "remove", str(i), "--yes")
        run("log", "add", "--kind", "training", "--title", f"added {r}-{i}", "--date", "2026-01-06", "--hours", "1")
"""


@pytest.mark.slow
def test_an_edit_racing_removes_and_adds_never_lands_on_another_entry(tmp_path):
    """Each edit means the entry its id named when it was read; none may land on an entry
    added later under a reused id."""
    home = tmp_path / "r"
    store = Store(str(home))
    for i in range(1, 31):
        assert store.add_activity(_entry(f"original #{i}")) == i
    procs = [subprocess.Popen([sys.executable, "-c", EDITOR, str(home), "2"], env=ENV, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True),
             subprocess.Popen([sys.executable, "-c", REMOVER_ADDER, str(home), "1"], env=ENV, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)]
    errors = [p.communicate()[1] for p in procs]
    assert all("Traceback" not in e for e in errors), errors
    for a in Store(str(home)).activities():
        if a.get("note"):
            assert a["title"] == "original " + a["note"][len("edit of "):], a


def _plain_quiz(home, scenarios, code_before="") -> str:
    return (code_before + "\nimport sys\nfrom peerlearn.cli import main\n"
            f"main(['--home', {str(home)!r}, '--plain', 'quiz'" + "".join(f", '--scenario', {s.id!r}" for s in scenarios) + "])\n")


@pytest.mark.slow
def test_a_crash_between_recording_an_answer_and_moving_on_does_not_ask_it_again(run, content, tmp_path):
    first, second = [s for s in content.scenarios if s.type == "single"][:2]
    home = tmp_path / "r"
    crash = ("import os\nreal = os.replace\n"
             "def replace(src, dst, *a, **k):\n"
             "    real(src, dst, *a, **k)\n"
             "    if os.path.basename(dst).startswith('responses-'):\n"
             "        os._exit(9)\n"
             "os.replace = replace\n")
    answers = "\n".join(best_answer_lines(first)) + "\n\n" + "\n".join(best_answer_lines(second)) + "\n"
    proc = subprocess.run([sys.executable, "-c", _plain_quiz(home, [first, second], crash)], input=answers, text=True,
                          capture_output=True, env=ENV)
    assert proc.returncode == 9, proc.stderr  # died with the first answer recorded, before moving on
    assert [r["scenario"] for r in Store(str(home)).responses()] == [first.id]
    result = run("--home", str(home), "--plain", "quiz", input="y\n" + "\n".join(best_answer_lines(second)) + "\n")
    assert result.exit_code == 0, result.output
    assert [r["scenario"] for r in Store(str(home)).responses()] == [first.id, second.id]
    assert Store(str(home)).session("quiz") is None


@pytest.mark.slow
def test_a_quiz_open_in_another_window_is_not_offered_here(run, content, tmp_path):
    first, second = [s for s in content.scenarios if s.type == "single"][:2]
    home = tmp_path / "r"
    other = subprocess.Popen([sys.executable, "-c", _plain_quiz(home, [first, second])], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    other.stdin.write("\n".join(best_answer_lines(first)) + "\n")
    other.stdin.flush()
    seen = ""
    while "Press Enter for the next scenario" not in seen:  # it has answered one and waits for Enter
        ch = other.stdout.read(1)
        assert ch, other.stderr.read()
        seen += ch
    try:
        result = run("--home", str(home), "--plain", "quiz", input="y\n" + "\n".join(best_answer_lines(second)) + "\n")
        assert result.exit_code == 1
        assert "open in another peerlearn window" in result.stderr and str(other.pid) in result.stderr
        assert [r["scenario"] for r in Store(str(home)).responses()] == [first.id]
    finally:
        other.stdin.close()  # end of input: it pauses and exits
        other.wait()
    result = run("--home", str(home), "--plain", "quiz", input="y\n" + "\n".join(best_answer_lines(second)) + "\n")
    assert result.exit_code == 0 and "Pick up where you left off?" in result.stdout
    assert [r["scenario"] for r in Store(str(home)).responses()] == [first.id, second.id]


def _snapshot(path):
    st = os.lstat(path)
    raw = path.read_bytes() if stat.S_ISREG(st.st_mode) else (os.readlink(path) if stat.S_ISLNK(st.st_mode) else None)
    return st.st_ino, st.st_mode, raw, sorted(os.listdir(path)) if stat.S_ISDIR(st.st_mode) else None


@pytest.mark.slow
def test_every_command_reports_every_kind_of_damaged_store_and_never_writes_into_it(run, content, tmp_path):
    from peerlearn.clock import now_iso

    single = next(s for s in content.scenarios if s.type == "single")
    quiz_input = "\n".join(best_answer_lines(single)) + "\n"
    month = now_iso()[:7]
    commands = [["profile", "--name", "Bo"], ["log", "list"], ["journal", "list"], ["progress"], ["status"],
                ["transcript"], ["export", "--format", "json"],
                ["log", "add", "--kind", "training", "--title", "T", "--date", now_iso()[:10], "--hours", "1"],
                ["journal", "write", "--text", "a thought"], ["quiz", "--scenario", single.id]]
    files = {"learner.json": "profile", "log.json": "activities", "reflections.json": "reflections",
             f"responses-{month}.json": "responses"}
    case = 0
    for name, table in files.items():
        for kind, make in damage_kinds(table, depth=50_000).items():
            case += 1
            home = tmp_path / f"c{case}"
            store = Store(str(home))
            store.set_profile(name="Ana")
            store.add_activity(_entry("kept"))
            store.add_reflection({"text": "kept", "time": now_iso()})
            run("--home", str(home), "--plain", "quiz", "--scenario", single.id, input=quiz_input)
            target = home / name
            os.unlink(target)
            make(target)
            before = _snapshot(target)
            refused = 0
            for args in commands:
                result = run("--home", str(home), "--plain", *args, input=quiz_input)
                assert result.exit_code in (0, 1), (name, kind, args, result.output)
                if result.exit_code == 1:
                    refused += 1
                    assert "could not be read" in result.stderr and "\n" not in result.stderr.strip().split("\n", 1)[0], (name, kind, args)
                    assert "Traceback" not in result.output
                assert _snapshot(target) == before, (name, kind, args)
            assert refused, (name, kind)


@contextlib.contextmanager
def _small_disk(path, size="512k"):
    """A tmpfs of `size` at `path` (yields False where it cannot be mounted: not root)."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                             capture_output=True).returncode == 0 if shutil.which("mount") else False
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=True)


def _store_with_history(home, content, run):
    single = next(s for s in content.scenarios if s.type == "single")
    store = Store(str(home))
    store.set_profile(name="Ana")
    store.add_activity(_entry("a training"))
    run("--home", str(home), "--plain", "quiz", "--scenario", single.id, input="\n".join(best_answer_lines(single)) + "\n")
    os.unlink(home / "summary.json")  # a read has to rebuild the summary, and would want to keep it


READS = [["log", "list"], ["progress"], ["status"], ["transcript"], ["export", "--format", "json"],
         ["export", "--format", "csv"], ["journal", "list"], ["modules"], ["profile"]]


@pytest.mark.slow
def test_a_full_disk_breaks_no_read_and_a_write_says_so_and_changes_nothing(run, content, tmp_path):
    disk = tmp_path / "disk"
    with _small_disk(disk) as mounted:
        home = disk / "r"
        _store_with_history(home, content, run)
        log_before = (home / "log.json").read_bytes()
        if not mounted:  # the next test injects ENOSPC instead
            pytest.skip("cannot mount a tmpfs here")
        with contextlib.suppress(OSError), open(disk / "filler", "wb") as fh:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        for args in READS:
            result = run("--home", str(home), *args)
            assert result.exit_code == 0, (args, result.output)
        result = run("--home", str(home), "log", "add", "--kind", "training", "--title", "T", "--date", "2026-01-02", "--hours", "1")
        assert result.exit_code == 1 and "the disk is full" in result.stderr
        assert "Logged" not in result.stdout
        assert (home / "log.json").read_bytes() == log_before


ENOSPC_READ = """
import errno, os, sys
home = sys.argv[1]
real_replace, real_open = os.replace, os.open
def replace(src, dst, *a, **k):
    if os.path.abspath(str(dst)).startswith(home):
        raise OSError(errno.ENOSPC, "No space left on device", dst)
    return real_replace(src, dst, *a, **k)
os.replace = replace
from peerlearn.cli import main
main(["--home", home] + sys.argv[2:])
"""


@pytest.mark.slow
def test_reads_need_no_write_even_when_every_write_fails_with_enospc(run, content, tmp_path):
    """The same as the full disk, for machines where a tmpfs cannot be mounted: ENOSPC
    injected into every rename under the records folder, in a real subprocess."""
    home = tmp_path / "r"
    _store_with_history(home, content, run)
    for args in READS[:3]:
        proc = subprocess.run([sys.executable, "-c", ENOSPC_READ, str(home), *args], capture_output=True, text=True,
                              env=dict(ENV, PEERLEARN_CACHE=str(tmp_path / "cache")))
        assert proc.returncode == 0, (args, proc.stderr)


@pytest.mark.slow
def test_a_read_only_copy_of_the_records_can_be_listed_and_exported(run, content, tmp_path):
    disk = tmp_path / "ro"
    with _small_disk(disk) as mounted:
        home = disk / "r"
        _store_with_history(home, content, run)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        else:
            for folder, _, names in os.walk(home):
                for n in names:
                    os.chmod(os.path.join(folder, n), 0o400)
            os.chmod(home, 0o500)
        try:
            for args in (["log", "list"], ["progress"], ["export", "--format", "json"], ["export", "--format", "xapi"],
                         ["transcript"], ["status"]):
                result = run("--home", str(home), *args)
                assert result.exit_code == 0, (args, result.output)
            again = run("--home", str(home), "export", "--format", "xapi")
            assert again.stdout == run("--home", str(home), "export", "--format", "xapi").stdout
        finally:
            if mounted:
                subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
            else:
                os.chmod(home, 0o700)
