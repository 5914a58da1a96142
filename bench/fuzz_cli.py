"""A fuzzing campaign against the peerlearn CLI, in-process.

    python bench/fuzz_cli.py [--examples 5000] [--seed 1] [--show 2] [--stdin]

Argument lists come from the real commands and options (tests/fuzz_helpers.py, the same as
tests/cli/test_fuzz.py) with hostile values: dates, years, numbers, IRIs, paths that are files,
folders or missing, unicode and control characters. Each runs in a fresh sandbox folder with a
records home that has some history. It prints how many invocations ran, how many passed every
check, and each failure kind: uncaught exceptions by the site that raised them, exit codes outside
0/1/2/130, and terminal control shown raw, with the shortest reproducers.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis.strategies import just  # noqa: E402

from fuzz_helpers import Sandbox, argument_lists, invoke, seed_home, specs, stdin_texts  # noqa: E402
from peerlearn.cli import COMMANDS  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="how many invocations (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (the same seed runs the same campaign)")
    parser.add_argument("--show", type=int, default=2, help="reproducers to print for each failure kind")
    parser.add_argument("--stdin", action="store_true", help="also type hostile answers at the prompts (otherwise input ends at once)")
    opts = parser.parse_args(argv)

    root = tempfile.mkdtemp(prefix="peerlearn-fuzz-")
    os.environ["PEERLEARN_CACHE"] = os.path.join(root, "cache")
    os.environ.pop("PEERLEARN_CONTENT", None)
    seeded = seed_home(os.path.join(root, "seed-home"))
    all_specs = specs()
    outcomes = []
    commands = collections.Counter()

    @seed(opts.seed)
    @settings(max_examples=opts.examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(args=argument_lists(all_specs), stdin=stdin_texts() if opts.stdin else just(""))
    def campaign(args, stdin):
        sandbox = Sandbox(tempfile.mkdtemp(dir=root), seeded)
        try:
            outcome = invoke(args, sandbox, stdin)
        finally:
            shutil.rmtree(sandbox.root, ignore_errors=True)
        outcome.args = args  # as drawn: {file}, {folder}... stand for the sandbox's paths
        outcome.stdin = stdin
        commands[next((a for a in args if a in COMMANDS), "home")] += 1
        outcomes.append(outcome)
        if len(outcomes) % 500 == 0:
            print(f"... {len(outcomes)} invocations", file=sys.stderr, flush=True)

    try:
        campaign()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    failed = [o for o in outcomes if o.problem]
    by_kind = collections.defaultdict(list)
    for o in failed:
        by_kind[o.site or o.problem].append(o)
    uncaught = [o for o in failed if o.site]
    print(f"invocations: {len(outcomes)}")
    print(f"passed every check: {len(outcomes) - len(failed)}")
    print(f"uncaught exceptions: {len(uncaught)} at {len({o.site for o in uncaught})} site(s)")
    print(f"other failures: {len(failed) - len(uncaught)}")
    print("commands: " + ", ".join(f"{k} {v}" for k, v in commands.most_common()))
    print("exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(collections.Counter(o.exit_code for o in outcomes).items())))
    for kind, items in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{len(items):>5}  {kind}")
        for o in sorted(items, key=lambda o: len(repr(o.args)))[:opts.show]:
            typed = f"   (typed: {o.stdin!r})" if o.stdin else ""
            print(f"       peerlearn {' '.join(repr(a) if not a.isprintable() or not a or ' ' in a else a for a in o.args)}{typed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
