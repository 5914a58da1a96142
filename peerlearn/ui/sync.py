"""What a sync did, and when the record was last synced, in plain words."""
from __future__ import annotations

import click

from peerlearn.ui.render import clean, wrap


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def when(iso: str | None) -> str:
    return f"{iso[:10]} at {iso[11:16]}" if iso else "never"


def sync_line(lrs: str, last_synced: str | None, waiting: int) -> str:
    """One line for status and the home screen."""
    if waiting:
        return (f"Learning record store: last synced {when(last_synced)}; {_n(waiting, 'statement')} "
                f"{'waits' if waiting == 1 else 'wait'} to be sent ('peerlearn sync').")
    return f"Learning record store: last synced {when(last_synced)}; everything is sent."


def describe(statement: dict) -> str:
    verb = statement["verb"]["display"]["en-US"]
    name = next(iter(statement["object"].get("definition", {}).get("name", {}).values()), statement["object"]["id"])
    return clean(f"{statement['timestamp'][:10]} {verb} {name}")


def show_dry_run(lrs: str, total: int, todo: list[dict], batch_size: int) -> None:
    if not todo:
        click.echo(wrap(f"Nothing to send: {lrs} has acknowledged all {_n(total, 'statement')} of your record."))
        return
    batches = -(-len(todo) // batch_size)
    click.echo(wrap(f"Would send {_n(len(todo), 'statement')} of {total} to {lrs}, in {_n(batches, 'batch')} "
                    "(nothing is sent with --dry-run; reflections are never sent):"))
    for s in todo:
        click.echo(f"  {describe(s)}")


def show_result(lrs: str, result, statements: dict) -> None:
    sent = len(result.acknowledged)
    if sent:
        click.echo(wrap(f"Sent {_n(sent, 'statement')} to {lrs}; it acknowledged them."))
    elif not result.waiting:
        click.echo(wrap(f"Nothing new to send: {lrs} has all {_n(result.total, 'statement')} of your record."))
    for sid, why in result.refused.items():
        click.echo(wrap(f"Refused by the LRS: {describe(statements[sid])} (statement {sid}): {why}. "
                        "It stays waiting; your organization's LRS administrator can tell which copy to keep."))
    if result.failed:
        click.echo(wrap(f"{_n(len(result.failed), 'statement')} could not be sent this time "
                        f"(the LRS answered {result.failure}); they wait for the next sync."))
    if result.stopped:
        click.echo(wrap(f"The sync stopped: {result.stopped}."))
