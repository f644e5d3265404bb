"""Rating fixtures (see tests/rating_fixtures.py): `make_user` here makes bare account
rows, in place of the account fixtures' `make_user`."""

from tests.rating_fixtures import admin, make_user, rate  # noqa: F401
