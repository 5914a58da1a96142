"""Commands about the learner's own data: profile and forget."""
from __future__ import annotations

import click

from peerlearn.cli import YEAR
from peerlearn.cli import completion as complete


@click.command()
@click.option("--name", help="Your name, as it appears on your transcript.")
@click.option("--email", help="An email address for exports (the xAPI actor's mbox), if you want one.")
@click.option("--account-homepage", help="The home page of the system your account is on (for xAPI exports).")
@click.option("--account-name", help="Your account name on that system.")
@click.option("--xapi-base", help="The IRI your xAPI exports make activity ids under (default https://peerlearn.example.org/xapi).")
@click.option("--lrs", help="Your organization's learning record store (its xAPI endpoint, e.g. https://lrs.example.org/xAPI) for 'peerlearn sync' ('none' to clear it).")
@click.option("--initial-training-elsewhere", "elsewhere", metavar="YYYY-MM-DD",
              help="You completed initial peer support training outside peerlearn, on this date ('none' to clear it).")
@click.option("--initial-training-provider", "provider", help="Who gave that initial training (with --initial-training-elsewhere).")
@click.pass_obj
def profile(settings, name, email, account_homepage, account_name, xapi_base, lrs, elsewhere, provider):
    """Show or set your profile: the name on your transcript and the account for exports.

    Nothing is asked on first run; until you set them, your transcript says "Learner".
    """
    from peerlearn.export.xapi import iri_problem

    if email is not None and email and ("@" not in email or " " in email):
        raise click.BadParameter("that does not look like an email address", param_hint="--email")
    for option, value in (("--account-homepage", account_homepage), ("--xapi-base", xapi_base)):
        problem = iri_problem(value) if value else None
        if problem:
            raise click.BadParameter(f"{value!r} is not an http(s) IRI: {problem}", param_hint=option)
    store = settings.store()
    fields = {"name": name, "email": email, "account_homepage": account_homepage, "account_name": account_name,
              "xapi_base": xapi_base}
    if lrs is not None:
        from peerlearn.lrs.client import check_endpoint

        fields["lrs"] = "" if lrs.lower() == "none" else check_endpoint(lrs)
    if provider is not None and elsewhere is None:
        raise click.UsageError("--initial-training-provider goes with --initial-training-elsewhere DATE")
    if elsewhere is not None:
        fields["initial_training_elsewhere"] = {} if elsewhere.lower() == "none" else {
            "date": _past_date(elsewhere, "--initial-training-elsewhere"), "provider": provider or ""}
    current = store.set_profile(**fields) if any(v is not None for v in fields.values()) else store.profile()
    from peerlearn.ui.render import clean

    other = current.get("initial_training_elsewhere")
    lines = [
        f"Name:             {current.get('name') or '(not set; transcripts say Learner)'}",
        f"Email:            {current.get('email') or '(not set)'}",
        f"Account homepage: {current.get('account_homepage') or '(not set)'}",
        f"Account name:     {current.get('account_name') or '(not set)'}",
        f"xAPI base:        {current.get('xapi_base') or '(default)'}",
        f"LRS for sync:     {current.get('lrs') or '(not set)'}",
    ]
    if other:
        lines.append(f"Initial training: completed elsewhere on {other['date']}" + (f" ({other['provider']})" if other.get("provider") else ""))
    lines.append(f"Records folder:   {store.home}")
    for line in lines:
        click.echo(clean(line))


@click.command()
@click.option("--reflections", "what", flag_value="reflections", help="Erase your reflections and journal entries, backups included.")
@click.option("--all", "what", flag_value="all", help="Erase everything peerlearn keeps about you, backups included.")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
@click.pass_obj
def forget(settings, what, yes):
    """Erase your reflections (--reflections) or all your records (--all), after a confirmation."""
    if what is None:
        raise click.UsageError("say what to forget: --reflections or --all")
    store = settings.store()
    question = ("Erase all your reflections and journal entries, backups included? This cannot be undone."
                if what == "reflections" else
                "Erase ALL your peerlearn records (progress, answers, log, reflections), backups included? This cannot be undone.")
    if not yes and not settings.prompter().confirm(question, default=False):
        click.echo("Nothing was erased.")
        return
    if what == "reflections":
        store.forget_reflections()
        click.echo("Your reflections and journal entries have been erased.")
    else:
        store.forget_all()
        click.echo("All your peerlearn records have been erased.")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xapi"]), required=True,
              help="csv: one row per activity; json: your complete record; xapi: xAPI 1.0.3 statements for a learning record store.")
@click.option("--year", type=YEAR, help="Only this training year (of --policy).")
@click.option("--policy", "policy_name", help="The policy whose training year --year means (default: default).", shell_complete=complete.policies)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
@click.option("--include-reflections", is_flag=True, help="json: also include your private reflections (left out unless you ask).")
@click.option("--base", help="xapi: the IRI under which activity ids are made (default: your profile's, else https://peerlearn.example.org/xapi).")
@click.pass_obj
def export(settings, fmt, year, policy_name, output, include_reflections, base):
    """Export your record for an employer or certification body: CSV, JSON or xAPI."""
    if include_reflections and fmt != "json":
        raise click.UsageError(f"--include-reflections applies to --format json only; a {fmt} export never carries reflections")
    if base and fmt != "xapi":
        raise click.UsageError(f"--base applies to --format xapi only, not {fmt}")

    from peerlearn.records.evidence import evidence_status
    from peerlearn.cli.learn import _progress
    from peerlearn.engine.policy import training_year
    from peerlearn.errors import PeerlearnError
    from peerlearn.export import records, xapi
    from peerlearn.ui.render import json_text

    problem = xapi.iri_problem(base) if base is not None else None
    if problem:
        raise click.BadParameter(f"{base!r} is not an http(s) IRI: {problem}", param_hint="--base")
    content = settings.load_content()
    store = settings.store()
    policy = settings.policy(content, policy_name)
    in_year = None
    if year is not None:
        in_year = training_year(policy, year).contains
    if fmt == "csv":
        text = records.to_csv(records.activity_rows(content, store, policy, year, evidence_status))
    elif fmt == "json":
        record = records.full_record(content, store, _progress(settings, content, store, policy_name), include_reflections)
        if in_year:
            record["activities"] = [a for a in record["activities"] if in_year(a["date"])]
            record["responses"] = [r for r in record["responses"] if in_year(r["time"])]
        text = json_text(record)
    else:
        profile = store.profile()
        for option, value in (("--xapi-base", None if base else profile.get("xapi_base")), ("--account-homepage", profile.get("account_homepage"))):
            problem = xapi.iri_problem(value) if value else None
            if problem:
                raise PeerlearnError(f"your profile's {option[2:].replace('-', ' ')} {value!r} is not an http(s) IRI ({problem}); "
                                     f"set it again with 'peerlearn profile {option} IRI'")
        text = json_text(xapi.learner_statements(content, store, base, in_year))
    if output:
        from peerlearn.records.storage import write_text_private

        write_text_private(output, text if text.endswith("\n") else text + "\n")
        from peerlearn.ui.render import clean

        click.echo(clean(f"Wrote {output}."), err=True)
    else:
        click.echo(text)


def _past_date(text: str, option: str) -> str:
    """A YYYY-MM-DD date from 1950 to today, or a usage error naming the option."""
    from peerlearn import clock
    from peerlearn.engine.policy import date_problem

    problem = date_problem(text, clock.today())
    if problem:
        raise click.BadParameter(problem, param_hint=option)
    return text
