"""Commands for trainers who keep question banks in Moodle: export-bank and import-bank."""
from __future__ import annotations

import os

import click

from peerlearn.cli import completion as complete

FORMATS = {"moodle-xml": (".xml",), "gift": (".gift", ".txt")}


def _format_for(path: str, fmt: str | None, option: str) -> str:
    """The bank format: --format if given, else the file's extension (.xml, .gift or .txt)."""
    ext = os.path.splitext(path or "")[1].lower()
    implied = next((f for f, exts in FORMATS.items() if ext in exts), None)
    if fmt and implied and fmt != implied:
        raise click.UsageError(f"--format {fmt} does not match the file name {path} ({implied}); change one of them")
    if not (fmt or implied):
        raise click.UsageError(f"say which format with --format moodle-xml or --format gift "
                               f"(or give {option} a name ending in .xml or .gift)")
    return fmt or implied


@click.command("export-bank")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help="moodle-xml (Moodle XML) or gift (default: from the -o file's extension, .xml or .gift).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
@click.option("--module", "module_key", help="Only the scenarios of this module (number or id).", shell_complete=complete.modules)
@click.pass_obj
def export_bank(settings, fmt, output, module_key):
    """Write the scenario bank as a Moodle question bank (Moodle XML or GIFT).

    Single-best-response and select-all-that-apply scenarios become Moodle multiple-choice
    questions with each choice's feedback, grade fractions that give the same marks as
    peerlearn, the competencies as tags and one question category per module. Branching
    scenarios have no Moodle multiple-choice form: they are left out, and the note on the
    screen names them.
    """
    from peerlearn import clock
    from peerlearn.errors import NotFound
    from peerlearn.interchange import gift, items_from_content, moodle_xml

    fmt = _format_for(output, fmt, "-o") if (output or not fmt) else fmt
    content = settings.load_content()
    scenarios = content.scenarios
    if module_key:
        m = content.module(module_key)
        if m is None:
            raise NotFound("module", module_key, "'peerlearn modules' lists them")
        scenarios = [s for s in scenarios if s.module == m.id]
    items, skipped = items_from_content(scenarios)
    comment = f"peerlearn question bank, {len(items)} questions, written {clock.today().isoformat()}"
    text = (moodle_xml if fmt == "moodle-xml" else gift).write(items, comment)
    singles = sum(1 for i in items if i.single)
    if output:
        from peerlearn.records.storage import write_text_private

        write_text_private(output, text)
        click.echo(f"Wrote {output}: {len(items)} questions ({singles} single answer, "
                   f"{len(items) - singles} select all that apply).")
    else:
        click.echo(text, nl=False)
    if skipped:
        click.echo(f"Left out {len(skipped)} branching scenario{'s' if len(skipped) != 1 else ''}, which a Moodle "
                   f"multiple-choice question cannot hold: {', '.join(skipped)}.", err=True)


@click.command("import-bank")
@click.argument("bank", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", required=True, metavar="DIR", type=click.Path(file_okay=False), help="The folder to write the scenario file into (made if it does not exist).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help="moodle-xml or gift (default: from FILE's extension).")
@click.option("--force", is_flag=True, help="Overwrite the scenario file if it exists.")
@click.pass_obj
def import_bank(settings, bank, out_dir, fmt, force):
    """Turn a Moodle question bank (Moodle XML or GIFT) into a scenario file.

    Each multiple-choice question becomes a scenario with its choices, key and feedback, in
    DIR/NAME.yaml (NAME from FILE). Tags that are competency ids become its competencies;
    otherwise competencies is left as TODO for you to fill in, and 'peerlearn validate' points
    at every TODO. Other question types are left out and counted.
    """
    from peerlearn.content.scaffold import schema_ref
    from peerlearn.errors import BankUnreadable, CannotWrite, os_reason
    from peerlearn.interchange import gift, moodle_xml, scenario_yaml, scenarios_from_items

    fmt = _format_for(bank, fmt, "FILE")
    try:
        with open(bank, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise BankUnreadable(bank, os_reason(exc) if not isinstance(exc, FileNotFoundError) else "no such file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BankUnreadable(bank, "it is not UTF-8 text") from None
    result = (moodle_xml if fmt == "moodle-xml" else gift).read(text, bank)
    skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(result.skipped.items()))
    if not result.items:
        raise BankUnreadable(bank, "it holds no multiple-choice questions" + (f" (only {skipped})" if skipped else ""))
    name = os.path.splitext(os.path.basename(bank))[0] or "imported"
    path = os.path.join(out_dir, f"{name}.yaml")
    if os.path.exists(path) and not force:
        raise click.ClickException(f"{path} already exists; choose another -o folder or add --force")
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(path, os_reason(exc)) from None
    scenarios, notes = scenarios_from_items(result.items, (s.id for s in settings.load_content().scenarios))
    schema = schema_ref("scenario", os.path.abspath(out_dir))
    todo = sum(1 for s in scenarios if s["competencies"] == ["TODO"])
    header = (f"# yaml-language-server: $schema={schema}\n"
              f"# Imported from {os.path.basename(bank)} by peerlearn import-bank. Fill in each TODO\n"
              f"# (competencies first), then check it with: peerlearn validate {path}\n")
    from peerlearn.records.storage import write_text_private

    write_text_private(path, scenario_yaml(scenarios, header))
    click.echo(f"Wrote {path}: {len(scenarios)} scenario{'s' if len(scenarios) != 1 else ''}"
               + (f"; {todo} still need their competencies (TODO)" if todo else "") + ".")
    if skipped:
        click.echo(f"Left out questions of other types, which peerlearn cannot hold: {skipped}.", err=True)
    for note in notes:
        click.echo(f"Note: {note}.", err=True)
    click.echo(f"Next: fill in each TODO, then run 'peerlearn validate {path}'.")
