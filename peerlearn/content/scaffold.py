"""Commented starter files for trainers: `peerlearn new scenario|module|checklist`."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from peerlearn.content.loader import schema_dir, source_root

DEFAULT_IDS = {"scenario": "sc00-new-scenario", "module": "m17-new-module", "checklist": "new-checklist"}


@dataclass(frozen=True)
class Rules:
    """What a new item's answers must meet: the id's form (from its schema), the ids the content
    already uses in the same namespace, and the competencies of the framework."""

    id_pattern: str
    id_hint: str
    used_ids: frozenset
    competencies: tuple  # in the framework's order
    domains: tuple  # (domain id, its first and last competency ids)

    @classmethod
    def for_content(cls, what: str, content) -> "Rules":
        schema = _schema(what)
        props = schema["properties"]["scenarios"]["items"]["properties"] if what == "scenario" else schema["properties"]
        if what == "scenario":
            used = {x.id for s in content.scenarios for x in (s, *s.steps, *s.endings)}
        else:
            used = {x.id for x in (content.modules if what == "module" else content.checklists)}
        doms = tuple((d.id, d.competencies[0].id, d.competencies[-1].id) for d in content.framework.domains if d.competencies)
        return cls(props["id"]["pattern"], props["id"].get("description", ""), frozenset(used),
                   tuple(c.id for c in content.framework.competencies), doms)


def _schema(what: str) -> dict:
    from peerlearn.content.loader import inline_refs

    with open(schema_dir() / f"{what}.schema.json", encoding="utf-8") as fh:
        return inline_refs(json.load(fh))


def id_problem(ident: str, rules: Rules) -> str | None:
    """Why `ident` cannot be the new item's id, or None when it can."""
    if not re.fullmatch(rules.id_pattern, ident or ""):
        return f"{ident!r} is not a valid id. {rules.id_hint}".strip()
    if ident in rules.used_ids:
        return f"the id {ident!r} is already used; choose another"
    return None


def competencies_problem(ids, rules: Rules) -> str | None:
    """Why these competency ids cannot be used, or None when every one is in the framework."""
    if not ids:
        return "give at least one competency id"
    unknown = [c for c in ids if c not in rules.competencies]
    if unknown:
        ranges = ", ".join(f"{first} to {last}" for _, first, last in rules.domains)
        return f"unknown competency {', '.join(repr(c) for c in unknown)}; the competencies are {ranges}"
    return None


def answer_problems(what: str, answers: dict, rules: Rules) -> list[str]:
    """What is wrong with the answers given (by flags or at the prompt)."""
    out = []
    if answers.get("id") and (why := id_problem(answers["id"], rules)):
        out.append(why)
    if what == "scenario" and answers.get("competencies") and (why := competencies_problem(answers["competencies"], rules)):
        out.append(why)
    return out


def _ask_until(p, question: str, default: str, problem, parse=lambda raw: raw):
    """Ask until the answer passes `problem` (which returns why not, or None)."""
    while True:
        value = parse(p.text(question, default))
        why = problem(value)
        if why is None:
            return value
        p.say(sentence(why))


def sentence(text: str) -> str:
    """A reason as a sentence: a capital first letter and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def ask_missing(what: str, answers: dict, p, rules: Rules) -> dict:
    """Ask in the terminal for whatever the flags did not give (or gave in a form that cannot be
    used), checking each answer as it is given and asking again when it cannot be used."""
    a = dict(answers)
    for why in answer_problems(what, a, rules):
        p.say(sentence(why))
    if not a.get("id") or id_problem(a["id"], rules):
        a["id"] = _ask_until(p, f"An id for the new {what} (lower-case, hyphens; e.g. {DEFAULT_IDS[what]})", DEFAULT_IDS[what],
                             lambda v: id_problem(v, rules))
    if not a.get("title"):
        a["title"] = p.text("Its title, as learners will see it")
    if what == "scenario":
        if not a.get("type"):
            kinds = ["single", "multi", "branching"]
            a["type"] = kinds[p.choose("What type of scenario?", ["single best response", "multi-select (select all that apply)", "branching (steps and endings)"])]
        if not a.get("competencies") or competencies_problem(a["competencies"], rules):
            a["competencies"] = _ask_until(p, "Competency ids it evidences, separated by spaces (e.g. PSP-2 WRB-6)", "",
                                           lambda v: competencies_problem(v, rules), lambda raw: raw.replace(",", " ").split())
        if not a.get("difficulty"):
            a["difficulty"] = 1 + p.choose("Difficulty?", ["1 - introductory", "2 - intermediate", "3 - complex"])
    if what == "module" and not a.get("number"):
        raw = p.text("The module's number", "17")
        a["number"] = int(raw) if raw.isascii() and raw.isdigit() else None
    return a


def fill_defaults(what: str, answers: dict) -> dict:
    a = {k: v for k, v in answers.items() if v not in (None, "", [])}
    a.setdefault("id", DEFAULT_IDS[what])
    a.setdefault("title", "TODO: a short title")
    a.setdefault("type", "single")
    a.setdefault("difficulty", 2)
    a.setdefault("competencies", ["PSP-2"])
    if what == "module":
        match = re.match(r"m(\d{2})-", a["id"])
        a.setdefault("number", int(match.group(1)) if match else 17)
    return a


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _choice_block(indent: str, prefix: str, branching: bool, correct_count: int) -> str:
    out = []
    for i, letter in enumerate("abc"):
        nxt = f"\n{indent}  next: {prefix}-end-{'good' if i == 0 else 'other'}" if branching else ""
        correct = f"\n{indent}  correct: true" if i < correct_count else ""
        out.append(
            f"{indent}- id: {letter}\n"
            f"{indent}  text: \"TODO: choice {letter.upper()}, something a well-meaning person might really do\"{correct}\n"
            f"{indent}  feedback: >-\n"
            f"{indent}    TODO: why this choice helps or not, in terms of the standards (name the competency).{nxt}"
        )
    return "\n".join(out)


def schema_ref(what: str, out_dir: str) -> str:
    """What the new file's `$schema` line names. Inside a source checkout: the checkout's own
    schema, by a path relative to the file, so editors check it as it is written there and the
    line stays right wherever the checkout is moved. Anywhere else: the schema's `$id`, which
    names it the same way on every machine; never a path into an installed copy, which changes
    with each virtual environment or upgrade."""
    root = source_root(out_dir)
    if root is not None and (root / "pyproject.toml").is_file():
        target = root / "schemas" / f"{what}.schema.json"
    else:
        target = _schema_copy(what, out_dir)
    ref = _relative(target, out_dir) if target is not None else None
    return ref if ref is not None else _schema(what)["$id"]


def _relative(target, out_dir: str) -> str | None:
    """`target` by a path relative to the folder `out_dir`, with forward slashes on every system:
    the YAML language server and editors read the `$schema` line as a URI reference, and
    os.path.relpath gives backslashes on Windows. Both are taken as the folders they really are
    (symbolic links resolved, as the checkout is found), so that a folder reached through a link
    (macOS's /tmp and /var are links into /private) gives the short path within the checkout, not
    one that climbs out through the link's parents. None when no relative path leads there (on
    Windows, a schema on another drive)."""
    from pathlib import Path

    try:
        rel = os.path.relpath(os.path.realpath(target), os.path.realpath(out_dir))
    except ValueError:
        return None
    return Path(rel).as_posix()


def _schema_copy(what: str, out_dir: str):
    """A copy of the schema (`peerlearn schema --copy-to`) in a schemas/ folder at or above
    `out_dir`, outside any installed copy; the nearest one."""
    from pathlib import Path

    folder = Path(os.path.abspath(out_dir))
    for candidate in (folder, *folder.parents):
        found = candidate / "schemas" / f"{what}.schema.json"
        if found.is_file() and "site-packages" not in found.parts:
            return found
        if (candidate / ".git").exists():
            break
    return None


def render(what: str, a: dict, out_dir: str) -> str:
    header = f"# yaml-language-server: $schema={schema_ref(what, out_dir)}\n"
    if what == "scenario":
        comps = ", ".join(a["competencies"])
        module = f"    module: {a['module']}\n" if a.get("module") else "    # module: m04-self-determination   # the module it belongs to\n"
        body = (
            f"kind: scenario\nscenarios:\n"
            f"  - id: {a['id']}\n"
            f"    type: {a['type']}   # single | multi | branching\n"
            f"    title: {_q(a['title'])}\n"
            f"{module}"
            f"    competencies: [{comps}]   # the Standards-of-Practice competencies it evidences\n"
            f"    difficulty: {a['difficulty']}   # 1 introductory, 2 intermediate, 3 complex\n"
            f"    # content_note: A short factual note if it touches suicide, self-harm, overdose or abuse.\n"
            f"    sources:\n"
            f"      - document: 002_8b3e37ec1431e5b5.txt\n"
            f"        section: \"TODO: the section this draws on\"\n"
            f"    situation: >-\n"
            f"      TODO: who, where, and what just happened, in two to five sentences.\n"
        )
        if a["type"] == "branching":
            prefix = a["id"]
            body += (
                f"    steps:   # the first step is where it starts; every choice needs 'next'\n"
                f"      - id: {prefix}-start\n"
                f"        situation: >-\n"
                f"          TODO: what the learner sees at this step.\n"
                f"        question: \"TODO: a question specific to this situation\"\n"
                f"        choices:\n{_choice_block('          ', prefix, True, 1)}\n"
                f"    endings:\n"
                f"      - id: {prefix}-end-good\n"
                f"        text: >-\n"
                f"          TODO: how this path ends, and what it shows in terms of the standards.\n"
                f"      - id: {prefix}-end-other\n"
                f"        text: >-\n"
                f"          TODO: how this path ends, and what could serve the peer better.\n"
            )
        else:
            ask = "Select all that apply." if a["type"] == "multi" else ""
            body += (
                f"    question: \"TODO: a question specific to this situation {ask}\"\n"
                f"    choices:   # 3-5 choices; {'one or more' if a['type'] == 'multi' else 'exactly one'} with correct: true\n"
                f"{_choice_block('      ', a['id'], False, 2 if a['type'] == 'multi' else 1)}\n"
            )
        return header + body
    if what == "module":
        return header + (
            f"kind: module\n"
            f"id: {a['id']}\n"
            f"number: {a['number']}\n"
            f"title: {_q(a['title'])}\n"
            f"summary: >-\n  TODO: two to four sentences on what the module is about.\n"
            f"objectives:\n  - \"TODO: what the learner will be able to do\"\n"
            f"competencies: [{', '.join(a['competencies'])}]   # the competencies it builds\n"
            f"# content_note: >-\n#   Where it touches suicide, crisis, grief, trauma, abuse or substance use: what it covers,\n"
            f"#   that the learner may pause or skip at any time, and where to find support.\n"
            f"key_terms: []   # glossary term ids, e.g. [self-determination, holding-space]\n"
            f"sections:   # 4-8 sections of teaching text\n"
            f"  - title: \"TODO: section title\"\n"
            f"    body: |\n      TODO: teaching text in your own words. Separate paragraphs with a blank line.\n"
            f"reflection_prompts:\n  - \"TODO: a private reflection question\"\n"
            f"sources:\n  - document: 002_8b3e37ec1431e5b5.txt\n    section: \"TODO: the section this draws on\"\n"
        )
    return header + (
        f"kind: checklist\n"
        f"id: {a['id']}\n"
        f"title: {_q(a['title'])}\n"
        f"intro: >-\n  TODO: what this checklist is for.\n"
        f"items:\n"
        f"  - id: first\n"
        f"    question: \"TODO: a question phrased so that yes means ready to go ahead\"\n"
        f"    why: \"TODO: why it matters\"\n"
        f"    if_not: \"TODO: a gentle suggestion when the answer points away from going ahead\"\n"
        f"sources:\n  - document: 002_8b3e37ec1431e5b5.txt\n    section: \"TODO: the section this draws on\"\n"
    )
