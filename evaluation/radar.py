"""The industry radar's computation: radar.md's arithmetic as set-based SQL, per year.

For each year Y (ascending, so a major's earlier alignments are there for the three-year
rule), two statements rebuild the year's rows:

- skills: per region R (and "" for all regions together) and skill s, demand D, supply S,
  gap ratio, status, and next year's forecast — a least-squares line through the demand of
  the region's data years in Y−4…Y, evaluated at Y+1, floored at 0, rounded half up;
- majors: alignment min(1, ΣD/ΣS) over the skills the major covers, in its region, and the
  recommendation (exit review / warning / active).

Plain SQL for PostgreSQL and SQLite alike (``1.0 *`` keeps SQLite from dividing integers as
integers; ROUND of a non-negative number rounds half up on both).
"""

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from courses.models import Material

from .models import RadarSkill

_COVERS = """
    SELECT DISTINCT c.major_id, ms.skill_id
      FROM courses_course c
      JOIN courses_module m ON m.course_id = c.id
      JOIN courses_module_skills ms ON ms.module_id = m.id
     WHERE c.major_id IS NOT NULL
"""

_SKILLS = f"""
INSERT INTO evaluation_radarskill
       (region, year, skill_id, demand, supply, gap_ratio, status, forecast_next_year,
        enterprises, demand_rows, computed_at)
WITH cov AS ({_COVERS}),
dem AS (
    SELECT region, skill_id, year, SUM(headcount) AS d,
           COUNT(DISTINCT enterprise_id) AS e, COUNT(*) AS r
      FROM enterprises_talentdemand WHERE year BETWEEN %(year)s - 4 AND %(year)s
     GROUP BY region, skill_id, year
    UNION ALL
    SELECT '', skill_id, year, SUM(headcount), COUNT(DISTINCT enterprise_id), COUNT(*)
      FROM enterprises_talentdemand WHERE year BETWEEN %(year)s - 4 AND %(year)s
     GROUP BY skill_id, year
),
sup AS (
    SELECT col.region AS region, cov.skill_id AS skill_id, SUM(co.graduates) AS s
      FROM colleges_cohort co
      JOIN colleges_major m ON m.id = co.major_id
      JOIN colleges_college col ON col.id = m.college_id
      JOIN cov ON cov.major_id = m.id
     WHERE co.year = %(year)s
     GROUP BY col.region, cov.skill_id
    UNION ALL
    SELECT '', cov.skill_id, SUM(co.graduates)
      FROM colleges_cohort co JOIN cov ON cov.major_id = co.major_id
     WHERE co.year = %(year)s
     GROUP BY cov.skill_id
),
listed AS (
    SELECT region, skill_id FROM dem WHERE year = %(year)s AND d > 0
    UNION
    SELECT region, skill_id FROM sup WHERE s > 0
),
data_years AS (SELECT DISTINCT region, year FROM dem),
points AS (
    SELECT l.region, l.skill_id, dy.year - %(year)s AS x, COALESCE(dm.d, 0) AS v
      FROM listed l
      JOIN data_years dy ON dy.region = l.region
      LEFT JOIN dem dm ON dm.region = l.region AND dm.skill_id = l.skill_id AND dm.year = dy.year
),
fit AS (
    SELECT region, skill_id, COUNT(*) AS n, SUM(x) AS sx, SUM(v) AS sy,
           SUM(x * v) AS sxy, SUM(x * x) AS sxx
      FROM points GROUP BY region, skill_id
),
pred AS (
    SELECT region, skill_id,
           CASE WHEN n = 1 THEN 1.0 * sy
                ELSE 1.0 * sy / n
                     + (1.0 * n * sxy - 1.0 * sx * sy) / (1.0 * n * sxx - 1.0 * sx * sx) * (1 - 1.0 * sx / n)
           END AS p
      FROM fit
),
fig AS (
    SELECT l.region, l.skill_id, COALESCE(d.d, 0) AS d, COALESCE(s.s, 0) AS s,
           COALESCE(d.e, 0) AS e, COALESCE(d.r, 0) AS r, pr.p
      FROM listed l
      LEFT JOIN dem d ON d.region = l.region AND d.skill_id = l.skill_id AND d.year = %(year)s
      LEFT JOIN sup s ON s.region = l.region AND s.skill_id = l.skill_id
      LEFT JOIN pred pr ON pr.region = l.region AND pr.skill_id = l.skill_id
)
SELECT region, %(year)s, skill_id, d, s,
       CASE WHEN s = 0 THEN NULL ELSE 1.0 * d / s END,
       CASE WHEN (s = 0 AND d > 0) OR (s > 0 AND 1.0 * d / s >= 1.5) THEN 'shortage'
            WHEN s > 0 AND 1.0 * d / s <= 0.5 THEN 'surplus'
            ELSE 'balanced' END,
       CASE WHEN p IS NULL OR p <= 0 THEN 0 ELSE CAST(ROUND(p + 0.000000001) AS INTEGER) END,
       e, r, %(now)s
  FROM fig
"""

_MAJORS = f"""
INSERT INTO evaluation_radarmajor (major_id, year, alignment, status, computed_at)
WITH cov AS ({_COVERS}),
dem AS (
    SELECT region, skill_id, SUM(headcount) AS d FROM enterprises_talentdemand
     WHERE year = %(year)s GROUP BY region, skill_id
),
sup AS (
    SELECT col.region AS region, cov.skill_id AS skill_id, SUM(co.graduates) AS s
      FROM colleges_cohort co
      JOIN colleges_major m ON m.id = co.major_id
      JOIN colleges_college col ON col.id = m.college_id
      JOIN cov ON cov.major_id = m.id
     WHERE co.year = %(year)s
     GROUP BY col.region, cov.skill_id
),
sums AS (
    SELECT m.id AS major_id, SUM(COALESCE(d.d, 0)) AS sd, SUM(COALESCE(s.s, 0)) AS ss
      FROM colleges_major m
      JOIN colleges_college col ON col.id = m.college_id
      JOIN cov ON cov.major_id = m.id
      LEFT JOIN dem d ON d.region = col.region AND d.skill_id = cov.skill_id
      LEFT JOIN sup s ON s.region = col.region AND s.skill_id = cov.skill_id
     GROUP BY m.id
),
al AS (
    SELECT m.id AS major_id,
           CASE WHEN sums.major_id IS NULL OR sums.ss = 0
                     OR NOT EXISTS (SELECT 1 FROM colleges_cohort ch WHERE ch.major_id = m.id AND ch.year = %(year)s)
                THEN NULL
                WHEN sums.sd >= sums.ss THEN 1.0
                ELSE 1.0 * sums.sd / sums.ss END AS a
      FROM colleges_major m LEFT JOIN sums ON sums.major_id = m.id
)
SELECT al.major_id, %(year)s, al.a,
       CASE WHEN al.a < 0.5 AND p1.alignment < 0.5 AND p2.alignment < 0.5 THEN 'exit_review'
            WHEN al.a < 0.5 THEN 'warning'
            ELSE 'active' END,
       %(now)s
  FROM al
  LEFT JOIN evaluation_radarmajor p1 ON p1.major_id = al.major_id AND p1.year = %(year)s - 1
  LEFT JOIN evaluation_radarmajor p2 ON p2.major_id = al.major_id AND p2.year = %(year)s - 2
"""

# Each major shows the radar's current recommendation (the committee decides what follows).
_MAJOR_STATUS = """
UPDATE colleges_major SET status = (
    SELECT r.status FROM evaluation_radarmajor r WHERE r.major_id = colleges_major.id AND r.year = %(year)s)
 WHERE EXISTS (SELECT 1 FROM evaluation_radarmajor r WHERE r.major_id = colleges_major.id AND r.year = %(year)s)
"""


def radar_years() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT year FROM enterprises_talentdemand UNION SELECT year FROM colleges_cohort ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def recompute_radar(years: list[int] | None = None) -> list[int]:
    """Rebuild the radar's rows for the given years (default: every year with data)."""
    years = sorted(years if years is not None else radar_years())
    now = timezone.now()
    with connection.cursor() as cursor:
        for year in years:
            params: dict[str, Any] = {"year": year, "now": now}
            cursor.execute("DELETE FROM evaluation_radarskill WHERE year = %(year)s", params)
            cursor.execute(_SKILLS, params)
            cursor.execute("DELETE FROM evaluation_radarmajor WHERE year = %(year)s", params)
            cursor.execute(_MAJORS, params)
        # The latest year enterprises have stated demand for: later cohorts alone (expected
        # graduates with no demand stated yet) would make every major look misaligned.
        cursor.execute("SELECT MAX(year) FROM enterprises_talentdemand")
        latest = cursor.fetchone()[0]
        if latest is not None and latest in years:
            cursor.execute(_MAJOR_STATUS, {"year": latest})
    return years


def flag_materials_for_shortages() -> int:
    """Flag materials teaching a skill the radar marks as a shortage in the current year."""
    latest = RadarSkill.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return 0
    shortage = RadarSkill.objects.filter(year=latest, status="shortage").values("skill_id")
    return (
        Material.objects.filter(skills__in=shortage, flagged_for_review=False)
        .distinct()
        .update(flagged_for_review=True, flag_reason=f"A skill it teaches is in shortage ({latest} radar).")
    )
