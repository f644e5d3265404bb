"""Field checks shared by the account and profile forms: every value is checked on the
server, whatever the browser was told, and each refusal says what to do instead."""

from __future__ import annotations

import re
import unicodedata

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

# Bidirectional overrides and isolates can make text display differently from what it
# is ("Trojan Source"); nobody needs them in a profile.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Something that looks like an HTML tag or comment: profiles are plain text, and a tag
# would be shown as typed, which is never what the writer meant.
_TAG = re.compile(r"<\s*[a-zA-Z!/?][^>]*>?")


def strip(value):
    """Trim surrounding whitespace from text input; a missing value is empty text."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def nfc(value):
    """Unicode NFC, so that the same name typed on two keyboards compares equal."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class PlainText:
    """Printable text without markup; `multiline` allows line breaks (and tabs)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        text = field.data or ""
        allowed = "\n\r\t" if self.multiline else ""
        for ch in text:
            if ch in allowed:
                continue
            if ch in ("\n", "\r"):
                raise ValidationError("Keep this on one line.")
            if unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS:
                raise ValidationError(
                    "This contains invisible control characters: please retype it."
                )
        if _TAG.search(text):
            raise ValidationError(
                "Please write plain text: HTML tags such as <b> or <a> are not shown."
            )


class WholeNumberField(IntegerField):
    """An optional whole number, with a message a person understands when it isn't one."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip().replace(",", "")
        if not re.fullmatch(r"\d{1,9}", raw, re.ASCII):
            self.data = None
            raise ValueError("Enter a whole number without symbols, like 120.")
        self.data = int(raw)


def options(pairs) -> list[SelectChoice]:
    """`[(value, label), ...]` as the choices WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


NOT_ON_THE_LIST = "That choice isn't on the list: please choose again."


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; values not among the choices are refused."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_ON_THE_LIST)
        super().__init__(*args, **kwargs)


class CompleteForm(FlaskForm):
    """A form whose every text field must arrive: a request that leaves one out is
    refused rather than read as "blank", which would wipe what was saved."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.missing_fields():
            self.form_errors.append(
                "Part of the form didn't arrive, so nothing was saved. "
                "Reload the page and try again."
            )
            return False
        return ok

    def missing_fields(self) -> list[str]:
        """Fields a browser always sends that this request left out. (Unticked
        checkboxes and unchosen radio buttons are legitimately absent.)"""
        return [
            f.name
            for f in self
            if not isinstance(f, BooleanField | SelectMultipleField | RadioField)
            and f.name not in request.form
        ]
