"""Commands for experienced workers: log, status, export."""
from __future__ import annotations

import os

import click

from peerlearn.cli import YEAR, echo_json
from peerlearn.cli import completion as complete

from peerlearn.records.evidence import evidence_reference, evidence_status
from peerlearn.ui.render import clean

KIND_HELP = "training, cop-meeting, conference, self-study or other"


def content_and_policies(settings, policy_args=()):
    """The content (with any --policy FILE added) and the policies asked for.

    Each --policy is a policy name, a policy file, or 'all'; none means the default policy.
    """
    from peerlearn.errors import NotAPolicy, NotFound

    files = [p for p in policy_args if os.path.isfile(p)]
    content = settings.load_content(files)
    chosen = []
    for arg in policy_args or ("default",):
        if arg == "all":
            chosen += list(content.policies.values())
        elif os.path.isfile(arg):
            real = os.path.realpath(arg)
            found = [p for p in content.policies.values() if os.path.realpath(p.path) == real]
            if not found:
                raise NotAPolicy(arg)
            chosen += found
        elif arg in content.policies:
            chosen.append(content.policies[arg])
        else:
            raise NotFound("policy", arg, f"the policies are {', '.join(sorted(content.policies))}, or give a policy file")
    unique = list({p.id: p for p in chosen}.values())
    return content, unique


def _categories(content) -> set:
    return {c for p in content.policies.values() for c in p.categories}


def _check(entry, content):
    from peerlearn import clock

    from peerlearn.engine.policy import validate_entry
    from peerlearn.errors import NothingSaved

    problems = validate_entry(entry, clock.today(), _categories(content))
    if problems:
        raise NothingSaved(problems)


def _ask(p, question: str, check, default: str = "") -> str:
    """Ask until the answer passes `check` (which returns a problem or None); an empty answer
    means `default`."""
    while True:
        answer = p.text(question) or default
        problem = check(answer)
        if problem is None:
            return answer
        p.say(clean(f"That didn't work: {problem}. Please try again (q to stop; nothing is saved until the end)."))


def _ask_entry(p, fields: dict, categories) -> dict:
    """Ask, one at a time, for each field the flags did not give, checking each answer as it is
    given (the same rule the flags go through)."""
    from peerlearn import clock

    from peerlearn.engine.policy import KINDS, check_field
    from peerlearn.errors import PeerlearnError
    from peerlearn.records.evidence import evidence_reference

    today = clock.today()
    if not fields.get("kind"):
        fields["kind"] = KINDS[p.choose("What kind of activity?", ["Training", "Community-of-practice meeting", "Conference", "Self-study", "Other"])]
    if not fields.get("title"):
        fields["title"] = _ask(p, "What was it called?", lambda a: check_field("title", a, today))
    if not fields.get("date"):
        fields["date"] = _ask(p, f"When was it? (YYYY-MM-DD; Enter for today, {today})",
                              lambda a: check_field("date", a, today), today.isoformat())
    if fields.get("hours") is None:
        fields["hours"] = _ask(p, "How many hours? (e.g. 1.5)", lambda a: check_field("hours", a, today))
    if not fields.get("provider"):
        fields["provider"] = p.text("Who provided it? (Enter to skip)") or None
    if not fields.get("categories") and categories:
        answer = _ask(p, f"Categories, separated by commas (Enter for none; yours: {', '.join(sorted(categories))})",
                      lambda a: check_field("categories", _split(a), today, categories))
        fields["categories"] = _split(answer)
    if not fields.get("evidence"):
        def evidence_ok(a):
            if not a.strip():
                return None
            try:
                evidence_reference(a.strip())
            except PeerlearnError as exc:
                return str(exc)
            return None
        fields["evidence"] = _ask(p, "A certificate or other evidence file? (its path; Enter to skip)", evidence_ok).strip() or None
    if not fields.get("note"):
        fields["note"] = p.text("A note? (Enter to skip)") or None
    return fields


def _split(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


@click.group()
def log():
    """Your ongoing-education log: trainings, community-of-practice meetings and more."""


def _entry_options(f):
    for option in reversed([
        click.option("--kind", help=f"What kind of activity: {KIND_HELP}."),
        click.option("--title", help="What it was called."),
        click.option("--date", "day", help="When it happened, YYYY-MM-DD."),
        click.option("--hours", help="How long, in hours (e.g. 1.5)."),
        click.option("--provider", help="Who provided it."),
        click.option("--category", "categories", multiple=True, help="A category from your policy, e.g. ethics (repeatable)."),
        click.option("--evidence", type=click.Path(), help="A certificate or other evidence file; kept as a reference with its SHA-256."),
        click.option("--note", help="A short note."),
    ]):
        f = option(f)
    return f


@log.command("add")
@_entry_options
@click.pass_obj
def log_add(settings, kind, title, day, hours, provider, categories, evidence, note):
    """Log a training, community-of-practice meeting, conference, self-study or other activity.

    In a terminal it asks for whatever the flags did not give; otherwise every answer comes from
    the flags. Bad input gets a clear message, and nothing is written.
    """
    import uuid

    from peerlearn.records.store import now_iso

    content = settings.load_content()
    fields = {"kind": kind, "title": title, "date": day, "hours": hours, "provider": provider,
              "categories": list(categories), "evidence": evidence, "note": note}
    p = settings.prompter()
    required = {"kind": "--kind", "title": "--title", "date": "--date", "hours": "--hours"}
    missing = [flag for k, flag in required.items() if fields[k] in (None, "")]
    if p.plain and missing:
        names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        raise click.UsageError(f"{names} {'is' if len(missing) == 1 else 'are'} required "
                               "(without a terminal every answer comes from the flags)")
    if not p.plain:
        fields = _ask_entry(p, fields, _categories(content))
    evidence = fields.pop("evidence", None)
    entry = dict(fields)
    _check(entry, content)
    entry["hours"] = float(entry["hours"])
    if evidence:
        entry["evidence"] = evidence_reference(evidence)
    entry.update(uuid=str(uuid.uuid4()), created=now_iso())
    entry = {k: v for k, v in entry.items() if v not in (None, "")}
    entry_id = settings.store().add_activity(entry)
    click.echo(clean(f"Logged #{entry_id}: {entry['date']} {entry['kind']} \"{entry['title']}\" ({entry['hours']:g} h)."))


@log.command("list")
@click.option("--year", type=YEAR, help="Only this training year (of the default policy, or --policy).")
@click.option("--policy", "policy_name", help="The policy whose training year --year means.", shell_complete=complete.policies)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as a JSON array.")
@click.pass_obj
def log_list(settings, year, policy_name, as_json):
    """List your logged activities."""
    if policy_name and year is None:
        raise click.UsageError("--policy says which training year --year means; give --year too")
    from peerlearn.engine.policy import training_year

    if policy_name == "all":
        raise click.BadParameter("--year lists one policy's training year: give a policy name or file, not 'all' "
                                 "('peerlearn status --policy all' shows every policy side by side)", param_hint="--policy")
    entries = settings.store().activities()
    if year is not None:
        content, (policy,) = content_and_policies(settings, (policy_name,) if policy_name else ())
        entries = [e for e in entries if training_year(policy, year).contains(e.get("date"))]
    for e in entries:
        e["id"] = e.pop("doc_id")
        if e.get("evidence"):
            e["evidence"]["status"] = evidence_status(e["evidence"])
    if as_json:
        echo_json(entries)
        return
    if not entries:
        click.echo("Nothing logged" + (f" in training year {year}." if year is not None else " yet. Add an activity with 'peerlearn log add'."))
        return
    from peerlearn.ui.tables import show_activities

    show_activities(entries)


@log.command("edit")
@click.argument("entry_id", type=int)
@_entry_options
@click.pass_obj
def log_edit(settings, entry_id, kind, title, day, hours, provider, categories, evidence, note):
    """Change a logged activity. Flags replace what they name; in a terminal, asks for each field."""
    from peerlearn.errors import NotFound

    store = settings.store()
    current = store.activity(entry_id)
    if current is None:
        raise NotFound("logged activity", entry_id, "'peerlearn log list' shows them")
    content = settings.load_content()
    changes = {k: v for k, v in {"kind": kind, "title": title, "date": day, "hours": hours, "provider": provider, "note": note}.items() if v is not None}
    if categories:
        changes["categories"] = list(categories)
    p = settings.prompter()
    if not changes and not evidence and not p.plain:
        for key, label in (("title", "Title"), ("date", "Date (YYYY-MM-DD)"), ("hours", "Hours"), ("provider", "Provider"), ("note", "Note")):
            answer = p.text(f"{label} (Enter keeps: {current.get(key, '')})", str(current.get(key, "") or ""))
            if answer != str(current.get(key, "") or ""):
                changes[key] = answer
    merged = {**current, **changes}
    _check(merged, content)
    if "hours" in changes:
        changes["hours"] = float(changes["hours"])
    if evidence:
        changes["evidence"] = evidence_reference(evidence)
    if not changes:
        click.echo("Nothing changed.")
        return
    # read, checked and written in one locked step, and only if it is still the entry shown
    if not store.update_activity(entry_id, changes, expect=current, check=lambda entry: _check(entry, content)):
        raise NotFound("logged activity", entry_id, "it was removed, perhaps in another window; nothing was saved")
    click.echo(f"Updated #{entry_id}.")


@log.command("remove")
@click.argument("entry_id", type=int)
@click.option("--yes", is_flag=True, help="Remove without asking to confirm.")
@click.pass_obj
def log_remove(settings, entry_id, yes):
    """Remove a logged activity (asks to confirm)."""
    from peerlearn.errors import NotFound

    store = settings.store()
    entry = store.activity(entry_id)
    if entry is None:
        raise NotFound("logged activity", entry_id, "'peerlearn log list' shows them")
    if not yes and not settings.prompter().confirm(f"Remove #{entry_id} ({entry['date']} \"{entry['title']}\")?", default=False):
        click.echo("Kept.")
        return
    if not store.remove_activity(entry_id):
        raise NotFound("logged activity", entry_id, "it was removed, perhaps in another window")
    click.echo(f"Removed #{entry_id}.")


@click.command()
@click.option("--year", type=YEAR, help="The training year (default: the one today falls in).")
@click.option("--policy", "policies", multiple=True, help="A policy name or file, or 'all' to see every policy side by side (repeatable; default: default).", shell_complete=complete.policies_or_all)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON (an array when several policies are shown).")
@click.pass_obj
def status(settings, year, policies, as_json):
    """Whether this training year's ongoing-education requirements are met, and what is still needed."""
    from peerlearn import clock

    from peerlearn.engine.policy import evaluate, year_of
    from peerlearn.records.queries import counted_activities

    content, chosen = content_and_policies(settings, policies)
    store = settings.store()
    today = clock.today()
    reports = []
    for policy in chosen:
        y = year if year is not None else year_of(policy, today)
        reports.append(evaluate(policy, counted_activities(store, policy), y, today))
    if as_json:
        from peerlearn.ui.words import with_needed

        reports = [with_needed(r) for r in reports]
        echo_json(reports[0] if len(reports) == 1 else reports)
        return
    from peerlearn.ui.render import show_bars
    from peerlearn.ui.status import show_refresher, show_status

    for policy, report in zip(chosen, reports):
        show_status(policy, report, today, bars=show_bars(settings.plain))
    years = sorted({r["year"] for r in reports})
    for y in years:
        show_refresher(y, [e for e in store.events("refresher") if e.get("year") == y])
    from peerlearn.lrs.sync import standing

    synced = standing(content, store)
    if synced:
        from peerlearn.ui.sync import sync_line
        from peerlearn.ui.render import wrap

        click.echo(wrap(sync_line(*synced)))
