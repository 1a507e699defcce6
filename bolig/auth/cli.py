"""`flask users create` and `flask users token`."""

from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from bolig.audit.operations import origin
from bolig.auth import operations
from bolig.auth.models import Role
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.municipalities.operations import get_municipality
from bolig.shelters.models import Shelter

users = AppGroup("users", help="Create staff users and API tokens.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--municipality", "number", required=True, help="Four-digit kommunenummer.")
@click.option("--name", default="", help="Full name (defaults to the part of the e-mail before @).")
@click.option("--shelter", "shelter_ids", type=int, multiple=True, help="A shelter the operator acts for.")
@click.option("--password", default=None, help="Omit to have one generated and printed once.")
def create(email: str, role: str, number: str, name: str, shelter_ids: tuple[int, ...], password: str | None) -> None:
    """Create a staff user."""
    municipality = get_municipality(number)
    if municipality is None:
        raise click.BadParameter(f"no municipality {number}", param_hint="--municipality")
    shelters = []
    for shelter_id in shelter_ids:
        shelter = db.session.get(Shelter, shelter_id)
        if shelter is None:
            raise click.BadParameter(f"no shelter {shelter_id}", param_hint="--shelter")
        shelters.append(shelter)
    generated = password is None
    password = password or secrets.token_urlsafe(15)
    with origin("cli"):
        try:
            name = name or email.split("@", maxsplit=1)[0]
            user = operations.create_user(
                email, name, role, municipality, password=password, shelters=shelters, actor=None
            )
        except InvalidInput as error:
            raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}, {municipality.number} {municipality.name}).")
    if generated:
        click.echo(f"Password (shown once): {password}")


@users.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="What the token is for.")
def token(email: str, name: str) -> None:
    """Create an API token for a user and print it once."""
    user = operations.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    with origin("cli"):
        _token, plaintext = operations.create_token(user, name, actor=None)
    db.session.commit()
    click.echo(plaintext)
