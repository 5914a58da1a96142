"""The trainer's commands through click's CliRunner."""
import json
import os
import subprocess
import sys

import pytest
from checkout_helpers import make_checkout
from conftest import FIXTURES

PACK = os.path.join(FIXTURES, "pack")


def test_validate_the_built_in_content_is_clean(run):
    result = run("validate")
    assert result.stdout == ""
    assert result.exit_code == 0
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_coverage_json_lists_all_25_competencies(run):
    result = run("coverage", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert len(report["competencies"]) == 25
    assert {"PSP-1", "WRB-6", "DIE-6", "FCC-5", "CEP-3"} <= set(report["competencies"])
    for entry in report["competencies"].values():
        assert {"scenarios", "modules"} <= set(entry)
    assert report["scenarios"] == sum(1 for _ in _builtin_scenarios())


def _builtin_scenarios():
    from peerlearn.content.loader import load_content

    return load_content().scenarios


def test_a_content_pack_adds_its_scenarios_to_coverage(run):
    base = json.loads(run("coverage", "--json").stdout)
    with_pack = json.loads(run("--content", PACK, "coverage", "--json").stdout)
    assert with_pack["scenarios"] == base["scenarios"] + 3
    assert with_pack["competencies"]["WRB-4"]["scenarios"] == base["competencies"]["WRB-4"]["scenarios"] + 1


def test_peerlearn_content_env_adds_a_pack_too(run):
    result = run("coverage", "--json", env={"PEERLEARN_CONTENT": PACK})
    base = json.loads(run("coverage", "--json").stdout)
    assert json.loads(result.stdout)["scenarios"] == base["scenarios"] + 3


def test_an_id_collision_between_packs_names_both_files(run):
    result = run("--content", PACK, "--content", os.path.join(FIXTURES, "collide"), "validate")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert "collide" in line.split(":")[0] and "pack" in line and "already used" in line


def test_coverage_text_flags_gaps(run):
    result = run("coverage", "--min-scenarios", "1000")
    assert result.exit_code == 0
    assert "gap" in result.stdout and "PSP-1" in result.stdout


def test_new_scenario_from_flags_validates_once_placeholders_are_filled(run, tmp_path):
    out = tmp_path / "sc99-gift.yaml"
    result = run("--plain", "new", "scenario", "--id", "sc99-gift", "--title", "A gift from a family",
                 "--type", "single", "--competency", "CEP-2", "--difficulty", "2", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    unfilled = run("validate", str(out))
    assert unfilled.exit_code == 1 and "TODO" in unfilled.stdout
    filled = text.replace("TODO: ", "")
    out.write_text(filled)
    assert run("validate", str(out)).exit_code == 0
    again = run("--plain", "new", "scenario", "--id", "sc99-gift", "-o", str(out))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_branching_scenario_module_and_checklist_validate_when_filled(run, tmp_path):
    for args in (["scenario", "--id", "sc99-path", "--type", "branching", "--competency", "WRB-4"],
                 ["scenario", "--id", "sc99-many", "--type", "multi"],
                 ["module", "--id", "m42-extra", "--title", "Extra"],
                 ["checklist", "--id", "my-list", "--title", "My list"]):
        out = tmp_path / f"{args[2]}.yaml"
        assert run("--plain", "new", *args, "-o", str(out)).exit_code == 0
        out.write_text(out.read_text().replace("TODO: ", ""))
        result = run("validate", str(out))
        assert result.exit_code == 0, result.stdout


def _pack_scenario(ident):
    from peerlearn.content.loader import load_content

    return load_content([PACK]).scenario(ident)


def test_preview_in_plain_mode_shows_the_scenario_and_lets_the_trainer_try_each_choice(run):
    from learner_helpers import shown_number

    s = _pack_scenario("pack-advice")
    advice, ask = shown_number(s, "", 1), shown_number(s, "", 0)
    target = os.path.join(PACK, "scenarios.yaml") + "#pack-advice"
    result = run("--plain", "preview", target, input=f"{advice}\ny\n{ask}\nn\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Sam asks you what job" in out
    assert f"{ask}. Ask Sam what matters to them in a job." in out
    assert "Advice-giving runs against self-determination (PSP-2)." in out
    assert out.index("Advice-giving") < out.index("This honours self-determination")
    assert "End of preview." in out


def test_preview_follows_a_branching_path_to_its_ending(run):
    from learner_helpers import best_answer_lines

    target = os.path.join(PACK, "scenarios.yaml") + "#pack-branch"
    result = run("--plain", "preview", target, input="\n".join(best_answer_lines(_pack_scenario("pack-branch"))) + "\nn\n")
    assert result.exit_code == 0, result.output
    assert "Jo seems disappointed." in result.stdout
    assert "Jo finds a weekend drop-in" in result.stdout


def test_preview_of_an_unknown_id_is_a_clear_error(run):
    result = run("--plain", "preview", os.path.join(PACK, "scenarios.yaml") + "#nope")
    assert result.exit_code == 1 and "with the id 'nope'" in result.stderr


def test_end_of_input_pauses_a_preview_without_a_traceback(run):
    result = run("--plain", "preview", os.path.join(PACK, "scenarios.yaml") + "#pack-multi", input="")
    assert result.exit_code == 0
    assert "Paused" in result.stderr


def test_help_imports_no_heavy_modules():
    code = ("import sys; from peerlearn.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('jsonschema', 'questionary', 'tinydb', 'yaml', 'prompt_toolkit', 'json',\n"
            "                         'peerlearn.cli.learn', 'peerlearn.cli.author') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_preview_of_a_built_in_scenario_file_works(run):
    from peerlearn.content.loader import load_content

    s = load_content().scenarios[0]
    result = run("--plain", "preview", f"{s.path}#{s.id}", input="1\nn\n" * 5)
    assert result.exit_code == 0, result.output
    assert s.title in result.stdout


def test_validate_in_a_checkout_checks_the_edited_file_not_the_installed_copy(run, tmp_path, monkeypatch):
    root = make_checkout(tmp_path)
    m03 = root / "assessments" / "m03-categories-and-containers.yaml"
    m03.write_text(m03.read_text().replace("module: m03-categories-and-containers", "module: m03-categories", 1))
    monkeypatch.chdir(root)
    result = run("validate", "assessments/m03-categories-and-containers.yaml")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line == "assessments/m03-categories-and-containers.yaml:7:13: error: unknown module 'm03-categories'"
    assert "1 file(s) checked: 1 error(s)" in result.stderr


def test_content_slash_is_refused_after_a_bounded_walk(run, tmp_path):
    from peerlearn.content.loader import MAX_WALK_ENTRIES

    tree = tmp_path / "root"
    for i in range(MAX_WALK_ENTRIES // 1000 + 1):
        folder = tree / "usr" / f"lib{i}"
        folder.mkdir(parents=True)
        for j in range(1000):
            (folder / f"{j}.so").touch()
    for args in (["--content", str(tree), "coverage"], ["validate", str(tree)]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.strip() == (f"Error: the content folder {tree} holds more than {MAX_WALK_ENTRIES:,} files and "
                                          "folders, so it is not read as content; name the folder that holds the pack's .yaml files")


def test_preview_accepts_a_built_in_scenario_id(run):
    s = _builtin_scenarios()[0]
    result = run("--plain", "preview", s.id, input="1\nn\n" * 5)
    assert result.exit_code == 0, result.output
    assert s.title in result.stdout and "End of preview." in result.stdout
    typo = run("--plain", "preview", s.id[:-1])
    assert typo.exit_code == 1
    assert typo.stderr.strip() == f"Error: there is no file or scenario id {s.id[:-1]!r}; did you mean {s.id!r}?"


def test_new_writes_a_schema_line_that_names_no_installed_copy(run, tmp_path):
    out = tmp_path / "sc99-a.yaml"
    assert run("--plain", "new", "scenario", "--id", "sc99-a", "-o", str(out)).exit_code == 0
    assert out.read_text().splitlines()[0] == "# yaml-language-server: $schema=https://peerlearn.example.org/schemas/scenario.schema.json"
    root = make_checkout(tmp_path)
    inside = root / "assessments" / "sc99-b.yaml"
    assert run("--plain", "new", "scenario", "--id", "sc99-b", "-o", str(inside)).exit_code == 0
    assert inside.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schemas/scenario.schema.json"


def test_new_names_the_schema_by_a_forward_slash_path_that_leads_from_the_file_to_it(run, tmp_path, monkeypatch):
    """In a checkout and beside a `schema --copy-to` copy, whatever the system's separator: the
    `$schema` line is read as a URI reference, so it never holds a backslash."""
    from pathlib import Path

    root = make_checkout(tmp_path)
    copied = tmp_path / "org-content"
    copied.mkdir()
    monkeypatch.chdir(copied)
    assert run("schema", "--copy-to", "schemas").exit_code == 0
    for base, schemas in ((root, root / "schemas"), (copied, copied / "schemas")):
        out = base / "assessments" / "deeper" / "sc99-deep.yaml"
        out.parent.mkdir(parents=True)
        assert run("--plain", "new", "scenario", "--id", "sc99-deep", "-o", str(out)).exit_code == 0
        ref = out.read_text(encoding="utf-8").splitlines()[0].split("$schema=", 1)[1]
        assert ref == "../../schemas/scenario.schema.json" and "\\" not in ref
        assert (out.parent / Path(ref)).resolve() == (schemas / "scenario.schema.json").resolve()


def test_new_in_a_checkout_reached_through_a_link_names_the_schema_within_the_checkout(run, tmp_path):
    """As on macOS, where /tmp and /var are links into /private: the path stays inside the
    checkout instead of climbing out through the link's parents."""
    root = make_checkout(tmp_path)
    link = tmp_path / "link"
    try:
        os.symlink(root, link, target_is_directory=True)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"this system cannot make a symbolic link here: {exc}")
    out = link / "assessments" / "sc99-linked.yaml"
    assert run("--plain", "new", "scenario", "--id", "sc99-linked", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../schemas/scenario.schema.json"


def test_new_from_flags_refuses_a_bad_or_used_id_and_an_unknown_competency(run, tmp_path):
    used = _builtin_scenarios()[0].id
    out = tmp_path / "x.yaml"
    result = run("--plain", "new", "scenario", "--id", used, "--competency", "PSP-9", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert f"The id {used!r} is already used; choose another." in result.stderr
    assert "Unknown competency 'PSP-9'; the competencies are PSP-1 to PSP-5, WRB-1 to WRB-6" in result.stderr
    result = run("--plain", "new", "module", "--id", "Module 17", "-o", str(out))
    assert result.exit_code == 1 and "'Module 17' is not a valid id." in result.stderr


def test_new_in_a_terminal_asks_again_for_a_bad_id_and_competency(run, tmp_path, monkeypatch):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from peerlearn.ui import prompts

    used = _builtin_scenarios()[0].id
    clear, enter = "\x15", "\r"  # Ctrl-U empties the pre-filled default
    keys = [clear + "Bad Id" + enter, clear + used + enter, clear + "sc99-fresh" + enter, "A fresh title" + enter,
            enter, "PSP-9 WRB-6" + enter, "PSP-2 WRB-6" + enter, enter]
    out = tmp_path / "new.yaml"
    with create_pipe_input() as inp:
        monkeypatch.setattr(prompts, "prompter_for", lambda plain: prompts.TerminalPrompter(input=inp, output=DummyOutput()))
        inp.send_text("".join(keys))
        result = run("new", "scenario", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "'Bad Id' is not a valid id." in result.stdout
    assert f"The id {used!r} is already used; choose another." in result.stdout
    assert "Unknown competency 'PSP-9'" in result.stdout
    text = out.read_text()
    assert "  - id: sc99-fresh\n" in text and "competencies: [PSP-2, WRB-6]" in text
