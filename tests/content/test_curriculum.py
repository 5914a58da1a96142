"""The built-in curriculum and scenario bank: what the curriculum and scenario-bank issues ask."""
import re
from collections import Counter

import pytest

from peerlearn.content.loader import check_files, content_dirs, discover, load_content
from peerlearn.engine.coverage import coverage

TITLES = [
    "the foundations", "peer support & wholeness", "categories & containers: unpacking our biases",
    "self-determination", "cultural humility", "understanding boundaries & what it means to co-create them",
    "connection & communication", "healing-centred connection: principles in trauma-informed care",
    "social determinants of health", "supporting someone who is grieving", "supporting someone who uses substances",
    "mental health & supporting those in crisis", "goal planning", "building personal resilience",
    "family peer support", "working with youth & young adults",
]


@pytest.fixture(scope="module")
def content():
    return load_content(use_cache=False)


def test_built_in_content_has_no_errors_and_no_warnings():
    _, problems = check_files(discover(content_dirs()))
    assert [p.format() for p in problems] == []


def test_sixteen_modules_with_the_source_titles_in_order(content):
    assert [m.title.lower() for m in content.modules] == TITLES
    assert [m.number for m in content.modules] == list(range(1, 17))


def test_each_module_has_what_a_learner_needs(content):
    for m in content.modules:
        assert m.word_count >= 800, (m.id, m.word_count)
        assert 4 <= len(m.sections) <= 8, m.id
        assert 2 <= len(m.reflection_prompts) <= 4, m.id
        assert m.objectives and m.summary and m.sources, m.id
        assert m.key_terms and all(t in content.glossary for t in m.key_terms), m.id


def test_every_competency_is_built_by_a_module(content):
    report = coverage(content)
    assert all(c["modules"] >= 1 for c in report["competencies"].values())


SENSITIVE = re.compile(r"suicid|self-harm|overdos|abuse|crisis|grie|trauma|substance", re.IGNORECASE)


def test_sensitive_modules_carry_a_content_note_that_offers_a_pause_and_support(content):
    for m in content.modules:
        if m.id in ("m08-healing-centred-connection", "m10-grief", "m11-substance-use", "m12-mental-health-and-crisis"):
            assert m.content_note, m.id
        if m.content_note:
            note = m.content_note.lower()
            assert "pause" in note or "skip" in note, m.id
    crisis = content.module("m12-mental-health-and-crisis")
    text = " ".join(s.body for s in crisis.sections)
    assert "9-8-8" in text and "emergency" in text.lower() and "protocol" in text.lower()


def test_the_story_sharing_checklist_has_the_source_questions(content):
    cl = content.checklist("story-sharing")
    assert len(cl.items) == 10
    assert all(i.why and i.if_not for i in cl.items)
    assert content.checklist("co-reflection-prep") is not None


def test_the_glossary_includes_the_source_glossary_terms(content):
    for term in ("colonization", "co-reflection", "generosity-of-assumption", "holding-space", "implicit-bias",
                 "lived-experience", "peer-delivered-services", "powerful-questions", "social-determinants-of-health",
                 "trauma-informed", "we-language", "worldview"):
        assert term in content.glossary, term


# -- the scenario bank -----------------------------------------------------------------------------

def test_the_bank_meets_its_coverage_thresholds(content):
    report = coverage(content)
    assert report["scenarios"] >= 125
    for cid, c in report["competencies"].items():
        assert c["scenarios"] >= 5, cid
        assert len(c["difficulties"]) >= 2, cid
    per_module = Counter(s.module for s in content.scenarios)
    assert all(per_module[m.id] >= 2 for m in content.modules), per_module
    types = Counter(s.type for s in content.scenarios)
    assert types["multi"] >= 15 and types["branching"] >= 10


def test_scenario_items_are_well_formed(content):
    for s in content.scenarios:
        assert s.difficulty in (1, 2, 3) and s.sources, s.id
        if s.type == "branching":
            assert 2 <= len(s.steps) <= 4, s.id
            assert all(2 <= len(st.choices) <= 5 for st in s.steps), s.id
        else:
            assert 3 <= len(s.choices) <= 5, s.id
        for c in (s.choices or [c for st in s.steps for c in st.choices]):
            assert len(c.feedback.split()) >= 8, (s.id, c.id)


def test_no_two_scenarios_share_a_question_text(content):
    questions = [q.strip().lower() for s in content.scenarios for q in ([s.question] if s.question else [st.question for st in s.steps])]
    dupes = [q for q, n in Counter(questions).items() if n > 1]
    assert dupes == []


def test_items_about_suicide_self_harm_overdose_or_abuse_carry_a_content_note(content):
    pattern = re.compile(r"suicid|self-harm|overdos|\babuse[ds]?\b|\babusive\b", re.IGNORECASE)
    for s in content.scenarios:
        text = " ".join([s.situation, s.question or ""] + [st.situation for st in s.steps] +
                        [c.text for c in s.choices] + [c.text for st in s.steps for c in st.choices])
        if pattern.search(text):
            assert s.content_note, s.id


def test_the_best_response_is_not_always_shown_first(content):
    from peerlearn.engine.scoring import display_order

    firsts = Counter()
    for s in content.scenarios:
        if s.type == "single":
            shown = [s.choices[i] for i in display_order(s.id, "", len(s.choices))]
            firsts[next(k for k, c in enumerate(shown) if c.correct)] += 1
    assert max(firsts.values()) < 0.5 * sum(firsts.values()), firsts


def test_every_content_file_names_its_schema_for_editors():
    import os

    for path in discover(content_dirs()):
        with open(path, encoding="utf-8") as fh:
            first = fh.readline()
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = os.path.join(os.path.dirname(path), first.split("=", 1)[1].strip())
        assert os.path.isfile(schema), (path, schema)
