"""Whom a therapist sees, the payment they take, and their optional identity: saved,
searchable, and never claimed by a profile that did not say it."""

from __future__ import annotations

import pytest

from tests.account_fixtures import page_text

CLIENTS = {
    "ages_served": ["teens", "adults"],
    "session_types": ["individual", "family"],
    "insurance": ["aetna"],
    "insurance_text": "",
}
IDENTITY = {"gender": "non-binary", "identities": ["lgbtq"], "faith": "", "faith_integrated": None}


def test_whom_they_see_and_payment_are_saved(editor):
    assert editor.save("clients", CLIENTS).status_code == 302
    t = editor.profile
    assert t.ages_served == ["teens", "adults"]
    assert t.session_types == ["individual", "family"]
    assert t.insurance == ["aetna"]


def test_insurers_in_the_therapists_own_words_are_matched_to_the_list(editor):
    response = editor.save("clients", CLIENTS, insurance_text="BCBS, Medicaid & out-of-network")
    assert response.status_code == 302
    assert editor.profile.insurance == ["aetna", "bcbs", "medicaid"]


def test_an_insurer_we_do_not_list_is_refused_and_nothing_is_lost(editor):
    assert editor.save("clients", CLIENTS).status_code == 302
    response = editor.save("clients", CLIENTS, insurance_text="Acme Health", ages_served=["adults"])
    assert response.status_code == 400
    assert "couldn't match that to an insurer" in page_text(response)
    assert editor.profile.ages_served == ["teens", "adults"]  # what was saved stays


@pytest.mark.parametrize(
    "change",
    [{"ages_served": ["babies"]}, {"session_types": ["<b>"]}, {"insurance": ["nhs"]}],
)
def test_values_off_the_list_are_refused(editor, change):
    response = editor.save("clients", CLIENTS, **change)
    assert response.status_code == 400
    assert "isn't on the list" in page_text(response)


def test_identity_is_optional_and_saved_only_as_given(editor):
    assert editor.save("identity", IDENTITY).status_code == 302
    t = editor.profile
    assert (t.gender, t.identities, t.faith, t.faith_integrated) == (
        "non-binary",
        ["lgbtq"],
        "",
        False,
    )
    response = editor.save("identity", IDENTITY, gender="attack-helicopter")
    assert response.status_code == 400
    assert editor.profile.gender == "non-binary"
