"""Shell completion: `peerlearn completion bash|zsh|fish` prints the script, and the callbacks
below offer module, scenario, competency, domain, checklist and policy ids as the person types.

The callbacks load the content only when the shell asks (from the content cache, as any
command does), and never fail: on any problem they offer nothing, so a broken content pack
cannot make the shell print a traceback under the prompt.
"""
from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_PEERLEARN_COMPLETE"


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell):
    """Print the shell completion script for bash, zsh or fish.

    Add it to your shell's start-up file once, and the shell completes peerlearn's commands,
    options, module and scenario ids, competencies, domains and policy names:

    \b
    bash: peerlearn completion bash >> ~/.bashrc
    zsh:  peerlearn completion zsh >> ~/.zshrc
    fish: peerlearn completion fish > ~/.config/fish/completions/peerlearn.fish
    """
    from click.shell_completion import get_completion_class

    from peerlearn.cli import cli

    click.echo(get_completion_class(shell)(cli, {}, "peerlearn", COMPLETE_VAR).source())


def _content(ctx):
    """The content, with the --content folders given on the command line being completed."""
    from peerlearn.content.loader import load_content

    root = ctx.find_root()
    return load_content(tuple(root.params.get("content") or ()))


def _offer(pairs, incomplete: str):
    """(value, help) pairs whose value starts with what was typed (ignoring case)."""
    from click.shell_completion import CompletionItem

    typed = incomplete.lower()
    return [CompletionItem(value, help=help_text) for value, help_text in pairs if value.lower().startswith(typed)]


def _safely(pairs_of):
    """A shell_complete callback from a function of the content giving (value, help) pairs;
    any error offers nothing."""

    def callback(ctx, param, incomplete):
        try:
            return _offer(pairs_of(_content(ctx)), incomplete)
        except Exception:  # noqa: BLE001 - completion must never crash the shell
            return []

    return callback


modules = _safely(lambda c: [(m.id, m.title) for m in c.modules] + [(str(m.number), m.title) for m in c.modules])
scenarios = _safely(lambda c: [(s.id, s.title) for s in c.scenarios])
competencies = _safely(lambda c: [(x.id, x.title) for x in c.framework.competencies])
domains = _safely(lambda c: [(d.id, d.title) for d in c.framework.domains])
checklists = _safely(lambda c: [(x.id, x.title) for x in c.checklists])
policies = _safely(lambda c: [(p.id, p.title) for p in c.policies.values()])
policies_or_all = _safely(lambda c: [(p.id, p.title) for p in c.policies.values()] + [("all", "every policy, side by side")])


def scenario_in_file(ctx, param, incomplete):
    """preview's FILE[#ID]|ID: scenario ids and files until a # is typed, then the ids of the
    scenarios in that file."""
    from click.shell_completion import CompletionItem

    try:
        if "#" not in incomplete:
            ids = [] if "/" in incomplete or "." in incomplete else scenarios(ctx, param, incomplete)
            return ids + [CompletionItem(incomplete, type="file")]
        import os

        from peerlearn.content.loader import load_content

        path = incomplete.partition("#")[0]
        content = load_content(tuple(ctx.find_root().params.get("content") or ()), [path])
        real = os.path.realpath(path)
        ids = [(f"{path}#{s.id}", s.title) for s in content.scenarios if os.path.realpath(s.path) == real]
        return _offer(ids, incomplete)
    except Exception:  # noqa: BLE001 - completion must never crash the shell
        return []

