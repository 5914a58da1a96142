"""quickschema's yes/no test agrees with jsonschema: on the built-in content, and on thousands of
copies of it with values removed, replaced or added (every schema error validate reports comes
from jsonschema, so a document the quick test passes must be one jsonschema passes)."""
import copy
import random

import jsonschema
import pytest

from peerlearn.content.loader import KINDS, _schema, check_files, content_files
from peerlearn.content.quickschema import compile_schema

# Values of every type the YAML reader can give, with the edges the schemas' keywords test.
VALUES = [None, 0, 1, 2, 3, 4, -1, 1.0, 2.5, float("nan"), float("inf"), True, False, "", "x", "a" * 121, "a" * 401,
          "a" * 4001, "TODO", "PSP-2", "PSP-9", "CoC-3", "m01-foundations", "single", "multi", "branching", "all",
          "meetings", "hours", "04-01", "scenario", [], [None], ["x"], ["x", "x"], ["PSP-1", "PSP-2"], [1, True],
          [1, 1.0], [{"a": 1}, {"a": 1}], {}, {"id": "x"}, {"x": 1}]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


def _mutated(data, rng):
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        places = [p for p in _paths(data) if p]
        if not places:
            break
        place = rng.choice(places)
        parent = data
        for k in place[:-1]:
            parent = parent[k]
        roll = rng.random()
        if roll < 0.25:
            del parent[place[-1]]
        elif roll < 0.35 and isinstance(parent, dict):
            parent[rng.choice(("extra", "next", "steps", "choices", "question", "endings", "correct"))] = copy.deepcopy(rng.choice(VALUES))
        elif roll < 0.45 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[place[-1]]))
        else:
            parent[place[-1]] = copy.deepcopy(rng.choice(VALUES))
    return data


@pytest.fixture(scope="module")
def documents():
    loaded, problems = check_files(content_files())
    assert not [p for p in problems if p.severity == "error"]
    return [(item.kind, item.doc.data) for item in loaded]


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_compiles_to_a_quick_test(kind):
    """Each of peerlearn's schemas uses only keywords the quick test knows: none falls back to
    jsonschema for every file."""
    assert compile_schema(_schema(kind)) is not None


def test_the_quick_test_agrees_with_jsonschema_on_mutated_content(documents):
    rng = random.Random(20240611)
    tests = {kind: compile_schema(_schema(kind)) for kind in KINDS}
    validators = {kind: jsonschema.Draft202012Validator(_schema(kind)) for kind in KINDS}
    invalid = total = 0
    for kind, data in documents:
        for sample in [data] + [_mutated(data, rng) for _ in range(30)]:
            expected = validators[kind].is_valid(sample)
            assert tests[kind](sample) == expected, (kind, sample)
            invalid += not expected
            total += 1
    assert 500 < invalid < total - 200  # the mutations reach the schemas' errors, and not always


@pytest.mark.parametrize(("schema", "instance"), [
    ({"type": "integer"}, 3.0), ({"type": "integer"}, True), ({"type": "number"}, False), ({"type": ["string", "null"]}, None),
    ({"minimum": 1}, float("nan")), ({"maximum": 3}, "text"), ({"minLength": 2}, 5), ({"pattern": "^a"}, ["b"]),
    ({"pattern": "b"}, "abc"), ({"uniqueItems": True}, ["a", "b"]),
    ({"uniqueItems": True}, ["a", "a"]), ({"uniqueItems": False}, ["a", "a"]), ({"const": "x"}, "x"), ({"enum": ["x"]}, 0),
    ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "x"), ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 1),
    ({"not": {"required": ["a"]}}, {"a": 1}), ({"then": {"type": "string"}}, 1), ({"if": {"type": "integer"}, "else": False}, "x"),
    ({"additionalProperties": {"type": "string"}}, {"a": 1}), ({"properties": {"a": False}}, {"a": 1}), ({"items": False}, []),
    ({"required": ["a"]}, ["a"]), ({"anyOf": [{"type": "string"}], "oneOf": [{"type": "integer"}, {"type": "string"}]}, 1),
    ({"minItems": 1, "maxItems": 1, "minLength": 3}, [1, 2]), ({"minimum": 1, "maximum": 3}, 0), ({"anyOf": [False, True]}, 1), ({"allOf": [{"type": "string"}, {"maxLength": 1}]}, "ab"),
])
def test_the_quick_test_follows_jsonschema_on_each_keyword(schema, instance):
    """Where the quick test answers False and jsonschema finds no error, validate only spends
    time; the other way round it would miss an error. Either way the answers should agree."""
    assert compile_schema(schema)(instance) == jsonschema.Draft202012Validator(schema).is_valid(instance)


def test_unique_items_other_than_strings_are_left_to_jsonschema():
    """jsonschema tells 1 from True in uniqueItems; the quick test does not try, and answers
    False so that jsonschema decides."""
    schema = {"uniqueItems": True}
    assert compile_schema(schema)([1, True]) is False
    assert jsonschema.Draft202012Validator(schema).is_valid([1, True])


@pytest.mark.parametrize("schema", [{"format": "date"}, {"$ref": "#/$defs/x"}, {"patternProperties": {"a": {}}},
                                    {"prefixItems": [{}]}, {"enum": [1, "a"]}, {"const": 1}, {"type": "decimal"},
                                    {"properties": {"a": {"minContains": 1}}}])
def test_a_keyword_the_quick_test_does_not_know_leaves_the_schema_to_jsonschema(schema):
    assert compile_schema(schema) is None
