"""HCPC Register: parsing register pages, deciding, and the verifier end to end."""

from __future__ import annotations

from datetime import date

import pytest

from tests.verifiers.registry_fixtures import fixture_bytes, query
from verifiers import Flag, Kind, Level, Status, get_verifier
from verifiers.errors import BotCheckPage, ParseError
from verifiers.uk_hcpc import parse_page, split_number

REGISTERED = fixture_bytes("uk_hcpc/registered_PYL12345.html")


def psychologist(**overrides):
    fields = {"jurisdiction": "GB", "licence_type": "Practitioner psychologist",
              "number": "PYL12345", "first_name": "Jane", "last_name": "Smith"}  # fmt: skip
    fields.update(overrides)
    return query(**fields)


def page_with(status: str = "Registered", period: str = "01/06/2025 to 31/05/2099") -> bytes:
    return (
        REGISTERED.replace(b"<td>Registered</td>", f"<td>{status}</td>".encode())
        .replace(b"01/06/2025 to 31/05/2099", period.encode())
    )  # fmt: skip


@pytest.fixture
def hcpc(registry, session):
    return get_verifier("uk-hcpc", base_url=registry.url_for("/detail/"), session=session,
                        requests_per_second=100)  # fmt: skip


def serve(registry, body: bytes, profession: str = "PYL", number: str = "PYL12345"):
    registry.expect_request(
        "/detail/", query_string={"query": number, "profession": profession}
    ).respond_with_data(body, content_type="text/html; charset=utf-8")


def test_a_register_page_parses_by_label_and_keeps_the_data_valid_line():
    entry = parse_page(REGISTERED)
    assert (entry.name, entry.number, entry.status) == ("Jane A Smith", "PYL12345", "Registered")
    assert entry.fields["profession"] == "Practitioner psychologist"
    assert entry.period_end == date(2099, 5, 31)
    assert entry.data_valid == "Data valid on: 26/11/2026 06:00:12"
    assert "Data valid on" in entry.as_evidence()


def test_a_page_with_a_captcha_script_elsewhere_still_parses():
    # The fixture's footer carries a reCAPTCHA form: not a bot wall.
    assert b"recaptcha" in REGISTERED and parse_page(REGISTERED) is not None


def test_no_results_parses_to_none():
    assert parse_page(fixture_bytes("uk_hcpc/no_results.html")) is None


def test_bot_check_and_redesigned_pages_are_refused():
    with pytest.raises(BotCheckPage, match="bot check"):
        parse_page(fixture_bytes("uk_hcpc/bot_check.html"))
    with pytest.raises(ParseError, match="layout may have changed"):
        parse_page(fixture_bytes("uk_hcpc/redesigned.html"))


def test_numbers_take_their_prefix_from_the_number_or_the_licence_type():
    assert split_number("pyl 12345") == ("PYL", "PYL12345")
    assert split_number("12345", "Counselling psychologist") == ("PYL", "PYL12345")
    assert split_number("AS-00123", "") == ("AS", "AS00123")
    assert split_number("12345", "Therapist") == (None, "12345")


def test_registered_with_matching_name_is_verified(hcpc, registry):
    serve(registry, REGISTERED)
    result = hcpc.verify(psychologist(number="pyl12345"))
    assert result.status is Status.VERIFIED and result.kind is Kind.LICENCE
    assert result.verifies_licence
    assert result.expires_on == date(2099, 5, 31)
    assert result.registry_details["data_valid"] == "Data valid on: 26/11/2026 06:00:12"
    assert result.registry_url.endswith("?query=PYL12345&profession=PYL")
    assert result.level is Level.INDEPENDENT and not result.flags
    assert "Data valid on: 26/11/2026 06:00:12" in result.evidence


@pytest.mark.parametrize(
    ("status_text", "expected", "flags"),
    [
        ("Registered", Status.VERIFIED, set()),  # the one wording seen on the page
        ("REGISTERED", Status.VERIFIED, set()),
        ("Caution", Status.VERIFIED, {Flag.DISCIPLINARY_RECORD}),
        ("Registered – Caution", Status.VERIFIED, {Flag.DISCIPLINARY_RECORD}),
        ("Lapsed", Status.INACTIVE, set()),
        ("Removed", Status.INACTIVE, set()),
        ("Voluntarily removed", Status.INACTIVE, set()),
        ("Deceased", Status.INACTIVE, set()),
        ("Suspended", Status.SANCTIONED, set()),
        ("Struck off", Status.SANCTIONED, set()),
        ("Conditions of practice", Status.SANCTIONED, set()),
        ("Registered - conditions of practice", Status.SANCTIONED, set()),
        ("Registered - under conditions of practice", Status.SANCTIONED, set()),
        # Whole values only: words the table lacks, or known words inside other text,
        # go to a person.
        ("Pending review", Status.ERROR, set()),
        ("Deregistered", Status.ERROR, set()),
        ("Not registered", Status.ERROR, set()),
        ("Registered - conditions of practice apply", Status.ERROR, set()),
        ("Suspension lifted", Status.ERROR, set()),
    ],
)
def test_register_statuses(hcpc, registry, status_text, expected, flags):
    serve(registry, page_with(status_text))
    result = hcpc.verify(psychologist())
    assert result.status is expected, result.summary
    assert result.flags == flags
    assert result.level is Level.INDEPENDENT
    assert "Data valid on: 26/11/2026 06:00:12" in result.evidence
    if expected is Status.ERROR:
        assert status_text in result.summary and "a person must read it" in result.summary


def test_a_caution_on_a_passed_period_is_inactive_not_verified(hcpc, registry):
    serve(registry, page_with("Registered - caution", period="01/06/2019 to 31/05/2021"))
    result = hcpc.verify(psychologist())
    assert result.status is Status.INACTIVE and not result.flags


def test_a_passed_registration_period_is_inactive(hcpc, registry):
    serve(registry, page_with(period="01/06/2019 to 31/05/2021"))
    assert hcpc.verify(psychologist()).status is Status.INACTIVE


def test_another_name_is_a_mismatch(hcpc, registry):
    serve(registry, REGISTERED)
    result = hcpc.verify(psychologist(first_name="Janet", last_name="Smythe"))
    assert result.status is Status.MISMATCH and "Jane A Smith" in result.summary
    assert Flag.NOT_ASKED not in result.flags  # the register was asked, and answered


def test_no_results_is_not_found(hcpc, registry):
    serve(registry, fixture_bytes("uk_hcpc/no_results.html"), number="PYL99999")
    assert hcpc.verify(psychologist(number="PYL99999")).status is Status.NOT_FOUND


@pytest.mark.parametrize(
    ("licence_type", "number", "profession"),
    [
        ("PYL", "PYL12345", "PYL"),
        ("as", "AS00123", "AS"),
        ("Art therapist", "AS00123", "AS"),
        ("Counselling psychologist", "12345", "PYL"),
    ],
)
def test_each_claimed_type_is_asked_under_its_part_of_the_register(
    hcpc, registry, licence_type, number, profession
):
    full = number if number[0].isalpha() else f"{profession}{number}"
    serve(registry, page_with().replace(b"PYL12345", full.encode()), profession=profession,
          number=full)  # fmt: skip
    result = hcpc.verify(psychologist(licence_type=licence_type, number=number))
    assert result.status is Status.VERIFIED, result.summary
    assert result.level is Level.INDEPENDENT


@pytest.mark.parametrize(
    ("licence_type", "number", "words"),
    [
        ("Physiotherapist", "PH12345", "not an HCPC practitioner psychologist"),
        ("Therapist", "12345", "not an HCPC practitioner psychologist"),
        ("Art therapist", "PYL12345", "was given as Art therapist"),
        ("LPC", "PYL12345", "LPC is not a licence type this verifier checks"),
        ("", "PYL12345", "No licence type was given"),
    ],
)
def test_numbers_that_cannot_be_a_therapists_are_mismatches_without_asking(
    hcpc, registry, licence_type, number, words
):
    result = hcpc.verify(psychologist(licence_type=licence_type, number=number))
    assert result.status is Status.MISMATCH and words in result.summary
    assert registry.log == []
    # What the public and the therapist read says the register was not asked.
    assert Flag.NOT_ASKED in result.flags


def test_a_bot_check_page_is_an_error(hcpc, registry):
    serve(registry, fixture_bytes("uk_hcpc/bot_check.html"))
    result = hcpc.verify(psychologist())
    assert result.status is Status.ERROR and "bot check" in result.summary
    assert "Just a moment" in result.evidence


def test_the_public_page_for_a_claim_is_the_registers_own_detail_page(hcpc, registry):
    from verifiers import links_claim_page

    assert links_claim_page(hcpc)
    public = "https://www.hcpc-uk.org/check-the-register/professional-registration-detail/"
    # On the register's own site, whichever mirror the verifier asks; bare digits take
    # their part of the register from the licence type.
    claim = query(jurisdiction="GB", licence_type="Practitioner psychologist", number="12345")
    assert hcpc.public_page(claim) == f"{public}?query=PYL12345&profession=PYL"
    arts = query(jurisdiction="GB", licence_type="AS", number="as 0042")
    assert hcpc.public_page(arts) == f"{public}?query=AS0042&profession=AS"
    assert hcpc.public_page(query(jurisdiction="GB", licence_type="BACP", number="1")) is None
    assert registry.log == []  # nothing was asked
