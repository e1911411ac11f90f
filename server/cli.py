"""Commands: `flask --app server seed-demo`, `demo-logins`, `invite`, `prune` and the rest.

Commands that change the firm (divisions, roles, invitations) go through the same services
as the admin API and are written to the audit log as made by the command line.
"""

import contextlib

import click
from flask import Flask
from werkzeug.exceptions import HTTPException

from server.audit.actions import COMMAND_LINE
from server.common.clock import utcnow
from server.extensions import db
from shared.enums import Role


@contextlib.contextmanager
def refusals_as_click_errors():
    """A service's refusal (an HTTP error with a message) as a command-line error."""
    try:
        yield
    except HTTPException as error:
        data = getattr(error, "data", None) or {}
        raise click.ClickException(data.get("message") or error.description) from None


def division_named(name_or_slug: str):
    """The division with this name or slug (any case), or a command-line error."""
    from server.divisions import service

    division = service.division_named(name_or_slug)
    if division is None:
        raise click.BadParameter(
            f"No division named {name_or_slug!r}; see `flask --app server create-division`.", param_hint="--division"
        )
    return division


def register_commands(app: Flask) -> None:
    """Attach Quid's commands to the app's `flask` command line."""

    @app.cli.command("seed-demo")
    @click.option("--password", default=None, help="Password of every demo account.")
    def seed_demo_command(password):
        """Load the demo firm (divisions, people, posts) once; does nothing if data exists."""
        from server.demo.loader import DEMO_PASSWORD, load_demo_data

        invitations = load_demo_data(password=password or DEMO_PASSWORD)
        db.session.commit()
        if invitations is None:
            click.echo("Demo data already present; nothing loaded.")
            return
        click.echo("Demo data loaded.")
        for email, code in invitations:
            click.echo(f"  Try joining: invitation code {code} ({email}; shown only now)")

    @app.cli.command("demo-logins")
    def demo_logins_command():
        """Print the demo accounts to sign in with."""
        from server.demo.loader import demo_logins

        for line in demo_logins():
            click.echo(line)

    @app.cli.command("prune")
    def prune_command():
        """Delete expired idempotency records, refresh tokens, forgotten login failures and sign-ins,
        and photos that no post or answer took."""
        from server.attachments.service import prune_unposted
        from server.auth.throttle import prune_forgotten_failures
        from server.auth.tokens import prune_expired_tokens
        from server.idempotency.service import prune_expired_records
        from server.single_sign_on.service import prune_finished_sign_ins

        now = utcnow()
        counts = {
            "idempotency records": prune_expired_records(now=now),
            "refresh tokens": prune_expired_tokens(now=now),
            "login throttles": prune_forgotten_failures(now=now),
            "single sign-ons": prune_finished_sign_ins(now=now),
            "unposted photos": prune_unposted(now=now),
        }
        db.session.commit()
        click.echo(", ".join(f"{count} {name}" for name, count in counts.items()) + " deleted.")

    @app.cli.command("recompute")
    def recompute_command():
        """Rebuild everyone's reputation, the daily scores and the period totals from the ledger,
        and count each division's people again."""
        from server.divisions.service import recount_people
        from server.reputation.recompute import recompute_all

        recompute_all()
        recount_people()
        db.session.commit()
        click.echo(
            "Reputation, daily scores and period totals rebuilt from the ledger; divisions' people counted again."
        )

    @app.cli.command("reindex")
    def reindex_command():
        """Rebuild the search index from every live post and answer, and the index of people's
        names and emails from everyone."""
        from server.search.index import rebuild_index
        from server.users.name_search import rebuild_name_index

        documents = rebuild_index()
        people = rebuild_name_index()
        db.session.commit()
        click.echo(f"Search index rebuilt: {documents} posts and answers. Names indexed again: {people} people.")

    @app.cli.command("sweep")
    def sweep_command():
        """Apply the trade clock (reminders a day before due, overdue legs, broken legs (−5)),
        release the credits of colleagues who have become established since, and ask the
        authors of insights that went stale to verify, update or retire them (once).

        Idempotent: run it on a schedule (every few minutes); a second run changes nothing."""
        from server.freshness.service import ask_authors
        from server.reputation.establishment import establish_due
        from server.trades.clock import settle

        now = utcnow()
        counts = settle(now=now)
        established = establish_due(now=now)
        asked = ask_authors(now=now)
        db.session.commit()
        click.echo(
            f"{counts['reminded']} reminded, {counts['overdue']} overdue, {counts['broken']} broken; "
            f"{established} newly established."
        )
        click.echo(f"Freshness: {asked} authors asked to verify an insight.")

    @app.cli.command("create-division")
    @click.argument("name")
    @click.option(
        "--slug",
        default=None,
        help="Short identifier (what single sign-on maps claims to); derived from the name if omitted.",
    )
    def create_division_command(name, slug):
        """Add a division."""
        from server.divisions.service import create_division

        name = " ".join(name.split())
        if len(name) < 2:
            raise click.BadParameter("A division needs a name of at least 2 characters.", param_hint="NAME")
        with refusals_as_click_errors():
            division = create_division(name=name, slug=slug, admin=None, actor_label=COMMAND_LINE)
        db.session.commit()
        click.echo(f"Division {division.id}: {division.name} ({division.slug})")

    @app.cli.command("invite")
    @click.argument("email")
    @click.option("--division", "division_name", required=True, help="The division's name or slug.")
    @click.option(
        "--role", type=click.Choice([role.value for role in Role]), default=Role.MEMBER.value, show_default=True
    )
    def invite_command(email, division_name, role):
        """Invite a colleague (how a firm gets its first admin: --role admin); prints the code."""
        from server.invitations.service import invite

        email = email.strip().lower()
        if "@" not in email:
            raise click.BadParameter(f"{email!r} is not an email address.", param_hint="EMAIL")
        division = division_named(division_name)
        with refusals_as_click_errors():
            result = invite(email=email, division_id=division.id, role=role, admin=None, actor_label=COMMAND_LINE)
        db.session.commit()
        mailed = "mailed to them" if result["mailed"] else f"not mailed ({result['mail_error']})"
        click.echo(f"Invitation for {email} ({division.name}, {role}), {mailed}.")
        click.echo(f"Invitation code: {result['code']}")
        click.echo(
            f"It works once, until {result['invitation']['expires_at']:%Y-%m-%d %H:%M} UTC: in the app, "
            f'choose "I have an invitation".'
        )

    @app.cli.command("vouch")
    @click.argument("email")
    def vouch_command(email):
        """Vouch for a colleague: their credits count at once instead of being held while they are
        new (a firm's existing staff at launch, say). Audited."""
        from server.administration.service import person_by_email
        from server.reputation.establishment import vouch

        with refusals_as_click_errors():
            person = person_by_email(email=email.strip().lower())
        newly = vouch(person=person, admin=None, actor_label=COMMAND_LINE)
        db.session.commit()
        click.echo(f"{person.display_name}'s credits count" + (" from now on." if newly else " already."))

    @app.cli.command("set-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice([role.value for role in Role]))
    def set_role_command(email, role):
        """Make a person a member, leader or admin."""
        from server.administration.service import change_person, person_by_email

        with refusals_as_click_errors():
            person = person_by_email(email=email.strip().lower())
            change_person(user_id=person.id, changes={"role": role}, admin=None, actor_label=COMMAND_LINE)
        db.session.commit()
        click.echo(f"{person.email} is now {person.role}.")
