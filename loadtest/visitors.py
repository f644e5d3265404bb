"""The simulated people of the load test: what each kind does, and what it needs.

`browse` is someone looking for help: searches with varied filters, opens profiles
from the results, now and then the home page or an approach's page, with a pause to
read between requests. The kinds in OPTIONAL_VISITORS need pages other work adds;
each says why it is skipped until they exist (see `prepare`).
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field

import psycopg
import requests

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


def browse(n: int, catalogue: Catalogue, recorder, deadline: float, think, visit) -> None:
    """One person looking for help, until the deadline."""
    rng = random.Random(1000 + n)
    session = requests.Session()
    time.sleep(rng.uniform(0, 2))  # people don't all arrive in the same second
    try:
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.60:
                response = visit(
                    session, recorder, "search", "/search", search_params(rng, catalogue)
                )
                found = PROFILE_LINK.findall(response.text) if response is not None else []
                if found and rng.random() < 0.6:
                    time.sleep(rng.uniform(*think))
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
            time.sleep(rng.uniform(*think))
    finally:
        session.close()


# -- kinds of visitor that need pages other work adds -------------------------------------


class NotReady(Exception):
    """This kind of visitor can't run yet; the message says why and what enables it."""


@dataclass
class OptionalVisitors:
    """A kind of visitor, how many of them, and the page that must exist for them."""

    name: str
    count: int
    probe: str
    enable: str
    run: object = None
    threads: list = field(default_factory=list)

    def prepare(self, base: str, catalogue: Catalogue, recorder, deadline: float) -> list:
        """The threads to start, or NotReady when the site or this script lacks them."""
        try:
            status = requests.get(base + self.probe, timeout=10, allow_redirects=False).status_code
        except requests.RequestException as error:
            raise NotReady(f"{self.probe} did not answer ({error})") from None
        if status == 404:
            raise NotReady(f"{self.probe} does not exist yet. {self.enable}")
        if self.run is None:
            raise NotReady(
                f"{self.probe} exists, but this visitor is not written yet. {self.enable}"
            )
        return [
            threading.Thread(target=self.run, args=(n, catalogue, recorder, deadline), daemon=True)
            for n in range(self.count)
        ]


OPTIONAL_VISITORS = [
    OptionalVisitors(
        name="therapists editing their profiles",
        count=10,
        probe="/manage/",
        enable=(
            "To enable: write loadtest/visitors.py `edit_profile` (log in as a therapist "
            "account linked to a demo profile, then POST /manage/fees with the form's CSRF "
            "token and a new fee), set `run=edit_profile` here, and make run.py check each "
            "accepted edit in the database."
        ),
    ),
    OptionalVisitors(
        name="clients submitting ratings",
        count=20,
        probe="/ratings/policy",
        enable=(
            "To enable: write `submit_rating` (log in as a client account, POST "
            "/therapists/<slug>/rate with the form's CSRF token), set `run=submit_rating` "
            "here, and make run.py check every accepted rating is in the database."
        ),
    ),
]
