"""Commands: `flask --app server seed-demo`, `demo-logins` and `prune`."""

import click
from flask import Flask

from server.common.clock import utcnow
from server.extensions import db
from shared.enums import Role


def register_commands(app: Flask) -> None:
    """Attach Quid's commands to the app's `flask` command line."""

    @app.cli.command("seed-demo")
    @click.option("--password", default=None, help="Password of every demo account.")
    def seed_demo_command(password):
        """Load the demo firm (divisions, people, posts) once; does nothing if data exists."""
        from server.demo.loader import DEMO_PASSWORD, load_demo_data

        created = load_demo_data(password=password or DEMO_PASSWORD)
        db.session.commit()
        click.echo("Demo data loaded." if created else "Demo data already present; nothing loaded.")

    @app.cli.command("demo-logins")
    def demo_logins_command():
        """Print the demo accounts to sign in with."""
        from server.demo.loader import demo_logins

        for line in demo_logins():
            click.echo(line)

    @app.cli.command("prune")
    def prune_command():
        """Delete expired idempotency records, refresh tokens and old login attempts."""
        from server.auth.throttle import prune_old_attempts
        from server.auth.tokens import prune_expired_tokens
        from server.idempotency.service import prune_expired_records

        now = utcnow()
        counts = {
            "idempotency records": prune_expired_records(now=now),
            "refresh tokens": prune_expired_tokens(now=now),
            "login attempts": prune_old_attempts(now=now),
        }
        db.session.commit()
        click.echo(", ".join(f"{count} {name}" for name, count in counts.items()) + " deleted.")

    @app.cli.command("recompute")
    def recompute_command():
        """Rebuild everyone's reputation, the daily scores and the period totals from the ledger."""
        from server.reputation.recompute import recompute_all

        recompute_all()
        db.session.commit()
        click.echo("Reputation, daily scores and period totals rebuilt from the ledger.")

    @app.cli.command("sweep")
    def sweep_command():
        """Apply the trade clock: reminders a day before due, overdue legs, broken legs (−5).

        Idempotent: run it on a schedule (every few minutes); a second run changes nothing."""
        from server.trades.clock import settle

        counts = settle(now=utcnow())
        db.session.commit()
        click.echo(f"{counts['reminded']} reminded, {counts['overdue']} overdue, {counts['broken']} broken.")

    @app.cli.command("create-division")
    @click.argument("name")
    @click.option("--slug", default=None, help="Short identifier; derived from the name if omitted.")
    def create_division_command(name, slug):
        """Add a division (people choose theirs when they sign up)."""
        from server.divisions.service import create_division

        division = create_division(name=name, slug=slug)
        db.session.commit()
        click.echo(f"Division {division.id}: {division.name} ({division.slug})")

    @app.cli.command("set-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice([role.value for role in Role]))
    def set_role_command(email, role):
        """Make a person a member, leader or admin (how a firm gets its first admin)."""
        from server.users.service import set_role

        user = set_role(email=email.strip().lower(), role=role)
        db.session.commit()
        click.echo(f"{user.email} is now {user.role}.")
