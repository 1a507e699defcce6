"""The migrations are one straight line and build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate

from bolig.db import db


def test_migrations_have_a_single_head(app: Flask) -> None:
    migrate: Migrate = app.extensions["migrate"].migrate
    script = ScriptDirectory.from_config(migrate.get_config())
    assert len(script.get_heads()) == 1


def test_upgraded_database_matches_the_models(app: Flask) -> None:
    # The app fixture built this database by running every migration from empty.
    context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
    differences = compare_metadata(context, db.metadata)
    assert differences == []
