"""Solace's web application: `create_app()` builds it."""

from __future__ import annotations

import logging
import os

from flask import Flask

from . import jobs, outages, search, static_files, tasks
from .config import load_config
from .extensions import csrf, db, limiter, migrate


def app_folders() -> dict[str, str | None]:
    """Where the templates, static files, migrations and instance folder are.

    A checkout keeps the first three at the top of the repository, the instance folder beside
    them. An installed wheel holds the three inside this package (setup.py) and leaves the
    instance folder to Flask (None), which puts it under the installation's prefix
    (`<venv>/var/directory-instance`), not in site-packages.
    """
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.isdir(os.path.join(package, "templates"))
    base = package if installed else os.path.dirname(package)
    folders: dict[str, str | None] = {
        name: os.path.join(base, name) for name in ("templates", "static", "migrations")
    }
    folders["instance"] = None if installed else os.path.join(base, "instance")
    return folders


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands.

    `test_config` replaces the instance file and the environment, so tests change
    nothing global.
    """
    folders = app_folders()
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or (None if test_config else os.environ.get("SOLACE_INSTANCE_PATH"))
        or folders["instance"],
        template_folder=folders["templates"],
        static_folder=folders["static"],
    )
    load_config(app, test_config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=folders["migrations"],
        render_as_batch=True,
        include_name=search.migration_includes,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    search.init_app(app)
    jobs.init_app(app)
    tasks.init_app(app)
    static_files.init_app(app)

    from . import auth, cli, web
    from .ratings import hooks as ratings_hooks
    from .views import (
        account,
        admin,
        checks,
        manage,
        moderation,
        photos,
        public,
        ratings,
        shortlist,
    )

    web.init_app(app)
    outages.init_app(app)
    auth.init_app(app)
    ratings_hooks.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(ratings.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(photos.bp)
    app.register_blueprint(shortlist.bp)
    app.register_blueprint(checks.bp)
    cli.init_app(app)
    return app
