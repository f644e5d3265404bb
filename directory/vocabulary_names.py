"""Display names for the language codes profiles use (ISO 639-1, or 639-3 for sign languages).

These are the languages a therapist can choose, a visitor can filter by, and demo
profiles are given: one list, so that nothing listed is ever refused by the search.
"""

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "ar": "Arabic", "fr": "French", "de": "German", "pt": "Portuguese", "ru": "Russian",
    "uk": "Ukrainian", "hi": "Hindi", "ur": "Urdu", "pa": "Punjabi", "pl": "Polish",
    "tl": "Tagalog", "ht": "Haitian Creole", "it": "Italian", "ja": "Japanese", "fa": "Persian",
    "bn": "Bengali", "gu": "Gujarati", "he": "Hebrew", "tr": "Turkish", "so": "Somali",
    "cy": "Welsh", "gd": "Scottish Gaelic", "ase": "American Sign Language",
    "bfi": "British Sign Language",
}  # fmt: skip


def language_name(code: str) -> str:
    """`es` -> `Spanish`; an unknown code is shown as it is."""
    return LANGUAGE_NAMES.get(code, code)
