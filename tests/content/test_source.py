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
    "alias-bomb": (BOMB.encode(), None, "aliases repeat"),
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


def _aliases_file(value: str, aliases: int, key: str = "sources") -> str:
    return f"kind: scenario\nscenarios:\n  - id: x\n    title: &big \"{value}\"\n    {key}: [{', '.join(['*big'] * aliases)}]\n"


def test_100000_aliases_to_one_large_string_are_refused_at_the_anchor(run, tmp_path):
    """A 720 KB file whose aliases would expand to gigabytes: refused with one line, after
    building only as many aliases as fit in the budget (the work is bounded by it)."""
    from peerlearn.content.source import MAX_ALIASED_CHARS, SourceError, _Builder, _yaml

    big = "word " * 60_000
    text = _aliases_file(big, 100_000)
    assert 700_000 < len(text) < 1024 * 1024
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    result = run("validate", str(path))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{path}:4:12: error: aliases repeat the value anchored here")
    yaml, loader = _yaml()
    builder = _Builder()
    with pytest.raises(SourceError):
        builder.build(yaml.compose(text, Loader=loader))
    assert builder.count <= 10 + MAX_ALIASED_CHARS // len(big)


def test_the_expanded_text_is_capped_in_characters_not_only_in_values(tmp_path):
    from peerlearn.content.source import MAX_ALIASED_CHARS, MAX_CHARS, SourceError, parse_text

    assert MAX_ALIASED_CHARS < MAX_CHARS
    ok = parse_text("ok.yaml", _aliases_file("x" * 1000, MAX_ALIASED_CHARS // 1000))
    assert len(ok.data["scenarios"][0]["sources"]) == MAX_ALIASED_CHARS // 1000
    with pytest.raises(SourceError) as exc:
        parse_text("big.yaml", _aliases_file("x" * 1000, MAX_ALIASED_CHARS // 1000 + 1))
    assert exc.value.line == 4 and "100,000 characters" in exc.value.message


def test_aliases_of_a_labelling_word_print_a_bounded_number_of_warnings(run, tmp_path):
    """20 aliases to a text that uses a labelling word 300 times: every use stands at the anchor,
    so it is one warning line, not 6,300. Distinct texts stop at the per-file cap and say how
    many more were left out."""
    from peerlearn.content.loader import MAX_WARNINGS_PER_FILE

    twenty, many = tmp_path / "twenty.yaml", tmp_path / "many.yaml"
    twenty.write_text(_aliases_file("an addict " * 300, 20, key="objectives"))
    lines = run("validate", str(twenty)).stdout.splitlines()
    assert [ln.split(": ", 1)[0] for ln in lines if ": warning: " in ln] == [f"{twenty}:4:12"]
    items = "".join(f"      - an addict, number {i}\n" for i in range(80))
    many.write_text(f"kind: scenario\nscenarios:\n  - id: x\n    objectives:\n{items}")
    lines = run("validate", str(many)).stdout.splitlines()
    warnings = [ln for ln in lines if ": warning: " in ln]
    assert len(warnings) == MAX_WARNINGS_PER_FILE + 1
    assert f"{80 - MAX_WARNINGS_PER_FILE} more warning(s) in this file were left out" in warnings[0]
