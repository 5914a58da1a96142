"""Commands for learners: home, modules, study, quiz, reflect, journal, progress, transcript."""
from __future__ import annotations

import click

from peerlearn.cli import YEAR, echo_json
from peerlearn.cli import completion as complete


def _progress(settings, content, store, policy_name=None):
    """The progress report. Reading it writes nothing: the completion date is recorded by the
    conversation that completed initial training (flows.record_completion)."""
    from peerlearn.engine.progress import progress_report

    policy = settings.policy(content, policy_name)
    done = store.events("initial-training-complete")
    return progress_report(content, policy, store.mastery_summary(), store.all_module_progress(),
                           store.checklist_runs(), done[0]["time"] if done else None,
                           store.profile().get("initial_training_elsewhere"))


def step_command(step) -> list[str]:
    """The peerlearn command that does a home-screen step (engine.progress.NextStep)."""
    return {
        "resume-quiz": ["quiz"], "continue-module": ["study", step.target or ""], "start-module": ["study", step.target or ""],
        "checklist": ["reflect", step.target or ""], "review": ["quiz", "--review"], "quiz": ["quiz"],
        "progress": ["progress"], "status": ["status"], "log": ["log", "add"],
    }[step.action]


@click.command()
@click.pass_context
def home(ctx):
    """The home screen: where you left off, what to do next, and your training status."""
    from peerlearn.flows.home import run_home

    settings = ctx.obj
    content = settings.load_content()
    store = settings.store()
    report = _progress(settings, content, store)
    step = run_home(settings.prompter(), content, store, settings.policy(content), report, step_command)
    if step is None:
        return
    args = step_command(step)
    command = ctx.parent.command.get_command(ctx.parent, args[0])
    with command.make_context(args[0], args[1:], parent=ctx.parent) as sub_ctx:
        command.invoke(sub_ctx)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the modules and your progress in them as JSON.")
@click.pass_obj
def modules(settings, as_json):
    """List the training modules and where you are in each."""
    from peerlearn.engine.progress import module_stage

    content = settings.load_content()
    progress = settings.store().all_module_progress()
    rows = []
    for m in content.modules:
        prog = progress.get(m.id, {})
        stage, section = module_stage(m, prog)
        status = {"reading": f"section {section} of {len(m.sections)}", "check": "sections read; the end-of-module check is next"}.get(stage, stage)
        rows.append({"id": m.id, "number": m.number, "title": m.title, "competencies": list(m.competencies),
                     "content_note": bool(m.content_note), "status": status, "completed": prog.get("completed")})
    if as_json:
        echo_json(rows)
        return
    from peerlearn.ui.render import clean

    for r in rows:
        note = "  (content note)" if r["content_note"] else ""
        click.echo(clean(f"{r['number']:>2}. {r['title']}{note}\n    {r['id']} - {r['status']}"))
    click.echo("\nStudy one with 'peerlearn study NUMBER' (for example 'peerlearn study 1').")


@click.command()
@click.argument("module", required=False, shell_complete=complete.modules)
@click.pass_obj
def study(settings, module):
    """Study a module section by section; resumes where you left off.

    MODULE is its number, its id or the part of its id after the number. Without it, continues
    the module you are part-way through, or starts the next one you have not studied.
    """
    from peerlearn.engine.progress import next_module
    from peerlearn.errors import NotFound
    from peerlearn.flows.study import run_study

    content = settings.load_content()
    store = settings.store()
    if module is None:
        m = next_module(content, store.all_module_progress())
        if m is None:
            click.echo("You have studied every module. 'peerlearn study NUMBER' reads one again.")
            return
    else:
        m = content.module(module)
        if m is None:
            raise NotFound("module", module, "'peerlearn modules' lists them")
    run_study(settings.prompter(), content, store, m)


@click.command()
@click.option("--module", "module_key", help="Only scenarios from this module (number or id).", shell_complete=complete.modules)
@click.option("--competency", help="Only scenarios that evidence this competency, e.g. PSP-2.", shell_complete=complete.competencies)
@click.option("--domain", help="Only scenarios in this domain, e.g. WRB.", shell_complete=complete.domains)
@click.option("--review", is_flag=True, help="Spaced review: your weakest and least recently practised competencies, with scenarios you have not seen lately.")
@click.option("--count", type=click.IntRange(1, 500), help="How many scenarios (default 5; all with --scenario).")
@click.option("--scenario", "scenario_ids", multiple=True, help="Exactly this scenario (repeatable, in the order given).", shell_complete=complete.scenarios)
@click.option("--seed", type=int, help="Make the choice and order of scenarios repeatable.")
@click.option("--refresher", is_flag=True, help="The annual refresher: scenarios from every domain, weighted to weak or stale competencies; its completion is recorded for the training year.")
@click.pass_obj
def quiz(settings, module_key, competency, domain, review, count, scenario_ids, seed, refresher):
    """Scenario quiz: situations from peer support work, with feedback on every choice.

    Each answer is saved as soon as you give it. Pause at any prompt (q or Ctrl-C) and the next
    'peerlearn quiz' offers to pick up where you left off.
    """
    from peerlearn import clock
    from peerlearn.engine import mastery as mastery_engine
    from peerlearn.engine import review as review_engine
    from peerlearn.errors import NothingMatches, NotFound
    from peerlearn.flows.quiz import pending_session, review_scenarios, run_quiz

    content = settings.load_content()
    store = settings.store()
    p = settings.prompter()
    if refresher and (module_key or competency or domain or review or scenario_ids):
        raise click.UsageError("--refresher covers every domain by itself; it cannot be combined with "
                               "--module, --competency, --domain, --review or --scenario")
    if review and scenario_ids:
        raise click.UsageError("--review chooses the scenarios itself; leave out --scenario, or --review")
    module_id = None
    if module_key:
        m = content.module(module_key)
        if m is None:
            raise NotFound("module", module_key, "'peerlearn modules' lists them")
        module_id = m.id
    known = [c.id for c in content.framework.competencies]
    if competency and competency.upper() not in known:
        ranges = ", ".join(f"{d.competencies[0].id}..{d.competencies[-1].id.split('-')[1]}" for d in content.framework.domains)
        raise NotFound("competency", competency, f"they run {ranges}")
    competency = competency.upper() if competency else None
    domains = {d.id for d in content.framework.domains}
    if domain and domain.upper() not in domains:
        raise NotFound("domain", domain, f"the domains are {', '.join(sorted(domains))}")
    domain = domain.upper() if domain else None
    missing = [i for i in scenario_ids if content.scenario(i) is None]
    if missing:
        raise NotFound("scenario", ", ".join(missing), "'peerlearn coverage' lists the scenarios of each competency")
    paused = pending_session(store)
    if paused and paused.left:
        what = f" ({paused.label})" if paused.label else ""
        asked = "a new quiz with the options you gave" if (module_key or competency or domain or review or scenario_ids or refresher) else "a new quiz"
        if p.confirm(f"You paused a quiz{what} with {paused.left} of {paused.total} scenario{'s' if paused.total != 1 else ''} "
                     f"to go. Pick up where you left off? (No starts {asked}; your answers so far stay saved.)", default=True):
            run_quiz(p, content, store, [], resume=paused)
            return
    if refresher:
        from peerlearn.engine.policy import year_of

        responses = store.responses()
        mastery = mastery_engine.competency_mastery(responses, known)
        per_domain = max(1, (count or 10) // len(content.framework.domains))
        chosen = review_engine.select_refresher(content.framework, content.scenarios, mastery, responses, clock.now_utc(), per_domain, seed)
        year = year_of(settings.policy(content), clock.today())
        run_quiz(p, content, store, chosen, mode="refresher", year=year, label=f"annual refresher {year}")
        return
    filters = ", ".join(x for x in (f"module {module_key}" if module_key else "", f"competency {competency}" if competency else "",
                                    f"domain {domain}" if domain else "") if x)
    if review:
        chosen = review_scenarios(content, store, count or 5, seed, module=module_id, competency=competency, domain=domain)
        mode, label = "review", "spaced review" + (f", {filters}" if filters else "")
    else:
        chosen = review_engine.select(content.scenarios, module=module_id, competency=competency, domain=domain,
                                      ids=scenario_ids, count=count or (None if scenario_ids else 5), seed=seed)
        mode, label = "quiz", filters or ("chosen scenarios" if scenario_ids else "")
    if not chosen:
        raise NothingMatches("scenarios")
    run_quiz(p, content, store, chosen, mode=mode, label=label)


@click.command()
@click.argument("checklist", required=False, shell_complete=complete.checklists)
@click.pass_obj
def reflect(settings, checklist):
    """Work through a reflection checklist (default: the one initial training asks for).

    With the built-in policy that is the checklist for before sharing your story.

    Ends with a summary of what to reconsider. Your answers stay on this computer.
    """
    from peerlearn.errors import NotFound
    from peerlearn.flows.reflect import run_reflect

    content = settings.load_content()
    if checklist is None:
        asked = settings.policy(content).initial_training.checklists
        checklist = asked[0] if asked else content.checklists[0].id
    cl = content.checklist(checklist)
    if cl is None:
        known = ", ".join(c.id for c in content.checklists)
        raise NotFound("checklist", checklist, f"the checklists are {known}")
    run_reflect(settings.prompter(), settings.store(), cl, content)


@click.group(invoke_without_command=True)
@click.pass_context
def journal(ctx):
    """Your private reflections: list, read, write or delete them.

    They are kept only on this computer, in files only you can read, and never go into a
    transcript or export unless you ask for them.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(journal_list)


@journal.command("list")
@click.pass_obj
def journal_list(settings):
    """List your reflections, newest last."""
    entries = settings.store().reflections()
    if not entries:
        click.echo("Your journal is empty. Reflections you write while studying or with 'peerlearn journal write' appear here.")
        return
    from peerlearn.ui.render import clean

    for e in entries:
        lines = [ln.strip() for ln in clean(e.get("text") or "").splitlines() if ln.strip()]
        first = lines[0][:60] if lines else "(nothing to show)"
        source = clean(e.get("source") or "")[:28]
        click.echo(clean(f"{e['doc_id']:>4}  {str(e.get('time') or '')[:10]}  {source:<28}  {first}"))
    click.echo("\nRead one with 'peerlearn journal read ID'; delete with 'peerlearn journal delete ID'.")


def _entry(store, entry_id):
    from peerlearn.errors import NotFound

    for e in store.reflections():
        if e["doc_id"] == entry_id:
            return e
    raise NotFound("journal entry", entry_id, "'peerlearn journal list' shows them")


@journal.command("read")
@click.argument("entry_id", type=int)
@click.pass_obj
def journal_read(settings, entry_id):
    """Read one reflection in full."""
    from peerlearn.ui.render import clean, wrap

    e = _entry(settings.store(), entry_id)
    click.echo(clean(f"{e.get('time', '')}  {e.get('source', '')}"))
    if e.get("prompt"):
        click.echo(wrap(e["prompt"]))
        click.echo()
    click.echo(wrap(e.get("text") or ""))


@journal.command("write")
@click.option("--text", help="The entry (otherwise you are asked for it).")
@click.pass_obj
def journal_write(settings, text):
    """Write a new journal entry."""
    from peerlearn.records.store import now_iso

    if text is None:
        text = settings.prompter().text("What would you like to write?")
    from peerlearn.ui.render import clean

    if not clean(text).strip():
        click.echo("Nothing written.")
        return
    entry_id = settings.store().add_reflection({"source": "journal", "text": text, "time": now_iso()})
    click.echo(f"Saved as entry {entry_id}.")


@journal.command("delete")
@click.argument("entry_id", type=int)
@click.option("--yes", is_flag=True, help="Delete without asking to confirm.")
@click.pass_obj
def journal_delete(settings, entry_id, yes):
    """Delete one reflection, backups included."""
    store = settings.store()
    _entry(store, entry_id)
    if not yes and not settings.prompter().confirm(f"Delete journal entry {entry_id}? This cannot be undone.", default=False):
        click.echo("Kept.")
        return
    if not store.delete_reflection(entry_id):
        from peerlearn.errors import NotFound

        raise NotFound("journal entry", entry_id, "it was deleted, perhaps in another window")
    click.echo(f"Deleted entry {entry_id}.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print progress as JSON.")
@click.option("--policy", "policy_name", help="The policy whose initial-training rule applies (default: default).", shell_complete=complete.policies)
@click.pass_obj
def progress(settings, as_json, policy_name):
    """Your competency levels, modules studied and what initial training still needs."""
    from peerlearn.ui.progress import show_progress

    content = settings.load_content()
    report = _progress(settings, content, settings.store(), policy_name)
    if as_json:
        echo_json(report)
    else:
        from peerlearn.ui.render import show_bars

        show_progress(content, report, bars=show_bars(settings.plain))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), help="Markdown, a printable HTML page, or JSON (default: from the -o file's extension, else md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of the screen.")
@click.option("--include-reflections", is_flag=True, help="Also include your private reflections (left out unless you ask).")
@click.option("--year", type=YEAR, help="Add a training year's record: its activities, hours by category and each requirement's status.")
@click.option("--policy", "policy_name", help="The policy to report against (default: default).", shell_complete=complete.policies)
@click.pass_obj
def transcript(settings, fmt, output, include_reflections, year, policy_name):
    """Your training record: modules with dates, competency levels, and the completion date."""
    from peerlearn.export.transcript import build, render, year_record

    fmt = _format_for(output, fmt, {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}, "md")
    content = settings.load_content()
    store = settings.store()
    report = _progress(settings, content, store, policy_name)
    data = build(content, store, report, include_reflections=include_reflections)
    if year is not None:
        data["year"] = year_record(content, store, settings.policy(content, policy_name), year)
    text = render(data, fmt)
    if output:
        from peerlearn.records.storage import write_text_private

        write_text_private(output, text)
        from peerlearn.ui.render import clean

        click.echo(clean(f"Wrote {output}."))
    else:
        click.echo(text)


def _format_for(output, fmt, by_extension: dict, default: str) -> str:
    """The output format: --format if given (it must agree with the file's extension), else the
    extension's, else the default."""
    import os

    ext = os.path.splitext(output or "")[1].lower()
    implied = by_extension.get(ext)
    if fmt and implied and fmt != implied:
        raise click.UsageError(f"--format {fmt} does not match the file name {output} ({implied}); change one of them")
    return fmt or implied or default
