"""Small text helpers shared by models, forms and demo data."""

import re
import unicodedata


def slugify(text: str, max_length: int = 100) -> str:
    """`José O'Brien 12` -> `jose-obrien-12`: ASCII, lowercase, hyphenated."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
