"""Fuzzing the peerlearn CLI in-process: argument lists drawn from the real commands and options
with hostile values, a sandbox of files for paths to point at, and the check every run passes.

Used by tests/cli/test_fuzz.py (a bounded number of examples) and bench/fuzz_cli.py (a campaign).
Paths only ever point into the sandbox, so a run can write, overwrite or erase nothing else.
"""
from __future__ import annotations

import os
import re
import shutil
import traceback
from dataclasses import dataclass, field
from datetime import date, timedelta

import click
from click.testing import CliRunner
from hypothesis import strategies as st

# Nothing peerlearn prints may hold these: escape and other C0 controls but tab and newline,
# DEL and C1 controls, bidi marks, overrides and isolates, zero-width and tag characters, and
# lone surrogates (which would fail to encode on a real terminal).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]")
EXIT_CODES = {0, 1, 2, 130}
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")

_TODAY = date.today()
DATES = ["2026-W02-1", "0001-01-01", "2026-02-30", "9999-12-31", "2026-1-5", "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0665",
         "1949-12-31", "1950-01-01", (_TODAY - timedelta(days=10)).isoformat(), _TODAY.isoformat(),
         (_TODAY + timedelta(days=1)).isoformat(), "2026-03-14T10:00", "20260314", "none", "", " "]
YEARS = ["0", "-1", "9999", str(10**20), "all", "26", "1949", "1950", "2100", "2101", str(_TODAY.year),
         "\uff12\uff10\uff12\uff16", "2026.0", "+2026"]
NUMBERS = ["1_0", "1e-300", "nan", "inf", "-inf", "-0", "0", "0.1", "0.05", "100", "100.01", "1.5", "0x10", " 1",
           "\u0661", "1e309", str(10**30), "-5", "1,5", ".5", "5.", "3"]
IRIS = ["javascript:alert(1)", "https://lms.example.org", "http://", "file:///etc/passwd", "https://a b",
        "https://x.example/\x1b]0;t\x07", "", "ftp://x.example"]
HOSTILE_TEXT = ["\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b]0;pwned\x1b\\", "\x1b[2J\x1b[31m", "\x9b31m\x9d0;t\x9c",
                "\u202eevil\u202c", "\u2066i\u2069", "z\u200bw\u200d\ufeff", "tag\U000e0041\U000e007f", "\x00\x07\x08",
                "\udcff", "\r\n", "a" * 300, "Sam \u00e9\u5e73", "'", '"', "$(true)", "%s%n", "{0}", "--", "-", "-h"]
IDS = ["1", "0", "-1", "2", "99", str(10**20), "abc", "PSP-2", "psp-2", "WRB", "m01-foundations", "1", "17",
       "story-sharing", "default", "all", "sc01-x"]
# Paths, by the part of the sandbox they stand for (filled in by Sandbox.value).
PATHS = ["{file}", "{scenario}", "{policy}", "{bad_policy}", "{hostile}", "{folder}", "{pack}", "{missing}",
         "{missing_dir}/x.md", "{escaped}", "{out}.md", "{out}.html", "{out}.csv", "{out}.json", "{out}.yaml",
         ".", "-", "", "{scenario}#pack-advice", "{scenario}#nope"]
JUNK = ["--nope", "-x", "--", "--year=2026", "--plain", "--json", "--help", "-o", "--home", "--content", "=", "--format=json"]

_POOLS = {"date": DATES, "year": YEARS, "number": NUMBERS, "iri": IRIS, "text": HOSTILE_TEXT, "id": IDS, "path": PATHS}


@dataclass
class Spec:
    """One (sub)command: its words and how each of its options and arguments is fed."""

    words: tuple
    options: list = field(default_factory=list)  # (flag, kind or None for a flag, choices)
    arguments: list = field(default_factory=list)  # (kind, choices)


def _kind(param) -> str:
    name = (param.name or "").lower()
    if isinstance(param.type, click.Path) or name in ("output", "evidence", "home", "content", "paths", "target"):
        return "path"
    if "date" in name or name in ("day", "elsewhere"):
        return "date"
    if name == "year":
        return "year"
    if name in ("hours", "count", "seed", "min_scenarios", "difficulty", "number"):
        return "number"
    if name in ("base", "account_homepage", "xapi_base"):
        return "iri"
    if name.endswith("id") or name in ("module", "module_key", "competency", "domain", "checklist", "command",
                                       "scenario_ids", "policy_name", "policies", "ident", "competencies"):
        return "id"
    return "text"


def specs() -> list[Spec]:
    """Every command and subcommand of the real CLI, with its options and arguments."""
    from peerlearn.cli import COMMANDS, GLOBAL_OPTIONS, cli

    ctx = click.Context(cli)
    out = []

    def add(words, command):
        if isinstance(command, click.Group):
            out.append(Spec(words))
            for name, sub in command.commands.items():
                add(words + (name,), sub)
            return
        spec = Spec(words)
        for param in command.params:
            choices = list(param.type.choices) if isinstance(param.type, click.Choice) else []
            if isinstance(param, click.Option):
                flag = max(param.opts, key=len)
                spec.options.append((flag, None if param.is_flag else _kind(param), choices))
            else:
                spec.arguments.append((_kind(param), choices))
        for flag, takes_value in GLOBAL_OPTIONS.items():
            spec.options.append((flag, "path" if takes_value else None, []))
        out.append(spec)

    for name in COMMANDS:
        add((name,), cli.get_command(ctx, name))
    return out


_EVERY_VALUE = [v for pool in _POOLS.values() for v in pool]


def _value(kind, choices):
    """A value for an option or argument: mostly one of its own kind, sometimes any hostile value
    or any short text."""
    own = [st.sampled_from(choices)] * 3 if choices else []
    if kind:
        own += [st.sampled_from(_POOLS[kind])] * 3
    return st.one_of(*own, st.sampled_from(_EVERY_VALUE), st.text(max_size=12))


@st.composite
def argument_lists(draw, all_specs=None):
    """An argument list: a real command path, then a mix of its options with hostile values, its
    arguments, options of other commands and junk."""
    all_specs = all_specs or specs()
    spec = draw(st.sampled_from(all_specs))
    args = list(spec.words)
    every_option = [o for s in all_specs for o in s.options]
    for _ in range(draw(st.integers(0, 6))):
        what = draw(st.sampled_from(["option"] * 6 + ["argument"] * (3 if spec.arguments else 0) + ["foreign", "junk"]))
        if what in ("option", "foreign"):
            pool = spec.options if what == "option" and spec.options else every_option
            flag, kind, choices = draw(st.sampled_from(pool))
            args.append(flag)
            if kind is not None or choices:
                value = draw(_value(kind, choices))
                if draw(st.booleans()) and not value.startswith("-"):
                    args[-1] = f"{flag}={value}"
                else:
                    args.append(value)
        elif what == "argument":
            kind, choices = draw(st.sampled_from(spec.arguments))
            args.append(draw(_value(kind, choices)))
        else:
            args.append(draw(st.sampled_from(JUNK)))
    if draw(st.integers(0, 4)) == 0:  # peerlearn's own options before the command
        args[:0] = draw(st.sampled_from([["--plain"], ["--home", "{folder}"], ["--content", "{pack}"], ["--home", "{file}"],
                                         ["--content", "{missing}"], ["--content", "{folder}"]]))
    return [a.replace("\x00", "") for a in args]  # a command line cannot hold a NUL byte


def stdin_texts():
    """What a person or a script types at the prompts: numbers, y/n, q, Enter, hostile text."""
    lines = st.sampled_from(["", "1", "2", "3", "q", "y", "n", "1 2", "99", "s", "\u00b2", "\u0661", *HOSTILE_TEXT])
    return st.lists(st.one_of(lines, st.text(max_size=12)), max_size=8).map(lambda ls: "\n".join(ls).replace("\x00", ""))


POLICY = """kind: policy
id: fuzz
title: Fuzz policy
year_start: "04-01"
cycle_years: 2
categories:
  - {id: ethics, title: Ethics}
requirements:
  - {id: hours, title: Hours, measure: hours, minimum: 6, carry_over_cap: 2, category: ethics}
  - {id: cop, title: Meetings, measure: meetings, minimum: 3, monthly_cap: 1, per: cycle}
"""
BAD_POLICY = POLICY.replace('"04-01"', '"02-30"').replace("minimum: 6", "minimum: .nan")
HOSTILE_MODULE = """kind: module
id: m17-fuzz
number: 17
title: "Fuzz \\e]52;c;eA==\\a \\u202e\\u200b\\x9b module"
summary: A module whose title holds terminal control.
objectives: [Read it safely.]
competencies: [PSP-2]
sections:
  - {title: "One \\e[31m", body: Text.}
reflection_prompts: [What did you notice?]
sources:
  - {document: 002_8b3e37ec1431e5b5.txt, section: Training}
"""


class Sandbox:
    """A folder of files for paths to point at, and a records home with some history in it."""

    def __init__(self, root: str, seed_home: str | None = None):
        self.root = root
        files = {"file": "notes.txt", "scenario": "scenarios.yaml", "policy": "policy.yaml", "bad_policy": "bad-policy.yaml",
                 "hostile": "m17.yaml", "escaped": "evil\x1b]0;t\x07\u202e.yaml"}
        self.paths = {k: os.path.join(root, v) for k, v in files.items()}
        for key, content in (("file", "just some notes\n"), ("policy", POLICY), ("bad_policy", BAD_POLICY),
                             ("hostile", HOSTILE_MODULE), ("escaped", "kind: scenario\nscenarios: 3\n")):
            with open(self.paths[key], "w", encoding="utf-8") as fh:
                fh.write(content)
        shutil.copy(os.path.join(FIXTURES, "pack", "scenarios.yaml"), self.paths["scenario"])
        self.paths["folder"] = os.path.join(root, "empty")
        os.mkdir(self.paths["folder"])
        self.paths["pack"] = os.path.join(root, "pack")
        os.mkdir(self.paths["pack"])
        shutil.copy(self.paths["policy"], os.path.join(self.paths["pack"], "policy.yaml"))
        shutil.copy(self.paths["hostile"], os.path.join(self.paths["pack"], "m17.yaml"))
        self.paths["missing"] = os.path.join(root, "missing.txt")
        self.paths["missing_dir"] = os.path.join(root, "no-such-folder")
        self.paths["out"] = os.path.join(root, "out")
        self.home = os.path.join(root, "home")
        if seed_home:
            shutil.copytree(seed_home, self.home)

    def fill(self, arg: str) -> str:
        for key, path in self.paths.items():
            arg = arg.replace("{" + key + "}", path)
        return arg


def seed_home(path: str) -> str:
    """A records home with activities (one with a stored week date), journal entries (one of
    control characters only), a profile and a module begun."""
    from peerlearn.records.store import Store

    store = Store(path)
    day = (_TODAY - timedelta(days=20)).isoformat()
    store.add_activity({"kind": "training", "title": "Course \x1b]0;t\x07 one", "date": day, "hours": 2.0, "categories": ["ethics"]})
    store.add_activity({"kind": "cop-meeting", "title": "Meeting", "date": day, "hours": 1.0})
    store.add_activity({"kind": "training", "title": "Week date", "date": f"{_TODAY.year}-W02-1", "hours": 1.0})
    store.add_reflection({"source": "journal", "text": "\x1b\x07", "time": day + "T10:00:00"})
    store.add_reflection({"source": "journal", "text": "A thought\nand more", "time": day + "T11:00:00"})
    store.set_profile(name="Sam \u202e")
    store.save_module_progress("m01-foundations", started=day, section=1)
    return path


@dataclass
class Outcome:
    args: list
    exit_code: int
    problem: str | None  # None when the run passed every check
    site: str | None = None  # where an uncaught exception was raised


def _site(exc_info) -> str:
    """The innermost peerlearn frame of a traceback (else the innermost frame), as file:line in function."""
    frames = traceback.extract_tb(exc_info[2])
    ours = [f for f in frames if f"{os.sep}peerlearn{os.sep}" in f.filename]
    f = (ours or frames)[-1]
    name = f.filename.split(f"{os.sep}peerlearn{os.sep}")[-1]
    return f"{exc_info[0].__name__} at {name}:{f.lineno} in {f.name}"


def invoke(args: list, sandbox: Sandbox, stdin: str = "") -> Outcome:
    """Run peerlearn in-process in the sandbox, with `stdin` as what is typed, and check what it did."""
    from peerlearn.cli import cli

    filled = [sandbox.fill(a) for a in args]
    env = {"PEERLEARN_HOME": sandbox.home, "PEERLEARN_CONTENT": None, "COLUMNS": "100"}
    old = os.getcwd()
    os.chdir(sandbox.root)
    try:
        typed = stdin.encode("utf-8", "surrogateescape")  # undecodable bytes, as a pipe can carry
        result = CliRunner().invoke(cli, filled, input=typed, env=env, catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome(filled, result.exit_code, "uncaught exception", _site(result.exc_info))
    if result.exit_code not in EXIT_CODES:
        return Outcome(filled, result.exit_code, f"exit code {result.exit_code}")
    shown = result.stdout + result.stderr
    found = FORBIDDEN.findall(shown)
    if found:
        return Outcome(filled, result.exit_code, f"shown raw: {sorted(set(found))!r}")
    if "Traceback" in shown:
        return Outcome(filled, result.exit_code, "a traceback was printed")
    return Outcome(filled, result.exit_code, None)
