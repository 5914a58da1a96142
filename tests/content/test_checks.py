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


def test_a_damaged_cache_is_ignored(tmp_path):
    from peerlearn.content.loader import cache_dir, load_content

    load_content()
    for name in os.listdir(cache_dir()):
        with open(os.path.join(cache_dir(), name), "w") as fh:
            fh.write("{broken")
    assert len(load_content().modules) == 16
