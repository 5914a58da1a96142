"""Checks a schema cannot make: unique ids across files, references that resolve, answer keys
that make sense, branching graphs that always end, and person-first language."""
from __future__ import annotations

import difflib
import math
import re

from peerlearn.engine import items

from .language import find_labels
from .source import Problem


class _Report:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, doc, path, message, severity="error", key=False):
        line, col = doc.where(path, key=key)
        self.problems.append(Problem(doc.path, line, col, severity, message))


def _present(items):
    """(index, item) for the items of a list that passed the schema: the loader puts None in
    place of an item with a schema error, so the items beside it are still checked."""
    return ((i, x) for i, x in enumerate(items or ()) if x is not None)


def _ids(loaded):
    """Every declared id: (id, kind of thing, doc, json path)."""
    for item in loaded:
        d, doc = item.doc.data, item.doc
        if item.kind == "framework":
            for i, dom in _present(d["domains"]):
                yield dom["id"], "domain", doc, ("domains", i, "id")
                for j, c in enumerate(dom["competencies"]):
                    yield c["id"], "competency", doc, ("domains", i, "competencies", j, "id")
            for i, v in _present(d["values"]):
                yield v["id"], "value", doc, ("values", i, "id")
            for i, c in _present(d["code_of_conduct"]):
                yield c["id"], "code", doc, ("code_of_conduct", i, "id")
        elif item.kind in ("module", "checklist", "policy"):
            yield d["id"], item.kind, doc, ("id",)
        elif item.kind == "glossary":
            for i, t in _present(d["terms"]):
                yield t["id"], "term", doc, ("terms", i, "id")
        elif item.kind == "scenario":
            for i, s in _present(d["scenarios"]):
                yield s["id"], "scenario", doc, ("scenarios", i, "id")
                for j, st in enumerate(s.get("steps", ())):
                    yield st["id"], "step", doc, ("scenarios", i, "steps", j, "id")
                for j, e in enumerate(s.get("endings", ())):
                    yield e["id"], "ending", doc, ("scenarios", i, "endings", j, "id")


# Ids are unique within each namespace; references are typed, so a glossary term may share its
# id with a core value (both "self-determination"). Scenarios, their steps and endings share one.
_NAMESPACE = {"step": "scenario", "ending": "scenario", "domain": "framework", "competency": "framework", "code": "framework"}


def cross_check(loaded) -> list[Problem]:
    report = _Report()
    declared: dict[tuple, tuple] = {}
    by_kind: dict[str, set] = {}
    for ident, what, doc, path in _ids(loaded):
        space = (_NAMESPACE.get(what, what), ident)
        if space in declared:
            _, first_doc, first_path = declared[space]
            line, col = first_doc.where(first_path)
            report.add(doc, path, f"id {ident!r} is already used in {first_doc.path}:{line}:{col}")
            continue
        declared[space] = (what, doc, path)
        by_kind.setdefault(what, set()).add(ident)

    def refs(doc, path, values, what, label):
        known = by_kind.get(what, set())
        for i, v in enumerate(values or ()):
            if v not in known:
                report.add(doc, path + (i,), f"unknown {label} {v!r}")

    numbers: dict[int, object] = {}
    for item in loaded:
        d, doc = item.doc.data, item.doc
        if item.kind == "framework":
            for i, dom in _present(d["domains"]):
                for j, c in enumerate(dom["competencies"]):
                    if not c["id"].startswith(dom["id"] + "-"):
                        report.add(doc, ("domains", i, "competencies", j, "id"), f"competency {c['id']!r} should start with its domain id {dom['id']}-")
        elif item.kind == "module":
            refs(doc, ("competencies",), d["competencies"], "competency", "competency")
            refs(doc, ("key_terms",), d.get("key_terms"), "term", "glossary term")
            if d["number"] in numbers:
                report.add(doc, ("number",), f"module number {d['number']} is also used by {numbers[d['number']]}")
            numbers[d["number"]] = doc.path
        elif item.kind == "checklist":
            refs(doc, ("competencies",), d.get("competencies"), "competency", "competency")
            seen = set()
            for i, it in _present(d["items"]):
                if it["id"] in seen:
                    report.add(doc, ("items", i, "id"), f"item id {it['id']!r} is used twice in this checklist")
                seen.add(it["id"])
        elif item.kind == "glossary":
            for i, t in _present(d["terms"]):
                refs(doc, ("terms", i, "see_also"), t.get("see_also"), "term", "glossary term")
        elif item.kind == "scenario":
            for i, s in _present(d["scenarios"]):
                _check_scenario(report, doc, ("scenarios", i), s, by_kind, refs)
        elif item.kind == "policy":
            _check_policy(report, doc, d, by_kind)
    return report.problems


def _check_choices(report, doc, path, choices, kind):
    seen = set()
    for i, c in enumerate(choices):
        if c["id"] in seen:
            report.add(doc, path + (i, "id"), f"choice id {c['id']!r} is used twice in this question")
        seen.add(c["id"])
        if kind != "branching" and "next" in c:
            report.add(doc, path + (i, "next"), f"'next' belongs to branching scenarios only (this one is {kind})", key=True)
    correct = sum(1 for c in choices if c.get("correct"))
    if kind == "single" and correct != 1:
        report.add(doc, path, f"a single-best-response question needs exactly one choice with 'correct: true' (found {correct})")
    elif kind == "multi" and correct == 0:
        report.add(doc, path, "a multi-select question needs at least one choice with 'correct: true'")
    elif kind == "branching" and correct == 0:
        report.add(doc, path, "each step of a branching scenario needs its best choice marked 'correct: true'")
    _check_item_writing(report, doc, path, choices, kind)


def _check_item_writing(report, doc, path, choices, kind):
    """Warnings for the classic item-writing flaws: cues that give the key away to a reader who
    has not read the situation (engine.items holds the rules and their thresholds)."""
    question = [(c["text"], bool(c.get("correct"))) for c in choices]
    keyed = [i for i, (_, k) in enumerate(question) if k]
    if not keyed:
        return
    warn = lambda where, msg: report.add(doc, where, f"item writing: {msg}", severity="warning")  # noqa: E731
    if items.key_clearly_longest(question):
        if len(keyed) == 1:
            warn(path + (keyed[0], "text"), f"the keyed choice is more than {round((items.KEY_LONGEST_MARGIN - 1) * 100)}% longer "
                 "than every other choice, so a reader can pick it without reading the situation; make the choices alike in length")
        else:
            warn(path, f"the keyed options are on average more than {round((items.KEY_LONGEST_MARGIN - 1) * 100)}% longer "
                 "than the others; make keyed and unkeyed options alike in length")
    if items.unequal_lengths(question):
        lengths = [items.length(t) for t, _ in question]
        warn(path, f"choice lengths are very unequal ({min(lengths)} to {max(lengths)} characters); "
             f"keep the longest within {items.UNEQUAL_RATIO:g}x the shortest")
    for i, j in items.near_identical_pairs(question):
        warn(path + (j, "text"), f"choices {choices[i]['id']!r} and {choices[j]['id']!r} read nearly the same")
    for i, (text, _) in enumerate(question):
        if items.mentions_above(text):
            warn(path + (i, "text"), "'all of the above' or 'none of the above' rewards test-taking, not judgement; "
                 "write each choice as an action")
    if kind == "multi" and len(keyed) == len(question):
        warn(path, "every option is keyed, so selecting everything earns full marks; leave at least one unkeyed")


def _check_scenario(report, doc, path, s, by_kind, refs):
    refs(doc, path + ("competencies",), s["competencies"], "competency", "competency")
    refs(doc, path + ("values",), s.get("values"), "value", "core value")
    refs(doc, path + ("code",), s.get("code"), "code", "Code of Conduct item")
    if "module" in s and s["module"] not in by_kind.get("module", set()):
        report.add(doc, path + ("module",), f"unknown module {s['module']!r}")
    if s["type"] != "branching":
        _check_choices(report, doc, path + ("choices",), s["choices"], s["type"])
        return
    steps = {st["id"]: (j, st) for j, st in enumerate(s["steps"])}
    endings = {e["id"]: j for j, e in enumerate(s["endings"])}
    for j, st in enumerate(s["steps"]):
        cpath = path + ("steps", j, "choices")
        _check_choices(report, doc, cpath, st["choices"], "branching")
        for k, c in enumerate(st["choices"]):
            target = c.get("next")
            if target is None:
                report.add(doc, cpath + (k,), "every choice in a branching scenario needs 'next' (a step or ending id)")
            elif target not in steps and target not in endings:
                close = difflib.get_close_matches(str(target), [*steps, *endings], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (its steps and endings: {', '.join([*steps, *endings])})"
                report.add(doc, cpath + (k, "next"), f"'next' points to {target!r}, which is not a step or ending of this scenario{hint}")
    # Walk from the first step: find loops, unreachable steps and endings.
    first = s["steps"][0]["id"]
    reached, state = set(), {}

    def visit(node, trail):
        if node in endings:
            reached.add(node)
            return
        if node not in steps:
            return
        if state.get(node) == "open":
            j, _ = steps[node]
            report.add(doc, path + ("steps", j), f"the path {' -> '.join(trail + [node])} loops back; every path must reach an ending")
            return
        if state.get(node) == "done":
            return
        state[node] = "open"
        reached.add(node)
        for c in steps[node][1]["choices"]:
            if c.get("next"):
                visit(c["next"], trail + [node])
        state[node] = "done"

    visit(first, [])
    _check_best_ending(report, doc, path, s, steps, endings)
    for sid, (j, _) in steps.items():
        if sid not in reached:
            report.add(doc, path + ("steps", j, "id"), f"step {sid!r} cannot be reached from the first step {first!r}")
    for eid, j in endings.items():
        if eid not in reached:
            report.add(doc, path + ("endings", j, "id"), f"ending {eid!r} is never reached")


def _check_best_ending(report, doc, path, s, steps, endings):
    """A choice not marked best must never lead to the ending the all-best path reaches: that
    would credit the path with the best outcome while scoring it as a lesser one."""
    node, guard = s["steps"][0]["id"], 0
    while node in steps and guard <= len(steps):
        best = next((c for c in steps[node][1]["choices"] if c.get("correct")), None)
        if best is None:
            return
        node, guard = best.get("next"), guard + 1
    if node not in endings:
        return
    best_ending = node

    def leads_there(target, trail):
        if target == best_ending:
            return True
        if target not in steps or target in trail:
            return False
        return any(leads_there(c.get("next"), trail | {target}) for c in steps[target][1]["choices"])

    for sid, (j, st) in steps.items():
        for k, c in enumerate(st["choices"]):
            if not c.get("correct") and leads_there(c.get("next"), frozenset({sid})):
                report.add(doc, path + ("steps", j, "choices", k),
                           f"item writing: choice {c['id']!r} of step {sid!r} is not marked best but still reaches the best path's "
                           f"ending {best_ending!r}; give it an ending of its own", severity="warning")


def _check_policy(report, doc, d, by_kind):
    from peerlearn.engine.policy import month_day

    if "year_start" in d and month_day(d["year_start"]) is None:
        report.add(doc, ("year_start",), f"year_start {d['year_start']!r} is not a day of the year (MM-DD, e.g. 04-01 for 1 April)")
    cats = {c["id"] for _, c in _present(d.get("categories"))}
    for i, r in _present(d["requirements"]):
        for key in ("minimum", "carry_over_cap"):
            value = r.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                report.add(doc, ("requirements", i, key), f"{key} must be a number of activities, hours or meetings (not {value})")
        if r.get("category") and r["category"] not in cats:
            report.add(doc, ("requirements", i, "category"), f"unknown category {r['category']!r} (declare it under 'categories')")
        if r.get("monthly_cap") and r["measure"] != "meetings":
            report.add(doc, ("requirements", i, "monthly_cap"), "'monthly_cap' applies to measure: meetings only", key=True)
    it = d.get("initial_training", {})
    for key, what in (("modules", "module"), ("checklists", "checklist"), ("domains_proficient", "domain")):
        values = it.get(key)
        if isinstance(values, list):
            for i, v in enumerate(values):
                if v not in by_kind.get(what, set()):
                    report.add(doc, ("initial_training", key, i), f"unknown {what} {v!r}")


# Keys whose values are ids, references or citations, not prose: the person-first check skips
# them (a TODO placeholder is looked for everywhere).
_SKIP_KEYS = {"id", "kind", "sources", "allow_terms", "next", "type", "competencies", "values", "code", "module", "key_terms", "see_also"}
_TODO = re.compile(r"\bTODO\b")


def check_text(doc) -> list[Problem]:
    """Person-first language warnings and unfilled TODO placeholders in one document."""
    report = _Report()

    def walk(node, path, allowed, prose):
        if isinstance(node, dict):
            extra = node.get("allow_terms")
            if isinstance(extra, list):
                allowed = allowed | {str(t).lower() for t in extra}
            for k, v in node.items():
                walk(v, path + (k,), allowed, prose and k not in _SKIP_KEYS)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,), allowed, prose)
        elif isinstance(node, str):
            if "TODO" in node and _TODO.search(node):
                report.add(doc, path, "placeholder text still to be written (it says TODO)")
            if not prose:
                return
            seen = set()  # one warning per phrase in a text, however often it is repeated
            for _, phrase, suggestion in find_labels(node, allowed):
                if phrase.lower() not in seen:
                    seen.add(phrase.lower())
                    report.add(doc, path, f"person-first language: {phrase!r} labels a person; consider {suggestion!r} (or list it in allow_terms if it is used on purpose)", severity="warning")

    walk(doc.data, (), frozenset(), True)
    return report.problems
