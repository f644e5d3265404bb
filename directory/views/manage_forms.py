"""The profile editor's forms, one per section.

Each form names exactly the fields a therapist may set. Whatever else a request
carries (status, verification state, ratings, is_demo, a licence's status...) is never
read: profile_editor.py copies only these fields, by name.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .. import accounts, catalogue
from ..geography import REGIONS, US_STATES, read_postcode
from ..links.addresses import CHOICES as LINK_CHOICES
from ..links.addresses import MAX_LENGTH as LINK_MAX_LENGTH
from ..links.addresses import WEBSITE, LinkProblem, kind_name, read_link
from ..models import MAX_TOP_SPECIALTIES
from ..practice import AGES, FAITHS, GENDERS, IDENTITIES, INSURANCE, SESSIONS, match_insurance
from ..vocabulary_names import LANGUAGE_NAMES
from .fields import (
    NOT_ON_THE_LIST,
    CompleteForm,
    MultiCheckboxField,
    PlainText,
    WholeNumberField,
    nfc,
    options,
    strip,
)

TEXT = (strip, nfc)
FEE_MAX = 100_000
MAX_LICENCES = 10

# Every length check allows what the column holds; the message says the limit.


def _length(maximum: int, minimum: int = 0) -> Length:
    if minimum:
        return Length(minimum, maximum, f"Use between {minimum} and {maximum} characters.")
    return Length(max=maximum, message=f"Use at most {maximum} characters.")


def _has_letter(form, field) -> None:
    if field.data and not any(ch.isalpha() for ch in field.data):
        raise ValidationError("A name needs at least one letter.")


class AboutForm(CompleteForm):
    """Name, credentials, pronouns, headline and bio."""

    first_name = StringField(
        "First name",
        filters=TEXT,
        validators=[DataRequired("Enter your first name."), _length(80), PlainText(), _has_letter],
    )
    last_name = StringField(
        "Last name",
        filters=TEXT,
        validators=[DataRequired("Enter your last name."), _length(80), PlainText(), _has_letter],
    )
    credentials = StringField(
        "Credentials",
        description="As you'd write them after your name, e.g. PhD, LPC.",
        filters=TEXT,
        validators=[_length(120), PlainText()],
    )
    pronouns = StringField("Pronouns", filters=TEXT, validators=[_length(40), PlainText()])
    headline = StringField(
        "Headline",
        description="One sentence people see in search results.",
        filters=TEXT,
        validators=[_length(200), PlainText()],
    )
    bio = TextAreaField(
        "About you and your work",
        description="Plain text; leave a blank line between paragraphs. Up to 5,000 characters.",
        filters=TEXT,
        validators=[_length(5000), PlainText(multiline=True)],
    )


class PracticeForm(CompleteForm):
    """Approaches and specialties (choices are filled from the vocabulary tables)."""

    approaches = MultiCheckboxField("Approaches you use")
    specialties = MultiCheckboxField("What you help with")
    top = MultiCheckboxField(f"Your top specialties (at most {MAX_TOP_SPECIALTIES})")

    def validate_top(self, field) -> None:
        if len(set(field.data or [])) > MAX_TOP_SPECIALTIES:
            raise ValidationError(
                f"Mark at most {MAX_TOP_SPECIALTIES} specialties as top: "
                f"you marked {len(set(field.data))}."
            )


class LocationForm(CompleteForm):
    """How sessions happen, and where."""

    offers_online = BooleanField("Online sessions")
    offers_in_person = BooleanField("In-person sessions")
    online_regions = MultiCheckboxField(
        "Where you see clients online",
        description="Tick each state or UK nation whose residents you see online. Your "
        "profile shows as verified only where a register confirms your licence or "
        "registration; if you tick none, your own state or nation is used.",
        choices=options(sorted(REGIONS.items(), key=lambda item: item[1])),
    )
    region = SelectField(
        "State or nation",
        choices=options([("", "Choose…"), *sorted(REGIONS.items(), key=lambda item: item[1])]),
        invalid_choice_message=NOT_ON_THE_LIST,
        validators=[InputRequired("Choose your state or nation.")],
    )
    city = StringField("City or town", filters=TEXT, validators=[_length(80), PlainText()])
    postcode = StringField(
        "ZIP code or postcode",
        description="Used to find you by distance; never shown.",
        filters=(strip, lambda v: v.upper() if isinstance(v, str) else v),
        validators=[_length(10), PlainText()],
    )
    street_address = StringField(
        "Street address", filters=TEXT, validators=[_length(200), PlainText()]
    )
    show_street_address = BooleanField(
        "Show my street address on my profile (otherwise only the city is shown)"
    )

    def validate_region(self, field) -> None:
        if field.data == "":
            raise ValidationError("Choose your state or nation.")

    def validate_online_regions(self, field) -> None:
        if field.data and not self.offers_online.data:
            raise ValidationError("Tick online sessions, or untick the places you see online.")

    def validate_offers_in_person(self, field) -> None:
        if not (field.data or self.offers_online.data):
            raise ValidationError("Choose online sessions, in-person sessions, or both.")

    def validate_city(self, field) -> None:
        if self.offers_in_person.data and not field.data:
            raise ValidationError("Enter the city or town where you see clients.")

    def validate_show_street_address(self, field) -> None:
        if field.data and not self.street_address.data:
            raise ValidationError("Enter the street address, or untick this box.")

    def validate_postcode(self, field) -> None:
        if not field.data:
            return
        country = (self.region.data or "").split("-")[0]
        postcode = read_postcode(field.data)
        if country == "US" and (postcode is None or postcode.country != "US"):
            raise ValidationError("Enter a 5-digit ZIP code, like 78701.")
        if country == "GB" and (postcode is None or postcode.country != "GB" or not postcode.full):
            raise ValidationError("Enter a UK postcode, like SW1A 1AA.")
        if postcode is not None:
            field.data = postcode.code


class FeesForm(CompleteForm):
    """Fees per session, sliding scale, free first consultation."""

    currency = SelectField(
        "Currency",
        choices=options([("USD", "US dollars ($)"), ("GBP", "Pounds sterling (£)")]),
        invalid_choice_message=NOT_ON_THE_LIST,
    )
    fee_min = WholeNumberField("Lowest fee per session", validators=[Optional()])
    fee_max = WholeNumberField("Highest fee per session", validators=[Optional()])
    sliding_scale = BooleanField("I offer a sliding scale")
    sliding_scale_min = WholeNumberField("Lowest sliding-scale fee", validators=[Optional()])
    free_consultation = BooleanField("The first consultation is free")

    def _in_range(self, field) -> None:
        if field.data is not None and field.data > FEE_MAX:
            raise ValidationError(f"Enter a fee of at most {FEE_MAX:,}.")

    def validate_fee_min(self, field) -> None:
        self._in_range(field)

    def validate_fee_max(self, field) -> None:
        self._in_range(field)
        if field.data is None:
            return
        if self.fee_min.data is None:
            raise ValidationError("Enter the lowest fee too (the same number if there is one fee).")
        if field.data < self.fee_min.data:
            raise ValidationError("The highest fee can't be less than the lowest fee.")

    def validate_sliding_scale_min(self, field) -> None:
        self._in_range(field)
        if field.data is None:
            return
        if not self.sliding_scale.data:
            raise ValidationError("Tick “I offer a sliding scale”, or leave this empty.")
        if self.fee_min.data is not None and field.data > self.fee_min.data:
            raise ValidationError("The sliding-scale fee should be below your lowest fee.")


def _sorted(values: dict[str, str]) -> list:
    return options(sorted(values.items(), key=lambda item: item[1]))


class ClientsForm(CompleteForm):
    """Whom the therapist sees, how, and the insurance and payment they accept."""

    ages_served = MultiCheckboxField("Who you see", choices=options(AGES.items()))
    session_types = MultiCheckboxField("Session types", choices=options(SESSIONS.items()))
    insurance = MultiCheckboxField("Insurance and payment you accept", choices=_sorted(INSURANCE))
    insurance_text = StringField(
        "Other insurers, in your own words",
        description="For example “BCBS and Medicaid”: we match the names to the list "
        "above, which is what people can search by.",
        filters=TEXT,
        validators=[_length(300), PlainText()],
    )

    def validate_insurance_text(self, field) -> None:
        if not field.data:
            return
        found = match_insurance(field.data)
        if not found:
            raise ValidationError(
                "We couldn't match that to an insurer we list: tick the insurers above instead."
            )
        self.insurance.data = list(dict.fromkeys([*(self.insurance.data or []), *found]))
        field.data = ""


class IdentityForm(CompleteForm):
    """The therapist's own identity: optional, self-described, shown only when given."""

    gender = SelectField(
        "Your gender",
        choices=options([("", "Prefer not to say"), *GENDERS.items()]),
        invalid_choice_message=NOT_ON_THE_LIST,
    )
    identities = MultiCheckboxField(
        "You identify as",
        description="Only what you tick is shown, and people can search by it.",
        choices=options(IDENTITIES.items()),
    )
    faith = SelectField(
        "Your faith",
        choices=options([("", "Prefer not to say"), *FAITHS.items()]),
        invalid_choice_message=NOT_ON_THE_LIST,
    )
    faith_integrated = BooleanField("I offer faith-integrated therapy to clients who ask for it")


class LanguagesForm(CompleteForm):
    """The languages sessions can be held in."""

    languages = MultiCheckboxField(
        "Languages you offer sessions in",
        choices=options(sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1])),
    )

    def validate_languages(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one language.")


def _contact_email(form, field) -> None:
    if field.data:
        field.data = accounts.normalise_email(field.data)
        problem = accounts.email_problem(field.data)
        if problem:
            raise ValidationError(problem)


def _phone(form, field) -> None:
    if not field.data:
        return
    digits = sum(ch.isdigit() for ch in field.data)
    if not re.fullmatch(r"\+?[0-9 ().\-]+", field.data, re.ASCII) or not 7 <= digits <= 15:
        raise ValidationError("Enter a phone number with 7 to 15 digits, like +1 512 555 0100.")


class ContactForm(CompleteForm):
    """How people get in touch."""

    contact_email = StringField(
        "Email for enquiries",
        description="Shown on your profile. It can differ from the address you log in with.",
        filters=(strip,),
        validators=[_length(200), PlainText(), _contact_email],
    )
    phone = StringField("Phone", filters=(strip,), validators=[_length(40), PlainText(), _phone])
    website = StringField(
        "Website",
        description=(
            "Shown on your profile, and marked verified once it links back to your profile "
            "(see Website and social accounts)."
        ),
        filters=(strip,),
        validators=[_length(LINK_MAX_LENGTH), PlainText()],
    )
    # The website as links.set_website takes it: checked and canonical, None when empty.
    typed_website = None

    def validate_website(self, field) -> None:
        if not field.data:
            return
        try:
            typed = read_link(field.data, WEBSITE)
        except LinkProblem as problem:
            raise ValidationError(str(problem)) from None
        if typed.kind != WEBSITE:
            raise ValidationError(
                f"{kind_name(typed.kind)} is a social site, not your own website: list "
                "the account under Website and social accounts instead."
            )
        self.typed_website = typed


JURISDICTIONS = [
    (f"US-{code}", name) for code, name in sorted(US_STATES.items(), key=lambda i: i[1])
]
JURISDICTIONS.append(("GB", "United Kingdom"))


def npi_check(form, field) -> None:
    if not field.data:
        return
    if not re.fullmatch(r"\d{10}", field.data, re.ASCII):
        raise ValidationError("An NPI has exactly 10 digits.")
    if not npi_is_valid(field.data):
        raise ValidationError("That NPI's check digit is wrong: check for a typo.")


def npi_is_valid(npi: str) -> bool:
    """The NPI check digit: Luhn over the number prefixed with 80840 (CMS's rule)."""
    total = 0
    for position, ch in enumerate(reversed("80840" + npi)):
        digit = int(ch)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _upper(value):
    return value.upper() if isinstance(value, str) else value


class LicenceForm(CompleteForm):
    """One licence or registration to add."""

    jurisdiction = SelectField(
        "Where it was issued",
        choices=options([("", "Choose…"), *JURISDICTIONS]),
        invalid_choice_message=NOT_ON_THE_LIST,
        validators=[InputRequired("Choose where the licence was issued.")],
    )
    licence_type = StringField(
        "Licence or membership type",
        description="As the board writes it, e.g. LPC, LCSW, LMFT, PSY. In the UK: PYL for an "
        "HCPC psychologist; a counsellor or psychotherapist on an accredited register enters "
        "it as a membership: BACP, UKCP, NCPS or BABCP.",
        filters=(strip, _upper),
        validators=[DataRequired("Enter the licence type."), _length(40)],
    )
    number = StringField(
        "Licence or membership number",
        filters=(strip, _upper),
        validators=[DataRequired("Enter the licence number."), _length(40)],
    )
    npi = StringField(
        "NPI (US, optional)",
        description="Your 10-digit National Provider Identifier, if you have one.",
        filters=(strip,),
        validators=[_length(10, 0), npi_check],
    )

    def validate_jurisdiction(self, field) -> None:
        if field.data == "":
            raise ValidationError("Choose where the licence was issued.")

    def validate_licence_type(self, field) -> None:
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9 .\-/]*", field.data or "", re.ASCII):
            raise ValidationError("Use letters, digits, spaces, dots, dashes or slashes, like LPC.")
        where = self.jurisdiction.data
        if where and where in dict(JURISDICTIONS) and not catalogue.issues(where, field.data):
            npi = " An NPI has a field of its own, below." if field.data == "NPI" else ""
            raise ValidationError(catalogue.refusal(where, field.data) + npi)

    def validate_number(self, field) -> None:
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9 \-/]*", field.data or "", re.ASCII):
            raise ValidationError(
                "Use letters, digits, spaces, dashes or slashes, as on the licence."
            )

    def validate_npi(self, field) -> None:
        if field.data and self.jurisdiction.data == "GB":
            raise ValidationError("An NPI is for US licences: leave it empty for a UK one.")


class ButtonForm(CompleteForm):
    """A form with nothing but its CSRF token: submit, hide, unhide, remove a licence."""


class AvailabilityForm(CompleteForm):
    """One click: are you accepting new clients?"""

    accepting = RadioField(
        "Are you accepting new clients?",
        choices=options(
            [("yes", "Yes, I'm accepting new clients"), ("no", "No, not at the moment")]
        ),
        invalid_choice_message="Choose yes or no.",
        validators=[InputRequired("Choose yes or no.")],
    )


class LinkForm(CompleteForm):
    """A website or social account to list; `typed` holds it, checked, once valid."""

    kind = RadioField(
        "What is it?",
        choices=options(LINK_CHOICES),
        default=LINK_CHOICES[0][0],
        invalid_choice_message=NOT_ON_THE_LIST,
        validators=[InputRequired("Choose what the address is.")],
    )
    address = StringField(
        "Address",
        description="Like https://example.org, or @name@mastodon.social for Mastodon.",
        filters=(strip,),
        validators=[
            DataRequired("Enter an address."),
            _length(LINK_MAX_LENGTH),
            PlainText(),
        ],
    )
    typed = None

    def validate_address(self, field) -> None:
        try:
            self.typed = read_link(field.data, self.kind.data)
        except LinkProblem as problem:
            raise ValidationError(str(problem)) from None


class PhotoForm(FlaskForm):
    """A photo of the therapist; its content is checked by photos.process_upload."""

    photo = FileField(
        "Your photo",
        description="A JPEG, PNG or WebP photo of you, at least 160 pixels on each side. "
        "It is cropped square.",
        validators=[FileRequired("Choose a photo to upload.")],
    )
