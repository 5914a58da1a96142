"""Commands for organizations: sync a learner's record to the LRS; a coordinator's team report
and a trainer's item analysis, read back from the LRS or from a folder of exported files."""
from __future__ import annotations

import click

from peerlearn.cli import YEAR


@click.command()
@click.option("--dry-run", is_flag=True, help="Show what would be sent, and send nothing.")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="Statements sent in one request.")
@click.pass_obj
def sync(settings, dry_run, batch_size):
    """Send your record to your organization's learning record store (xAPI; never reflections).

    Set the LRS once with 'peerlearn profile --lrs URL'; the credential (user:password) comes from
    PEERLEARN_LRS_AUTH or from a file only you can read (see the README). Only what the LRS has
    not acknowledged yet is sent, so running it again is always safe.
    """
    from peerlearn import clock
    from peerlearn.errors import LRSNotConfigured, SyncIncomplete
    from peerlearn.export import xapi
    from peerlearn.lrs import sync as engine
    from peerlearn.ui import sync as ui

    store = settings.store()
    lrs = store.profile().get("lrs")
    if not lrs:
        raise LRSNotConfigured("no learning record store is set up; 'peerlearn profile --lrs URL' sets your organization's")
    content = settings.load_content()
    statements = xapi.learner_statements(content, store, create_id=not dry_run)
    if dry_run:
        todo = engine.pending(statements, store.sync_state(lrs)["acknowledged"])
        ui.show_dry_run(lrs, len(statements), todo, batch_size)
        return
    from peerlearn.lrs.client import Client
    from peerlearn.lrs.credential import load_credential

    client = Client(lrs, load_credential(store.home))
    result = engine.run(client, store, lrs, statements, batch_size, now=clock.now_iso)
    ui.show_result(lrs, result, {s["id"]: s for s in statements})
    if result.waiting:
        n = result.waiting
        raise SyncIncomplete(f"{n} statement{'s' if n != 1 else ''} still wait{'s' if n == 1 else ''} to be sent; "
                             "nothing is lost, and 'peerlearn sync' sends them next time")


@click.group()
def team():
    """For coordinators and trainers: a team's records from the LRS or from exported files."""


def _source_options(f):
    f = click.option("--from", "from_dir", type=click.Path(file_okay=False),
                     help="A folder of workers' xAPI exports (JSON files from 'peerlearn export --format xapi').")(f)
    f = click.option("--lrs", "lrs_url", help="The LRS's xAPI endpoint to read statements from (credential as for sync).")(f)
    return f


def _statements(settings, lrs_url, from_dir, on_file=None, **query):
    """Statements from the LRS (GET /statements, following `more`) or from a folder of files,
    as they are read (the team's records are rebuilt as they come, never all held at once)."""
    if bool(lrs_url) == bool(from_dir):
        raise click.UsageError("give exactly one of --lrs URL or --from DIR")
    if from_dir:
        import os

        from peerlearn.errors import PeerlearnError
        from peerlearn.lrs.files import read_folder

        if not os.path.isdir(from_dir):
            raise PeerlearnError(f"the folder {from_dir} does not exist")
        return read_folder(from_dir, on_file)
    from peerlearn.lrs.client import Client
    from peerlearn.lrs.credential import load_credential

    client = Client(lrs_url, load_credential(settings.store().home))
    return client.get_statements(**query)


def _count_files(from_dir) -> int:
    import os

    if not from_dir or not os.path.isdir(from_dir):
        return 0
    from peerlearn.lrs.files import export_files

    return len(export_files(from_dir))


def _output(text: str, output: str | None) -> None:
    if output:
        from peerlearn.records.storage import write_text_private

        write_text_private(output, text if text.endswith("\n") else text + "\n")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _format(fmt, output, choices):
    if fmt:
        return fmt
    ext = (output or "").rsplit(".", 1)[-1].lower() if output and "." in output else ""
    return ext if ext in choices else "text"


@team.command("report")
@_source_options
@click.option("--policy", "policy_name", help="A policy name or file (default: default), as for status.")
@click.option("--year", type=YEAR, help="The training year (default: the one today falls in).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json", "html"]),
              help="text (default), csv, json, or html (a printable page); taken from -o's name when not given.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
@click.pass_obj
def report(settings, lrs_url, from_dir, policy_name, year, fmt, output):
    """Each worker's ongoing-education requirements and competency levels, and the team's profile.

    Requirements are met, at risk (not met and due within 60 days) or not met, by the same rules
    as 'peerlearn status'; competency levels by the same rules as 'peerlearn progress'. Workers
    are named only by what their statements carry (an account or an email address).
    """
    from datetime import timedelta

    from peerlearn import clock
    from peerlearn.cli.annual import content_and_policies
    from peerlearn.engine.policy import training_year, year_of
    from peerlearn.engine.team import team_report, worker_records
    from peerlearn.export.team import render_report

    content, (policy,) = content_and_policies(settings, (policy_name,) if policy_name else ())
    today = clock.today()
    y = year if year is not None else year_of(policy, today)
    until = (training_year(policy, y).end + timedelta(days=1)).isoformat() + "T00:00:00Z"
    from peerlearn.ui.render import work_bar

    files = _count_files(from_dir)
    with work_bar(files, "Reading the workers' exports") as step:
        statements = _statements(settings, lrs_url, from_dir, on_file=step, until=until)
        if from_dir:
            statements = (s for s in statements if (s.get("timestamp") or "") < until)
        data = team_report(content.framework, policy, worker_records(statements), y, today)
    _output(render_report(data, _format(fmt, output, ("csv", "json", "html"))), output)


@team.command("items")
@_source_options
@click.option("--min-workers", type=click.IntRange(1), default=10, show_default=True,
              help="Only scenarios answered first by at least this many workers.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), help="text (default), csv or json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
@click.pass_obj
def items(settings, lrs_url, from_dir, min_workers, fmt, output):
    """Item analysis across the team: difficulty, discrimination and distractor shares per scenario.

    From first answers only. Flags scenarios almost everyone gets right, a distractor chosen more
    often than the best response, and negative discrimination.
    """
    from peerlearn.engine.team import item_statistics, worker_records
    from peerlearn.export.team import render_items
    from peerlearn.export.xapi import ADL

    content = settings.load_content()
    statements = _statements(settings, lrs_url, from_dir, verb=ADL + "answered")
    stats = item_statistics(content.scenarios, worker_records(statements), min_workers)
    _output(render_items(stats, _format(fmt, output, ("csv", "json")), min_workers), output)
