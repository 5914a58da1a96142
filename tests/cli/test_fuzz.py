"""The CLI fuzzed in-process: argument lists from the real commands and options with hostile
values (dates, years, numbers, IRIs, paths that are files, folders or missing, unicode, control
characters), and hostile answers typed at the prompts. Every run ends with a message or a result, exit 0, 1, 2 or 130, and nothing it shows
holds terminal control. bench/fuzz_cli.py runs the same with many more examples."""
import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_helpers import Sandbox, argument_lists, invoke, seed_home, specs, stdin_texts

SPECS = specs()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return seed_home(str(tmp_path_factory.mktemp("seed") / "home"))


@pytest.mark.slow
@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=argument_lists(SPECS), stdin=stdin_texts())
def test_no_argument_list_crashes_peerlearn_or_reaches_the_terminal_raw(args, stdin, seeded, tmp_path_factory):
    sandbox = Sandbox(str(tmp_path_factory.mktemp("sandbox")), seeded)
    outcome = invoke(args, sandbox, stdin)
    assert outcome.problem is None, f"{outcome.problem} {outcome.site or ''}: peerlearn {outcome.args!r} typed {stdin!r}"


def test_the_fuzzer_knows_every_command_and_option():
    words = {s.words for s in SPECS}
    assert {("log", "add"), ("journal", "read"), ("export",), ("validate",), ("new",)} <= words
    export = next(s for s in SPECS if s.words == ("export",))
    assert {"--year", "--base", "--output", "--format"} <= {flag for flag, _, _ in export.options}
