"""Every `flask` command: `init_app(app)` registers them."""

from .search import init_app

__all__ = ["init_app"]
