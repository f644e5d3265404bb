"""Checks on the curated vocabularies and the demo-data word pools.

The content lives in data files (directory/data/), so the tests look for the mistakes
people make when editing content: a wrong count, a slug typo, an over-long summary, a
missing crisis line, a ZIP code in the wrong state, a template placeholder that the
generator does not supply.
"""

import dataclasses
import math
import re
import string

import pytest
import zipcodes

from directory import demo_content as demo
from directory.vocabulary import APPROACHES, SPECIALTIES, Term
from directory.vocabulary_names import LANGUAGE_NAMES

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A sentence ends at . ! or ? (possibly inside a closing quote) followed by a space and a
# capital letter or an opening quote.
SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\u201d))\s+(?=[A-Z\u201c])")
TEXT_FIELDS = ("name", "short_name", "summary", "what_it_is", "session_like", "used_for")
ALL_TERMS = APPROACHES + SPECIALTIES

EXPECTED_APPROACHES = {
    "cbt", "dbt", "emdr", "act", "psychodynamic", "person-centred", "family-systems",
    "gottman", "emotionally-focused", "solution-focused", "narrative", "mindfulness-based",
    "motivational-interviewing", "trauma-focused-cbt", "exposure-response-prevention",
    "schema", "ifs", "somatic", "play-therapy", "art-therapy", "compassion-focused",
    "interpersonal", "cognitive-processing", "psychoanalytic", "integrative",
}  # fmt: skip
EXPECTED_SPECIALTIES = {
    "anxiety", "depression", "trauma-ptsd", "grief", "relationships", "couples",
    "family-conflict", "parenting", "stress", "burnout", "ocd", "adhd", "autism",
    "eating-disorders", "substance-use", "addiction", "self-esteem", "life-transitions",
    "lgbtq", "anger", "bipolar", "insomnia", "panic", "phobias", "social-anxiety",
    "postnatal", "infertility", "chronic-illness", "chronic-pain", "divorce",
    "racial-identity", "workplace", "academic-stress", "loneliness", "self-harm",
    "suicidal-thoughts", "personality", "psychosis", "body-image", "spirituality",
}  # fmt: skip

# (US, UK) spellings: a keyword using one must be matched by the same keyword using the other.
SPELLING_PAIRS = (
    ("behavior", "behaviour"),
    ("counseling", "counselling"),
    ("centered", "centred"),
    ("judgment", "judgement"),
    ("organization", "organisation"),
    ("generalized", "generalised"),
    ("desensitization", "desensitisation"),
    ("externalizing", "externalising"),
    ("mentalization", "mentalisation"),
)

# Words that promise outcomes. The editorial rules forbid them in every vocabulary field.
PROMISES = re.compile(r"\b(cure[sd]?|curing|guarantee[sd]?|100%|fix(es|ed)? you)\b", re.I)

PLACEHOLDERS = {
    "approach": "cognitive behavioral therapy (CBT)",
    "approach2": "Internal Family Systems (IFS)",
    "specialty": "trauma and PTSD",
    "specialty2": "perinatal mental health",
    "city": "Colorado Springs",
    "years": 12,
}


def sentences(text: str) -> list[str]:
    return SENTENCE_BREAK.split(text)


def words(text: str) -> int:
    return len(text.split())


# --- vocabulary -------------------------------------------------------------------------


def test_counts_and_required_slugs():
    assert len(APPROACHES) == 25
    assert len(SPECIALTIES) == 40
    assert {t.slug for t in APPROACHES} == EXPECTED_APPROACHES
    assert {t.slug for t in SPECIALTIES} == EXPECTED_SPECIALTIES


@pytest.mark.parametrize("terms", [APPROACHES, SPECIALTIES], ids=["approaches", "specialties"])
def test_slugs_names_unique(terms):
    for attr in ("slug", "name", "short_name"):
        values = [getattr(t, attr) for t in terms]
        assert len(values) == len(set(values)), f"duplicate {attr}"


def test_terms_are_frozen_term_instances():
    for term in ALL_TERMS:
        assert type(term) is Term
        with pytest.raises(dataclasses.FrozenInstanceError):
            term.slug = "x"  # type: ignore[misc]


@pytest.mark.parametrize("term", ALL_TERMS, ids=lambda t: t.slug)
def test_term_fields(term):
    assert SLUG_RE.match(term.slug), term.slug
    for field in TEXT_FIELDS:
        value = getattr(term, field)
        assert isinstance(value, str) and value.strip(), f"{field} is empty"
        assert value == value.strip() and "  " not in value, f"{field} has stray whitespace"
        assert not PROMISES.search(value), f"{field} makes a promise: {value!r}"
    for field in ("summary", "what_it_is", "session_like", "used_for"):
        assert getattr(term, field)[-1] in ".?!", f"{field} should end with punctuation"
    assert len(term.summary) <= 160
    assert len(sentences(term.summary)) == 1, "summary must be one sentence"
    assert 2 <= len(sentences(term.what_it_is)) <= 4, "what_it_is must be 2-4 sentences"
    assert len(term.short_name) <= len(term.name)


@pytest.mark.parametrize("term", ALL_TERMS, ids=lambda t: t.slug)
def test_keywords(term):
    kws = term.keywords
    assert isinstance(kws, tuple) and kws, "keywords must be a non-empty tuple"
    assert len(kws) == len(set(kws)), "duplicate keyword"
    for kw in kws:
        assert kw == kw.strip().lower() and kw, f"keyword {kw!r} must be lowercase and trimmed"
        for us, uk in SPELLING_PAIRS:
            if us in kw:
                assert kw.replace(us, uk) in kws, f"{kw!r} lacks its UK spelling"
            if uk in kw:
                assert kw.replace(uk, us) in kws, f"{kw!r} lacks its US spelling"


def test_plain_reading_level():
    # A rough guard for "reading age about 12": short sentences on average, no monsters.
    for term in ALL_TERMS:
        for field in ("what_it_is", "session_like", "used_for"):
            parts = sentences(getattr(term, field))
            assert max(words(s) for s in parts) <= 30, (term.slug, field)
            assert words(getattr(term, field)) / len(parts) <= 25, (term.slug, field)


def test_names_can_be_used_mid_sentence():
    # Capitals after the first letter are only acronyms, parenthesised abbreviations or the
    # proper nouns below; so lowercasing the first letter gives a good mid-sentence form.
    proper = {"Gottman", "Method", "Internal", "Family", "Systems"}
    for term in ALL_TERMS:
        outside_parens = re.sub(r"\([^)]*\)", "", term.name).split()
        for word in outside_parens[1:]:
            if word[0].isupper():
                assert word in proper or word.upper() == word, (term.slug, word)


@pytest.mark.parametrize("slug", ["self-harm", "suicidal-thoughts"])
def test_crisis_pointer(slug):
    term = next(t for t in SPECIALTIES if t.slug == slug)
    assert "988" in term.summary and "116 123" in term.summary
    for field in ("what_it_is", "used_for"):
        text = getattr(term, field)
        for needle in ("988", "Samaritans", "116 123", "911", "999"):
            assert needle in text, f"{field} lacks {needle}"


# --- demo content: people ---------------------------------------------------------------


@pytest.mark.parametrize("pool", ["FIRST_NAMES", "LAST_NAMES"])
def test_name_pools(pool):
    names = getattr(demo, pool)
    assert len(names) >= 150
    assert len(names) == len(set(names))
    # "de Vries" is fine; the last word of every name is capitalised.
    assert all(n and n == n.strip() and n.split()[-1][0].isupper() for n in names)


def test_pronouns():
    assert "" in demo.PRONOUNS
    assert {"she/her", "he/him", "they/them"} <= set(demo.PRONOUNS)


# --- demo content: places ---------------------------------------------------------------

US_STATES = {"TX", "NY", "CA", "FL", "IL", "WA", "MA", "CO", "GA", "PA", "OR", "NC", "AZ", "MN"}
US_PLACES = [p for p in demo.PLACES if p["country"] == "US"]
GB_PLACES = [p for p in demo.PLACES if p["country"] == "GB"]
GB_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
# Postcode areas wholly in one nation (the few that cross a border are not listed).
SCOTTISH_AREAS = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA"}
SCOTTISH_AREAS |= {"PH", "ZE"}
WELSH_AREAS = {"CF", "LD", "LL", "NP", "SA"}


def test_place_shape():
    assert {p["country"] for p in demo.PLACES} == {"US", "GB"}
    for place in demo.PLACES:
        assert set(place) == {"country", "region", "city", "postcode"}, place
        assert all(isinstance(v, str) and v for v in place.values()), place
        assert place["region"].startswith(place["country"] + "-"), place
    keys = [(p["country"], p["postcode"]) for p in demo.PLACES]
    assert len(keys) == len(set(keys)), "duplicate postcode"


def test_us_coverage():
    assert len(US_PLACES) >= 45
    by_state: dict[str, set[str]] = {}
    for place in US_PLACES:
        by_state.setdefault(place["region"][3:], set()).add(place["city"])
    assert set(by_state) >= US_STATES
    for state in US_STATES:
        assert len(by_state[state]) >= 3, f"{state} needs 3 or more cities"


@pytest.mark.parametrize("place", US_PLACES, ids=lambda p: p["postcode"])
def test_us_zip_is_real_and_matches(place):
    # zipcodes.matching() quietly cleans its input ("78664x" matches 78664), so check the
    # format first.
    assert re.fullmatch(r"\d{5}", place["postcode"]), place["postcode"]
    matches = zipcodes.matching(place["postcode"])
    assert matches, f"{place['postcode']} is not a known ZIP code"
    match = matches[0]
    assert match["state"] == place["region"][3:]
    cities = {match["city"].lower(), *(c.lower() for c in match["acceptable_cities"])}
    assert place["city"].lower() in cities
    assert match["active"] and match["zip_code_type"] == "STANDARD"


def _km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a["lat"], a["long"], b["lat"], b["long"]))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_radius_search_has_clusters():
    # Several listings near downtown Austin, Seattle and the Bay Area, so that a 25 km radius
    # search returns more than one place and a wider one returns more still.
    for centre in ("78701", "98103", "94612"):
        origin = zipcodes.matching(centre)[0]
        near = [p for p in US_PLACES if _km(origin, zipcodes.matching(p["postcode"])[0]) <= 25]
        assert len(near) >= 3, centre


def test_gb_places():
    assert len(GB_PLACES) >= 10
    assert {p["region"] for p in GB_PLACES} == {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"}
    for place in GB_PLACES:
        postcode = place["postcode"]
        assert GB_POSTCODE.match(postcode), postcode
        area = re.match(r"[A-Z]+", postcode).group()
        expected = (
            "GB-NIR" if area == "BT"
            else "GB-SCT" if area in SCOTTISH_AREAS
            else "GB-WLS" if area in WELSH_AREAS
            else "GB-ENG"
        )  # fmt: skip
        assert place["region"] == expected, place


# --- demo content: credentials and languages ---------------------------------------------


def test_us_licence_types():
    states = {p["region"][3:] for p in US_PLACES}
    assert states <= set(demo.US_LICENCE_TYPES)
    for state, licences in demo.US_LICENCE_TYPES.items():
        assert licences, state
        for licence in licences:
            assert len(licence) == 3 and all(isinstance(x, str) and x for x in licence), licence
        types = {lt for lt, _, _ in licences}
        assert "Psychologist" in types and "LMFT" in types, state
    types = {s: {lt for lt, _, _ in v} for s, v in demo.US_LICENCE_TYPES.items()}
    assert {"LPC", "LMFT", "LCSW", "Psychologist"} <= types["TX"]
    assert {"LMHC", "LCSW", "LMFT", "Psychologist", "LCAT"} <= types["NY"]
    assert {"LPCC", "LMFT", "LCSW", "Psychologist"} <= types["CA"]
    assert "LPC" not in types["CA"] and "LPC" not in types["NY"]


def test_gb_registrations():
    for body, prefix, title, letters in demo.GB_REGISTRATIONS:
        assert body in {"HCPC", "BACP", "UKCP", "BABCP"}
        assert title and letters
        assert bool(prefix) == (body == "HCPC"), "only HCPC numbers have a profession prefix"
    assert {"HCPC", "BACP", "UKCP"} <= {r[0] for r in demo.GB_REGISTRATIONS}


def test_languages():
    codes = list(LANGUAGE_NAMES)
    assert len(codes) >= 20
    assert all(re.fullmatch(r"[a-z]{2,3}", c) for c in codes)
    assert all(LANGUAGE_NAMES.values())
    assert {"en", "es", "ase", "bfi"} <= set(codes)


# --- demo content: templates --------------------------------------------------------------

TEMPLATE_POOLS = {
    "BIO_OPENERS": 25,
    "BIO_MIDDLES": 25,
    "BIO_CLOSERS": 25,
    "HEADLINES": 30,
}


@pytest.mark.parametrize(("pool", "minimum"), TEMPLATE_POOLS.items())
def test_templates_use_known_placeholders(pool, minimum):
    templates = getattr(demo, pool)
    assert len(templates) >= minimum
    assert len(templates) == len(set(templates))
    for template in templates:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        assert fields <= set(PLACEHOLDERS), (template, fields - set(PLACEHOLDERS))
        rendered = template.format(**PLACEHOLDERS)
        assert "{" not in rendered and "}" not in rendered
        assert rendered == rendered.strip() and "  " not in rendered


def test_bio_templates_mention_terms():
    assert all("{specialty}" in t for t in demo.BIO_OPENERS)
    assert all("{approach}" in t for t in demo.BIO_MIDDLES)
    assert all("{approach}" in t or "{specialty}" in t for t in demo.HEADLINES)
    for template in demo.BIO_OPENERS + demo.BIO_MIDDLES + demo.BIO_CLOSERS:
        assert template.endswith("."), template
    for template in demo.HEADLINES:
        assert len(template.format(**PLACEHOLDERS)) <= 100, template


def test_bio_length_bounds():
    # One opener, two or three middles and one closer make a bio of roughly 75-140 words.
    def lengths(pool):
        return sorted(words(t.format(**PLACEHOLDERS)) for t in pool)

    openers, middles, closers = map(lengths, (demo.BIO_OPENERS, demo.BIO_MIDDLES, demo.BIO_CLOSERS))
    shortest = openers[0] + middles[0] + middles[1] + closers[0]
    longest = openers[-1] + sum(middles[-3:]) + closers[-1]
    assert shortest >= 60
    assert longest <= 160


HEALTH_WORDS = re.compile(
    r"anxi|depress|trauma|ptsd|\bocd\b|adhd|autis|grief|griev|panic|suicid|self-harm|"
    r"eating|alcohol|drug|medicat|diagnos|bipolar|psychos|addict|insomnia|disorder|symptom|"
    r"pregnan|illness|pain",
    re.I,
)


def test_review_snippets():
    reviews = demo.REVIEW_SNIPPETS
    assert len(reviews) >= 60 and len(reviews) == len(set(reviews))
    names = set(demo.FIRST_NAMES) | set(demo.LAST_NAMES)
    for review in reviews:
        assert 10 <= words(review) <= 40, review
        assert not re.search(r"\d|@|https?:|www\.", review), review
        assert not HEALTH_WORDS.search(review), review
        tokens = set(re.findall(r"[A-Z][\w'-]+", review))
        assert not tokens & names, (review, tokens & names)
