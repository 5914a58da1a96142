"""The `peerlearn` command. Subcommands live in modules by user group and load only when used,
so `peerlearn --help` costs little more than importing click."""
from __future__ import annotations

import importlib
import os
import sys
import click

from peerlearn import __version__

# command name -> (module, function, the first line of its help, shown by --help without
# importing the module; tests/test_docs.py keeps it equal to the command's own).
COMMANDS = {
    "home": ("peerlearn.cli.learn", "home",
              'The home screen: where you left off, what to do next, and your training status.'),
    "modules": ("peerlearn.cli.learn", "modules",
                 'List the training modules and where you are in each.'),
    "study": ("peerlearn.cli.learn", "study",
               'Study a module section by section; resumes where you left off.'),
    "quiz": ("peerlearn.cli.learn", "quiz",
              'Scenario quiz: situations from peer support work, with feedback on every choice.'),
    "reflect": ("peerlearn.cli.learn", "reflect",
                 'Work through a reflection checklist (default: the one initial training asks for).'),
    "journal": ("peerlearn.cli.learn", "journal",
                 'Your private reflections: list, read, write or delete them.'),
    "progress": ("peerlearn.cli.learn", "progress",
                  'Your competency levels, modules studied and what initial training still needs.'),
    "transcript": ("peerlearn.cli.learn", "transcript",
                    'Your training record: modules with dates, competency levels, and the completion date.'),
    "log": ("peerlearn.cli.annual", "log",
             'Your ongoing-education log: trainings, community-of-practice meetings and more.'),
    "status": ("peerlearn.cli.annual", "status",
                "Whether this training year's ongoing-education requirements are met, and what is still needed."),
    "export": ("peerlearn.cli.data", "export",
                'Export your record for an employer or certification body: CSV, JSON or xAPI.'),
    "profile": ("peerlearn.cli.data", "profile",
                 'Show or set your profile: the name on your transcript and the account for exports.'),
    "forget": ("peerlearn.cli.data", "forget",
                'Erase your reflections (--reflections) or all your records (--all), after a confirmation.'),
    "sync": ("peerlearn.cli.team", "sync",
              "Send your record to your organization's learning record store (xAPI; never reflections)."),
    "team": ("peerlearn.cli.team", "team",
              "For coordinators and trainers: a team's records from the LRS or from exported files."),
    "validate": ("peerlearn.cli.author", "validate",
                  'Check content files against the schemas and each other.'),
    "coverage": ("peerlearn.cli.author", "coverage",
                  'How many scenarios and modules evidence each competency, with gaps flagged.'),
    "schema": ("peerlearn.cli.author", "schema",
                "Where the JSON Schemas for content are, or one of them (KIND: scenario, module, ...)."),
    "new": ("peerlearn.cli.author", "new",
             'Start a new scenario, module or checklist file from a commented template.'),
    "preview": ("peerlearn.cli.author", "preview",
                 'Show a scenario as a learner will see it, and try each choice.'),
    "export-bank": ("peerlearn.cli.bank", "export_bank",
                    'Write the scenario bank as a Moodle question bank (Moodle XML or GIFT).'),
    "import-bank": ("peerlearn.cli.bank", "import_bank",
                    'Turn a Moodle question bank (Moodle XML or GIFT) into a scenario file.'),
    "completion": ("peerlearn.cli.completion", "completion",
                   'Print the shell completion script for bash, zsh or fish.'),
    "help": ("peerlearn.cli", "help_command",
             "Show peerlearn's help, or a command's help (peerlearn help quiz)."),
}

# Options of the peerlearn command itself, which may also be written after the command
# (peerlearn quiz --plain): name -> whether it takes a value.
GLOBAL_OPTIONS = {"--plain": False, "--home": True, "--content": True}


class Settings:
    """Options every command can see. (A plain class: importing dataclasses would cost
    `peerlearn --help` a fifth of its time.)"""

    def __init__(self, content: tuple = (), plain: bool = False, home: str | None = None):
        self.content = content
        self.plain = plain
        self.home = home

    def load_content(self, extra_files=()):
        """The content model, or a clear error listing what is wrong with the content."""
        from peerlearn.content.loader import ContentInvalid, load_content

        try:
            return load_content(self.content, extra_files)
        except ContentInvalid as exc:
            for pr in exc.problems:
                if pr.severity == "error":
                    click.echo(pr.format(), err=True)
            raise click.ClickException("the content has errors; run 'peerlearn validate' for the full list") from None

    def store(self):
        from peerlearn.records.store import Store

        return Store(self.home)

    def prompter(self):
        from peerlearn.ui.prompts import prompter_for

        return prompter_for(self.plain)

    def policy(self, content, name: str | None = None):
        from peerlearn.errors import NotFound

        name = name or "default"
        if name not in content.policies:
            raise NotFound("policy", name, f"the policies are {', '.join(sorted(content.policies))}")
        return content.policies[name]


class PeerlearnGroup(click.Group):
    def parse_args(self, ctx, args):
        return super().parse_args(ctx, _globals_first(list(args)))

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        """The command list from COMMANDS, so --help imports none of the command modules."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            raise _cleaned(exc) from None

    def invoke(self, ctx):
        from peerlearn.errors import Paused, PeerlearnError

        try:
            return super().invoke(ctx)
        except PeerlearnError as exc:
            raise _cleaned(click.ClickException(str(exc))) from None
        except BrokenPipeError:
            # the reader of the output went away (| head): stop quietly, as other tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except OSError as exc:
            from peerlearn.errors import os_reason

            where = f" ({exc.filename})" if exc.filename else ""
            raise _cleaned(click.ClickException(f"{os_reason(exc)}{where}")) from None
        except click.ClickException as exc:
            raise _cleaned(exc) from None
        except UnicodeError as exc:
            # bytes that are not UTF-8, typed at a prompt or given as an argument
            raise click.ClickException(f"some text given is not UTF-8 ({exc.reason}); give it as UTF-8 text") from None
        except Paused:
            click.echo("\n" + _stopped_message(ctx, "Paused"), err=True)
            ctx.exit(0)
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo("\n" + _stopped_message(ctx, "Stopped"), err=True)
            ctx.exit(130)


def _cleaned(exc: click.ClickException) -> click.ClickException:
    """The error with its message made safe to show: a usage error can quote what was typed,
    and a message can name a path or content, any of which may hold terminal control."""
    from peerlearn.ui.render import clean

    exc.message = clean(exc.message)
    return exc


def _globals_first(args: list) -> list:
    """Move peerlearn's own options written after the command in front of it, so that
    `peerlearn quiz --plain` means `peerlearn --plain quiz`. Stops at `--`."""
    command_at = next((i for i, a in enumerate(args) if a in COMMANDS), None)
    if command_at is None:
        return args
    head, tail, moved = args[:command_at + 1], [], []
    rest = args[command_at + 1:]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "--":
            tail += rest[i:]
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if GLOBAL_OPTIONS[name] and "=" not in a and i + 1 < len(rest):
                moved += [a, rest[i + 1]]
                i += 2
                continue
            moved.append(a)
        else:
            tail.append(a)
        i += 1
    return head[:command_at] + moved + head[command_at:] + tail


def _complete_command(ctx, param, incomplete):
    """help's COMMAND: the command names, from the command table (no command is imported)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(name, help=short) for name, (_, _, short) in COMMANDS.items() if name.startswith(incomplete)]


@click.command("help")
@click.argument("command", required=False, shell_complete=_complete_command)
@click.pass_context
def help_command(ctx, command):
    """Show peerlearn's help, or a command's help (peerlearn help quiz).

    COMMAND may be a command and its subcommand, e.g. 'peerlearn help log add' is written
    'peerlearn log add --help'.
    """
    root = ctx.find_root()
    if not command:
        click.echo(root.command.get_help(root))
        return
    cmd = root.command.get_command(root, command)
    if cmd is None:
        raise click.UsageError(f"there is no command {command!r}; 'peerlearn help' lists them")
    sub = click.Context(cmd, info_name=command, parent=root)
    click.echo(cmd.get_help(sub))


# Commands that record each answer as it is given; any other command writes only at its end.
RECORDS_AS_IT_GOES = {"home", "quiz", "study", "reflect"}


def _stopped_message(ctx, how: str) -> str:
    name = ctx.invoked_subcommand or "home"
    if name in RECORDS_AS_IT_GOES:
        return f"{how}. Everything you answered so far is saved; pick up again whenever you like."
    return f"{how}. Nothing was changed."


class Year(click.ParamType):
    """A training year: four digits, 1950 to 2100 ("26" is refused, not read as year 26)."""

    name = "YYYY"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if not (len(text) == 4 and text.isascii() and text.isdigit() and 1950 <= int(text) <= 2100):
            self.fail(f"{value!r} is not a year; give four digits, e.g. 2026", param, ctx)
        return int(text)


YEAR = Year()


def echo_json(data) -> None:
    """Print data as indented JSON, safe for a terminal (json is imported only by the commands
    that print it)."""
    from peerlearn.ui.render import json_text

    click.echo(json_text(data))


def _terminal_width() -> int:
    """The width help text wraps to, as click works it out. click would import shutil to learn
    the terminal's size, which costs more than the rest of `peerlearn --help`; os answers too."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (OSError, AttributeError, ValueError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


@click.group(cls=PeerlearnGroup, invoke_without_command=True,
             context_settings={"terminal_width": _terminal_width()})
@click.option("--content", "content", multiple=True, type=click.Path(file_okay=False),
              help="A folder of extra content (scenarios, modules, policies) to use on top of the built-in content. Repeatable; PEERLEARN_CONTENT adds folders too.")
@click.option("--plain", is_flag=True, help="Plain numbered prompts read line by line (screen-reader and scripting mode). Used automatically when input is not a terminal.")
@click.option("--home", type=click.Path(file_okay=False), help="Where your records are kept (default: PEERLEARN_HOME if set, else your user data folder).")
@click.version_option(__version__, prog_name="peerlearn")
@click.pass_context
def cli(ctx, content, plain, home):
    """peerlearn: self-paced peer support training and competency assessment.

    Study the 16 modules, reflect, take scenario quizzes mapped to the Standards of Practice,
    log ongoing education, and author content. Run a command with --help to learn more.
    """
    ctx.obj = Settings(content=content, plain=plain, home=home)
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "home"))


def main(argv=None):
    cli.main(args=argv, prog_name="peerlearn")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
