"""Robustness: hostile content never crashes or hangs the validator, and interrupted input at
any prompt loses nothing answered before it. Each test is bounded in time."""
import os
import re
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from learner_helpers import best_answer_lines
from peerlearn.content.loader import check_files, load_content
from peerlearn.records.store import Store

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
FIXTURE = os.path.join(FIXTURES, "pack", "scenarios.yaml")
with open(FIXTURE, encoding="utf-8") as _fh:
    VALID = _fh.read()

HOSTILE = ["&a ", "*a", "!!python/object/apply:os.system ['true']", "!!binary ", "<<: *a", "{", "}", "[", "]",
           ": ", "- ", "\t", "\x00", "\ufeff", "\"", "'", "|", ">-", "%YAML 1.1\n", "---\n", "...\n", "? ",
           "!custom ", "&a [*a]", "9" * 400, "1e999", "0x", "~", "\u202e", "\x1b[31m", "\n" * 3]


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def check_bytes(path, raw: bytes):
    path.write_bytes(raw)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(5)
    try:
        _, problems = check_files([path])
    finally:
        signal.alarm(0)
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
