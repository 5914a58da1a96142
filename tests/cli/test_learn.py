"""Learner flows through CliRunner in plain mode."""
import json
import os

import pytest

from learner_helpers import best_answer_lines, shown_number, quiz_input, study_input, two_scenarios_per_competency
from peerlearn.content.loader import load_content
from peerlearn.records.store import Store


@pytest.fixture(scope="module")
def content():
    return load_content()


def first_of(content, kind):
    return next(s for s in content.scenarios if s.type == kind)


def test_a_quiz_records_each_response_with_its_details(run, content, isolated_home):
    single, multi, branch = first_of(content, "single"), first_of(content, "multi"), first_of(content, "branching")
    ids = [single.id, multi.id, branch.id]
    args = [a for i in ids for a in ("--scenario", i)]
    result = run("--plain", "quiz", *args, input=quiz_input([single, multi, branch]))
    assert result.exit_code == 0, result.output
    assert "Summary by competency" in result.stdout
    responses = Store(str(isolated_home)).responses()
    assert [r["scenario"] for r in responses] == ids
    for r, s in zip(responses, (single, multi, branch)):
        assert r["version"] == s.version and r["competencies"] == list(s.competencies)
        assert r["score"] == 1.0 and r["time"]
    assert responses[2]["ending"] and len(responses[2]["choices"]) >= 2


def test_feedback_explains_the_chosen_option_and_the_best_one(run, content):
    s = first_of(content, "single")
    wrong = next(i for i, c in enumerate(s.choices) if not c.correct)
    result = run("--plain", "quiz", "--scenario", s.id, input=f"{shown_number(s, '', wrong)}\n")
    out = " ".join(result.stdout.split())
    assert " ".join(s.choices[wrong].feedback.split())[:60] in out
    best = next(c for c in s.choices if c.correct)
    assert " ".join(best.feedback.split())[:60] in out
    assert "wrong" not in result.stdout.lower()


def test_multi_select_gets_partial_credit(run, content, isolated_home):
    s = next(s for s in content.scenarios if s.type == "multi" and sum(c.correct for c in s.choices) >= 2)
    one = next(i for i, c in enumerate(s.choices) if c.correct)
    run("--plain", "quiz", "--scenario", s.id, input=f"{shown_number(s, '', one)}\n")
    (r,) = Store(str(isolated_home)).responses()
    assert 0 < r["score"] < 1


def test_end_of_input_pauses_and_the_next_run_resumes(run, content, isolated_home):
    scen = [s for s in content.scenarios if s.type == "single"][:3]
    args = [a for s in scen for a in ("--scenario", s.id)]
    first = best_answer_lines(scen[0])[0]
    paused = run("--plain", "quiz", *args, input=f"{first}\n\n")
    assert paused.exit_code == 0 and "Paused" in paused.stderr
    assert len(Store(str(isolated_home)).responses()) == 1
    resumed = run("--plain", "quiz", input="y\n" + quiz_input(scen[1:]))
    assert resumed.exit_code == 0, resumed.output
    assert [r["scenario"] for r in Store(str(isolated_home)).responses()] == [s.id for s in scen]


def test_q_pauses_too(run, content, isolated_home):
    s = first_of(content, "single")
    result = run("--plain", "quiz", "--scenario", s.id, input="q\n")
    assert result.exit_code == 0 and "Paused" in result.stderr
    assert len(Store(str(isolated_home)).session("quiz")["done"]) == 0


def test_ctrl_c_exits_130_and_keeps_what_was_answered(run, content, isolated_home, monkeypatch):
    from peerlearn.ui import prompts

    scen = [s for s in content.scenarios if s.type == "single"][:2]
    answers = iter([best_answer_lines(scen[0])[0]])
    real = prompts.PlainPrompter._line

    def line(self, prompt):
        try:
            value = next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None
        return value

    monkeypatch.setattr(prompts.PlainPrompter, "_line", line)
    result = run("--plain", "quiz", "--scenario", scen[0].id, "--scenario", scen[1].id)
    assert result.exit_code == 130
    assert len(Store(str(isolated_home)).responses()) == 1
    monkeypatch.setattr(prompts.PlainPrompter, "_line", real)


def test_a_branching_scenario_resumes_mid_path(run, content, isolated_home):
    s = next(s for s in content.scenarios if s.type == "branching" and len(best_answer_lines(s)) >= 3)
    lines = best_answer_lines(s)
    result = run("--plain", "quiz", "--scenario", s.id, input=lines[0] + "\n")
    assert "Paused" in result.stderr
    assert Store(str(isolated_home)).session("quiz")["partial"]
    result = run("--plain", "quiz", input="y\n" + "\n".join(lines[2:]) + "\n")
    assert result.exit_code == 0, result.output
    assert "Picking up where you left off" in result.stdout
    (r,) = Store(str(isolated_home)).responses()
    assert r["score"] == 1.0 and len(r["choices"]) == len([x for x in lines if x])


def test_unknown_filters_are_clear_errors(run):
    for args, words in ((["--module", "99"], "no module"), (["--competency", "XYZ-1"], "no competency"),
                        (["--domain", "ABC"], "no domain"), (["--scenario", "nope"], "no scenario")):
        result = run("--plain", "quiz", *args)
        assert result.exit_code == 1 and words in result.stderr, args


def test_study_shows_sections_key_terms_and_keeps_reflections_private(run, content, isolated_home):
    m = content.modules[0]
    result = run("--plain", "study", "1", input=study_input(m, content))
    assert result.exit_code == 0, result.output
    assert m.sections[0].title in result.stdout and "Key terms" in result.stdout
    store = Store(str(isolated_home))
    assert store.module_progress(m.id)["completed"]
    assert len(store.reflections()) == len(m.reflection_prompts)
    assert "my reflection" not in open(os.path.join(store.home, "learner.json")).read()


def test_study_resumes_at_the_next_section(run, content, isolated_home):
    m = content.modules[1]
    first = (["1"] if m.content_note else []) + ["", ""]
    run("--plain", "study", m.id, input="\n".join(first) + "\n")
    assert Store(str(isolated_home)).module_progress(m.id)["section"] == 2
    result = run("--plain", "study", m.id, input=("1\n" if m.content_note else "") + "\n" * 40)
    assert "Picking up at section 3" in result.stdout


def test_a_sensitive_module_can_be_skipped_from_its_content_note(run, content, isolated_home):
    m = next(m for m in content.modules if m.content_note)
    result = run("--plain", "study", m.id, input="2\n")
    assert "Content note" in result.stdout and result.exit_code == 0
    assert not Store(str(isolated_home)).module_progress(m.id).get("completed")


def test_reflect_ends_with_what_to_reconsider(run, content, isolated_home):
    cl = content.checklist("story-sharing")
    lines = ["a story about my first job"] + ["1"] * (len(cl.items) - 1) + ["2"]
    result = run("--plain", "reflect", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "Worth another look" in result.stdout and cl.items[-1].if_not[:40] in " ".join(result.stdout.split())
    (run_,) = Store(str(isolated_home)).checklist_runs()
    assert run_["answers"][cl.items[-1].id] == "not-yet"


def test_journal_lists_reads_and_deletes(run, isolated_home):
    assert "Saved as entry 1" in run("journal", "write", "--text", "a private thought").stdout
    assert "a private thought" in run("journal").stdout
    assert "a private thought" in run("journal", "read", "1").stdout
    assert "Kept." in run("--plain", "journal", "delete", "1", input="n\n").stdout
    assert "Deleted" in run("--plain", "journal", "delete", "1", input="y\n").stdout
    assert run("journal", "read", "1").exit_code == 1


def test_progress_json_has_the_documented_shape(run):
    report = json.loads(run("progress", "--json").stdout)
    assert len(report["competencies"]) == 25
    assert report["competencies"]["PSP-1"] == {"level": "not started", "evidence": 0, "scenarios": 0, "score": None, "last": None, "first_score": None, "held_back": None}
    assert len(report["modules"]) == 16
    assert report["initial_training"]["complete"] is False and report["initial_training"]["missing"]


def test_transcripts_leave_reflections_out_unless_asked(run, isolated_home, tmp_path):
    run("profile", "--name", "Ana Example")
    run("journal", "write", "--text", "something only I should see")
    for fmt in ("md", "html", "json"):
        out = run("transcript", "--format", fmt).stdout
        assert "Ana Example" in out and "something only I should see" not in out
    assert "something only I should see" in run("transcript", "--include-reflections").stdout
    target = tmp_path / "record.html"
    assert run("transcript", "--format", "html", "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("<!doctype html>")


def test_forget_needs_confirmation_and_erases(run, isolated_home):
    run("journal", "write", "--text", "to be forgotten")
    assert "Nothing was erased" in run("--plain", "forget", "--reflections", input="n\n").stdout
    assert run("--plain", "forget", "--reflections", input="y\n").exit_code == 0
    assert "empty" in run("journal").stdout
    assert run("forget").exit_code == 2


def test_home_screen_says_what_to_do_next(run):
    result = run("--plain")
    assert result.exit_code == 0
    assert "Modules studied: 0 of 16" in result.stdout and "peerlearn study m01" in result.stdout


def test_from_nothing_to_a_completed_initial_training_in_plain_mode(run, content, isolated_home):
    for m in content.modules:
        assert run("--plain", "study", m.id, input=study_input(m, content)).exit_code == 0
    cl = content.checklist("story-sharing")
    assert run("--plain", "reflect", input="\n" + "1\n" * len(cl.items)).exit_code == 0
    chosen = two_scenarios_per_competency(content)
    args = [a for s in chosen for a in ("--scenario", s.id)]
    result = run("--plain", "quiz", *args, input=quiz_input(chosen))
    assert result.exit_code == 0, result.output[-2000:]
    report = json.loads(run("progress", "--json").stdout)
    assert report["initial_training"]["complete"], report["initial_training"]["missing"]
    assert all(c["level"] == "proficient" for c in report["competencies"].values())
    when = report["initial_training"]["completed_on"]
    again = json.loads(run("progress", "--json").stdout)
    assert again["initial_training"]["completed_on"] == when  # recorded once
    transcript = run("transcript").stdout
    assert f"completed on {when[:10]}" in transcript


def test_content_pack_text_is_shown_without_terminal_escapes(run, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "s.yaml").write_text(
        'kind: scenario\nscenarios:\n  - id: esc-test\n    type: single\n    title: "Esc \\e]0;pwned\\a title"\n'
        '    competencies: [PSP-2]\n    situation: "Text with \\e[31mred\\e[0m and \\x07 bell."\n'
        '    question: How do you respond to the escape test?\n    choices:\n'
        '      - {id: a, text: A, correct: true, feedback: F}\n      - {id: b, text: B, feedback: G}\n')
    result = run("--content", str(pack), "--plain", "quiz", "--scenario", "esc-test", input="1\n")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Text with red and" in result.stdout


def _singles(content, n):
    return [s for s in content.scenarios if s.type == "single" and not s.content_note][:n]


def test_a_paused_quiz_does_not_swallow_a_later_bad_option(run, content):
    s = _singles(content, 2)
    run("--plain", "quiz", "--scenario", s[0].id, "--scenario", s[1].id, input=best_answer_lines(s[0])[0] + "\n")
    result = run("--plain", "quiz", "--competency", "XYZ-9", input="y\n")
    assert result.exit_code == 1 and "there is no competency 'XYZ-9'" in result.stderr
    assert "PSP-1..5" in result.stderr and "You paused" not in result.stdout
    assert run("--plain", "quiz", "--refresher", "--module", "3").exit_code == 2


def test_the_resume_question_says_which_quiz_and_no_starts_the_new_one(run, content, isolated_home):
    s = _singles(content, 3)
    run("--plain", "quiz", "--module", s[0].module, "--scenario", s[0].id, "--scenario", s[1].id,
        input=best_answer_lines(s[0])[0] + "\n")
    asked = run("--plain", "quiz", "--scenario", s[2].id, input="n\n" + best_answer_lines(s[2])[0] + "\n")
    out = " ".join(asked.stdout.split())
    assert "You paused a quiz (module " in out and "with 1 of 2 scenarios to go" in out
    assert [r["scenario"] for r in Store(str(isolated_home)).responses()] == [s[0].id, s[2].id]
    assert Store(str(isolated_home)).session("quiz") is None


def test_resuming_without_the_content_pack_skips_no_built_in_scenario(run, content, isolated_home):
    from conftest import FIXTURES

    pack = os.path.join(FIXTURES, "pack")
    a, b = _singles(content, 2)
    first = run("--content", pack, "--plain", "quiz", "--scenario", "pack-advice", "--scenario", a.id, "--scenario", b.id,
                input="1\n\n")
    assert "Paused" in first.stderr
    resumed = run("--plain", "quiz", input="y\n" + quiz_input([a, b]))
    assert resumed.exit_code == 0, resumed.output[-1500:]
    assert [r["scenario"] for r in Store(str(isolated_home)).responses()] == ["pack-advice", a.id, b.id]


def test_stopping_a_command_that_saves_nothing_says_nothing_was_changed(run):
    result = run("--plain", "journal", "write", input="")
    assert "Nothing was changed." in result.stderr and "saved" not in result.stderr


def test_study_without_a_module_carries_on_with_the_next_one(run, content, isolated_home):
    first, second = content.modules[0], content.modules[1]
    run("--plain", "study", first.id, input=study_input(first, content))
    result = run("--plain", "study", input="")
    assert f"Module {second.number}: {second.title}" in result.stdout


def test_options_of_peerlearn_work_after_the_command_too(run, tmp_path):
    home = tmp_path / "elsewhere"
    assert run("modules", "--home", str(home)).exit_code == 0
    assert not home.exists()  # a read makes nothing
    assert run("profile", "--name", "Ana", "--home", str(home)).exit_code == 0
    assert (home / "learner.json").exists()
    assert run("progress", "--plain", "--json").exit_code == 0


def test_help_command_shows_a_commands_help(run):
    assert "Scenario quiz" in run("help", "quiz").stdout
    assert "Commands:" in run("help").stdout
    assert run("help", "nope").exit_code == 2


@pytest.mark.parametrize("args,said", [
    (("quiz", "--refresher", "--module", "3"), "--refresher covers every domain"),
    (("quiz", "--review", "--scenario", "x"), "--review chooses the scenarios itself"),
    (("export", "--format", "csv", "--include-reflections"), "--include-reflections applies to --format json only"),
    (("export", "--format", "xapi", "--include-reflections"), "never carries reflections"),
    (("export", "--format", "json", "--base", "https://org.example/x"), "--base applies to --format xapi only"),
    (("log", "list", "--policy", "default"), "give --year too"),
    (("transcript", "--format", "html", "-o", "record.md"), "does not match the file name"),
])
def test_options_that_contradict_each_other_are_refused_and_nothing_is_written(run, args, said, isolated_home):
    result = run("--plain", *args)
    assert result.exit_code == 2 and said in result.stderr
    assert not isolated_home.exists() or not any(isolated_home.iterdir())


@pytest.mark.parametrize("read", ["all", "past the end"])
def test_modules_never_shows_a_section_past_the_last(run, isolated_home, read):
    """A module whose sections were all read (or whose saved place is past its end, after the
    content changed) is at its check, never at "section 8 of 7"."""
    import re

    from peerlearn.clock import now

    m = load_content().modules[0]
    n = len(m.sections)
    Store(str(isolated_home)).save_module_progress(m.id, started=now().isoformat(), section=n if read == "all" else n + 1)
    out = run("modules").stdout
    for shown, total in re.findall(r"section (\d+) of (\d+)", out):
        assert int(shown) <= int(total), out
    assert f"{m.id} - sections read; the end-of-module check is next" in out
    (row,) = [r for r in json.loads(run("modules", "--json").stdout) if r["id"] == m.id]
    assert row["status"] == "sections read; the end-of-module check is next"
