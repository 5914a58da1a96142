"""export-bank and import-bank through click's CliRunner: the round trip, the notes, validate's
TODO flag, and bad input."""
import json
import os
import sys

import pytest
import yaml
from checkout_helpers import make_checkout

from peerlearn.content.loader import load_content, schema_dir


def builtin():
    return [s for s in load_content().scenarios]


def test_export_bank_writes_moodle_xml_and_names_the_branching_scenarios_left_out(run, tmp_path):
    out = tmp_path / "bank.xml"
    result = run("export-bank", "-o", str(out))
    assert result.exit_code == 0
    branching = [s.id for s in builtin() if s.type == "branching"]
    others = len(builtin()) - len(branching)
    assert result.stdout.startswith(f"Wrote {out}: {others} questions")
    assert "Left out" not in result.stdout
    assert f"Left out {len(branching)} branching scenarios" in result.stderr
    assert all(i in result.stderr for i in branching)
    assert out.read_text(encoding="utf-8").count('<question type="multichoice">') == others


def test_export_bank_gift_goes_to_the_screen_with_the_notes_apart(run):
    result = run("export-bank", "--format", "gift", "--module", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("// peerlearn question bank")
    assert "$CATEGORY: $course$/top/peerlearn/m01-foundations" in result.stdout
    assert "Left out 1 branching scenario," in result.stderr and "Left out" not in result.stdout


def test_export_bank_needs_a_format_it_can_tell(run, tmp_path):
    result = run("export-bank", "-o", str(tmp_path / "bank.csv"))
    assert result.exit_code == 2 and "--format moodle-xml or --format gift" in result.stderr
    result = run("export-bank", "--format", "gift", "-o", str(tmp_path / "bank.xml"))
    assert result.exit_code == 2 and "does not match" in result.stderr
    assert not os.listdir(tmp_path)


@pytest.mark.parametrize("name", ["bank.xml", "bank.gift"])
def test_export_then_import_gives_back_every_stem_choice_key_and_feedback(run, tmp_path, name):
    bank = tmp_path / name
    assert run("export-bank", "-o", str(bank)).exit_code == 0
    result = run("import-bank", str(bank), "-o", str(tmp_path / "pack"))
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "pack" / (os.path.splitext(name)[0] + ".yaml")
    assert f"Wrote {written}" in result.stdout
    doc = yaml.safe_load(written.read_text(encoding="utf-8"))
    originals = [s for s in builtin() if s.type != "branching"]
    assert len(doc["scenarios"]) == len(originals)
    for s, got in zip(originals, doc["scenarios"]):
        assert (got["type"], got["title"], got["situation"], got["question"]) == (s.type, s.title, s.situation, s.question)
        assert got["competencies"] == list(s.competencies)
        assert got.get("module") == s.module and got.get("content_note") == s.content_note
        assert [(c["text"], c.get("correct", False), c["feedback"]) for c in got["choices"]] == \
               [(c.text, c.correct, c.feedback) for c in s.choices]
        assert got["id"] == f"{s.id}-2"  # its own id is taken by the built-in scenario
    assert "already used by the content" in result.stderr


GIFT_WITHOUT_TAGS = """::Welcome::Lee joins a group for the first time and sits by the door. What do you do first?{
    =Greet Lee by name and say where things are.#Warm and practical, and it leaves Lee free to settle.
    ~Ask Lee to share their story with the group.#Asking for a story this early can feel like pressure.
    ~Leave Lee alone until they choose to speak.#Some space is kind, but a welcome helps Lee feel at home.
}

A true or false question.{TRUE}
"""


def test_import_leaves_competencies_as_todo_and_validate_flags_it(run, tmp_path):
    bank = tmp_path / "welcome.gift"
    bank.write_text(GIFT_WITHOUT_TAGS, encoding="utf-8")
    result = run("import-bank", str(bank), "-o", str(tmp_path / "pack"))
    assert result.exit_code == 0
    assert "1 still need their competencies (TODO)" in result.stdout
    assert "Left out questions of other types, which peerlearn cannot hold: 1 truefalse." in result.stderr
    written = tmp_path / "pack" / "welcome.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "competencies: [TODO]" in text
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "competencies: [TODO]" in ln)
    check = run("validate", str(written))
    assert check.exit_code == 1
    flagged = [ln for ln in check.stdout.splitlines() if ln.startswith(f"{written}:{line}:") and "error" in ln]
    assert flagged, check.stdout
    # Once the trainer fills it in, the file validates.
    written.write_text(text.replace("competencies: [TODO]", "competencies: [FCC-1]"), encoding="utf-8")
    check = run("validate", str(written))
    assert check.exit_code == 0, check.stdout


def test_import_names_the_schema_by_its_id_outside_a_checkout_never_an_installed_copy(run, tmp_path):
    bank = tmp_path / "welcome.gift"
    bank.write_text(GIFT_WITHOUT_TAGS, encoding="utf-8")
    assert run("import-bank", str(bank), "-o", str(tmp_path / "pack")).exit_code == 0
    first = (tmp_path / "pack" / "welcome.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema_id = json.loads((schema_dir() / "scenario.schema.json").read_text(encoding="utf-8"))["$id"]
    assert first == f"# yaml-language-server: $schema={schema_id}"
    assert "site-packages" not in first and sys.prefix not in first


def test_import_into_a_checkout_names_the_checkouts_schema_relative_to_the_file(run, tmp_path):
    root = make_checkout(tmp_path)
    bank = tmp_path / "welcome.gift"
    bank.write_text(GIFT_WITHOUT_TAGS, encoding="utf-8")
    assert run("import-bank", str(bank), "-o", str(root / "assessments" / "imported")).exit_code == 0
    first = (root / "assessments" / "imported" / "welcome.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/scenario.schema.json"


def test_import_refuses_to_overwrite_without_force(run, tmp_path):
    bank = tmp_path / "welcome.gift"
    bank.write_text(GIFT_WITHOUT_TAGS, encoding="utf-8")
    assert run("import-bank", str(bank), "-o", str(tmp_path)).exit_code == 0
    before = (tmp_path / "welcome.yaml").read_text(encoding="utf-8")
    result = run("import-bank", str(bank), "-o", str(tmp_path))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (tmp_path / "welcome.yaml").read_text(encoding="utf-8") == before
    assert run("import-bank", str(bank), "-o", str(tmp_path), "--force").exit_code == 0


@pytest.mark.parametrize("name,content,reason", [
    ("missing.xml", None, "no such file"),
    ("broken.xml", b"<quiz><question type='multichoice'>", "not well-formed XML"),
    ("page.xml", b"<html><body>hello</body></html>", "not a Moodle XML question file"),
    ("latin1.gift", "::Caf\xe9::Which?{=a ~b}".encode("latin-1"), "not UTF-8 text"),
    ("essays.gift", b"Write about your week.{}\n\nThe sky is blue.{T}\n", "no multiple-choice questions (only 1 essay, 1 truefalse)"),
    ("brace.gift", b"::One::Broken? {=yes ~no\n", "without its partner"),
    ("bank.csv", b"a,b", "--format moodle-xml or --format gift"),
])
def test_bad_bank_files_get_one_line_exit_1_and_nothing_written(run, tmp_path, name, content, reason):
    bank = tmp_path / name
    if content is not None:
        bank.write_bytes(content)
    out = tmp_path / "pack"
    result = run("import-bank", str(bank), "-o", str(out))
    assert result.exit_code == (2 if name.endswith(".csv") else 1)
    assert reason in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    if not name.endswith(".csv"):
        assert len(result.stderr.strip().splitlines()) == 1 and "nothing was written" in result.stderr
    assert not out.exists()
