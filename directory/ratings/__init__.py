"""Client ratings of therapists: who may rate, submitting and editing, moderation,
reports, aggregates, and what profiles show.

Ratings of therapists are ethically delicate (see templates/ratings/policy.html): only a
signed-in, confirmed client who says they contacted or saw the therapist may rate,
once per therapist; every rating waits for an admin before anyone sees it or it counts;
nobody is named in public; and a therapist can neither reply nor invite ratings.

The rules, in one place:

- A rating is PENDING when submitted, when its comment is edited, and when anyone
  reports it; only APPROVED ratings are shown, counted and searchable. A report hides a
  rating at once, until an admin decides: someone saying "this identifies me" must not
  wait for a moderator. Reports need a reason, are rate-limited per address, and one
  reporter counts once per rating, so hiding a rating costs a stranger something.
- Aggregates (`Therapist.rating_count`, `rating_average`, `rating_score`) are
  recomputed from the rating table by an ORM hook after every flush that changed a
  rating, in the same transaction: whatever code path changes a rating (a client, an
  admin, an account deletion), the aggregates and the search outbox follow. On
  PostgreSQL the therapist row is locked first (`SELECT ... FOR NO KEY UPDATE`), so two
  transactions rating one therapist recompute one after the other and the last to
  commit sees both; on SQLite the database lock serialises writers anyway.
- The Bayesian score used by "sort by rating" is a fixed prior of BAYES_PRIOR_WEIGHT
  (5) pseudo-ratings of BAYES_PRIOR_MEAN (3.5): score = (5 * 3.5 + sum) / (5 + n).
  Fixed, not the site-wide mean, so each therapist's score depends only on their own
  ratings: it can be recomputed in the transaction that changed them, and one approval
  never re-scores (and re-indexes) every profile. 3.5 lies below the mean of typical
  online ratings (about 4.2 to 4.5), so a handful of glowing ratings is pulled down, not
  up: 200 ratings averaging 4.8 score 4.77, three 5-star ratings 4.06. Below
  MIN_RATINGS_SHOWN approved ratings the score is 0, like a profile with none: an order
  that depends on one or two ratings would single their authors out as surely as
  showing the average would.
- Comments are plain text, cleaned and checked by comments.py: at most 1,000
  characters, markup kept and shown inert, invisible format characters removed.
- The index's "comments" text is exactly the comments a profile shows (see
  display.comment_texts).

Modules: rules (who may rate; submitting, editing, deleting), moderation (the admins'
queue and decisions), reports, aggregates (the therapist row's count, average and
score), display (what a profile shows), comments (cleaning and warnings), hooks (how
ratings plug into the app, the session and the search index).

This file imports nothing on purpose: the search engine reads the display threshold
from `display`, while `hooks` imports the search package, and an import of any
submodule runs this file first.
"""
