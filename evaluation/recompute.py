"""The scorecard recompute: evaluation.md's arithmetic as a few set-based SQL statements.

For one scheme and one period (optionally one college and its majors and industry
colleges), every figure is computed in the database from the verified rows of the ledger:

1. ``cj_si``: one row per subject × indicator of the scheme, with the aggregated value v
   (NULL when the subject has no evidence for it) and the score s (0–100).
2. ``cj_sc``: one row per subject, with the three dimension scores (weighted means over
   *all* the scheme's indicators of the dimension) and the overall score.
3. The previous numbers of every scorecard that changes go to its history; the scorecards
   and their indicator rows are upserted, touching only rows whose numbers changed.
4. Ranks are dense ranks by overall score within subject kind, period and scheme. Only the
   ranks a run moves are written: when no overall score changed nothing is ranked, and
   otherwise only the cards at or below the highest score that moved (old or new) are ranked
   again, offset by the distinct scores above it (those ranks cannot move); on PostgreSQL
   only the cards between the lowest and the highest score that moved are ranked, and the
   ranks below them shifted by the distinct scores that range gained or lost.

A run covers one period: every subject, or the subjects of some colleges (what a drain of the
ledger's dirty marks names: the colleges whose evidence changed since the last run, all in one
pass), and writes only the subjects whose figures changed.

The SQL is plain enough to run on PostgreSQL and on the embedded SQLite alike (hence the
``1.0 *`` before divisions: SQLite divides integers as integers); only the ranks after some
colleges' changes are found otherwise on PostgreSQL (kind by kind, with ``LATERAL``, which
SQLite lacks), to the same numbers, which the property tests check on both. Nothing here
loops over subjects or evidence rows in Python. Running it twice gives the same rows: only
changed numbers are written.
"""

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts import public_cache
from ledger.models import Scheme

# Stored figures keep ten decimals (the API shows two).
_PRECISION = 10

_SUBJECTS = """
    SELECT 'college' AS subject_type, c.id AS subject_id, c.id AS college_id, c.name AS subject_name
      FROM colleges_college c WHERE {college_c}
    UNION ALL
    SELECT 'major', m.id, m.college_id, m.name FROM colleges_major m WHERE {college_m}
    UNION ALL
    SELECT 'industry_college', ic.id, ic.college_id, ic.name
      FROM colleges_industrycollege ic WHERE {college_ic}
"""

_INDICATOR_ROWS = """
CREATE TEMP TABLE cj_si AS
WITH subj AS ({subjects}),
ind AS (
    SELECT code, dimension, aggregation, direction, target, weight
      FROM ledger_indicator WHERE scheme_id = %(scheme)s
),
base AS {inline} (
    -- The period's verified evidence counted and summed as finely as any subject needs,
    -- kept current by the database (ledger.rollups): a few rows per subject, however long
    -- the ledger; every subject's totals derive from these. (On PostgreSQL each of the three
    -- sums below reads the rollups itself: cheaper than writing them aside first.)
    SELECT college_id, NULLIF(major_id, 0) AS major_id,
           NULLIF(industry_college_id, 0) AS industry_college_id, indicator, n, sv, sb
      FROM ledger_rollup
     WHERE period = %(period)s AND n > 0 AND {college_e}
),
agg AS (
    SELECT 'college' AS subject_type, college_id AS subject_id, indicator,
           SUM(n) AS n, SUM(sv) AS sv, SUM(sb) AS sb
      FROM base GROUP BY college_id, indicator
    UNION ALL
    SELECT 'major', major_id, indicator, SUM(n), SUM(sv), SUM(sb)
      FROM base WHERE major_id IS NOT NULL GROUP BY major_id, indicator
    UNION ALL
    SELECT 'industry_college', industry_college_id, indicator, SUM(n), SUM(sv), SUM(sb)
      FROM base WHERE industry_college_id IS NOT NULL GROUP BY industry_college_id, indicator
),
val AS (
    SELECT s.subject_type, s.subject_id, s.college_id, s.subject_name,
           i.code, i.dimension, i.direction, i.target, i.weight,
           COALESCE(a.n, 0) AS n, a.sv AS sv, a.sb AS sb,
           CASE WHEN a.n IS NULL THEN NULL
                WHEN i.aggregation = 'sum' THEN a.sv
                WHEN i.aggregation = 'count' THEN a.n
                WHEN i.aggregation = 'mean' THEN a.sv * 1.0 / a.n
                ELSE a.sv * 1.0 / a.sb
           END AS v
      FROM subj s
     CROSS JOIN ind i
      LEFT JOIN agg a
        ON a.subject_type = s.subject_type AND a.subject_id = s.subject_id AND a.indicator = i.code
)
SELECT subject_type, subject_id, college_id, subject_name, code, dimension, weight, n, sv, sb, v,
       CASE WHEN v IS NULL THEN 0
            WHEN direction = 'higher_better' THEN
                 CASE WHEN v <= 0 THEN 0 WHEN v >= target THEN 100 ELSE 100.0 * v / target END
            ELSE CASE WHEN v <= target THEN 100 ELSE 100.0 * target / v END
       END AS score
  FROM val
"""

# D = Σ weight·s / Σ weight over all the scheme's indicators of the dimension (NULL when the
# scheme has none); O = the scheme's dimension weights over the dimensions it has, spread
# in proportion when one is missing.
_SCORECARD_ROWS = """
CREATE TEMP TABLE cj_sc AS
WITH tot AS (
    SELECT SUM(CASE WHEN dimension = 'technology' THEN weight ELSE 0 END) AS wt,
           SUM(CASE WHEN dimension = 'competence' THEN weight ELSE 0 END) AS wc,
           SUM(CASE WHEN dimension = 'service' THEN weight ELSE 0 END) AS ws
      FROM ledger_indicator WHERE scheme_id = %(scheme)s
),
sch AS (
    SELECT weight_technology AS kt, weight_competence AS kc, weight_service AS ks
      FROM ledger_scheme WHERE id = %(scheme)s
),
dim AS (
    SELECT si.subject_type, si.subject_id, si.college_id, si.subject_name,
           CASE WHEN tot.wt > 0 THEN 1.0 * SUM(CASE WHEN si.dimension = 'technology' THEN si.weight * si.score ELSE 0 END) / tot.wt END AS technology,
           CASE WHEN tot.wc > 0 THEN 1.0 * SUM(CASE WHEN si.dimension = 'competence' THEN si.weight * si.score ELSE 0 END) / tot.wc END AS competence,
           CASE WHEN tot.ws > 0 THEN 1.0 * SUM(CASE WHEN si.dimension = 'service' THEN si.weight * si.score ELSE 0 END) / tot.ws END AS service
      FROM cj_si si CROSS JOIN tot
     GROUP BY si.subject_type, si.subject_id, si.college_id, si.subject_name, tot.wt, tot.wc, tot.ws
)
SELECT dim.*,
       COALESCE(
           1.0 * (COALESCE(sch.kt * dim.technology, 0) + COALESCE(sch.kc * dim.competence, 0)
            + COALESCE(sch.ks * dim.service, 0))
           / NULLIF(CASE WHEN dim.technology IS NULL THEN 0 ELSE sch.kt END
                    + CASE WHEN dim.competence IS NULL THEN 0 ELSE sch.kc END
                    + CASE WHEN dim.service IS NULL THEN 0 ELSE sch.ks END, 0),
           0) AS overall
  FROM dim CROSS JOIN sch
"""

_SAME_KEY = """
    s.subject_type = n.subject_type AND s.subject_id = n.subject_id
    AND s.period = %(period)s AND s.scheme_id = %(scheme)s
"""


def _differs(old: str, new: str) -> str:
    """SQL: the stored numbers of ``old`` differ from the freshly computed ``new``."""
    parts = [f"{old}.overall <> ROUND({new}.overall, {_PRECISION})"]
    parts += [
        f"COALESCE({old}.{d}, -1) <> COALESCE(ROUND({new}.{d}, {_PRECISION}), -1)"
        for d in ("technology", "competence", "service")
    ]
    return "(" + " OR ".join(parts) + ")"


_HISTORY = f"""
INSERT INTO evaluation_scorecardhistory
       (scorecard_id, technology, competence, service, overall, computed_at, replaced_at)
SELECT s.id, s.technology, s.competence, s.service, s.overall, s.computed_at, %(now)s
  FROM evaluation_scorecard s JOIN cj_sc n ON {_SAME_KEY}
 WHERE {_differs("s", "n")}
"""

# Only the cards that are new or whose figures (or name) differ reach the upsert: an upsert
# locks every row it meets, even one its WHERE leaves as it is, so a run that compared all
# of a period's cards there would write to every page of the table to change nothing.
_UPSERT_SCORECARDS = f"""
INSERT INTO evaluation_scorecard
       (subject_type, subject_id, subject_name, college_id, period, scheme_id, technology,
        competence, service, overall, rank, status, changed_since_publication, computed_at)
SELECT n.subject_type, n.subject_id, n.subject_name, n.college_id, %(period)s, %(scheme)s,
       ROUND(n.technology, {_PRECISION}), ROUND(n.competence, {_PRECISION}),
       ROUND(n.service, {_PRECISION}), ROUND(n.overall, {_PRECISION}),
       NULL, 'draft', FALSE, %(now)s
  FROM cj_sc n LEFT JOIN evaluation_scorecard s ON {_SAME_KEY}
 WHERE s.id IS NULL OR {_differs("s", "n")} OR s.subject_name <> n.subject_name
ON CONFLICT (subject_type, subject_id, period, scheme_id) DO UPDATE SET
       technology = excluded.technology, competence = excluded.competence,
       service = excluded.service, overall = excluded.overall,
       subject_name = excluded.subject_name, computed_at = excluded.computed_at,
       changed_since_publication = CASE WHEN evaluation_scorecard.status = 'published' THEN TRUE
                                        ELSE evaluation_scorecard.changed_since_publication END
"""

# As above: only the indicator rows that are new or differ are upserted.
_UPSERT_INDICATORS = f"""
INSERT INTO evaluation_scorecardindicator
       (scorecard_id, code, dimension, value, score, evidence_count, value_sum, base_sum)
SELECT s.id, n.code, n.dimension, ROUND(n.v, {_PRECISION}), ROUND(n.score, {_PRECISION}), n.n, n.sv, n.sb
  FROM cj_si n JOIN evaluation_scorecard s ON {_SAME_KEY}
  LEFT JOIN evaluation_scorecardindicator o ON o.scorecard_id = s.id AND o.code = n.code
 WHERE o.id IS NULL
    OR COALESCE(o.value, -1) <> COALESCE(ROUND(n.v, {_PRECISION}), -1)
    OR o.score <> ROUND(n.score, {_PRECISION})
    OR o.evidence_count <> n.n
    OR COALESCE(o.value_sum, -1) <> COALESCE(n.sv, -1)
    OR COALESCE(o.base_sum, -1) <> COALESCE(n.sb, -1)
    OR o.dimension <> n.dimension
ON CONFLICT (scorecard_id, code) DO UPDATE SET
       dimension = excluded.dimension, value = excluded.value, score = excluded.score,
       evidence_count = excluded.evidence_count, value_sum = excluded.value_sum,
       base_sum = excluded.base_sum
"""

# A full run ranks every card again (any rank wrong for whatever reason is put right).
_ALL_RANKS = """
UPDATE evaluation_scorecard SET rank = r.rnk
  FROM (SELECT id, DENSE_RANK() OVER (PARTITION BY subject_type ORDER BY overall DESC) AS rnk
          FROM evaluation_scorecard WHERE scheme_id = %(scheme)s AND period = %(period)s) r
 WHERE evaluation_scorecard.id = r.id
   AND (evaluation_scorecard.rank IS NULL OR evaluation_scorecard.rank <> r.rnk)
"""


# The cards whose overall score this run changes (or makes), with their old and new scores and
# the higher and lower of the two: ranks above the highest of these per kind cannot move.
_MOVED = f"""
CREATE TEMP TABLE cj_moved AS
SELECT n.subject_type, n.subject_id, s.overall AS old,
       CASE WHEN s.id IS NULL OR s.overall < ROUND(n.overall, {_PRECISION})
            THEN ROUND(n.overall, {_PRECISION}) ELSE s.overall END AS hi,
       CASE WHEN s.id IS NULL OR s.overall > ROUND(n.overall, {_PRECISION})
            THEN ROUND(n.overall, {_PRECISION}) ELSE s.overall END AS lo
  FROM cj_sc n LEFT JOIN evaluation_scorecard s ON {_SAME_KEY}
 WHERE s.id IS NULL OR s.overall <> ROUND(n.overall, {_PRECISION})
"""

# Rank = 1 + the distinct scores above. For a card at or below ``hi`` that is the distinct
# scores above ``hi`` (unchanged by this run) plus its dense rank among the cards at or below.
# The scores above are counted once per kind, aside (``cj_bounds``): inside the ranking
# statement the planner would count them again for every card it ranks.
_BOUNDS = """
CREATE TEMP TABLE cj_bounds AS
SELECT t.subject_type, t.hi,
       (SELECT COUNT(DISTINCT o.overall) FROM evaluation_scorecard o
         WHERE o.scheme_id = %(scheme)s AND o.period = %(period)s
           AND o.subject_type = t.subject_type AND o.overall > t.hi) AS above
  FROM (SELECT subject_type, MAX(hi) AS hi FROM cj_moved GROUP BY subject_type) t
"""

_RANKS = """
UPDATE evaluation_scorecard SET rank = r.rnk
  FROM (SELECT sc.id,
               m.above + DENSE_RANK() OVER (PARTITION BY sc.subject_type ORDER BY sc.overall DESC) AS rnk
          FROM evaluation_scorecard sc
          JOIN cj_bounds m ON m.subject_type = sc.subject_type
         WHERE sc.scheme_id = %(scheme)s AND sc.period = %(period)s AND sc.overall <= m.hi) r
 WHERE evaluation_scorecard.id = r.id
   AND (evaluation_scorecard.rank IS NULL OR evaluation_scorecard.rank <> r.rnk)
"""


# The same on PostgreSQL, reading only the cards whose scores lie between the lowest and the
# highest score that moved (the window), kind by kind, from the ranks the cards hold (every run
# leaves them right; the nightly full run ranks every card again whatever they hold):
#
# - the distinct scores above the window: the rank of the lowest card above it (counted when
#   that card holds no rank);
# - in the window, that plus the card's dense rank there;
# - below it, the rank held plus the distinct scores the window gained (after the run against
#   before it: the unmoved cards' scores there and the moved cards' old ones), the same for
#   every card below, and nothing written when the window gained none.
#
# Ranking every card below the highest score that moved, as SQLite does, read up to every card
# of the kind (20,000 majors at 20 M evidence rows: 30 ms for a decision that moved a dozen
# ranks). Each kind is ranked apart through the index in rank order (``scorecard_rank_order``),
# and only the window's cards whose rank differs are kept aside (``cj_ranks``), then counted
# for the planner. SQLite has no LATERAL.
_WINDOW = """
CREATE TEMP TABLE cj_window AS
SELECT t.subject_type, t.hi, t.lo,
       COALESCE(
           (SELECT o.rank FROM evaluation_scorecard o
             WHERE o.scheme_id = %(scheme)s AND o.period = %(period)s
               AND o.subject_type = t.subject_type AND o.overall > t.hi
             ORDER BY o.overall LIMIT 1),
           (SELECT COUNT(DISTINCT o.overall) FROM evaluation_scorecard o
             WHERE o.scheme_id = %(scheme)s AND o.period = %(period)s
               AND o.subject_type = t.subject_type AND o.overall > t.hi)) AS above,
       (SELECT COUNT(DISTINCT o.overall) FROM evaluation_scorecard o
         WHERE o.scheme_id = %(scheme)s AND o.period = %(period)s
           AND o.subject_type = t.subject_type AND o.overall BETWEEN t.lo AND t.hi) AS after,
       (SELECT COUNT(*) FROM (
            SELECT o.overall FROM evaluation_scorecard o
             WHERE o.scheme_id = %(scheme)s AND o.period = %(period)s
               AND o.subject_type = t.subject_type AND o.overall BETWEEN t.lo AND t.hi
               AND NOT EXISTS (SELECT 1 FROM cj_moved m
                                WHERE m.subject_type = o.subject_type AND m.subject_id = o.subject_id)
            UNION
            SELECT m.old FROM cj_moved m WHERE m.subject_type = t.subject_type AND m.old IS NOT NULL
        ) b) AS before
  FROM (SELECT subject_type, MAX(hi) AS hi, MIN(lo) AS lo FROM cj_moved GROUP BY subject_type) t
"""

_CHANGED_RANKS = """
CREATE TEMP TABLE cj_ranks AS
SELECT x.id, x.rnk
  FROM cj_window m
 CROSS JOIN LATERAL (
       SELECT sc.id, sc.rank, m.above + DENSE_RANK() OVER (ORDER BY sc.overall DESC) AS rnk
         FROM evaluation_scorecard sc
        WHERE sc.scheme_id = %(scheme)s AND sc.period = %(period)s
          AND sc.subject_type = m.subject_type AND sc.overall <= m.hi AND sc.overall >= m.lo) x
 WHERE x.rank IS DISTINCT FROM x.rnk
"""

_WRITE_RANKS = """
UPDATE evaluation_scorecard SET rank = r.rnk FROM cj_ranks r WHERE evaluation_scorecard.id = r.id
"""

_SHIFT_RANKS_BELOW = """
UPDATE evaluation_scorecard SET rank = evaluation_scorecard.rank + (m.after - m.before)
  FROM cj_window m
 WHERE evaluation_scorecard.scheme_id = %(scheme)s AND evaluation_scorecard.period = %(period)s
   AND evaluation_scorecard.subject_type = m.subject_type AND evaluation_scorecard.overall < m.lo
   AND m.after <> m.before
"""

# Cards written by one run past which the planner's statistics of the scorecard table are
# refreshed before its indicator rows are written.
_MANY_CARDS = 500


def _analyze(cursor: Any, *tables: str) -> None:
    """Fresh statistics for the planner (PostgreSQL): autovacuum does not see the rows of a
    transaction before it commits."""
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE " + ", ".join(tables))


def _subject_filters(colleges: list[int] | None) -> dict[str, str]:
    if colleges is None:
        return {"college_c": "1 = 1", "college_m": "1 = 1", "college_ic": "1 = 1", "college_e": "1 = 1"}
    # Integers only (never input text): the list is written into the statement.
    listed = ", ".join(str(int(college)) for college in colleges) or "NULL"
    return {
        "college_c": f"c.id IN ({listed})",
        "college_m": f"m.college_id IN ({listed})",
        "college_ic": f"ic.college_id IN ({listed})",
        "college_e": f"college_id IN ({listed})",
    }


def _rank_moved(cursor: Any, params: dict[str, Any]) -> int:
    """Write the ranks the moved cards (``cj_moved``) change; how many cards were written."""
    written = 0
    if connection.vendor == "postgresql":
        cursor.execute("DROP TABLE IF EXISTS cj_window")
        cursor.execute("DROP TABLE IF EXISTS cj_ranks")
        cursor.execute(_WINDOW, params)
        cursor.execute(_CHANGED_RANKS, params)
        # Counted, not guessed: unanalysed, a fresh table of one page is taken for 1,850 rows,
        # and the planner then hashed every card of every period to meet the few dozen that
        # moved (70 ms at 20 M evidence rows, against 1).
        _analyze(cursor, "cj_ranks")
        cursor.execute(_WRITE_RANKS)
        written += cursor.rowcount
        cursor.execute(_SHIFT_RANKS_BELOW, params)
        written += cursor.rowcount
        cursor.execute("DROP TABLE cj_ranks")
        cursor.execute("DROP TABLE cj_window")
    else:
        cursor.execute("DROP TABLE IF EXISTS cj_bounds")
        cursor.execute(_BOUNDS, params)
        cursor.execute(_RANKS, params)
        written += cursor.rowcount
        cursor.execute("DROP TABLE cj_bounds")
    return written


def recompute_period(*, scheme_id: int, period: int, college_id: int | None = None) -> None:
    """Recompute the scorecards of one period (of one college's subjects, or of all)."""
    recompute_colleges(
        scheme_id=scheme_id, period=period, colleges=None if college_id is None else [college_id]
    )


def recompute_colleges(*, scheme_id: int, period: int, colleges: list[int] | None) -> None:
    """Recompute the scorecards of one period: of the subjects of ``colleges``, or of every
    subject (None), in one pass; only changed figures, and the ranks they move, are written."""
    filters = _subject_filters(None if colleges is None else sorted(set(colleges)))
    params: dict[str, Any] = {"scheme": scheme_id, "period": period, "now": timezone.now()}
    inline = "NOT MATERIALIZED" if connection.vendor == "postgresql" else ""
    indicator_rows = _INDICATOR_ROWS.format(subjects=_SUBJECTS.format(**filters), inline=inline, **filters)
    with transaction.atomic(), connection.cursor() as cursor:
        # The race: two workers recomputing the same scheme at once would both read the old
        # numbers and both write them to the history. Locking the scheme row serialises
        # recomputes of one scheme; each is short.
        Scheme.objects.select_for_update().filter(pk=scheme_id).exists()
        if connection.vendor == "postgresql":
            # Room to hash-aggregate in memory instead of sorting on disk, and no JIT: these
            # statements are short, and compiling them costs more than it saves.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
            # Subjects × indicators meet their sums by hashing: a merge join would sort both
            # sides on text keys first, which costs more than the rest of the statement.
            cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute("DROP TABLE IF EXISTS cj_si")
        cursor.execute("DROP TABLE IF EXISTS cj_sc")
        cursor.execute("DROP TABLE IF EXISTS cj_moved")
        cursor.execute(indicator_rows, params)
        cursor.execute(_SCORECARD_ROWS, params)
        cursor.execute(_MOVED, params)
        cursor.execute(_HISTORY, params)
        cursor.execute(_UPSERT_SCORECARDS, params)
        written = cursor.rowcount
        if written >= _MANY_CARDS:
            # A period's first run makes all its cards in this transaction, where the
            # statistics still say the period has none: the planner, expecting one card, would
            # then search the stored indicator rows by code alone for each new one (17-40 s at
            # 2 M evidence rows instead of under a second).
            _analyze(cursor, "evaluation_scorecard")
        cursor.execute(_UPSERT_INDICATORS, params)
        written += cursor.rowcount
        if colleges is None:
            cursor.execute(_ALL_RANKS, params)
            written += cursor.rowcount
        else:
            cursor.execute("SELECT 1 FROM cj_moved LIMIT 1")
            if cursor.fetchone() is not None:
                written += _rank_moved(cursor, params)
        cursor.execute("DROP TABLE cj_si")
        cursor.execute("DROP TABLE cj_sc")
        cursor.execute("DROP TABLE cj_moved")
        if written:
            # A run that wrote nothing leaves every cached list as true as it was.
            public_cache.bump("scorecards")


def periods_to_recompute(scheme_id: int) -> list[int]:
    """Every period with verified evidence, and every period that already has scorecards
    (so a period whose last evidence was rejected drops back to zero)."""
    from ledger.models import Rollup

    from .models import Scorecard

    periods = set(Rollup.objects.filter(n__gt=0).order_by().values_list("period", flat=True).distinct())
    periods |= set(
        Scorecard.objects.filter(scheme_id=scheme_id).order_by().values_list("period", flat=True).distinct()
    )
    return sorted(periods)
