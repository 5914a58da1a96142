"""Commands about the learner's own data: profile and forget."""
from __future__ import annotations

import click


@click.command()
@click.option("--name", help="Your name, as it appears on your transcript.")
@click.option("--email", help="An email address for exports (the xAPI actor's mbox), if you want one.")
@click.option("--account-homepage", help="The home page of the system your account is on (for xAPI exports).")
@click.option("--account-name", help="Your account name on that system.")
@click.pass_obj
def profile(settings, name, email, account_homepage, account_name):
    """Show or set your profile: the name on your transcript and the account for exports.

    Nothing is asked on first run; until you set them, your transcript says "Learner".
    """
    store = settings.store()
    if email is not None and email and ("@" not in email or " " in email):
        raise click.BadParameter("that does not look like an email address", param_hint="--email")
    fields = {"name": name, "email": email, "account_homepage": account_homepage, "account_name": account_name}
    current = store.set_profile(**fields) if any(v is not None for v in fields.values()) else store.profile()
    click.echo(f"Name:             {current.get('name') or '(not set; transcripts say Learner)'}")
    click.echo(f"Email:            {current.get('email') or '(not set)'}")
    click.echo(f"Account homepage: {current.get('account_homepage') or '(not set)'}")
    click.echo(f"Account name:     {current.get('account_name') or '(not set)'}")
    click.echo(f"Records folder:   {store.home}")


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
