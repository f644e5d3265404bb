"""Keyboard only: the search form, every filter and the results work with Tab, Enter and
Space, and wherever focus lands it can be seen."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import require_chromium

require_chromium()

# How an element is told apart from the others, the same way in both scripts below.
_DESCRIBE = """const describe = (el) => {
  const tag = el.tagName.toLowerCase();
  const shown = ["a", "button", "summary"].includes(tag) ? el.innerText.trim() : el.value;
  return `${tag} ${el.name || ""} ${shown || ""}`;
};"""

# What a sighted keyboard user sees of the focused element.
_FOCUSED = (
    """() => {"""
    + _DESCRIBE
    + """
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    key: describe(el), tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "",
    value: el.value || "", text: (el.innerText || "").trim().slice(0, 80),
    inResults: !!el.closest(".result"),
    focusVisible: el.matches(":focus-visible"), outline: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
    onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth,
  };
}"""
)

_FILTER_CONTROLS = (
    """() => {"""
    + _DESCRIBE
    + """
  return [...document.querySelectorAll(
    ".filters input, .filters select, .filters button, .filters summary, .filters a",
  )].map(describe);
}"""
)


def focused(page: Page) -> dict:
    return page.evaluate(_FOCUSED)


def assert_focus_visible(element: dict) -> None:
    assert element["focusVisible"], f"focus is not shown on {element['key']}"
    assert element["outline"] not in ("none", "hidden"), f"no outline on {element['key']}"
    assert element["outlineWidth"] >= 2, f"thin outline on {element['key']}"
    assert element["outlineColor"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert element["onScreen"], f"{element['key']} has focus but is off screen"


def tab_until(page: Page, wanted, limit: int = 250, visited: list | None = None) -> dict:
    """Press Tab until the focused element is `wanted`; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert_focus_visible(element)
        if visited is not None:
            visited.append(element)
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached the element wanted on {page.url}")


def test_search_filters_and_results_with_tab_enter_and_space(page):
    page.goto("/")
    # The first Tab shows the skip link; Enter takes focus past the navigation.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Skip to main content"
    assert_focus_visible(skip)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    tab_until(page, lambda e: e["id"] == "q")
    page.keyboard.type("anxiety")
    tab_until(page, lambda e: e["tag"] == "button" and e["text"] == "Search")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/search\?q=anxiety$"))
    page.wait_for_load_state()

    # Every filter is a Tab stop, in order, before the results.
    visited: list[dict] = []
    tab_until(page, lambda e: e["inResults"] and e["tag"] == "a", visited=visited)
    stops = {e["key"] for e in visited}
    missing = [c for c in page.evaluate(_FILTER_CONTROLS) if c not in stops]
    assert not missing, f"filters Tab never reaches: {missing}"

    # Back to the top, then use the filters: Space ticks a box, Enter applies.
    page.goto(page.url)
    tab_until(page, lambda e: e["name"] == "approach" and e["value"] == "cbt")
    page.keyboard.press("Space")
    expect(page.locator("input[name=approach][value=cbt]")).to_be_checked()
    # In person: online would first ask where the visitor is (test_everyday_search.py).
    tab_until(page, lambda e: e["name"] == "format" and e["value"] == "in_person")
    page.keyboard.press("Space")
    tab_until(page, lambda e: e["name"] == "max_fee")
    page.keyboard.type("120")
    tab_until(page, lambda e: e["tag"] == "button" and e["text"] == "Apply filters")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"max_fee=120"))
    page.wait_for_load_state()
    params = parse_qs(urlsplit(page.url).query)
    assert (params["approach"], params["format"]) == (["cbt"], ["in_person"])

    first = tab_until(page, lambda e: e["inResults"] and e["tag"] == "a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(first["text"])


def test_sorting_with_the_keyboard_waits_for_enter(page):
    page.goto("/search?q=anxiety")
    loads = []
    page.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)
    tab_until(page, lambda e: e["id"] == "sort")
    # Arrow keys move through the choices without reloading the page at each one...
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#sort")).to_have_value("fee")
    # ...and Enter runs the search once, sorted as chosen.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=fee"))
    page.wait_for_load_state()
    assert len(loads) == 1, loads
    expect(page.locator("#sort")).to_have_value("fee")


def test_choosing_a_sort_with_the_mouse_reruns_the_search(page):
    page.goto("/search?q=anxiety")
    page.get_by_label("Sort by").select_option(label="Lowest fee")
    expect(page).to_have_url(re.compile(r"sort=fee"))
    page.wait_for_load_state()
    fees = page.locator(".result .badge", has_text="a session").all_inner_texts()
    lows = [int(re.search(r"(\d+)", fee).group(1)) for fee in fees]
    assert lows == sorted(lows)


def test_on_a_phone_the_results_come_first_and_the_filters_open_from_the_keyboard(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search?q=anxiety&format=in_person")
    panel = page.locator("details.filter-panel")
    expect(panel.locator("summary")).to_have_text("Filters (1 chosen)")
    expect(page.get_by_role("checkbox", name=re.compile("^In person"))).to_be_hidden()
    expect(page.locator(".result").first).to_be_in_viewport()
    tab_until(page, lambda e: e["tag"] == "summary")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name=re.compile("^In person"))).to_be_checked()
    tab_until(page, lambda e: e["name"] == "specialty")
