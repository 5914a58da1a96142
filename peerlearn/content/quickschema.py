"""A quick yes/no test that a document meets a JSON Schema, for the usual case where it does.

jsonschema builds a validator object for every subschema at every node it visits; for a valid
document that is most of the time `validate` spends and it finds nothing. `compile_schema`
turns a schema into plain Python tests with jsonschema's meaning (Draft 2020-12, no format
assertion), for the keywords peerlearn's schemas use. The test is True only when jsonschema
would find no error; a False sends the document to jsonschema, which reports the errors as
before. A schema with a keyword this module does not know compiles to None: every document
then goes to jsonschema.
"""
from __future__ import annotations

import numbers
import re

# Keywords that never make a document invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly"})


class _Unsupported(Exception):
    pass


def _is_integer(x) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


_TYPES = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "number": lambda x: not isinstance(x, bool) and isinstance(x, numbers.Number),
    "integer": _is_integer,
}


def compile_schema(schema):
    """A function of one document that is True when it meets `schema`, or None when the schema
    uses a keyword this module does not handle."""
    try:
        return _compile(schema)
    except _Unsupported:
        return None


def _yes(x) -> bool:
    return True


def _no(x) -> bool:
    return False


def _all(tests):
    if not tests:
        return _yes
    if len(tests) == 1:
        return tests[0]
    tests = tuple(tests)

    def every(x) -> bool:
        for t in tests:
            if not t(x):
                return False
        return True

    return every


def _strings(values) -> frozenset:
    """`values` as a set when every one is a string (jsonschema compares a string to anything by
    ==, so membership is exact); anything else is left to jsonschema."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _Unsupported
    return frozenset(values)


def _compile(schema):
    if schema is True:
        return _yes
    if schema is False:
        return _no
    if not isinstance(schema, dict):
        raise _Unsupported
    # Each keyword adds one test; every name a test refers to is bound once in this call.
    tests = []
    handled = set(_ANNOTATIONS)

    def keyword(name):
        handled.add(name)
        return name in schema

    if keyword("type"):
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not names or not all(isinstance(n, str) and n in _TYPES for n in names):
            raise _Unsupported
        checks = tuple(_TYPES[n] for n in names)
        tests.append(checks[0] if len(checks) == 1 else (lambda x: any(c(x) for c in checks)))
    if keyword("const"):
        tests.append(_one_of_strings(_strings([schema["const"]])))
    if keyword("enum"):
        tests.append(_one_of_strings(_strings(schema["enum"])))
    if keyword("pattern"):
        search = re.compile(schema["pattern"]).search  # jsonschema: re.search(pattern, instance)
        tests.append(lambda x: not isinstance(x, str) or search(x) is not None)
    for name, kind, at_least in (("minLength", str, True), ("maxLength", str, False),
                                 ("minItems", list, True), ("maxItems", list, False)):
        if keyword(name):
            tests.append(_length(kind, schema[name], at_least))
    if keyword("minimum"):
        least = schema["minimum"]
        tests.append(lambda x: not _TYPES["number"](x) or not x < least)
    if keyword("maximum"):
        most = schema["maximum"]
        tests.append(lambda x: not _TYPES["number"](x) or not x > most)
    if keyword("uniqueItems") and schema["uniqueItems"]:
        # Strings are unique when a set keeps them all; other items are left to jsonschema.
        tests.append(lambda x: not isinstance(x, list) or (all(isinstance(i, str) for i in x) and len(set(x)) == len(x)))
    if keyword("required"):
        required = tuple(schema["required"])
        tests.append(lambda x: not isinstance(x, dict) or all(k in x for k in required))
    if keyword("properties") | keyword("additionalProperties"):
        tests.append(_properties(schema.get("properties", {}), schema.get("additionalProperties", True)))
    if keyword("items"):
        tests.append(_items(_compile(schema["items"])))
    if keyword("allOf"):
        tests.append(_all([_compile(s) for s in _subschemas(schema["allOf"])]))
    if keyword("anyOf"):
        some = tuple(_compile(s) for s in _subschemas(schema["anyOf"]))
        tests.append(lambda x: any(o(x) for o in some))
    if keyword("oneOf"):
        exactly_one = tuple(_compile(s) for s in _subschemas(schema["oneOf"]))
        tests.append(lambda x: sum(1 for o in exactly_one if o(x)) == 1)
    if keyword("not"):
        forbidden = _compile(schema["not"])
        tests.append(lambda x: not forbidden(x))
    handled.update(("then", "else"))  # without "if", jsonschema ignores them
    if keyword("if"):
        condition = _compile(schema["if"])
        then = _compile(schema["then"]) if "then" in schema else _yes
        otherwise = _compile(schema["else"]) if "else" in schema else _yes
        tests.append(lambda x: then(x) if condition(x) else otherwise(x))
    if set(schema) - handled:
        raise _Unsupported
    return _all(tests)


def _one_of_strings(allowed: frozenset):
    return lambda x: isinstance(x, str) and x in allowed


def _length(kind: type, bound, at_least: bool):
    """minLength and the like: jsonschema compares len() of a str (code points) or a list."""
    if at_least:
        return lambda x: not isinstance(x, kind) or not len(x) < bound
    return lambda x: not isinstance(x, kind) or not len(x) > bound


def _items(item):
    def test(x) -> bool:
        if isinstance(x, list):
            for i in x:
                if not item(i):
                    return False
        return True

    return test


def _subschemas(value) -> list:
    if not isinstance(value, list) or not value:
        raise _Unsupported
    return value


def _properties(properties, additional):
    if not isinstance(properties, dict):
        raise _Unsupported
    known = {k: _compile(s) for k, s in properties.items()}
    extra = None if additional is False else _compile(additional)

    def test(x) -> bool:
        if not isinstance(x, dict):
            return True
        for k, v in x.items():
            check = known.get(k, extra)
            if check is None or not check(v):
                return False
        return True

    return test
