"""Crafted requests never make the site fail: every route in the URL map, for every method
it accepts, as every kind of visitor, with hostile inputs, answers below 500.

Hostile inputs: ids beyond 64 bits and negative ones, NUL bytes, overlong and malformed
values in the path, the query and the form, form fields sent as file parts, and bodies
of the wrong content type. The form fields are the ones each page really has (read from
the page as that visitor sees it), so each form's own handling is reached. CSRF is off
here so that the hostile values get past it to the forms (CSRF is tested elsewhere).
"""

from __future__ import annotations

import io
import re

import pytest

from directory import accounts, profile_editor
from directory.extensions import db
from directory.models import Licence, utcnow
from directory.ratings import rules
from tests.account_fixtures import page_text

PASSWORD = "correct horse battery staple"
ROLES = ("anonymous", "client", "therapist", "admin")

HUGE = str(2**64 + 1)
OVERLONG = "é" * 5000
# Per converter, the values put in the path. "{valid}" stands for an existing object's id,
# and the hostile query strings and bodies below are sent to that path, so that handling
# past the lookup is reached too.
PATH_VALUES = {
    "BoundedIntegerConverter": [HUGE, str(2**63), str(2**31), "0", "{valid}"],
    "UnicodeConverter": ["a%00b", "%ff%fe", OVERLONG, "{valid}"],
    "PathConverter": ["a%00b", "..%2F..%2Fetc%2Fpasswd", OVERLONG, "{valid}"],
}
# Names the site's pages read from the query string.
QUERY_NAMES = [
    "q",
    "near",
    "page",
    "per_page",
    "sort",
    "max_fee",
    "min_fee",
    "approach",
    "specialty",
    "format",
    "language",
    "region",
    "accepting",
    "next",
    "status",
    "token",
    "email",
    "kind",
]
# Percent-encoded: an overlong value (as long as a proxy lets through), numbers out of
# range, malformed escapes, bytes that aren't UTF-8. Each query gives every name one of
# them, a different one each time; NUL, refused outright, goes in a query of its own.
QUERY_VALUES = ["%C3%A9" * 600, "-1", HUGE, "1e999", "nan", "%zz", "%ff%fe", "%5B%5D", ""]
FIELD_VALUE = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')


def make_account(role: str, email: str):
    user = accounts.create_user(email, PASSWORD, role)
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


@pytest.fixture
def config_overrides():
    """CSRF off, so hostile values reach the forms themselves."""
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def world(app, make_therapist):
    """An account of every kind; the therapist has a licence, the client a rating."""
    therapist = make_account("therapist", "therapist@example.org")
    profile = profile_editor.own_profile(therapist)
    profile.licences.append(Licence(jurisdiction="US-TX", licence_type="LPC", number="4242"))
    db.session.commit()
    client = make_account("client", "client@example.org")
    make_account("admin", "admin@example.org")
    rated = make_therapist()
    rating = rules.submit_rating(client, rated, rules.Scores(5, 4, 4, 5), "Kind.", True)
    return {
        "licence_id": profile.licences[0].id,
        "rating_id": rating.id,
        "slug": rated.slug,
        "section": "about",
        "action": "approve",
        "filename": "style.css",
        "token": "x",
    }


def urls_for(rule, values: dict) -> list[str]:
    """The rule's path with each hostile value (and a valid one) in each of its parts."""
    paths = [""]
    for is_dynamic, part in rule._trace:
        if not is_dynamic:
            paths = [p + part for p in paths]
            continue
        converter = rule._converters[part]
        if type(converter).__name__ == "AnyConverter":
            choices = [values.get(part) or next(iter(converter.items))]
        else:
            choices = [
                str(values.get(part, "1")) if v == "{valid}" else v
                for v in PATH_VALUES.get(type(converter).__name__, ["{valid}"])
            ]
        paths = [p + c for p in paths for c in choices]
    # _trace begins with the host part ("|"): keep what follows it.
    return [p.split("|", 1)[1] for p in paths]  # the all-valid path is last


def hostile_queries() -> list[str]:
    n = len(QUERY_VALUES)
    cycled = [
        "&".join(f"{name}={QUERY_VALUES[(i + j) % n]}" for j, name in enumerate(QUERY_NAMES))
        for i in range(n)
    ]
    return ["&".join(f"{name}=a%00b" for name in QUERY_NAMES), *cycled]


def hostile_bodies(fields: list[str]) -> list[dict]:
    """Keyword arguments for client.post: the page's own fields, filled with hostile values
    or sent as file parts, and bodies that aren't a form at all."""
    fields = fields or ["email"]
    values = [OVERLONG, HUGE, "-1", "1e999", " ", ["1", "2", "-1"], "<b>", "\u202e"]
    bodies = [
        {"data": {f: (io.BytesIO(b"not a form value"), "x.txt") for f in fields}},
        {"data": dict.fromkeys(fields, "a\x00b")},
        *(
            {"data": {f: values[(i + j) % len(values)] for j, f in enumerate(fields)}}
            for i in range(len(values))
        ),
        {"data": '{"email": "a@example.org"}', "content_type": "application/json"},
        {"data": "email=a%00b", "content_type": "text/plain"},
        {"data": b"--x\r\nbroken", "content_type": "multipart/form-data; boundary=x"},
        {"data": b"\xff\xfe=\xff", "content_type": "application/x-www-form-urlencoded"},
    ]
    return bodies


def log_in(client, role: str) -> None:
    if role == "anonymous":
        return
    response = client.post(
        "/account/login", data={"email": f"{role}@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, f"{role} could not log in"


@pytest.mark.parametrize("role", ROLES)
def test_no_crafted_request_makes_the_site_fail(app, world, role):
    client = app.test_client()
    log_in(client, role)
    failures = []
    sent = 0

    def check(method: str, url: str, response, detail: str) -> None:
        nonlocal sent
        sent += 1
        if response.status_code >= 500:
            failures.append(f"{method} {url[:80]} {detail}: {response.status_code}")

    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("account.logout", "account.delete_account"):
            continue  # would end this visitor's session (their refusals are tested elsewhere)
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        *hostile_paths, url = urls_for(rule, world)
        for path in hostile_paths:
            for method in methods:
                check(method, path, client.open(path, method=method), "")
        if "GET" in methods:
            check("GET", url, client.get(url), "")
            for query in hostile_queries():
                check("GET", url, client.get(url, query_string=query), query[:20])
        if "POST" in methods:
            page = client.get(url) if "GET" in methods else None
            fields = []
            if page is not None and page.status_code == 200:
                fields = sorted(set(FIELD_VALUE.findall(page.get_data(as_text=True))))
            for body in hostile_bodies(fields):
                response = client.post(url, **body)
                check("POST", url, response, str(body)[:60])
        db.session.rollback()
    assert sent > 500
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:40])


def test_a_form_field_sent_as_a_file_is_refused_in_words(app, world):
    client = app.test_client()
    response = client.post(
        "/account/signup",
        data={"email": (io.BytesIO(b"new@example.org"), "email.txt"), "password": PASSWORD},
    )
    assert response.status_code == 400
    assert "This form doesn't take files" in page_text(response)
    assert accounts.find_user("new@example.org") is None


def test_an_id_beyond_any_row_is_not_found(app, world):
    client = app.test_client()
    log_in(client, "admin")
    for path in (f"/admin/cases/{2**64}", f"/admin/cases/{2**31}"):
        assert client.get(path).status_code == 404
    # An old case link leads to the therapist's case page.
    assert client.get(f"/admin/cases/{world['licence_id']}").status_code == 302


def test_a_nul_in_a_form_is_refused_and_the_saved_profile_kept(app, world):
    client = app.test_client()
    log_in(client, "therapist")
    page = client.get("/manage/about").get_data(as_text=True)
    fields = dict.fromkeys(sorted(set(FIELD_VALUE.findall(page))), "")
    saved = client.post("/manage/about", data={**fields, "first_name": "Ada", "last_name": "Ng"})
    assert saved.status_code in (200, 302)
    response = client.post("/manage/about", data={**fields, "first_name": "A\x00da"})
    assert response.status_code == 400
    assert "invisible control character" in page_text(response)
    assert "Ada" in client.get("/manage/about").get_data(as_text=True)
