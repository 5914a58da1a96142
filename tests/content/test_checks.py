"""What the loader checks beyond the schemas, and the model it builds."""
import dataclasses
import os
import textwrap

import pytest

from conftest import FIXTURES


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_for(tmp_path, *files):
    from peerlearn.content.loader import check_files, content_dirs, discover

    _, problems = check_files(discover(content_dirs()) + list(files))
    wanted = {os.path.realpath(f) for f in files}
    return [p for p in problems if os.path.realpath(p.path) in wanted]


SINGLE = """\
kind: scenario
scenarios:
  - id: {id}
    type: single
    title: T
    competencies: [{comp}]
    {extra}
    situation: A peer asks for help.
    question: How do you respond to the peer asking for help?
    choices:
      - {{id: a, text: Listen first., correct: {a}, feedback: Listening honours choice.}}
      - {{id: b, text: Tell them what to do., correct: {b}, feedback: Advice runs against PSP-2.}}
"""


def single(**kw):
    values = {"id": "t-single", "comp": "PSP-2", "extra": "", "a": "true", "b": "false"} | kw
    return SINGLE.format(**values)


def test_a_clean_fixture_pack_has_no_problems(tmp_path):
    from pathlib import Path

    assert problems_for(tmp_path, Path(FIXTURES) / "pack" / "scenarios.yaml") == []


def test_single_best_response_needs_exactly_one_correct_choice(tmp_path):
    f = write(tmp_path, "s.yaml", single(b="true"))
    (p,) = problems_for(tmp_path, f)
    assert "exactly one" in p.message and p.line == 11


def test_unknown_competency_value_code_and_module_are_named(tmp_path):
    f = write(tmp_path, "s.yaml", single(extra="values: [hope]\n    code: [CoC-99]\n    module: m99-nothing"))
    messages = sorted(p.message for p in problems_for(tmp_path, f))
    assert messages == ["unknown Code of Conduct item 'CoC-99'", "unknown core value 'hope'", "unknown module 'm99-nothing'"]


def test_ids_are_unique_across_files_and_both_places_are_named(tmp_path):
    a = write(tmp_path, "a.yaml", single(id="t-same"))
    b = write(tmp_path, "b.yaml", single(id="t-same"))
    (p,) = problems_for(tmp_path, a, b)
    assert p.path.endswith("b.yaml") and "a.yaml:3:9" in p.message


def test_an_id_may_not_reuse_a_built_in_id_of_the_same_kind(tmp_path):
    f = write(tmp_path, "g.yaml", "kind: glossary\nterms:\n  - {id: empathy, term: Empathy, definition: Again.}\n")
    (p,) = problems_for(tmp_path, f)
    assert "already used" in p.message and "glossary.yaml" in p.message and p.line == 3


def test_a_glossary_term_may_share_its_id_with_a_core_value(tmp_path):
    f = write(tmp_path, "g.yaml", "kind: glossary\nterms:\n  - {id: curiosity, term: Curiosity, definition: D, see_also: [empathy]}\n")
    assert problems_for(tmp_path, f) == []


def test_labelling_language_is_a_warning_with_the_person_first_alternative(tmp_path):
    f = write(tmp_path, "s.yaml", single().replace("A peer asks for help.", "A schizophrenic man asks for help."))
    (p,) = problems_for(tmp_path, f)
    assert p.severity == "warning" and p.line == 8
    assert "person living with schizophrenia" in p.message


def test_allow_terms_marks_a_deliberate_use(tmp_path):
    text = single(extra="allow_terms: [schizophrenic]").replace("A peer asks for help.", "A colleague calls someone a schizophrenic.")
    assert problems_for(tmp_path, write(tmp_path, "s.yaml", text)) == []


def test_placeholders_left_from_a_template_are_errors(tmp_path):
    f = write(tmp_path, "s.yaml", single().replace("A peer asks for help.", "\"TODO: the situation\""))
    (p,) = problems_for(tmp_path, f)
    assert p.severity == "error" and "TODO" in p.message


BRANCH = """\
kind: scenario
scenarios:
  - id: t-branch
    type: branching
    title: T
    competencies: [WRB-4]
    situation: S
    steps:
      - id: t-branch-1
        situation: S1
        question: Q1
        choices:
          - {id: a, text: A, feedback: F, correct: true, next: t-branch-2}
          - {id: b, text: B, feedback: F, next: NEXT_B}
      - id: t-branch-2
        situation: S2
        question: Q2
        choices:
          - {id: a, text: A, feedback: F, correct: true, next: t-branch-end}
          - {id: b, text: B, feedback: F, next: NEXT_2B}
    endings:
      - {id: t-branch-end, text: E}
      - {id: t-branch-other, text: E2}
"""


def branch(next_b="t-branch-other", next_2b="t-branch-other"):
    return BRANCH.replace("NEXT_B", next_b).replace("NEXT_2B", next_2b)


def test_a_sound_branching_scenario_passes(tmp_path):
    assert problems_for(tmp_path, write(tmp_path, "b.yaml", branch())) == []


def test_a_dangling_target_is_reported_at_next(tmp_path):
    (p,) = problems_for(tmp_path, write(tmp_path, "b.yaml", branch(next_b="t-branch-nowhere").replace("t-branch-other, text", "t-branch-other2, text")))[:1]
    assert "t-branch-nowhere" in p.message and p.line == 14


def test_a_loop_and_an_unreached_ending_are_reported(tmp_path):
    found = problems_for(tmp_path, write(tmp_path, "b.yaml", branch(next_b="t-branch-2", next_2b="t-branch-1")))
    messages = " | ".join(p.message for p in found)
    assert "loops back" in messages
    assert "'t-branch-other' is never reached" in messages


def test_an_unreachable_step_is_reported(tmp_path):
    text = branch().replace("next: t-branch-2}", "next: t-branch-end}")
    found = problems_for(tmp_path, write(tmp_path, "b.yaml", text))
    assert any("cannot be reached" in p.message and p.line == 15 for p in found)


def test_the_model_is_immutable_and_holds_no_raw_dicts():
    from peerlearn.content.loader import load_content

    content = load_content([os.path.join(FIXTURES, "pack")])
    s = content.scenario("pack-branch")
    assert s.type == "branching" and s.steps[0].choices[0].next == "pack-branch-talk"
    assert len(s.version) == 16
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "changed"
    assert isinstance(s.competencies, tuple)
    assert len(content.framework.competencies) == 25
    assert content.policies["default"].requirements[1].monthly_cap == 1


def test_every_language_rule_is_reachable_past_the_quick_filter():
    from peerlearn.content.language import RULES, find_labels

    samples = ["an addict", "an alcoholic", "a junkie", "a crackhead", "a schizophrenic", "a diabetic", "an anorexic",
               "a homeless man", "the homeless", "the mentally ill", "a mentally ill person", "the psychotic", "a bipolar person",
               "a manic-depressive", "a substance abuser", "drug users", "committed suicide", "crazy", "a lunatic",
               "mental patients", "the disabled", "handicapped", "suffers from", "non-compliant", "stayed clean", "dirty urine"]
    assert len(samples) == len(RULES)
    for text in samples:
        assert find_labels(f"We met {text} today."), text
    assert find_labels("A person experiencing homelessness found housing.") == []


def test_the_content_cache_gives_the_same_model_and_notices_a_changed_file(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("PEERLEARN_CACHE", str(tmp_path / "own-cache"))
    from peerlearn.content.loader import load_content

    pack = tmp_path / "pack"
    shutil.copytree(os.path.join(FIXTURES, "pack"), pack)
    fresh = load_content([str(pack)], use_cache=False)
    first = load_content([str(pack)])   # fills the cache
    cached = load_content([str(pack)])  # read from it
    for model in (first, cached):
        assert [(s.id, s.version) for s in model.scenarios] == [(s.id, s.version) for s in fresh.scenarios]
        assert model.scenario("pack-branch") == fresh.scenario("pack-branch")
    f = pack / "scenarios.yaml"
    f.write_text(f.read_text().replace("Sam asks you", "Sam asks you today"))
    assert "today" in load_content([str(pack)]).scenario("pack-advice").situation
    f.write_text(f.read_text().replace("type: single", "type: singular", 1))
    from peerlearn.content.loader import ContentInvalid

    with pytest.raises(ContentInvalid):
        load_content([str(pack)])


def test_a_damaged_cache_is_ignored(tmp_path, monkeypatch):
    from peerlearn.content.loader import cache_dir, load_content

    monkeypatch.setenv("PEERLEARN_CACHE", str(tmp_path / "own-cache"))
    load_content()
    for name in os.listdir(cache_dir()):
        with open(os.path.join(cache_dir(), name), "w") as fh:
            fh.write("{broken")
    assert len(load_content().modules) == 16


def test_a_typo_in_next_suggests_the_closest_step_or_ending(tmp_path):
    found = problems_for(tmp_path, write(tmp_path, "b.yaml", branch(next_b="t-branch-othr")))
    (p,) = [p for p in found if "t-branch-othr" in p.message]
    assert p.line == 14 and "did you mean 't-branch-other'?" in p.message


def test_a_todo_anywhere_is_flagged_sources_and_mid_text_included(tmp_path):
    text = single(extra="sources: [{document: a.txt, section: \"TODO: the section\"}]").replace(
        "Listen first.", "Listen first, then TODO.")
    found = problems_for(tmp_path, write(tmp_path, "s.yaml", text))
    assert sorted((p.line, p.severity) for p in found if "TODO" in p.message) == [(7, "error"), (11, "error")]


def test_cross_checks_still_run_on_the_parts_that_passed_the_schema(tmp_path):
    """One pass shows every problem: a schema error in one scenario, or in the prose of the same
    scenario, does not hide an unknown module or a broken answer key beside it."""
    first = single(id="t-first", extra="module: m99-nothing").replace("title: T", "title: ''")
    second = single(id="t-second", b="true").replace("kind: scenario\nscenarios:\n", "")
    third = single(id="t-third").replace("kind: scenario\nscenarios:\n", "").replace("type: single", "type: sideways")
    f = write(tmp_path, "s.yaml", first + second + third)
    found = sorted((p.line, p.message) for p in problems_for(tmp_path, f))
    assert [line for line, _ in found] == [5, 7, 21, 24]
    assert "title: must be at least 1 characters" in found[0][1]
    assert found[1][1] == "unknown module 'm99-nothing'"
    assert "exactly one" in found[2][1]
    assert "'sideways' is not one of" in found[3][1]


def test_a_choice_among_schemas_reads_as_its_description_not_a_dump(tmp_path):
    f = write(tmp_path, "p.yaml", """\
        kind: policy
        id: p-test
        title: A test policy
        requirements:
          - {id: r1, title: Training, measure: hours, minimum: 1}
        initial_training:
          modules: 5
        """)
    (p,) = problems_for(tmp_path, f)
    assert (p.line, p.col) == (7, 12)
    assert p.message == "modules: 5 is not valid here: 'all', or the module ids that must be studied."


def test_steps_in_a_single_scenario_are_named_at_their_key_without_a_dump(tmp_path):
    step = "{id: s1, situation: S, question: Q, choices: [{id: a, text: A, feedback: F}, {id: b, text: B, feedback: G}]}"
    text = single().replace("    question:", f"    steps: [{step}]\n    question:")
    (p,) = problems_for(tmp_path, write(tmp_path, "s.yaml", text))
    assert (p.line, p.col) == (9, 5)
    assert p.message.startswith("'steps' is not used here: a single or multi scenario has a question and choices")
    assert "{" not in p.message


def test_an_any_of_without_a_description_reads_as_its_best_sub_error():
    import jsonschema

    from peerlearn.content.loader import _describe

    schema = {"properties": {"n": {"anyOf": [{"type": "integer", "minimum": 3}, {"type": "string", "pattern": "^x"}]}}}
    (err,) = jsonschema.Draft202012Validator(schema).iter_errors({"n": 1})
    path, _, message = _describe(err)
    best = jsonschema.exceptions.best_match(err.context)
    assert path == ("n",) and message.endswith(best.message) and "any of the given schemas" not in message


def test_a_repeated_labelling_word_gives_one_warning_per_text(tmp_path):
    f = write(tmp_path, "g.yaml", "kind: glossary\nterms:\n  - {id: t-one, term: T, definition: '" + "an addict, " * 40 + "end'}\n")
    found = problems_for(tmp_path, f)
    assert len(found) == 1 and "'addict'" in found[0].message
