"""Entry point for `flask run` and WSGI servers: `app = create_app()`; nothing else."""

from directory import create_app

app = create_app()
