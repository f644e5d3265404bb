"""Every field of every section against hostile input: a clear message, a 400, never a
500, and nothing already saved lost."""

from __future__ import annotations

import pytest

from directory.extensions import db
from tests.account_fixtures import page_text

from .conftest import VALID

HOSTILE = {
    "markup": "<script>alert(1)</script>",
    "100 KB": "A" * 100_000,
    "control characters": "Rosa\x00\x1b[31m\x07",
    "bidi override": "Rosa\u202eaid",
}

# Fields where a value that isn't a choice, number or address is the wrong type.
WRONG_TYPES = {
    "fee_min": "ten dollars",
    "fee_max": ["1", "2", "x"],
    "sliding_scale_min": "1e9",
    "currency": "<b>",
    "languages": "<b>",
    "region": "US-TX' OR 1=1",
    "approaches": "../../etc/passwd",
    "top": ["grief"] * 3 + ["no-such-thing"],
    "jurisdiction": {"not": "a string"},
    "npi": "１２３４５６７８９３",  # full-width digits
}

# A checkbox is on whatever it is sent; there is nothing hostile to refuse.
CHECKBOXES = {"offers_online", "offers_in_person", "sliding_scale", "free_consultation"}


def hostile_values(field: str):
    yield from HOSTILE.items()
    if field in WRONG_TYPES:
        yield "wrong type", WRONG_TYPES[field]


def snapshot(therapist) -> dict:
    db.session.expire_all()
    columns = {c.key: getattr(therapist, c.key) for c in therapist.__table__.columns}
    columns.pop("updated_at")
    columns["approaches"] = sorted(a.slug for a in therapist.approaches)
    columns["specialties"] = sorted(
        (s.slug, s in therapist.top_specialties) for s in therapist.specialties
    )
    columns["licences"] = sorted((lic.jurisdiction, lic.number) for lic in therapist.licences)
    return columns


@pytest.mark.parametrize("section", list(VALID))
def test_hostile_input_is_refused_clearly_and_loses_nothing(complete, section):
    before = snapshot(complete.profile)
    wrong = []
    for field in VALID[section]:
        if field in CHECKBOXES:
            continue
        for label, value in hostile_values(field):
            if isinstance(value, dict):
                value = str(value)
            response = complete.save(section, **{field: value})
            html = response.get_data(as_text=True)
            if response.status_code != 400:
                wrong.append(f"{field} ({label}): status {response.status_code}")
            elif "Nothing was saved" not in page_text(response):
                wrong.append(f"{field} ({label}): no 'Nothing was saved' message")
            elif f'id="{field}-error"' not in html:
                wrong.append(f"{field} ({label}): no message at the field")
            elif "<script>alert(1)" in html:
                wrong.append(f"{field} ({label}): markup echoed unescaped")
            elif snapshot(complete.profile) != before:
                wrong.append(f"{field} ({label}): saved data changed")
    assert not wrong, "\n".join(wrong)


def test_multiline_text_allows_line_breaks_but_not_other_controls(complete):
    assert complete.save("about", bio="One.\r\n\r\nTwo.\tTabbed.").status_code == 302
    response = complete.save("about", bio="One.\x0bTwo.")
    assert response.status_code == 400
    assert "invisible control characters" in page_text(response)
    assert complete.save("about", first_name="Ro\nsa").status_code == 400


def test_text_that_merely_mentions_angle_brackets_is_fine(complete):
    response = complete.save("about", bio="I see children < 12 and adults > 65.")
    assert response.status_code == 302
    assert complete.profile.bio == "I see children < 12 and adults > 65."


def test_names_in_any_script_are_fine(complete):
    response = complete.save("about", first_name="Zoë", last_name="Nguyễn-O’Brien")
    assert response.status_code == 302
    assert complete.profile.full_name == "Zoë Nguyễn-O’Brien"


def test_a_body_over_the_size_limit_is_refused_without_a_crash(complete):
    response = complete.save("about", bio="x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert complete.profile.bio.startswith("I help adults")


def test_a_licence_id_that_is_not_a_number_is_not_found(complete):
    response = complete.post("/manage/licences/abc/remove", token_from="/manage/")
    assert response.status_code == 404
    assert len(complete.profile.licences) == 1


def test_a_request_that_leaves_fields_out_wipes_nothing(complete):
    before = snapshot(complete.profile)
    for section in ("about", "fees", "contact", "location", "licences"):
        response = complete.save(section, {})
        assert response.status_code == 400, section
        assert "Part of the form didn't arrive" in page_text(response)
    response = complete.save("contact", {"phone": "+1 512 555 0199"})
    assert response.status_code == 400
    assert snapshot(complete.profile) == before
