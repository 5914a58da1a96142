"""Find content files, validate them against the schemas, cross-check them, build the model.

`check_files` returns every problem in every file in one pass; `load_content` returns the
immutable model or raises ContentInvalid carrying those problems.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .source import Document, Problem, SourceError, read_document

KINDS = ("framework", "module", "checklist", "scenario", "glossary", "policy")
CONTENT_DIRS = ("curriculum", "assessments")
ENV_CONTENT = "PEERLEARN_CONTENT"


class ContentInvalid(Exception):
    """The content has errors; `problems` says where."""

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"the content has {len(errors)} error(s)")
        self.problems = problems


def builtin_root() -> Path:
    """Where the built-in curriculum/, assessments/ and schemas/ live.

    Inside an installed wheel they ship as peerlearn/_data; in a source checkout they are the
    top-level folders beside the package.
    """
    here = Path(__file__).resolve().parent.parent
    shipped = here / "_data"
    if (shipped / "schemas").is_dir():
        return shipped
    return here.parent


def schema_dir() -> Path:
    return builtin_root() / "schemas"


def content_dirs(extra=(), root: Path | None = None) -> list[Path]:
    """The built-in content folders (of `root`, else of this peerlearn), then packs from
    PEERLEARN_CONTENT, then --content folders."""
    root = root or builtin_root()
    dirs = [root / d for d in CONTENT_DIRS]
    env = os.environ.get(ENV_CONTENT, "")
    packs = [p for p in env.split(os.pathsep) if p.strip()] + [str(p) for p in extra]
    for p in packs:
        if not os.path.isdir(p):
            from peerlearn.errors import ContentFolderMissing

            raise ContentFolderMissing(p)
    dirs += [Path(p) for p in packs]
    return dirs


def source_root(path) -> Path | None:
    """The peerlearn source tree a file or folder lies in: the nearest folder at or above it
    that holds schemas/ and curriculum/framework.yaml (a checkout, or the installed copy)."""
    return _root_at_or_above(_folder_of(path))


def _folder_of(path) -> Path:
    here = Path(os.path.realpath(path))
    return here if here.is_dir() else here.parent


def _root_at_or_above(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "schemas" / "scenario.schema.json").is_file() and (folder / "curriculum" / "framework.yaml").is_file():
            return folder
    return None


def _first_source_root(paths) -> Path | None:
    """The source_root of the first of `paths` that has one; the folders above many files in
    one folder are looked at once."""
    roots: dict = {}
    for p in paths:
        start = _folder_of(p)
        if start not in roots:
            roots[start] = _root_at_or_above(start)
        if roots[start] is not None:
            return roots[start]
    return None


def content_files(extra=(), targets=()) -> list[Path]:
    """Every file to check or load: the built-in content, the packs, then `targets` (files named
    on the command line), each file once.

    When a target lies in a peerlearn source checkout, that checkout's curriculum/ and
    assessments/ are the built-in content for this run, in place of the installed copy: a trainer
    who edits assessments/m03.yaml in a checkout checks it against the checkout's other files,
    and the installed copy of the same file is not counted beside it. A target that is one of
    the built-in files (same resolved path) is counted once, as the target.
    """
    targets = discover(targets)
    root = _first_source_root(targets)
    named = {os.path.realpath(t) for t in targets}
    base = [f for f in discover(content_dirs(extra, root)) if os.path.realpath(f) not in named]
    return base + targets


# A content folder is walked this deep and this far, no further: `--content /` or a home folder
# must give a clear message, not a walk over the whole file system. Hidden folders (.git, .venv)
# and caches are not content.
MAX_WALK_DEPTH = 6
MAX_WALK_ENTRIES = 10_000
_NOT_CONTENT = {"__pycache__", "node_modules", "site-packages"}


def _yaml_files(folder: Path) -> list[Path]:
    """The .yaml/.yml files below `folder`, sorted; raises ContentFolderTooLarge past the bounds."""
    found, entries = [], 0
    top = len(folder.parts)
    for here, dirs, files in os.walk(folder):
        entries += len(dirs) + len(files)
        if entries > MAX_WALK_ENTRIES:
            from peerlearn.errors import ContentFolderTooLarge

            raise ContentFolderTooLarge(str(folder), MAX_WALK_ENTRIES)
        depth = len(Path(here).parts) - top
        dirs[:] = [] if depth >= MAX_WALK_DEPTH else [d for d in dirs if not d.startswith(".") and d not in _NOT_CONTENT]
        found += [Path(here) / f for f in files if f.endswith((".yaml", ".yml"))]
    return sorted(f for f in found if f.is_file())


def discover(paths) -> list[Path]:
    """The .yaml/.yml files at or below each path, in a stable order, each once."""
    seen, out = set(), []
    for p in paths:
        p = Path(p)
        found = _yaml_files(p) if p.is_dir() else [p]
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def display_path(path: Path) -> str:
    """A path as editors and CI annotators want it: relative to here when below here."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


_schemas: dict = {}
_validators: dict = {}
_quick: dict = {}


def _schema(kind: str) -> dict:
    """The schema of `kind`, its local references inlined, read once."""
    if kind not in _schemas:
        with open(schema_dir() / f"{kind}.schema.json", encoding="utf-8") as fh:
            _schemas[kind] = inline_refs(json.load(fh))
    return _schemas[kind]


def validator(kind: str):
    if kind not in _validators:
        import jsonschema

        _validators[kind] = jsonschema.Draft202012Validator(_schema(kind))
    return _validators[kind]


def _meets_schema(kind: str, data) -> bool:
    """Whether `data` certainly meets the schema of `kind` (quickschema's test); when not,
    jsonschema looks for the errors."""
    if kind not in _quick:
        from .quickschema import compile_schema

        _quick[kind] = compile_schema(_schema(kind))
    test = _quick[kind]
    return test is not None and test(data)


def inline_refs(schema: dict) -> dict:
    """The schema with its local "#/$defs/..." references replaced by what they point to.

    peerlearn's schemas have no recursive definitions, so this is exact, and it spares the
    validator a reference lookup at every node (a large share of its time).
    """
    defs = schema.get("$defs", {})

    def expand(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                target = expand(defs[ref[len("#/$defs/"):]])
                extra = {k: expand(v) for k, v in node.items() if k != "$ref"}
                if set(extra) & set(target):
                    return {"allOf": [target], **extra}
                return {**target, **extra}
            return {k: expand(v) for k, v in node.items()}
        if isinstance(node, list):
            return [expand(v) for v in node]
        return node

    return expand({k: v for k, v in schema.items() if k != "$defs"})


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _schema_problems(doc: Document, kind: str) -> list[tuple[Problem, object]]:
    """Each schema error as a problem at its place, beside the jsonschema error it came from."""
    out = []
    if _meets_schema(kind, doc.data):
        return out
    for err in validator(kind).iter_errors(doc.data):
        path, at_key, message = _describe(err)
        line, col = doc.where(path, key=at_key)
        out.append((Problem(doc.path, line, col, "error", _short(message, 240)), err))
    return out


def _what(path) -> str | None:
    return path[-1] if path and isinstance(path[-1], str) else None


def _describe(err) -> tuple[tuple, bool, str]:
    """Where a schema error is (json path, whether at the key) and what it says, in a trainer's
    words: a choice among schemas (oneOf, anyOf, not) reads as the schema's description or as
    its most relevant sub-error, never as a dump of the value."""
    path = tuple(err.absolute_path)
    at_key = False
    message = err.message
    if err.validator in ("oneOf", "anyOf"):
        if err.schema.get("description"):
            shown = _short(repr(err.instance), 60)
            message = f"{shown} is not valid here: {err.schema['description']}"
            return path, False, f"{_what(path)}: {message}" if _what(path) else message
        if err.context:
            from jsonschema.exceptions import best_match

            return _describe(best_match(err.context))
    if err.validator == "not":
        forbidden = err.validator_value if isinstance(err.validator_value, dict) else {}
        described = forbidden.get("description") or err.schema.get("description") or "this is not allowed here"
        present = [k for k in _required_keys(forbidden) if isinstance(err.instance, dict) and k in err.instance]
        if present:
            return path + (present[0],), True, f"{present[0]!r} is not used here: {described}"
        return path, False, described
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = sorted(k for k in err.instance if k not in allowed)
        if extra:
            path = path + (extra[0],)
            at_key = True
            message = f"unknown key {extra[0]!r}" + (f" (allowed here: {', '.join(sorted(allowed))})" if allowed else "")
    elif err.validator is None or message.startswith("False schema"):
        at_key = True
        message = f"{path[-1]!r} is not used here" if path else "this value is not allowed here"
    elif err.validator == "required":
        message = message.replace("is a required property", "is required here")
    elif err.validator in ("minItems", "maxItems"):
        what = _what(path) or "this list"
        bound = "at least" if err.validator == "minItems" else "at most"
        message = f"{what}: needs {bound} {err.validator_value} item(s) (has {len(err.instance)})"
    elif err.validator in ("minLength", "maxLength"):
        what = _what(path) or "this text"
        bound = "at least" if err.validator == "minLength" else "at most"
        message = f"{what}: must be {bound} {err.validator_value} characters (has {len(err.instance)})"
    elif err.validator == "pattern" and err.schema.get("description"):
        message = f"{_short(repr(err.instance), 60)} is not valid here: {err.schema['description']}"
    elif err.validator == "type" and isinstance(err.instance, (dict, list)):
        shown = "a mapping" if isinstance(err.instance, dict) else "a list"
        message = f"{_what(path) + ': ' if _what(path) else ''}{shown} is not of type {err.validator_value!r}"
    elif err.validator in ("pattern", "enum", "const", "type") and path:
        message = f"{path[-1]}: {message}" if isinstance(path[-1], str) else message
    return path, at_key, message


def _required_keys(schema: dict) -> list[str]:
    """The keys a `not` schema forbids, when it is written as required (or anyOf required)."""
    keys = list(schema.get("required", ()))
    for sub in [*schema.get("anyOf", ()), *schema.get("oneOf", ())]:
        keys += list(sub.get("required", ())) if isinstance(sub, dict) else []
    return keys


# Keys no cross-check reads: a schema error in one of them leaves the rest of its scenario,
# term or requirement fit to cross-check.
_PROSE_KEYS = {"title", "situation", "question", "feedback", "sources", "difficulty", "content_note", "summary",
               "objectives", "body", "sections", "reflection_prompts", "intro", "why", "if_not", "description",
               "statement", "definition", "term", "basis", "allow_terms"}
# Lists whose items are checked one by one: an item with a schema error is left out of the
# cross-checks, the items beside it are still checked.
_UNIT_LISTS = {"scenarios", "terms", "domains", "values", "code_of_conduct", "requirements", "categories", "items", "sections"}


def _harmless(err) -> bool:
    """Whether a schema error leaves what the cross-checks read intact."""
    if any(isinstance(k, str) and k in _PROSE_KEYS for k in err.absolute_path):
        return True
    if err.validator in ("additionalProperties", "not"):  # keys the cross-checks do not read
        return True
    if err.validator == "required" and isinstance(err.instance, dict):
        return all(k in _PROSE_KEYS for k in err.validator_value if k not in err.instance)
    return False


def _checkable(doc: Document, errors) -> Document | None:
    """The parts of a document that passed the schema, for the cross-checks: an item of a
    checked-one-by-one list that has a schema error becomes None (so the others keep their
    places); None when an error is outside any such item."""
    drop: dict[str, set] = {}
    for err in errors:
        if _harmless(err):
            continue
        path = tuple(err.absolute_path)
        if len(path) >= 2 and path[0] in _UNIT_LISTS and isinstance(path[1], int):
            drop.setdefault(path[0], set()).add(path[1])
        else:
            return None
    if not drop:
        return doc
    data = dict(doc.data)
    for key, where in drop.items():
        data[key] = [None if i in where else x for i, x in enumerate(data[key])]
    return Document(doc.path, data, doc.marks, doc.key_marks)


@dataclass
class _Loaded:
    doc: Document
    kind: str


def _read(paths) -> tuple[list[_Loaded], list[_Loaded], list[Document], list[Problem]]:
    """Parse and schema-check each file: the documents that passed, the parts fit to
    cross-check (of every document), every parsed document, and the problems."""
    loaded, checkable, parsed, problems = [], [], [], []
    for f in paths:
        shown = display_path(f)
        try:
            doc = read_document(str(f), shown)
        except SourceError as exc:
            problems.append(Problem(shown, exc.line, exc.col, "error", exc.message))
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(shown, 1, 1, "error", "a content file must be a mapping that starts with 'kind:'"))
            continue
        kind = doc.data.get("kind")
        if kind is None:
            problems.append(Problem(shown, 1, 1, "error", f"missing 'kind:' (one of {', '.join(KINDS)})"))
            continue
        if kind not in KINDS:
            line, col = doc.where(("kind",))
            problems.append(Problem(shown, line, col, "error", f"unknown kind {kind!r} (one of {', '.join(KINDS)})"))
            continue
        parsed.append(doc)
        schema_problems = _schema_problems(doc, kind)
        problems += [p for p, _ in schema_problems]
        if not schema_problems:
            loaded.append(_Loaded(doc, kind))
            checkable.append(_Loaded(doc, kind))
            continue
        part = _checkable(doc, [e for _, e in schema_problems])
        if part is not None:
            checkable.append(_Loaded(part, kind))
    return loaded, checkable, parsed, problems


MAX_WARNINGS_PER_FILE = 50


def _capped(problems: list[Problem]) -> list[Problem]:
    """The problems without repeats, and at most MAX_WARNINGS_PER_FILE warnings a file, then one
    line saying how many more were left out (an alias repeating a flagged word must not print
    thousands of lines)."""
    out, seen, warnings = [], set(), {}
    for p in problems:
        if p in seen:
            continue
        seen.add(p)
        if p.severity == "warning":
            warnings[p.path] = warnings.get(p.path, 0) + 1
            if warnings[p.path] > MAX_WARNINGS_PER_FILE:
                continue
        out.append(p)
    for path, n in warnings.items():
        if n > MAX_WARNINGS_PER_FILE:
            out.append(Problem(path, 1, 1, "warning", f"{n - MAX_WARNINGS_PER_FILE:,} more warning(s) in this file were left out"))
    return out


def check_files(paths) -> tuple[list[_Loaded], list[Problem]]:
    """Read, schema-validate and cross-check the files at `paths`. Returns the documents that
    passed every schema, and every problem: the cross-checks also run on the parts of a file
    that passed the schema, so one pass reports all there is to fix."""
    from .checks import check_text, cross_check

    loaded, checkable, parsed, problems = _read(paths)
    problems += cross_check(checkable)
    for doc in parsed:  # language and placeholders are checked even where the schema failed
        problems += check_text(doc)
    return loaded, _capped(problems)


def _sources(items) -> tuple:
    from .model import Source

    return tuple(Source(s["document"], s["section"]) for s in items or ())


_VERSION = "__version__"  # kept beside a scenario in the content cache only


def _scenario_version(data: dict) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def build_model(loaded: list[_Loaded]):
    """The immutable Content model from documents that passed every check."""
    from . import model as m

    framework = None
    modules, scenarios, checklists, terms, policies = [], [], {}, {}, {}
    for item in loaded:
        d, path = item.doc.data, item.doc.path
        if item.kind == "framework":
            framework = m.Framework(
                domains=tuple(
                    m.Domain(
                        dom["id"], dom["title"], dom["description"],
                        tuple(m.Competency(c["id"], dom["id"], c["title"], c["statement"]) for c in dom["competencies"]),
                    )
                    for dom in d["domains"]
                ),
                values=tuple(m.Value(v["id"], v["title"], v["description"]) for v in d["values"]),
                code_of_conduct=tuple(m.ConductItem(c["id"], c["text"]) for c in d["code_of_conduct"]),
            )
        elif item.kind == "module":
            modules.append(m.Module(
                id=d["id"], number=d["number"], title=d["title"], summary=d["summary"],
                objectives=tuple(d["objectives"]), competencies=tuple(d["competencies"]),
                sections=tuple(m.Section(s["title"], s["body"], _sources(s.get("sources"))) for s in d["sections"]),
                reflection_prompts=tuple(d["reflection_prompts"]), key_terms=tuple(d.get("key_terms", ())),
                content_note=d.get("content_note"), sources=_sources(d.get("sources")), path=path,
            ))
        elif item.kind == "scenario":
            for s in d["scenarios"]:
                scenarios.append(_scenario(m, s, path))
        elif item.kind == "checklist":
            checklists[d["id"]] = m.Checklist(
                id=d["id"], title=d["title"], intro=d["intro"],
                items=tuple(m.ChecklistItem(i["id"], i["question"], i["why"], i["if_not"]) for i in d["items"]),
                competencies=tuple(d.get("competencies", ())), content_note=d.get("content_note"),
                sources=_sources(d.get("sources")), path=path,
            )
        elif item.kind == "glossary":
            for t in d["terms"]:
                terms[t["id"]] = m.Term(t["id"], t["term"], t["definition"], tuple(t.get("see_also", ())))
        elif item.kind == "policy":
            policies[d["id"]] = _policy(m, d, path)
    if framework is None:
        raise ContentInvalid([Problem("(content)", 1, 1, "error", "no framework file (kind: framework) was found")])
    modules.sort(key=lambda x: x.number)
    return m.Content(
        framework=framework, modules=tuple(modules), scenarios=tuple(scenarios),
        checklists=tuple(checklists.values()), glossary=MappingProxyType(terms),
        policies=MappingProxyType(policies),
    )


def _choices(m, items) -> tuple:
    return tuple(m.Choice(c["id"], c["text"], c["feedback"], bool(c.get("correct", False)), c.get("next")) for c in items or ())


def _scenario(m, s: dict, path: str):
    return m.Scenario(
        id=s["id"], type=s["type"], title=s["title"], competencies=tuple(s["competencies"]),
        situation=s["situation"], question=s.get("question"), choices=_choices(m, s.get("choices")),
        steps=tuple(m.Step(st["id"], st["situation"], st["question"], _choices(m, st["choices"])) for st in s.get("steps", ())),
        endings=tuple(m.Ending(e["id"], e["text"]) for e in s.get("endings", ())),
        values=tuple(s.get("values", ())), code=tuple(s.get("code", ())), module=s.get("module"),
        difficulty=s.get("difficulty"), content_note=s.get("content_note"), sources=_sources(s.get("sources")),
        path=path, version=s.get(_VERSION) or _scenario_version(s),
    )


def _policy(m, d: dict, path: str):
    month, day = (int(x) for x in d.get("year_start", "01-01").split("-"))
    it = d.get("initial_training", {})
    modules = it.get("modules", "all")
    domains = it.get("domains_proficient", "all")
    return m.Policy(
        id=d["id"], title=d["title"], description=d.get("description", ""),
        year_start=(month, day), cycle_years=d.get("cycle_years", 1), cycle_start_year=d.get("cycle_start_year", m.DEFAULT_CYCLE_START_YEAR),
        categories=MappingProxyType({c["id"]: c["title"] for c in d.get("categories", ())}),
        count_in_app_modules=d.get("count_in_app_modules", False), count_refresher=d.get("count_refresher", False),
        requirements=tuple(
            m.Requirement(
                id=r["id"], title=r["title"], measure=r["measure"], minimum=r["minimum"],
                kinds=tuple(r.get("kinds", ())), category=r.get("category"), per=r.get("per", "year"),
                monthly_cap=r.get("monthly_cap"), carry_over_cap=r.get("carry_over_cap", 0),
                basis=r.get("basis"),
            )
            for r in d["requirements"]
        ),
        initial_training=m.InitialTraining(
            modules=modules if modules == "all" else tuple(modules),
            checklists=tuple(it.get("checklists", m.DEFAULT_CHECKLISTS)),
            domains_proficient=domains if domains == "all" else tuple(domains),
        ),
        path=path,
    )


def cache_dir() -> str:
    from peerlearn.paths import user_dir

    return user_dir("cache")


def fingerprint(files) -> str:
    """Changes whenever a content file, a schema or peerlearn itself changes."""
    from peerlearn import __version__

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for f in sorted(schema_dir().glob("*.json")) + sorted(here.glob("*.py")) + [Path(x) for x in files]:
        st = os.stat(f)
        h.update(f"{os.path.realpath(f)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _cached(key: str):
    path = os.path.join(cache_dir(), f"content-{key[:24]}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            items = json.load(fh)["items"]
        return [_Loaded(Document(i["path"], i["data"]), i["kind"]) for i in items]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store_cache(key: str, loaded) -> None:
    from peerlearn.records.storage import write_json_atomic

    folder = cache_dir()
    try:
        for old in Path(folder).glob("content-*.json"):
            old.unlink()
        items = []
        for i in loaded:
            data = i.doc.data
            if i.kind == "scenario":  # the content hash each response records, worked out once
                data = dict(data, scenarios=[dict(s, **{_VERSION: _scenario_version(s)}) for s in data["scenarios"]])
            items.append({"kind": i.kind, "path": i.doc.path, "data": data})
        write_json_atomic(os.path.join(folder, f"content-{key[:24]}.json"), {"items": items}, keep_backup=False)
    except OSError:
        pass  # a cache that cannot be written only costs speed


def load_content(extra=(), extra_files=(), use_cache: bool = True):
    """Load, check and build all content (built-in plus packs). Raises ContentInvalid on errors.

    Content that passed every check is cached by the fingerprint of its files, so later runs
    skip parsing and validation until a file changes.
    """
    files = content_files(extra, extra_files)
    key = fingerprint(files) if use_cache else ""
    if use_cache:
        loaded = _cached(key)
        if loaded is not None:
            return build_model(loaded)
    loaded, problems = check_files(files)
    if any(p.severity == "error" for p in problems):
        raise ContentInvalid(problems)
    if use_cache:
        _store_cache(key, loaded)
    return build_model(loaded)
