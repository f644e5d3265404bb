"""Solace's web application: `create_app()` builds it."""

from __future__ import annotations

import logging

from flask import Flask

from . import search, tasks
from .config import load_config
from .extensions import csrf, db, limiter, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands.

    `test_config` replaces the instance file and the environment, so tests change
    nothing global.
    """
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH") or os.path.join(root, "instance"),
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    load_config(app, test_config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    search.init_app(app)
    tasks.init_app(app)

    from . import accounts, auth, cli, mail, profile_editor, web
    from .ratings import hooks as ratings_hooks
    from .views import account, admin, manage, moderation, public, ratings

    web.init_app(app)
    auth.init_app(app)
    mail.init_app(app)
    accounts.init_app(app)
    profile_editor.init_app(app)
    ratings_hooks.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(ratings.bp)
    app.register_blueprint(moderation.bp)
    cli.init_app(app)
    return app
