"""Bad input to the content reader: one clear PATH:LINE:COL line each, exit 1, nothing run."""
import json
import os

import pytest

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f"], ["a", "b", "c", "d", "e", "f", "g"])
) + "kind: scenario\n"

CASES = {
    "syntax": (b"kind: scenario\nscenarios: [\n", 3, "YAML syntax"),
    "duplicate-key": (b"kind: scenario\nscenarios:\n  - id: a\n    id: b\n", 4, "duplicate key 'id'"),
    "python-tag": (b"kind: !!python/object/apply:os.system ['touch /tmp/peerlearn-pwned']\n", 1, "unsupported tag"),
    "custom-tag": (b"kind: scenario\nscenarios: !include other.yaml\n", 2, "unsupported tag"),
    "merge-key": (b"base: &b {x: 1}\nkind: glossary\nterms:\n  - <<: *b\n", 4, "merge keys"),
    "alias-bomb": (BOMB.encode(), None, "expands to more than"),
    "non-utf8": (b"kind: scenario\ntitle: caf\xe9\n", 2, "not valid UTF-8"),
    "empty": (b"", 1, "the file is empty"),
    "only-comments": (b"# nothing here\n", 1, "the file is empty"),
    "too-large": (b"kind: glossary\n#" + b"x" * (1024 * 1024 + 10) + b"\n", 1, "larger than"),
    "unknown-kind": (b"kind: lesson\n", 1, "unknown kind 'lesson'"),
    "missing-kind": (b"title: x\n", 1, "missing 'kind:'"),
    "not-a-mapping": (b"- a\n- b\n", 1, "must be a mapping"),
    "recursive-alias": (b"kind: glossary\nterms: &t [*t]\n", 2, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_one_clear_line_and_exit_1(run, tmp_path, name):
    raw, line, words = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if ln]
    assert len(lines) == 1, result.stdout
    prefix = f"{path}:"
    assert lines[0].startswith(prefix)
    got_line = int(lines[0][len(prefix):].split(":")[0])
    if line is not None:
        assert got_line == line, lines[0]
    assert ": error: " in lines[0]
    if words:
        assert words in lines[0]
    assert "Traceback" not in result.output
    assert not os.path.exists("/tmp/peerlearn-pwned")


def test_json_format_lists_the_same_problems(run, tmp_path):
    (tmp_path / "a.yaml").write_bytes(CASES["duplicate-key"][0])
    (tmp_path / "b.yaml").write_bytes(CASES["unknown-kind"][0])
    result = run("validate", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(os.path.basename(p["path"]), p["line"], p["severity"]) for p in problems] == [("a.yaml", 4, "error"), ("b.yaml", 1, "error")]


def test_every_problem_in_every_file_in_one_run(run, tmp_path):
    for name in ("syntax", "empty", "non-utf8"):
        (tmp_path / f"{name}.yaml").write_bytes(CASES[name][0])
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3


def test_a_missing_path_is_an_error_not_a_traceback(run, tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "no such file" in result.stdout


def test_positions_point_at_the_offending_node_not_the_top():
    from peerlearn.content.source import parse_text

    doc = parse_text("x.yaml", "kind: scenario\nscenarios:\n  - id: a\n    title: >-\n      hello\n")
    assert doc.where(("scenarios", 0, "id")) == (3, 9)
    assert doc.where(("scenarios", 0, "title")) == (4, 12)
    assert doc.where(("scenarios", 0, "title"), key=True) == (4, 5)
    assert doc.where(("scenarios", 0, "missing")) == (3, 5)


def test_plain_scalars_keep_their_yaml_types():
    from peerlearn.content.source import parse_text

    doc = parse_text("x.yaml", "a: 3\nb: true\nc: 2024-01-31\nd: null\ne: '3'\n")
    assert doc.data == {"a": 3, "b": True, "c": "2024-01-31", "d": None, "e": "3"}
