"""The cached arrays read from the index equal what Whoosh itself reads."""

from __future__ import annotations

import numpy as np

from directory.demo import seed_demo
from directory.extensions import db
from directory.models import Therapist
from directory.search import backend
from directory.search.document import COLUMNS


def test_postings_and_columns_match_whoosh_across_blocks_segments_and_deletions(
    app, make_therapist
):
    seed_demo(db.session, 300)  # long posting lists: several blocks each
    backend().rebuild(db.session)
    # A second segment, and deletions in the first.
    make_therapist(languages=["en"], bio="anxiety anxiety")
    first = db.session.get(Therapist, 1)
    first.status = "hidden"
    db.session.commit()
    backend().apply_outbox(db.session)
    view = backend().view()
    assert len(view.segments) >= 2 and not view.live.all()
    reader = view.searcher.reader()
    for fieldname, term in [("language", "en"), ("about", "anxieti"), ("flag", "verified")]:
        docnums, weights = view.postings(fieldname, term)
        expected = list(reader.postings(fieldname, term).items_as("weight"))
        live = view.live[docnums]
        assert docnums[live].tolist() == [d for d, _ in expected]
        assert np.allclose(weights[live], [w for _, w in expected])
    for name in COLUMNS:
        column = reader.column_reader(name)
        expected = [column[d] for d in range(view.size)]
        assert np.allclose(view.column(name), expected), name
