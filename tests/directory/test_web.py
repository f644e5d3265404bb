"""Headers every page shares: Strict-Transport-Security over HTTPS only."""

from __future__ import annotations

import pytest

from directory import create_app
from directory.extensions import db
from tests.conftest import make_config

HSTS = "Strict-Transport-Security"


def test_https_responses_pin_the_site_to_https_for_a_year(client):
    response = client.get("/", base_url="https://solace.example")
    assert response.headers[HSTS] == "max-age=31536000"
    # Error pages too: a browser remembers whatever HTTPS response it saw.
    assert HSTS in client.get("/no-such-page", base_url="https://solace.example").headers


def test_plain_http_gets_no_hsts(client):
    # Over HTTP a browser ignores it, and a development server must not pin localhost.
    assert HSTS not in client.get("/").headers
    # A forwarded scheme from an untrusted client changes nothing.
    assert HSTS not in client.get("/", headers={"X-Forwarded-Proto": "https"}).headers


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(tmp_path):
    app = create_app(make_config(tmp_path, PROXY_FIX_X_PROTO=1))
    with app.app_context():
        db.create_all()
        client = app.test_client()
        assert HSTS in client.get("/", headers={"X-Forwarded-Proto": "https"}).headers
        assert HSTS not in client.get("/", headers={"X-Forwarded-Proto": "http"}).headers
        db.session.remove()


@pytest.mark.parametrize(
    "config_overrides",
    [{"HSTS_MAX_AGE": 600, "HSTS_INCLUDE_SUBDOMAINS": True, "HSTS_PRELOAD": True}],
)
def test_hsts_is_configurable(client):
    response = client.get("/", base_url="https://solace.example")
    assert response.headers[HSTS] == "max-age=600; includeSubDomains; preload"


@pytest.mark.parametrize("config_overrides", [{"HSTS_MAX_AGE": 0}])
def test_a_max_age_of_zero_sends_none(client):
    assert HSTS not in client.get("/", base_url="https://solace.example").headers
