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


def content_dirs(extra=()) -> list[Path]:
    """The built-in content folders, then packs from PEERLEARN_CONTENT, then --content folders."""
    root = builtin_root()
    dirs = [root / d for d in CONTENT_DIRS]
    env = os.environ.get(ENV_CONTENT, "")
    packs = [p for p in env.split(os.pathsep) if p.strip()] + [str(p) for p in extra]
    for p in packs:
        if not os.path.isdir(p):
            from peerlearn.errors import ContentFolderMissing

            raise ContentFolderMissing(p)
    dirs += [Path(p) for p in packs]
    return dirs


def discover(paths) -> list[Path]:
    """The .yaml/.yml files at or below each path, in a stable order, each once."""
    seen, out = set(), []
    for p in paths:
        p = Path(p)
        found = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file()) if p.is_dir() else [p]
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


_validators: dict = {}


def validator(kind: str):
    if kind not in _validators:
        import jsonschema

        with open(schema_dir() / f"{kind}.schema.json", encoding="utf-8") as fh:
            schema = json.load(fh)
        _validators[kind] = jsonschema.Draft202012Validator(inline_refs(schema))
    return _validators[kind]


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


def _schema_problems(doc: Document, kind: str) -> list[Problem]:
    problems = []
    for err in validator(kind).iter_errors(doc.data):
        path = tuple(err.absolute_path)
        at_key = False
        message = err.message
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
            what = path[-1] if path and isinstance(path[-1], str) else "this list"
            bound = "at least" if err.validator == "minItems" else "at most"
            message = f"{what}: needs {bound} {err.validator_value} item(s) (has {len(err.instance)})"
        elif err.validator in ("minLength", "maxLength"):
            what = path[-1] if path and isinstance(path[-1], str) else "this text"
            bound = "at least" if err.validator == "minLength" else "at most"
            message = f"{what}: must be {bound} {err.validator_value} characters (has {len(err.instance)})"
        elif err.validator == "pattern" and err.schema.get("description"):
            message = f"{err.instance!r} is not valid here: {err.schema['description']}"
        elif err.validator in ("pattern", "enum", "const", "type") and path:
            message = f"{path[-1]}: {message}" if isinstance(path[-1], str) else message
        line, col = doc.where(path, key=at_key)
        problems.append(Problem(doc.path, line, col, "error", _short(message, 240)))
    return problems


@dataclass
class _Loaded:
    doc: Document
    kind: str


def _read(paths) -> tuple[list[_Loaded], list[Document], list[Problem]]:
    loaded, parsed, problems = [], [], []
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
        problems += schema_problems
        if not schema_problems:
            loaded.append(_Loaded(doc, kind))
    return loaded, parsed, problems


def check_files(paths) -> tuple[list[_Loaded], list[Problem]]:
    """Read, schema-validate and cross-check the files at `paths`. Returns documents and problems."""
    from .checks import check_text, cross_check

    loaded, parsed, problems = _read(paths)
    problems += cross_check(loaded)
    for doc in parsed:  # language and placeholders are checked even where the schema failed
        problems += check_text(doc)
    return loaded, problems


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
    files = discover(list(content_dirs(extra)) + [Path(f) for f in extra_files])
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
