"""The Whoosh schema, and how a therapist row becomes an index document.

What is indexed is chosen for speed (see the measurements in docs/design.md):
- text fields keep frequencies only (no positions, no term vectors, nothing stored),
  because scoring, highlighting and snippets are done from cached postings and from
  the database rows of the page being shown;
- approach and specialty names are not indexed as text on every profile (they were
  two thirds of all postings): the slugs are, and a query word is matched against the
  small vocabulary at query time (see vocabulary.py), so synonyms can change
  without a reindex;
- filters are KEYWORD fields whose postings become cached bitmasks;
- everything sortable is a column only (`COLUMN`, not `NUMERIC`: a NUMERIC field also
  indexes ~17 range-query terms per value, which was half of all postings), read once
  per searcher into an array.
"""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema

from ..document import COLUMNS, KEYWORD_FIELDS, TEXT_FIELDS
from .analysis import FastStemmingAnalyzer

# One stemming analyzer for every text field, for queries and for highlighting,
# so terms always agree.
TEXT_ANALYZER = FastStemmingAnalyzer()
# Plain lowercase words: how a query is split, and the words suggestions are made from.
WORD_ANALYZER = RegexTokenizer() | LowercaseFilter()

# How much a query word naming an approach or specialty the profile offers.
VOCABULARY_BOOST = 3.0


def build_schema() -> Schema:
    """The schema of the therapist index."""
    fields = {"pk": ID(unique=True, stored=True)}
    for name in TEXT_FIELDS:
        text = TEXT(analyzer=TEXT_ANALYZER, phrase=False)
        # Relevance does not normalise by length (engine.K1), so no length column is kept:
        # writing one costs a lookup per posting when a segment is written.
        text.scorable = False
        fields[name] = text
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(commas=True, lowercase=False)
    for name, (numtype, default) in COLUMNS.items():
        fields[name] = COLUMN(NumericColumn("d" if numtype is float else "q", default=default))
    return Schema(**fields)


def whoosh_document(doc: dict) -> dict:
    """A search document (document.py) as Whoosh takes it: keyword values joined by
    commas, empty fields left out, the therapist id also as the unique key `pk`."""
    fields = {"pk": str(doc["tid"])}
    for name in (*TEXT_FIELDS, *KEYWORD_FIELDS):
        value = doc[name]
        fields[name] = ",".join(value) if isinstance(value, list) else value
    fields.update((name, doc[name]) for name in COLUMNS)
    return {name: value for name, value in fields.items() if value != ""}
