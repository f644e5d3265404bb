"""The simulated people of the load test: what each kind does, and what it needs.

`browse` is someone looking for help: searches with varied filters, opens profiles
from the results, now and then the home page or an approach's page, with a pause to
read between requests.

The two other kinds log in through the login form with accounts run.py made for them
(`Writers`), and write through the site's own forms, CSRF token included:

- `edit_profile` is a therapist changing the fees on their profile (/manage/fees);
- `submit_rating` is a client rating therapists they haven't rated yet.

Both note in `Writers` what the site accepted, so that run.py can look for every write
in the database afterwards, and every form the site sent back with errors: the site
refusing a well-formed request is a bug in the visitor (or a change in the form).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

import psycopg
import requests
from bs4 import BeautifulSoup

PROFILE_LINK = re.compile(r'href="/therapists/([a-z0-9-]+)')
WORDS = [
    "anxiety",
    "trauma",
    "couples",
    "grief",
    "teen",
    "sleep",
    "work stress",
    "emdr",
    "panic attacks",
    "depression",
    "spanish",
    "eating",
    "anger",
    "adhd",
    "postpartum",
    "lgbtq",
]
SORTS = ["relevance", "rating", "fee", "verified"]


@dataclass
class Catalogue:
    """What visitors choose from: vocabularies, places, languages and profile slugs."""

    approaches: list[str]
    specialties: list[str]
    places: list[tuple[str, str]]
    languages: list[str]
    slugs: list[str]
    base: str = ""

    @classmethod
    def load(cls, base: str, database_url: str) -> Catalogue:
        """Read the choices from the database the site at `base` serves."""
        with psycopg.connect(database_url) as conn:

            def column(sql: str) -> list:
                return [row[0] for row in conn.execute(sql)]

            return cls(
                approaches=column("SELECT slug FROM approach"),
                specialties=column("SELECT slug FROM specialty"),
                places=[
                    tuple(row)
                    for row in conn.execute(
                        "SELECT DISTINCT region, city FROM therapist "
                        "WHERE status = 'published' AND city <> ''"
                    )
                ],
                languages=column(
                    "SELECT DISTINCT jsonb_array_elements_text(languages::jsonb) FROM therapist"
                ),
                slugs=column(
                    "SELECT slug FROM therapist WHERE status = 'published' "
                    "ORDER BY random() LIMIT 3000"
                ),
                base=base,
            )


def search_params(rng: random.Random, catalogue: Catalogue) -> dict:
    """A search as people make them: a few words and a filter or two, rarely many."""
    params: dict = {}
    if rng.random() < 0.4:
        params["q"] = rng.choice(WORDS)
    if rng.random() < 0.4:
        params["specialty"] = rng.sample(catalogue.specialties, rng.choice([1, 1, 2]))
    if rng.random() < 0.25:
        params["approach"] = rng.choice(catalogue.approaches)
    if rng.random() < 0.4 and catalogue.places:
        region, city = rng.choice(catalogue.places)
        params["region"] = region
        if rng.random() < 0.4:
            params["city"] = city
    if rng.random() < 0.2:
        params["format"] = rng.choice(["online", "in_person"])
    if rng.random() < 0.15 and catalogue.languages:
        params["language"] = rng.choice(catalogue.languages)
    if rng.random() < 0.2:
        params["max_fee"] = rng.randrange(60, 250, 10)
    for flag in ("sliding_scale", "free_consultation", "accepting", "verified"):
        if rng.random() < 0.08:
            params[flag] = "1"
    if rng.random() < 0.2:
        params["sort"] = rng.choice(SORTS)
    return params


def read(rng: random.Random, think, deadline: float) -> bool:
    """Pause between requests for a time drawn from `think`, but not past the deadline
    (the run ends when the load does, so requests per second count its real length);
    whether there is time left for another request."""
    time.sleep(max(0.0, min(rng.uniform(*think), deadline - time.monotonic())))
    return time.monotonic() < deadline


def browse(n: int, catalogue: Catalogue, recorder, deadline: float, think, visit) -> None:
    """One person looking for help, until the deadline."""
    rng = random.Random(1000 + n)
    session = requests.Session()
    # People don't all arrive in the same second: they come over the ramp-up.
    time.sleep(rng.uniform(0, min(ARRIVALS_SECONDS, (deadline - time.monotonic()) / 3)))
    try:
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.60:
                response = visit(
                    session, recorder, "search", "/search", search_params(rng, catalogue)
                )
                found = PROFILE_LINK.findall(response.text) if response is not None else []
                if found and rng.random() < 0.6 and read(rng, think, deadline):
                    visit(session, recorder, "profile", f"/therapists/{rng.choice(found)}")
            elif roll < 0.85:
                visit(session, recorder, "profile", f"/therapists/{rng.choice(catalogue.slugs)}")
            elif roll < 0.95:
                visit(session, recorder, "home", "/")
            else:
                area, slugs = rng.choice(
                    [("approaches", catalogue.approaches), ("specialties", catalogue.specialties)]
                )
                visit(session, recorder, "term", f"/{area}/{rng.choice(slugs)}")
            read(rng, think, deadline)
    finally:
        session.close()


# -- visitors who log in and write ------------------------------------------------------------

SCORES = ("overall", "responsiveness", "accuracy", "respect")
# Short comments that none of the moderators' warnings (health, names, contact details,
# markup) pick up, as most honest comments are.
COMMENTS = [
    "Replied the same day, and the listing was accurate.",
    "Easy to book; the fees were as listed.",
    "Friendly and clear on the first call.",
    "Online sessions worked well and started on time.",
    "Took a week to reply, otherwise fine.",
]
FORM = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)
ACCEPTED, REFUSED, UNANSWERED = "accepted", "refused", "unanswered"
# Everyone arrives over the first seconds (at most a third of the run), as a load tool
# ramps up: people don't all turn up at once, and each login checks a scrypt hash, a
# fifth to a third of a second of a core here (30 logins in 10 s took half the machine).
ARRIVALS_SECONDS = 20


@dataclass(frozen=True)
class Http:
    """run.py's request helpers, which time and record every request."""

    visit: Callable  # (session, recorder, endpoint, path) -> response or None
    post: Callable  # (session, recorder, endpoint, path, data) -> response or None


class Account(NamedTuple):
    """An account run.py made: a client's, or a therapist's with the profile it owns."""

    email: str
    user_id: int
    therapist_id: int | None = None
    slug: str = ""


class Edit(NamedTuple):
    """Fees sent for a profile; `answered` is False when no answer came back (a killed
    process, a server error), so the edit may or may not have been saved."""

    therapist_id: int
    fee_min: int
    fee_max: int
    at: float  # time.monotonic() when the answer came
    answered: bool


class Rated(NamedTuple):
    """A rating the site accepted."""

    user_id: int
    slug: str
    scores: tuple[int, int, int, int]  # in the order of SCORES
    comment: str


@dataclass
class Writers:
    """The accounts of the visitors who write (one password for all), and what became
    of their writes."""

    password: str
    therapists: list[Account]
    clients: list[Account]
    edits: list[Edit] = field(default_factory=list)
    ratings: list[Rated] = field(default_factory=list)
    sent_back: list[str] = field(default_factory=list)  # forms refused: visitor bugs


@dataclass
class Person:
    """One visitor who logs in: their account, browser session and dice, and the run's
    recorder, request helpers and log of writes."""

    account: Account
    rng: random.Random
    recorder: object
    http: Http
    writers: Writers
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, endpoint: str, path: str):
        """Open a page; the response, or None."""
        return self.http.visit(self.session, self.recorder, endpoint, path)

    def post(self, endpoint: str, path: str, data: dict):
        """Send a form; the response (redirects not followed), or None."""
        return self.http.post(self.session, self.recorder, endpoint, path, data)

    def pause(self, think, deadline: float) -> None:
        """Read, or think, before the next request."""
        read(self.rng, think, deadline)

    def arrive(self, deadline: float, think) -> bool:
        """Turn up at a random moment early in the run and log in, trying again until the
        deadline."""
        time.sleep(self.rng.uniform(0, min(ARRIVALS_SECONDS, (deadline - time.monotonic()) / 3)))
        while time.monotonic() < deadline:
            if log_in(self):
                return True
            self.pause(think, deadline)
        return False


def form_values(response, field_name: str) -> dict[str, str] | None:
    """What a browser would send from the page's form that has a field `field_name`:
    text and hidden inputs (the CSRF token among them), ticked boxes, chosen options,
    text areas; one value per name, which is all these forms have. None when the page
    didn't come, or has no such form."""
    if response is None or not response.ok:
        return None
    named = re.compile(rf"""\bname=["']?{re.escape(field_name)}[\s"'>]""")
    for block in FORM.findall(response.text):
        if named.search(block):
            return _fields(BeautifulSoup(block, "html.parser"))
    return None


def _fields(form) -> dict[str, str]:
    values = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name, kind = element.get("name"), element.get("type", "text")
        if not name or element.has_attr("disabled") or kind in ("submit", "button"):
            continue
        if element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            values[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif element.name == "textarea":
            values[name] = re.sub(r"^\r?\n", "", element.get_text())  # as browsers read it
        elif kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                values[name] = element.get("value", "on")
        else:
            values[name] = element.get("value", "")
    return values


def outcome(response, writers: Writers, what: str) -> str:
    """What became of a form sent: ACCEPTED (redirected onwards), REFUSED (anything else
    the site answered, noted as a visitor bug), or UNANSWERED (no answer, or a server
    error: the write may or may not have happened)."""
    if response is None or response.status_code >= 500:
        return UNANSWERED
    location = urlsplit(response.headers.get("Location", "")).path
    if response.status_code in (302, 303) and not location.startswith("/account/login"):
        return ACCEPTED
    problems = [
        p.get_text(" ", strip=True)
        for p in BeautifulSoup(response.text, "html.parser").select(".problems p, .field-error")
    ]
    why = "; ".join(problems) or (f"sent to {location}" if location else "no errors shown")
    writers.sent_back.append(f"{what}: HTTP {response.status_code}: {why[:300]}")
    return REFUSED


def log_in(person: Person) -> bool:
    """Log in through the login form, as a person does; whether the site let them in."""
    values = form_values(person.get("login form", "/account/login"), "password")
    if values is None:
        return False
    values.update(email=person.account.email, password=person.writers.password)
    response = person.post("login", "/account/login", values)
    return outcome(response, person.writers, f"login of {person.account.email}") == ACCEPTED


def new_fees(rng: random.Random, current: dict[str, str]) -> dict[str, str]:
    """Fees unlike the current ones that the form accepts: the highest no lower than the
    lowest, and a sliding-scale fee, if one is offered, no higher than the lowest."""
    fee_min = rng.choice([fee for fee in range(40, 300, 5) if str(fee) != current["fee_min"]])
    fees = {"fee_min": str(fee_min), "fee_max": str(fee_min + rng.randrange(0, 60, 5))}
    sliding = current.get("sliding_scale_min", "")
    if sliding and int(sliding) > fee_min:
        fees["sliding_scale_min"] = str(fee_min)
    return fees


def edit_fees(person: Person) -> None:
    """Open the fees form and send new fees, with everything else as it was."""
    values = form_values(person.get("edit form", "/manage/fees"), "fee_min")
    if values is None:
        return
    values.update(new_fees(person.rng, values))
    response = person.post("edit", "/manage/fees", values)
    result = outcome(response, person.writers, f"fees of {person.account.slug}")
    if result != REFUSED:
        person.writers.edits.append(
            Edit(
                person.account.therapist_id,
                int(values["fee_min"]),
                int(values["fee_max"]),
                time.monotonic(),
                answered=result == ACCEPTED,
            )
        )


def edit_profile(n: int, recorder, deadline: float, think, http: Http, writers: Writers) -> None:
    """Therapist n changing the fees on their own profile, again and again, until the
    deadline."""
    person = Person(writers.therapists[n], random.Random(2000 + n), recorder, http, writers)
    try:
        if not person.arrive(deadline, think):
            return
        while time.monotonic() < deadline:
            edit_fees(person)
            person.pause(think, deadline)
    finally:
        person.session.close()


def rate(person: Person, slug: str) -> None:
    """Open a profile's rating form and send scores, sometimes with a short comment."""
    path = f"/therapists/{slug}/rate"
    values = form_values(person.get("rate form", path), "overall")
    if values is None:
        return
    scores = tuple(person.rng.randint(1, 5) for _ in SCORES)
    comment = person.rng.choice(COMMENTS) if person.rng.random() < 0.4 else ""
    values.update(zip(SCORES, map(str, scores), strict=True), comment=comment)
    values["contact_confirmed"] = "y"  # the value of WTForms' checkbox: the box ticked
    response = person.post("rate", path, values)
    if outcome(response, person.writers, f"rating of {slug}") == ACCEPTED:
        person.writers.ratings.append(Rated(person.account.user_id, slug, scores, comment))


def submit_rating(
    n: int, catalogue: Catalogue, recorder, deadline: float, think, http: Http, writers: Writers
) -> None:
    """Client n rating published therapists they haven't rated yet, one after another,
    until the deadline."""
    person = Person(writers.clients[n], random.Random(3000 + n), recorder, http, writers)
    unrated = person.rng.sample(catalogue.slugs, len(catalogue.slugs))
    try:
        if not person.arrive(deadline, think):
            return
        while unrated and time.monotonic() < deadline:
            rate(person, unrated.pop())
            person.pause(think, deadline)
    finally:
        person.session.close()
