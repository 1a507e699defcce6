"""bolig: temporary housing tonight, and a path to a permanent home."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from bolig.config import DefaultConfig
from bolig.db import QueuedWriterConnection
from bolig.encoding import OrjsonProvider

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then BOLIG_* from the environment, then `config` (tests)."""
    app = Flask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("BOLIG")
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if database.get_backend_name() == "sqlite" and database.database not in (None, "", ":memory:"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {**options.get("connect_args", {}), "factory": QueuedWriterConnection}
        options["pool_pre_ping"] = False  # a file cannot drop a connection the way a server can
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app.config.setdefault("MIGRATIONS_DIR", PROJECT_ROOT / "migrations")
    if not app.config.get("SECRET_KEY"):
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            # Several hosts must share one key, or sessions and forms break between them.
            raise RuntimeError("Set BOLIG_SECRET_KEY: a server database means a deployment that needs a shared key")
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    from bolig import models  # noqa: F401  every model registered before the first query
    from bolig.extensions import init_extensions
    from bolig.matching.operations import CandidateCache
    from bolig.shelters import versions  # noqa: F401  renews a municipality's availability token on commit
    from bolig.web import RecordId, init_web
    from providers.geocoding import geocoder_from_config
    from providers.sms import sms_sender_from_config

    app.url_map.converters["int"] = RecordId
    init_extensions(app)
    app.extensions["geocoder"] = geocoder_from_config(app.config)
    app.extensions["sms"] = sms_sender_from_config(app.config)
    app.extensions["candidates"] = CandidateCache()
    init_web(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def database_uri(app: Flask) -> str:
    """BOLIG_DATABASE_URL (PostgreSQL through psycopg 3), else a SQLite file under instance/."""
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        return f"sqlite:///{Path(app.instance_path) / 'bolig.db'}"
    url = str(url)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _instance_secret(instance: Path) -> str:
    """A key kept in the instance folder, for the embedded default; production sets BOLIG_SECRET_KEY."""
    path = instance / "secret_key"
    if not path.exists():
        draft = instance / f"secret_key.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)  # atomic, and only the first worker's key is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _register_blueprints(app: Flask) -> None:
    from bolig.api.views import bp as api_bp
    from bolig.audit.views import bp as audit_bp
    from bolig.auth.views import bp as auth_bp
    from bolig.cases.api import bp as cases_api_bp
    from bolig.cases.views import bp as cases_bp
    from bolig.core.views import bp as core_bp
    from bolig.decisions.api import bp as decisions_api_bp
    from bolig.decisions.views import bp as decisions_bp
    from bolig.followups.api import bp as followups_api_bp
    from bolig.followups.views import bp as followups_bp
    from bolig.guarantees.api import bp as guarantees_api_bp
    from bolig.guarantees.views import bp as guarantees_bp
    from bolig.municipalities.views import bp as municipalities_bp
    from bolig.notifications.views import bp as notifications_bp
    from bolig.notifications.views import webhooks
    from bolig.shelters.api import bp as shelters_api_bp
    from bolig.shelters.views import bp as shelters_bp
    from bolig.statistics.api import bp as statistics_api_bp
    from bolig.statistics.views import bp as statistics_bp

    for blueprint in (
        core_bp,
        auth_bp,
        audit_bp,
        shelters_bp,
        cases_bp,
        decisions_bp,
        followups_bp,
        guarantees_bp,
        notifications_bp,
        statistics_bp,
        municipalities_bp,
        webhooks,
        api_bp,
        shelters_api_bp,
        cases_api_bp,
        decisions_api_bp,
        followups_api_bp,
        guarantees_api_bp,
        statistics_api_bp,
    ):
        app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    from bolig.auth.cli import users
    from jobs.runner import jobs_cli
    from seed.demo import seed

    app.cli.add_command(users)
    app.cli.add_command(seed)
    app.cli.add_command(jobs_cli)
