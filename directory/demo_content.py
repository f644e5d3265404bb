"""Word pools for generating clearly fictional demo data.

EVERYTHING HERE IS FICTIONAL. The names are common given names and surnames from many
cultures, combined at random: any resemblance of a generated therapist to a real person is
a coincidence, and no real person, practice or review is represented. Demo listings built
from this module must be marked as demo data wherever they are shown.

What is real, on purpose:

* ``PLACES`` uses real cities and real postcodes so that geocoding and radius search behave
  as they will in production. Every US ZIP code is checked against the ``zipcodes``
  package (see tests/test_vocabulary.py); UK postcodes are well-known public buildings
  (stations, town halls, libraries, universities). Never generate street addresses that
  could point at someone's home: use the postcode and city only.
* ``US_LICENCE_TYPES`` and ``GB_REGISTRATIONS`` name real licence types and registers, so
  demo listings look like the real thing. Demo licence *numbers* must never be real ones.

Templates
---------
Bio and headline templates are ``str.format`` templates using only these placeholders:
``{approach}`` ``{approach2}`` ``{specialty}`` ``{specialty2}`` ``{city}`` ``{years}``.

* ``{approach}`` / ``{specialty}``: a ``Term.name`` from ``directory.vocabulary`` in its
  mid-sentence form (first letter lowercased, except names starting with an acronym or a
  proper noun: "cognitive behavioral therapy (CBT)", "grief and loss", "couples therapy",
  "Internal Family Systems (IFS)", "LGBTQ+ affirming care"). ``{approach2}`` and
  ``{specialty2}`` must differ from the first ones.
* ``{city}``: the listing's city; ``{years}``: years in practice, 2 or more.

A bio is one ``BIO_OPENERS`` entry, two or three distinct ``BIO_MIDDLES`` entries and one
``BIO_CLOSERS`` entry, joined with spaces: 4 to 6 sentences, about 75 to 140 words. Every
opener names ``{specialty}`` and every middle names ``{approach}``, so each bio mentions
the listing's approaches and specialties by name. Templates are first person and use US
spelling, like the vocabulary.

``REVIEW_SNIPPETS`` are fictional client comments about non-clinical things only
(responsiveness, accuracy of the listing, feeling respected). They contain no health
details, names, phone numbers or email addresses, and must stay that way.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _lines(path: Path) -> list[str]:
    """The entries of a one-per-line list, in file order, without blank lines and `#` notes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


# Given names are not only demo data: moderation warns about them in rating comments.
FIRST_NAMES: list[str] = _lines(DATA_DIR / "given-names.txt")

# Surnames include spaces and apostrophes (de Vries, O'Brien): keep them, they are real.
LAST_NAMES: list[str] = [
    "Abdi",
    "Adams",
    "Adeyemi",
    "Aguilar",
    "Ahmadi",
    "Akana",
    "Al-Sayed",
    "Allen",
    "Almeida",
    "Anderson",
    "Andersson",
    "Aquino",
    "Asante",
    "Baker",
    "Banks",
    "Baptiste",
    "Bautista",
    "Becker",
    "Begay",
    "Bergström",
    "Bianchi",
    "Boateng",
    "Bondarenko",
    "Brown",
    "Byrne",
    "Campbell",
    "Carter",
    "Castillo",
    "Celik",
    "Chan",
    "Chatterjee",
    "Chen",
    "Choi",
    "Chowdhury",
    "Clark",
    "Cohen",
    "Collins",
    "Costa",
    "Cruz",
    "Davies",
    "de Vries",
    "Dela Cruz",
    "Demir",
    "Desai",
    "Dhillon",
    "Diaz",
    "Dubois",
    "Edwards",
    "Esposito",
    "Evans",
    "Eze",
    "Farah",
    "Fernando",
    "Ferreira",
    "Fischer",
    "Flores",
    "Fraser",
    "Freeman",
    "Friedman",
    "Gaines",
    "Garcia",
    "Georgiou",
    "Gill",
    "Girard",
    "Goldberg",
    "Gomez",
    "Gonzalez",
    "Green",
    "Griffiths",
    "Gupta",
    "Haddad",
    "Haile",
    "Hakobyan",
    "Hansen",
    "Harris",
    "Hassan",
    "Hernandez",
    "Herrera",
    "Hill",
    "Horvat",
    "Hosseini",
    "Hossain",
    "Huang",
    "Hughes",
    "Iyer",
    "Jackson",
    "Jama",
    "Jansen",
    "Jean-Louis",
    "Johansson",
    "Johnson",
    "Jones",
    "Joseph",
    "Jung",
    "Kahale",
    "Kang",
    "Karimi",
    "Katz",
    "Kaya",
    "Kealoha",
    "Kelly",
    "Khan",
    "Khoury",
    "Kim",
    "Kovalenko",
    "Kowalczyk",
    "Kowalski",
    "Larsen",
    "Laurent",
    "Le",
    "Lee",
    "Lefebvre",
    "Levi",
    "Lewis",
    "Li",
    "Lim",
    "Lin",
    "Liu",
    "Lopez",
    "MacDonald",
    "Malik",
    "Martin",
    "Martinez",
    "Medina",
    "Mendoza",
    "Mensah",
    "Mercado",
    "Mitchell",
    "Moore",
    "Moradi",
    "Morales",
    "Moreau",
    "Morgan",
    "Murphy",
    "Mwangi",
    "Nair",
    "Nakamura",
    "Nasser",
    "Nelson",
    "Ng",
    "Nguyen",
    "Nielsen",
    "Nilsson",
    "Novak",
    "Nowak",
    "Núñez",
    "Nwosu",
    "O'Brien",
    "O'Connor",
    "Okafor",
    "Okoro",
    "Oliveira",
    "Ortiz",
    "Otieno",
    "Papadopoulos",
    "Park",
    "Parker",
    "Patel",
    "Perera",
    "Perez",
    "Petrosyan",
    "Petrov",
    "Pham",
    "Phillips",
    "Pierre-Louis",
    "Popescu",
    "Qureshi",
    "Rahimi",
    "Rahman",
    "Ramirez",
    "Reddy",
    "Reyes",
    "Ricci",
    "Rivera",
    "Roberts",
    "Robertson",
    "Robinson",
    "Rodriguez",
    "Romano",
    "Romero",
    "Rossi",
    "Sanchez",
    "Sandhu",
    "Santos",
    "Sato",
    "Schmidt",
    "Scott",
    "Sharma",
    "Shevchenko",
    "Siddiqui",
    "Silva",
    "Singh",
    "Smirnova",
    "Smith",
    "Stewart",
    "Suzuki",
    "Tan",
    "Tanaka",
    "Taylor",
    "Tesfaye",
    "Thomas",
    "Thompson",
    "Torres",
    "Toussaint",
    "Tran",
    "Tsosie",
    "Turner",
    "Vargas",
    "Villanueva",
    "Vu",
    "Wagner",
    "Walker",
    "Walsh",
    "Wang",
    "Warsame",
    "Watanabe",
    "Weber",
    "White",
    "Williams",
    "Wilson",
    "Wong",
    "Wright",
    "Yamamoto",
    "Yazzie",
    "Yilmaz",
    "Young",
    "Zhang",
]

# "" means the therapist chose not to list pronouns.
PRONOUNS: tuple[str, ...] = ("she/her", "he/him", "they/them", "she/they", "he/they", "")

# Real cities and postcodes. US: several ZIPs per metro area (Austin, Seattle, the Bay Area...)
# so radius searches return a mix of near and far results.
PLACES: list[dict[str, str]] = [
    {"country": "US", "region": "US-TX", "city": "Austin", "postcode": "78701"},
    {"country": "US", "region": "US-TX", "city": "Austin", "postcode": "78702"},
    {"country": "US", "region": "US-TX", "city": "Austin", "postcode": "78704"},
    {"country": "US", "region": "US-TX", "city": "Austin", "postcode": "78745"},
    {"country": "US", "region": "US-TX", "city": "Austin", "postcode": "78751"},
    {"country": "US", "region": "US-TX", "city": "Round Rock", "postcode": "78664"},
    {"country": "US", "region": "US-TX", "city": "Pflugerville", "postcode": "78660"},
    {"country": "US", "region": "US-TX", "city": "Cedar Park", "postcode": "78613"},
    {"country": "US", "region": "US-TX", "city": "Houston", "postcode": "77002"},
    {"country": "US", "region": "US-TX", "city": "Houston", "postcode": "77006"},
    {"country": "US", "region": "US-TX", "city": "Dallas", "postcode": "75201"},
    {"country": "US", "region": "US-TX", "city": "San Antonio", "postcode": "78205"},
    {"country": "US", "region": "US-NY", "city": "New York", "postcode": "10001"},
    {"country": "US", "region": "US-NY", "city": "New York", "postcode": "10025"},
    {"country": "US", "region": "US-NY", "city": "Brooklyn", "postcode": "11215"},
    {"country": "US", "region": "US-NY", "city": "Buffalo", "postcode": "14202"},
    {"country": "US", "region": "US-NY", "city": "Rochester", "postcode": "14607"},
    {"country": "US", "region": "US-NY", "city": "Albany", "postcode": "12203"},
    {"country": "US", "region": "US-CA", "city": "Los Angeles", "postcode": "90012"},
    {"country": "US", "region": "US-CA", "city": "Los Angeles", "postcode": "90026"},
    {"country": "US", "region": "US-CA", "city": "San Francisco", "postcode": "94110"},
    {"country": "US", "region": "US-CA", "city": "Oakland", "postcode": "94612"},
    {"country": "US", "region": "US-CA", "city": "Berkeley", "postcode": "94704"},
    {"country": "US", "region": "US-CA", "city": "San Diego", "postcode": "92103"},
    {"country": "US", "region": "US-CA", "city": "Sacramento", "postcode": "95814"},
    {"country": "US", "region": "US-FL", "city": "Miami", "postcode": "33130"},
    {"country": "US", "region": "US-FL", "city": "Orlando", "postcode": "32801"},
    {"country": "US", "region": "US-FL", "city": "Tampa", "postcode": "33602"},
    {"country": "US", "region": "US-FL", "city": "Jacksonville", "postcode": "32202"},
    {"country": "US", "region": "US-IL", "city": "Chicago", "postcode": "60614"},
    {"country": "US", "region": "US-IL", "city": "Chicago", "postcode": "60622"},
    {"country": "US", "region": "US-IL", "city": "Evanston", "postcode": "60201"},
    {"country": "US", "region": "US-IL", "city": "Springfield", "postcode": "62701"},
    {"country": "US", "region": "US-WA", "city": "Seattle", "postcode": "98103"},
    {"country": "US", "region": "US-WA", "city": "Seattle", "postcode": "98122"},
    {"country": "US", "region": "US-WA", "city": "Bellevue", "postcode": "98004"},
    {"country": "US", "region": "US-WA", "city": "Tacoma", "postcode": "98402"},
    {"country": "US", "region": "US-WA", "city": "Spokane", "postcode": "99201"},
    {"country": "US", "region": "US-MA", "city": "Boston", "postcode": "02116"},
    {"country": "US", "region": "US-MA", "city": "Cambridge", "postcode": "02139"},
    {"country": "US", "region": "US-MA", "city": "Somerville", "postcode": "02144"},
    {"country": "US", "region": "US-MA", "city": "Worcester", "postcode": "01608"},
    {"country": "US", "region": "US-CO", "city": "Denver", "postcode": "80203"},
    {"country": "US", "region": "US-CO", "city": "Boulder", "postcode": "80302"},
    {"country": "US", "region": "US-CO", "city": "Colorado Springs", "postcode": "80903"},
    {"country": "US", "region": "US-GA", "city": "Atlanta", "postcode": "30303"},
    {"country": "US", "region": "US-GA", "city": "Decatur", "postcode": "30030"},
    {"country": "US", "region": "US-GA", "city": "Savannah", "postcode": "31401"},
    {"country": "US", "region": "US-PA", "city": "Philadelphia", "postcode": "19103"},
    {"country": "US", "region": "US-PA", "city": "Pittsburgh", "postcode": "15213"},
    {"country": "US", "region": "US-PA", "city": "Harrisburg", "postcode": "17101"},
    {"country": "US", "region": "US-OR", "city": "Portland", "postcode": "97205"},
    {"country": "US", "region": "US-OR", "city": "Portland", "postcode": "97214"},
    {"country": "US", "region": "US-OR", "city": "Salem", "postcode": "97301"},
    {"country": "US", "region": "US-OR", "city": "Eugene", "postcode": "97401"},
    {"country": "US", "region": "US-NC", "city": "Raleigh", "postcode": "27601"},
    {"country": "US", "region": "US-NC", "city": "Durham", "postcode": "27701"},
    {"country": "US", "region": "US-NC", "city": "Charlotte", "postcode": "28202"},
    {"country": "US", "region": "US-NC", "city": "Asheville", "postcode": "28801"},
    {"country": "US", "region": "US-AZ", "city": "Phoenix", "postcode": "85004"},
    {"country": "US", "region": "US-AZ", "city": "Tempe", "postcode": "85281"},
    {"country": "US", "region": "US-AZ", "city": "Tucson", "postcode": "85701"},
    {"country": "US", "region": "US-AZ", "city": "Flagstaff", "postcode": "86001"},
    {"country": "US", "region": "US-MN", "city": "Minneapolis", "postcode": "55408"},
    {"country": "US", "region": "US-MN", "city": "Saint Paul", "postcode": "55102"},
    {"country": "US", "region": "US-MN", "city": "Duluth", "postcode": "55802"},
    {"country": "GB", "region": "GB-ENG", "city": "London", "postcode": "SE1 9SG"},
    {"country": "GB", "region": "GB-ENG", "city": "London", "postcode": "N1 9AL"},
    {"country": "GB", "region": "GB-ENG", "city": "London", "postcode": "E8 1EA"},
    {"country": "GB", "region": "GB-ENG", "city": "Manchester", "postcode": "M2 5PD"},
    {"country": "GB", "region": "GB-ENG", "city": "Birmingham", "postcode": "B1 2ND"},
    {"country": "GB", "region": "GB-ENG", "city": "Leeds", "postcode": "LS1 4DY"},
    {"country": "GB", "region": "GB-ENG", "city": "Bristol", "postcode": "BS1 6QF"},
    {"country": "GB", "region": "GB-ENG", "city": "Sheffield", "postcode": "S1 2BP"},
    {"country": "GB", "region": "GB-ENG", "city": "Newcastle upon Tyne", "postcode": "NE1 5DL"},
    {"country": "GB", "region": "GB-SCT", "city": "Edinburgh", "postcode": "EH1 1BB"},
    {"country": "GB", "region": "GB-SCT", "city": "Glasgow", "postcode": "G1 3SL"},
    {"country": "GB", "region": "GB-SCT", "city": "Aberdeen", "postcode": "AB10 1AB"},
    {"country": "GB", "region": "GB-WLS", "city": "Cardiff", "postcode": "CF10 1EP"},
    {"country": "GB", "region": "GB-WLS", "city": "Swansea", "postcode": "SA1 1NU"},
    {"country": "GB", "region": "GB-NIR", "city": "Belfast", "postcode": "BT1 5GS"},
    {"country": "GB", "region": "GB-NIR", "city": "Belfast", "postcode": "BT7 1NN"},
]

_PSYCHOLOGISTS = [
    ("Psychologist", "PhD", "Licensed Psychologist"),
    ("Psychologist", "PsyD", "Licensed Psychologist"),
]
_LMFT = ("LMFT", "LMFT", "Licensed Marriage and Family Therapist")
_LCSW = ("LCSW", "LCSW", "Licensed Clinical Social Worker")
_LICSW = ("LICSW", "LICSW", "Licensed Independent Clinical Social Worker")
_LPC = ("LPC", "LPC", "Licensed Professional Counselor")
_LMHC = ("LMHC", "LMHC", "Licensed Mental Health Counselor")
_LPCC = ("LPCC", "LPCC", "Licensed Professional Clinical Counselor")

# State -> (licence type, credential suffix shown after the name, title). The counselor licence
# differs by state (LPC, LMHC, LPCC, LCPC, LCMHC); some states add licences of their own.
US_LICENCE_TYPES: dict[str, list[tuple[str, str, str]]] = {
    "AZ": [
        _LPC,
        _LMFT,
        _LCSW,
        ("LISAC", "LISAC", "Licensed Independent Substance Abuse Counselor"),
        *_PSYCHOLOGISTS,
    ],
    "CA": [_LPCC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "CO": [_LPC, _LMFT, _LCSW, ("LAC", "LAC", "Licensed Addiction Counselor"), *_PSYCHOLOGISTS],
    "FL": [_LMHC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "GA": [_LPC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "IL": [
        _LPC,
        ("LCPC", "LCPC", "Licensed Clinical Professional Counselor"),
        _LMFT,
        _LCSW,
        *_PSYCHOLOGISTS,
    ],
    "MA": [_LMHC, _LMFT, _LICSW, *_PSYCHOLOGISTS],
    "MN": [_LPCC, _LMFT, _LICSW, *_PSYCHOLOGISTS],
    "NC": [
        ("LCMHC", "LCMHC", "Licensed Clinical Mental Health Counselor"),
        _LMFT,
        _LCSW,
        ("LCAS", "LCAS", "Licensed Clinical Addictions Specialist"),
        *_PSYCHOLOGISTS,
    ],
    "NY": [
        _LMHC,
        _LCSW,
        _LMFT,
        ("LCAT", "LCAT", "Licensed Creative Arts Therapist"),
        ("LP", "LP", "Licensed Psychoanalyst"),
        *_PSYCHOLOGISTS,
    ],
    "OR": [_LPC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "PA": [_LPC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "TX": [_LPC, _LMFT, _LCSW, *_PSYCHOLOGISTS],
    "WA": [_LMHC, _LMFT, _LICSW, *_PSYCHOLOGISTS],
}

# (register, HCPC registration-number prefix or "", title, post-nominal letters). HCPC is the
# statutory regulator for psychologists and arts therapists; BACP, UKCP and BABCP hold
# accredited registers for counsellors and psychotherapists, who are not statutorily regulated.
GB_REGISTRATIONS: list[tuple[str, str, str, str]] = [
    ("HCPC", "PYL", "Practitioner psychologist", "DClinPsy"),
    ("HCPC", "PYL", "Practitioner psychologist", "DCounsPsych"),
    ("HCPC", "AS", "Arts therapist", "MA"),
    ("BACP", "", "Registered member MBACP", "MBACP"),
    ("BACP", "", "Accredited member MBACP (Accred)", "MBACP (Accred)"),
    ("UKCP", "", "UKCP registered psychotherapist", "UKCP"),
    ("BABCP", "", "BABCP accredited CBT psychotherapist", "BABCP Accred"),
]

# Rough relative weights for picking a demo therapist's *additional* languages (everyone is
# given English). A hint for realistic-looking data, not a statistic. Languages listed in
# LANGUAGE_COUNTRIES should only be given to listings in that country.
LANGUAGE_WEIGHTS: dict[str, int] = {
    "es": 30,
    "zh": 6,
    "vi": 3,
    "ko": 3,
    "ar": 4,
    "fr": 5,
    "de": 3,
    "pt": 4,
    "ru": 3,
    "uk": 2,
    "hi": 4,
    "ur": 3,
    "pa": 3,
    "bn": 2,
    "gu": 2,
    "pl": 3,
    "tl": 3,
    "ht": 2,
    "it": 2,
    "ja": 2,
    "fa": 2,
    "he": 2,
    "so": 1,
    "cy": 2,
    "ase": 2,
    "bfi": 1,
}
LANGUAGE_COUNTRIES: dict[str, str] = {"ase": "US", "ht": "US", "bfi": "GB", "cy": "GB"}

BIO_OPENERS: list[str] = [
    (
        "I'm a therapist in {city} with {years} years of experience, and my practice focuses on "
        "{specialty} and {specialty2}."
    ),
    (
        "Welcome, and thank you for taking the time to look around. I have worked in the areas of "
        "{specialty} and {specialty2} for {years} years, and I know how much courage it takes to "
        "reach out."
    ),
    (
        "Reaching out to a therapist is a real step, and I'm glad you're here. I specialize in "
        "{specialty} and work with adults in and around {city}."
    ),
    (
        "Life can feel heavy at times, and you don't have to carry it alone. For the past {years} "
        "years, my work in {city} has centered on {specialty} and {specialty2}."
    ),
    (
        "Hi, I'm glad you found my page. I'm a therapist based in {city} with a special interest "
        "in {specialty}, and I've been in practice for {years} years."
    ),
    (
        "Many of the people I work with come to therapy feeling stuck, tired or unsure where to "
        "start. My practice in {city} focuses on {specialty}, and I bring {years} years of "
        "experience to our work together."
    ),
    (
        "I believe everyone deserves a space where they feel heard and respected. I offer that "
        "space to adults in {city}, with a particular focus on {specialty} and {specialty2}."
    ),
    (
        "Whether you are facing something new or something you have carried for a long time, I'm "
        "here to help. I specialize in {specialty} and have supported clients in {city} for "
        "{years} years."
    ),
    (
        "I'm a compassionate, down-to-earth therapist with {years} years of experience in "
        "{specialty} and {specialty2}, and I see clients in {city} and online."
    ),
    (
        "Therapy works best when you feel safe, and building that safety is where I always start. "
        "My work focuses on {specialty}, and I see clients in {city} and by video."
    ),
    (
        "Sometimes the hardest part is knowing where to begin. I work with adults and young people "
        "in {city} in the areas of {specialty} and {specialty2}."
    ),
    (
        "You may be here because something in your life feels out of balance, and that is a good "
        "enough reason to reach out. I've spent {years} years specializing in {specialty}."
    ),
    (
        "I'm a therapist based in {city}, and for {years} years my work has centered on "
        "{specialty}, alongside a growing interest in {specialty2}."
    ),
    (
        "Every person's story is different, and I don't believe in one-size-fits-all therapy. In "
        "my {city} practice I focus on {specialty} and {specialty2}."
    ),
    (
        "Over {years} years as a therapist, I've learned that people are the experts on their own "
        "lives. My practice centers on {specialty}, and I work with clients across {city}."
    ),
    (
        "Thank you for considering therapy, which is a real investment in yourself. I specialize "
        "in {specialty} and bring warmth, curiosity and {years} years of experience to each "
        "session."
    ),
    (
        "I work with people who want more ease, connection and meaning in their lives. My areas of "
        "focus include {specialty} and {specialty2}, and my office is in {city}."
    ),
    (
        "Finding the right therapist matters, so I want to tell you a little about how I work. "
        "I've practiced for {years} years, with a focus on {specialty}."
    ),
    (
        "If you're looking for a therapist who is warm, direct and collaborative, we may be a good "
        "fit. I see clients in {city} and specialize in {specialty}."
    ),
    (
        "I have been a therapist for {years} years, and my work with clients in the areas of "
        "{specialty} and {specialty2} continues to inspire me."
    ),
    (
        "My practice in {city} is a calm, welcoming space, and my main areas of focus are "
        "{specialty} and {specialty2}."
    ),
    (
        "Small changes can add up, even when things feel stuck. For {years} years I've worked with "
        "clients in {city}, with a focus on {specialty} and {specialty2}."
    ),
    (
        "I'm an experienced therapist who specializes in {specialty}, and I've been seeing clients "
        "in {city} for {years} years."
    ),
    (
        "It is a privilege to sit with people during some of the hardest moments of their lives. I "
        "bring {years} years of experience in {specialty} to that work."
    ),
    (
        "Hello, and welcome. I'm a {city} therapist whose practice is grounded in compassion, with "
        "a particular interest in {specialty} and {specialty2}."
    ),
    (
        "I know that looking for a therapist can feel overwhelming. I offer a warm, practical "
        "space in {city}, with {years} years of experience in {specialty}."
    ),
    (
        "People often come to see me when they are ready for something to change but aren't sure "
        "how. My work focuses on {specialty}, and I have practiced in {city} for {years} years."
    ),
    (
        "Whether you are new to therapy or have tried it before, you are welcome here. My practice "
        "in {city} specializes in {specialty} and {specialty2}."
    ),
]

BIO_MIDDLES: list[str] = [
    "I draw on {approach} and {approach2}, and I tailor our work to your goals, pace and values.",
    (
        "My approach is collaborative and evidence-based, drawing mainly on {approach}, and I'll "
        "always explain what we're doing and why."
    ),
    (
        "I'm trained in {approach}, and I often weave in ideas from {approach2} when they fit what "
        "you need."
    ),
    (
        "In our sessions, we'll use tools from {approach} to understand what keeps you stuck and "
        "to try small, practical changes."
    ),
    (
        "I use {approach} alongside a warm, person-first style, so you will never feel like a "
        "diagnosis or a case number."
    ),
    (
        "Much of my work is grounded in {approach}, which gives us a clear structure while leaving "
        "room for whatever you bring each week."
    ),
    (
        "I have completed in-depth training in {approach} and take part in regular consultation to "
        "keep my skills current."
    ),
    (
        "With {approach}, we can look at the patterns that have shaped your life and find new ways "
        "forward that feel true to you."
    ),
    (
        "I often combine {approach} with {approach2}, because people rarely fit neatly into one "
        "method."
    ),
    (
        "Sessions are a mix of conversation, reflection and practical skills drawn from "
        "{approach}, shaped around what matters most to you."
    ),
    (
        "I've found {approach} especially useful in my work on {specialty2}, and I'm always open "
        "about how and why I use it."
    ),
    (
        "Together we'll set goals that matter to you, and I'll draw on {approach} to help you work "
        "toward them at a steady pace."
    ),
    (
        "I value honesty and humor in the therapy room, and my integrative style is rooted in "
        "{approach} and {approach2}."
    ),
    (
        "My training in {approach} and {approach2} lets me adapt our work as your needs and "
        "circumstances change."
    ),
    (
        "I offer {approach} in a relaxed, non-judging setting, and I welcome questions about how "
        "it works and what to expect."
    ),
    (
        "We'll move at a pace that feels right for you, using {approach} to build skills you can "
        "use between sessions."
    ),
    (
        "I see therapy as a partnership: you bring your own experience and wisdom, and I bring my "
        "training in {approach}."
    ),
    (
        "I pay close attention to culture, identity and background, and I adapt {approach} so that "
        "it fits your life rather than the other way around."
    ),
    (
        "Alongside {approach}, I draw on mindfulness to help clients notice their thoughts and "
        "feelings with more kindness and less judgment."
    ),
    (
        "Clients often tell me they appreciate how clearly I explain {approach} and how we might "
        "use it together."
    ),
    (
        "I believe lasting change comes from understanding as well as action, which is why I blend "
        "{approach} with {approach2}."
    ),
    (
        "My work is trauma-informed, and I use {approach} in a way that always puts your sense of "
        "safety and choice first."
    ),
    (
        "In our work together, {approach} gives us a shared language for what is happening and "
        "what you would like to be different."
    ),
    (
        "I often use {approach} with clients exploring {specialty2}, and I'm always happy to talk "
        "about whether it feels like a good fit."
    ),
    (
        "I try to be a curious, steady presence in the room, drawing on {approach} and {approach2} "
        "to help you make sense of your experiences."
    ),
    (
        "I work with individuals and couples, drawing on {approach} and adapting it to each "
        "person's needs, strengths and history."
    ),
    (
        "Practical tools from {approach} sit alongside plenty of space to simply talk, reflect and "
        "be heard."
    ),
    (
        "Before we begin, I'll walk you through how {approach} works, and you're always free to "
        "ask questions or change direction."
    ),
]

BIO_CLOSERS: list[str] = [
    "I offer a free 15-minute phone consultation so we can see whether we're a good fit.",
    (
        "If you're curious about working together, I'd be glad to hear from you and answer any "
        "questions."
    ),
    "I see clients in person in {city} and online, with some evening appointments available.",
    "Please reach out with any questions; there is no pressure, and I'll reply as soon as I can.",
    (
        "You don't have to have everything figured out before you get in touch, and we can start "
        "wherever you are."
    ),
    "When you're ready, I'd be honored to walk alongside you for part of the journey.",
    "I welcome clients of all backgrounds, identities, faiths and bodies.",
    "Feel free to send me a message to set up a brief call and ask anything you'd like.",
    "I look forward to hearing from you and learning a little about what brings you here.",
    (
        "Sessions are available in person and by secure video, so you can choose what works best "
        "for you."
    ),
    "Taking the first step can be the hardest part, and I'm here whenever you're ready.",
    "My office in {city} is quiet, private and easy to reach by public transit.",
    "I'm happy to talk about fees, scheduling and what to expect before we begin.",
    (
        "Outside the therapy room, you'll usually find me hiking, cooking or exploring {city} with "
        "my family."
    ),
    "Whatever brings you here, you will be met with warmth, patience and respect.",
    "Reach out today to arrange a free, no-obligation first conversation.",
    (
        "I believe therapy should feel like a real collaboration, and I'd love to explore whether "
        "we're a good match."
    ),
    "Please get in touch through this page, and I'll get back to you within two business days.",
    "I keep a small number of reduced-fee spots open, so please ask if cost is a concern.",
    "Together, we can make space for what matters most to you.",
    "I welcome LGBTQ+ clients and am committed to affirming, inclusive care for everyone.",
    "Appointments are available on weekdays and some Saturdays, both in {city} and online.",
    "If you're unsure whether therapy is right for you, let's talk it through with no obligation.",
    "I'm currently accepting new clients and would be glad to hear from you.",
    "Your story matters, and I'd be glad to hear it whenever you're ready to share it.",
    "I keep a calm, unhurried pace, and you are always welcome to ask questions along the way.",
    "Thank you for reading, and I hope we get the chance to meet soon.",
]

HEADLINES: list[str] = [
    "Helping adults move through {specialty} with {approach}",
    "Warm, collaborative support for {specialty}",
    "{approach} for {specialty} and life's hard moments",
    "Evidence-based therapy with a focus on {specialty}",
    "Compassionate care for {specialty} and {specialty2}",
    "A calm, steady space to work on {specialty}",
    "Specializing in {specialty} | {approach}",
    "Therapist for {specialty}, using {approach}",
    "Grounded, practical therapy for {specialty}",
    "Gentle, trauma-informed therapy focused on {specialty}",
    "Real talk, real tools: {approach} for {specialty}",
    "Making space for {specialty} with kindness and curiosity",
    "Individual and couples therapy with a focus on {specialty}",
    "Supporting teens and adults with {specialty}",
    "Therapy for {specialty} and {specialty2} in {city}",
    "Your partner in working on {specialty}",
    "Thoughtful, affirming therapy for {specialty}",
    "Clear, caring support for {specialty} through {approach}",
    "Therapy for {specialty} that meets you where you are",
    "Practical, heart-centered help with {specialty}",
    "Where {approach} meets warmth and humor",
    "Focused on {specialty}, grounded in {approach}",
    "Building resilience around {specialty} with {approach}",
    "Inclusive, evidence-based therapy for {specialty}",
    "Space to breathe, reflect and grow, with a focus on {specialty}",
    "Skilled in {approach} and {approach2}",
    "In-person and online therapy for {specialty} in {city}",
    "Collaborative therapy for {specialty} and {specialty2}",
    "Helping adults and couples with {specialty}",
    "Steady, compassionate support with {specialty}",
    "Therapy rooted in {approach}, shaped around you",
    "Down-to-earth support for {specialty} in {city}",
    "{approach} and {approach2} for adults and young people",
    "Unhurried, judgment-free therapy for {specialty}",
]

REVIEW_SNIPPETS: list[str] = [
    (
        "Replied to my first message within a day and explained clearly how the first appointment "
        "would work."
    ),
    (
        "The listing was accurate. Fees, location and availability were exactly as described, "
        "which made booking easy."
    ),
    "I always felt respected and listened to, and I never felt rushed at any point.",
    "Very patient with all my questions about scheduling and payment before we started.",
    "The office was easy to find and the waiting area felt calm and private.",
    "Clear about the cancellation policy and fees from the very start, so there were no surprises.",
    "Video sessions always started on time and the link worked every single time.",
    "Friendly, professional and easy to talk to from the very first phone call.",
    "Took the time to explain their approach in plain language so I knew what to expect.",
    "Helped me understand how my insurance would work and sent me the paperwork I needed.",
    (
        "I appreciated the text reminders the day before each appointment. Small thing, but really "
        "helpful."
    ),
    "Always on time and fully present during our sessions, which I really valued.",
    "Responded kindly and quickly when I needed to reschedule at short notice.",
    "I felt welcomed and respected as a person, not as a case number.",
    "The free consultation call was relaxed and helped me decide whether it was a good fit.",
    (
        "Honest about what they could and could not offer, and pointed me to other options when "
        "needed."
    ),
    "The booking process was simple, and the intake forms were short and easy to understand.",
    "Never made me feel judged. Warm, thoughtful and very professional throughout.",
    "Their profile on this site matched my experience exactly: calm, kind and well organized.",
    "Great communication between appointments whenever I had practical questions about scheduling.",
    "Evening appointments made it possible to fit sessions around my work schedule.",
    (
        "I liked that they asked what I wanted from our time together and checked in regularly "
        "about how it was going."
    ),
    "The office had step-free access and a quiet entrance, which mattered a lot to me.",
    "Used my correct name and pronouns from the very first email onward.",
    "Explained confidentiality clearly at the start, which put me at ease straight away.",
    "Easy to reach, quick to reply and always polite, even when I sent a lot of questions.",
    "The sliding-scale fee was explained openly and without any awkwardness.",
    "Sessions felt unhurried, even though they always started and ended right on time.",
    "Respectful of my culture and background, and curious rather than making assumptions.",
    "I felt comfortable asking questions, and every answer I got was straightforward.",
    "Reliable and consistent. Not once did I have an appointment cancelled at the last minute.",
    "Sent a receipt after every session without me having to ask for one.",
    "The waiting room was quiet and there was easy parking right outside the building.",
    "Warm and down to earth, with a good sense of humor that helped me relax.",
    "Very clear about how to get in touch between sessions and when to expect a reply.",
    "Offered both in-person and online sessions, which helped a lot when my schedule changed.",
    "Listened far more than they talked, and never once hurried me along.",
    "Professional from start to finish, and the details in the listing were spot on.",
    "Took time to make sure I understood all the paperwork before we began.",
    "Kind, calm and patient. I always left our appointments feeling respected.",
    (
        "Followed up quickly after my inquiry and offered a few time options that actually worked "
        "for me."
    ),
    "I valued how open they were about fees and how billing works.",
    "Made it easy to pause and restart our sessions when my work schedule changed.",
    "Genuinely friendly, and the front desk staff at the practice were helpful too.",
    "Gave me space to talk at my own pace and never pushed me to say more than I wanted.",
    "The online portal was simple to use for booking appointments and sending messages.",
    "Open about their training and qualifications, and happy to explain how they work.",
    (
        "Thoughtful and well prepared for each session, and always remembered what we had talked "
        "about."
    ),
    "A very welcoming presence. I felt at ease from the first few minutes.",
    (
        "The languages listed on the profile were accurate, and being able to speak in my first "
        "language made a real difference."
    ),
    "Straightforward to book and easy to talk to. I would recommend them to a friend.",
    "I appreciated the clear explanation of what a first session involves before I booked.",
    "Kept our appointment time consistent week to week, which made it much easier to plan around.",
    "Respectful of my time, always prepared, and never distracted during our sessions.",
    (
        "The address and opening hours on the profile were correct, which is not always the case "
        "elsewhere."
    ),
    "Always made sure I was comfortable with the plan for each session before we got started.",
    "Responsive to emails and thoughtful in every reply, even on busy weeks.",
    "Made the switch to video sessions seamless when I was away from home for a few months.",
    "Never made me feel silly for asking basic questions about how therapy works.",
    "Gentle, patient and a very clear communicator from the first message to the last session.",
    "The consultation call was friendly and gave me a good sense of their style before committing.",
    "Easy to talk to and genuinely interested in what I had to say.",
    "Clear boundaries, a kind manner and a calm, comfortable office space.",
    (
        "They checked whether the timing and format of our sessions suited me, and adjusted when I "
        "asked."
    ),
    "Honest, approachable and always punctual. Exactly what I was hoping to find.",
]
