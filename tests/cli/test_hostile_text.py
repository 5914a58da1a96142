"""Text from a content pack, a path or the learner never reaches the terminal raw: no escape
sequence, C1 control, bidi override or isolate, zero-width or tag character in any output."""
import json
import re
from datetime import date, timedelta

import pytest

from peerlearn.records.store import Store

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\U000e0000-\U000e007f\ud800-\udfff]")
# In YAML's double-quoted escapes: OSC 52 (sets the clipboard), OSC 0 (retitles the window), CSI,
# bidi override and isolate, zero-width space, byte-order mark, a tag character, C1 CSI and NEL.
HOSTILE = r"\e]52;c;cm0gLXJmIH4=\a \e]0;pwned\a \e[31m\u202e\u2066\u200b\ufeff\U000E0041\x9b\x85"
LEARNER = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202e\u200b\U000e0041\x9b"

MODULE = f'''kind: module
id: m17-hostile
number: 17
title: "Hostile {HOSTILE} module"
summary: A short module used to check that titles are shown safely to the learner.
objectives:
  - Read a module title safely.
competencies: [PSP-2]
sections:
  - title: "Section {HOSTILE} one"
    body: Some text.
reflection_prompts:
  - What did you notice?
sources:
  - document: 002_8b3e37ec1431e5b5.txt
    section: Training
'''
POLICY = f'''kind: policy
id: hostile
title: "Hostile {HOSTILE} policy"
requirements:
  - id: training
    title: "Training {HOSTILE} hours"
    measure: hours
    minimum: 3
    basis: "Because {HOSTILE} we say so."
'''


def assert_clean(result):
    shown = result.stdout + result.stderr
    assert not FORBIDDEN.search(shown), repr(FORBIDDEN.findall(shown))
    assert "Traceback" not in shown


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "m17.yaml").write_text(MODULE, encoding="utf-8")
    (folder / "policy.yaml").write_text(POLICY, encoding="utf-8")
    return folder


@pytest.fixture
def learner(isolated_home):
    """A learner whose own text holds terminal control: an activity, a journal entry made only
    of control characters, a name; and module 17 begun, so the home screen suggests it."""
    store = Store(str(isolated_home))
    day = (date.today() - timedelta(days=1)).isoformat()
    store.add_activity({"kind": "training", "title": f"Course {LEARNER} title", "date": day, "hours": 1.0,
                        "provider": LEARNER, "note": LEARNER, "created": day})
    store.add_reflection({"source": "journal", "text": "\x1b\x07\x1b[2J\x9b\u202e", "time": day + "T10:00:00"})
    store.add_reflection({"source": f"journal{LEARNER}", "text": f"first {LEARNER} line\nsecond", "time": day + "T11:00:00"})
    store.set_profile(name=f"Sam {LEARNER}", provider=LEARNER)
    store.save_module_progress("m17-hostile", started=day, section=0)
    return store


@pytest.mark.parametrize("args", [
    ("modules",), ("modules", "--json"),
    ("--plain", "home"), ("progress",), ("progress", "--json"),
    ("status", "--policy", "hostile"), ("status", "--policy", "hostile", "--json"), ("status", "--policy", "all"),
    ("log", "list"), ("log", "list", "--json"),
    ("journal", "list"), ("journal", "read", "2"), ("profile",),
    ("transcript",), ("transcript", "--format", "html"), ("transcript", "--format", "json"),
    ("transcript", "--year", str(date.today().year), "--policy", "hostile"),
    ("export", "--format", "csv"), ("export", "--format", "json"), ("export", "--format", "xapi"),
    ("--plain", "study", "17"),
])
def test_no_command_shows_terminal_control_from_a_pack_or_the_learner(run, pack, learner, args):
    result = run("--content", str(pack), *args, input="\n\n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert_clean(result)


def test_the_plain_home_screen_names_the_module_without_its_escapes(run, pack, learner):
    result = run("--content", str(pack), "--plain", "home")
    assert "Continue module 17: Hostile" in result.stdout and "module: peerlearn study m17-hostile" in result.stdout
    assert_clean(result)


def test_a_journal_entry_of_only_control_characters_is_listed(run, learner):
    result = run("journal", "list")
    assert result.exit_code == 0, result.output
    assert "(nothing to show)" in result.stdout
    assert "  first " in result.stdout and "second" not in result.stdout
    assert_clean(result)


def test_a_journal_entry_of_only_control_characters_is_not_written(run, isolated_home):
    result = run("journal", "write", "--text", "\x1b[2J\x07\u200b")
    assert result.exit_code == 0 and "Nothing written." in result.stdout
    assert Store(str(isolated_home)).reflections() == []


def test_json_output_keeps_the_text_but_escapes_its_controls(run, pack, learner):
    result = run("--content", str(pack), "modules", "--json")
    assert_clean(result)
    title = next(m["title"] for m in json.loads(result.stdout) if m["id"] == "m17-hostile")
    assert "\x1b]52;c;" in title and "\u202e" in title  # the data itself is unchanged


def test_validate_cleans_a_file_name_with_an_escape_sequence(run, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "evil\x1b]0;pwned\x07\u202e\x9b31m.yaml").write_text("kind: scenario\nscenarios: 3\n", encoding="utf-8")
    for fmt in ("text", "json"):
        result = run("validate", str(folder), "--format", fmt)
        assert result.exit_code == 1
        assert "evil" in result.stdout
        assert_clean(result)
    # a pack with such a file breaks every command with the same clean problem lines
    result = run("--content", str(folder), "modules")
    assert result.exit_code == 1 and "evil" in result.stderr
    assert_clean(result)


@pytest.mark.parametrize("args", [
    ("modules", "\x1b]52;c;eA==\x07extra"),
    ("quiz", "--module", "\x1b]0;t\x07\u202e"),
    ("log", "list", "--year", "\x1b[2J"),
    ("--content", "/no/such\x1b]0;t\x07", "modules"),
    ("validate", "/no/such/\x1b]0;t\x07.yaml"),
    ("journal", "read", "\x9b1"),
    ("export", "--format", "csv", "-o", "/no/such/\x1b]0;t\x07.csv"),
    ("status", "--policy", "\x1b]0;t\x07\u202e"),
])
def test_error_messages_quote_what_was_typed_without_its_controls(run, args):
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert result.stderr.strip()
    assert_clean(result)
