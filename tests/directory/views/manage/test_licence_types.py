"""The licence form offers and accepts only the types a jurisdiction issues, and the
licences page says how each licence will be checked."""

from __future__ import annotations

from tests.account_fixtures import page_text


def test_an_npi_is_not_a_texas_licence_type(complete):
    response = complete.save("licences", licence_type="NPI", number="99999")
    assert response.status_code == 400  # the editor's re-render with the mistakes marked
    text = page_text(response)
    assert "Texas does not issue NPI licences; it issues LPCA, Licensed Professional" in text
    assert "An NPI has a field of its own, below." in text
    assert len(complete.profile.licences) == 1


def test_a_uk_register_entered_for_a_state_says_where_to_enter_it(complete):
    response = complete.save("licences", licence_type="BACP", number="00123456")
    assert response.status_code == 400
    text = page_text(response)
    assert "Texas does not issue BACP licences" in text
    assert "BACP is a membership of a UK register: choose United Kingdom" in text
    assert len(complete.profile.licences) == 1


def test_a_state_licence_entered_for_the_uk_says_it_is_issued_by_a_state(complete):
    response = complete.save("licences", jurisdiction="GB", licence_type="LPC", number="1234")
    text = page_text(response)
    assert "The United Kingdom does not issue LPC licences" in text
    assert "LPC is issued by US states: choose the state that issued yours" in text


def test_the_letters_a_therapist_types_match_the_boards_names(complete):
    response = complete.save("licences", licence_type="lpc-a", number="77777")
    assert response.status_code == 302
    assert {lic.licence_type for lic in complete.profile.licences} == {"LPC", "LPC-A"}


def test_the_licences_page_says_how_each_licence_is_checked(complete):
    html = complete.client.get("/manage/licences").get_data(as_text=True)
    # tx-bhec runs in tests, so the Texas LPC is checked by program.
    assert "checked automatically with the Texas Behavioral Health Executive Council" in html
    complete.save("licences", licence_type="LMFT", number="55555")
    html = complete.client.get("/manage/licences").get_data(as_text=True)
    assert "checked by hand by the Solace team at" in html
    assert 'href="https://vo.licensing.hpc.texas.gov/datamart/selSearchType.do"' in html


def test_a_re_rendered_form_offers_the_chosen_places_types(complete):
    response = complete.save("licences", licence_type="NPI", number="99999")
    html = response.get_data(as_text=True)
    assert '<datalist id="licence-types">' in html and '<option value="LPCA">' in html
