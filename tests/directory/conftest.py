"""Account fixtures for every test of the directory package (see tests/account_fixtures.py);
the ratings tests replace `make_user` with their own (tests/rating_fixtures.py)."""

from tests.account_fixtures import *  # noqa: F403
