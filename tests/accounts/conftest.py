"""Account fixtures (see tests/account_fixtures.py)."""

from tests.account_fixtures import *  # noqa: F403
