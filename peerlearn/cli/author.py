"""Commands for trainers: validate, coverage, new, preview."""
from __future__ import annotations

import os
import sys

import click

from peerlearn.cli import echo_json
from peerlearn.cli import completion as complete
from peerlearn.ui.render import clean


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: one PATH:LINE:COL line per problem; json: the same as a JSON array; github: GitHub Actions "
                   "annotations (::error file=...,line=...,col=...::...).")
@click.option("--strict", is_flag=True, help="Treat warnings (person-first language, item-writing flaws) as errors.")
@click.pass_obj
def validate(settings, paths, fmt, strict):
    """Check content files against the schemas and each other.

    Without PATH, checks the built-in content and every configured content pack. With PATHs
    (files or folders), checks those in the context of the built-in content and reports their
    problems only; files of a peerlearn source checkout are checked with that checkout's
    content, in place of the installed copy. Besides errors, it warns about person-first language and about item-writing
    flaws that let a reader find the keyed response without reading the situation (a keyed
    choice clearly the longest, very unequal lengths, near-identical choices, "all/none of the
    above", multi-select items with every option keyed, a lesser branching choice that reaches
    the best ending). Exit 0 when there are no errors, 1 otherwise; with --strict, warnings
    count as errors.
    """

    from peerlearn.content.loader import check_files, content_files, discover
    from peerlearn.content.source import Problem

    problems = []
    targets = []
    for p in paths:
        if not os.path.exists(p):
            problems.append(Problem(p, 1, 1, "error", "no such file or folder"))
        else:
            found = discover([p])
            if not found:
                problems.append(Problem(p, 1, 1, "warning", "no .yaml files in this folder"))
            targets += found
    files = content_files(settings.content, targets)
    from peerlearn.ui.render import work_bar

    with work_bar(len(files) if len(files) >= 100 else 0, "Checking content files") as step:
        def each():
            for f in files:
                yield f
                step()

        _, found_problems = check_files(each())
    if paths:
        wanted = {os.path.realpath(f) for f in targets}
        shown = {pr.path for pr in found_problems}  # each file's path once, however many problems it has
        kept = {path for path in shown if os.path.realpath(path) in wanted}
        found_problems = [pr for pr in found_problems if pr.path in kept]
    problems += found_problems
    problems.sort(key=lambda pr: (pr.path, pr.line, pr.col))
    if strict:
        import dataclasses

        problems = [dataclasses.replace(pr, severity="error") if pr.severity == "warning" else pr for pr in problems]
    errors = sum(1 for pr in problems if pr.severity == "error")
    warnings = len(problems) - errors
    checked = len(targets) if paths else len(files)
    if fmt == "json":
        echo_json([pr.as_dict() for pr in problems])
    elif fmt == "github":
        for pr in problems:
            click.echo(pr.format_github())
        click.echo(f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)
    else:
        for pr in problems:
            click.echo(pr.format())
        click.echo(f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)
    sys.exit(1 if errors else 0)


@click.command()
@click.argument("kind", required=False, shell_complete=lambda ctx, param, incomplete: [
    k for k in ("checklist", "framework", "glossary", "module", "policy", "scenario") if k.startswith(incomplete)])
@click.option("--copy-to", "copy_to", type=click.Path(file_okay=False), help="Copy the schema (or all of them) into this folder, e.g. a content repository's schemas/.")
@click.pass_obj
def schema(settings, kind, copy_to):
    """Where the JSON Schemas for content are, or one of them (KIND: scenario, module, ...).

    Without KIND, says which folder holds the installed schemas and lists them. With KIND,
    prints that schema. With --copy-to DIR, copies them into DIR: files that `peerlearn new`
    writes below a folder holding such a schemas/ copy name it by a relative path, which
    editors resolve, instead of a path into a virtual environment.
    """
    import shutil

    from peerlearn.content.loader import schema_dir
    from peerlearn.errors import CannotWrite, NotFound, os_reason

    folder = schema_dir()
    kinds = sorted(p.name[: -len(".schema.json")] for p in folder.glob("*.schema.json"))
    if kind is not None and kind not in kinds:
        raise NotFound("content kind", kind, f"the kinds are {', '.join(kinds)}")
    chosen = [kind] if kind else kinds
    if copy_to:
        try:
            os.makedirs(copy_to, exist_ok=True)
            for k in chosen:
                shutil.copyfile(folder / f"{k}.schema.json", os.path.join(copy_to, f"{k}.schema.json"))
        except OSError as exc:
            raise CannotWrite(copy_to, os_reason(exc)) from None
        click.echo(f"Copied {len(chosen)} schema{'s' if len(chosen) != 1 else ''} to {clean(copy_to)}.")
        return
    if kind:
        click.echo((folder / f"{kind}.schema.json").read_text(encoding="utf-8"), nl=False)
        return
    click.echo(f"The installed JSON Schemas are in {clean(str(folder))}:")
    for k in kinds:
        click.echo(f"  {k:<10} {k}.schema.json")
    click.echo("'peerlearn schema KIND' prints one; 'peerlearn schema --copy-to schemas' copies them into your content repository.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the coverage as JSON.")
@click.option("--min-scenarios", default=5, show_default=True, help="Fewer scenarios than this for a competency is flagged as a gap.")
@click.pass_obj
def coverage(settings, as_json, min_scenarios):
    """How many scenarios and modules evidence each competency, with gaps flagged."""
    from peerlearn.engine.coverage import coverage as compute

    content = settings.load_content()
    report = compute(content, min_scenarios=min_scenarios)
    if as_json:
        echo_json(report)
        return
    from peerlearn.ui.tables import show_coverage

    show_coverage(report)


@click.command()
@click.argument("what", type=click.Choice(["scenario", "module", "checklist"]))
@click.option("--id", "ident", help="The new item's id (scenario: sc + module number + slug, e.g. sc04-new-item; module: m17-slug).")
@click.option("--title", help="Its title.")
@click.option("--type", "scenario_type", type=click.Choice(["single", "multi", "branching"]), help="Scenario type.")
@click.option("--competency", "competencies", multiple=True, help="A competency it evidences (repeatable), e.g. PSP-2.", shell_complete=complete.competencies)
@click.option("--module", "module_id", help="Scenario: the module it belongs to.", shell_complete=complete.modules)
@click.option("--difficulty", type=click.IntRange(1, 3), help="Scenario: difficulty 1-3.")
@click.option("--number", type=click.IntRange(1, 99), help="Module: its number.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Where to write it (default: ID.yaml here).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_obj
def new(settings, what, ident, title, scenario_type, competencies, module_id, difficulty, number, output, force):
    """Start a new scenario, module or checklist file from a commented template.

    In a terminal it asks for what is missing, and asks again for an id that is not valid or
    already used or a competency the framework does not have; otherwise every answer comes from
    a flag and the rest gets a placeholder. Fill in each TODO, then run 'peerlearn validate FILE'.
    """
    from peerlearn.content import scaffold
    from peerlearn.ui.prompts import prompter_for

    answers = {"id": ident, "title": title, "type": scenario_type, "competencies": list(competencies),
               "module": module_id, "difficulty": difficulty, "number": number}
    rules = scaffold.Rules.for_content(what, settings.load_content())
    p = prompter_for(settings.plain)
    if not p.plain:
        answers = scaffold.ask_missing(what, answers, p, rules)
    problems = scaffold.answer_problems(what, answers, rules)
    if problems:
        from peerlearn.errors import PeerlearnError

        raise PeerlearnError(" ".join(scaffold.sentence(why) for why in problems))
    answers = scaffold.fill_defaults(what, answers)
    path = output or f"{answers['id']}.yaml"
    if os.path.exists(path) and not force:
        raise click.ClickException(f"{path} already exists; choose another --output or add --force")
    text = scaffold.render(what, answers, os.path.dirname(os.path.abspath(path)))
    from peerlearn.errors import CannotWrite, os_reason

    try:
        with open(path, "x" if not force else "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None
    click.echo(clean(f"Wrote {path}. Fill in each TODO, then check it with: peerlearn validate {path}"))


@click.command()
@click.argument("target", metavar="FILE[#ID]|ID", shell_complete=complete.scenario_in_file)
@click.pass_obj
def preview(settings, target):
    """Show a scenario as a learner will see it, and try each choice.

    FILE is a scenario file; #ID picks one scenario in it (otherwise each in turn). ID alone
    picks a scenario of the built-in content or of a content pack. Nothing is recorded. Works
    in plain mode too.
    """
    from peerlearn.engine.scoring import display_order
    from peerlearn.errors import NotFound
    from peerlearn.ui.prompts import prompter_for
    from peerlearn.flows.quiz import play
    from peerlearn.ui.scenario import ask_question, show_feedback, show_intro

    path, hash_, wanted = target.partition("#")
    if not hash_ and not os.path.exists(path):  # a scenario id rather than a file
        import difflib

        content = settings.load_content()
        scenario = content.scenario(target)
        if scenario is None:
            close = difflib.get_close_matches(target, [s.id for s in content.scenarios], n=1)
            raise NotFound("file or scenario id", target, f"did you mean {close[0]!r}?" if close else "")
        scenarios = [scenario]
    else:
        if not os.path.isfile(path):
            raise NotFound("file", path)
        content = settings.load_content([path])
        real = os.path.realpath(path)
        scenarios = [s for s in content.scenarios if os.path.realpath(s.path) == real]
        if wanted:
            scenarios = [s for s in scenarios if s.id == wanted]
            if not scenarios:
                raise NotFound(f"scenario in {path} with the id", wanted)
        if not scenarios:
            raise NotFound("scenario to preview in", path)
    p = prompter_for(settings.plain)
    for n, s in enumerate(scenarios, 1):
        label = f"[{s.id}] " if len(scenarios) == 1 else f"[{n}/{len(scenarios)} {s.id}] "
        if s.type == "branching":
            while True:
                play(p, s, label)
                if not p.confirm("Try a different path through this scenario?", default=False):
                    break
        else:
            show_intro(p, s, label)
            while True:
                order = display_order(s.id, "", len(s.choices))
                chosen, _ = ask_question(p, s.type, s.question, s.choices, order)
                p.say()
                show_feedback(p, s.choices, chosen, s.type)
                if not p.confirm("Try another choice?", default=False):
                    break
    click.echo("End of preview.")
