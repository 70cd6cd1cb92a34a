"""Fill a dedicated PostgreSQL database with a national-scale world, for `make bench`.

200 colleges, 2,000 majors, 400 industry colleges, 5,000 approved enterprises with 50,000
projects, 200,000 learners, 2,000,000 evidence rows over five years, and the radar's 20,000
talent-demand rows and 10,000 cohorts, written with set-based INSERT … SELECT over
generate_series (no Python loop over rows). It empties the domain tables first, so it is
meant for a database of its own, never the one people use.

Every NOT NULL column of a table it writes gets a value here (the database has no defaults
for Django's): tests/test_seed_scale.py fails when a migration adds one this file forgets.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts import public_cache
from ledger import rollups

COLLEGES, MAJORS_PER_COLLEGE, ICS_PER_COLLEGE = 200, 10, 2
SKILLS, DEMAND_ROWS = 60, 20_000
ENTERPRISES, LEARNERS, EVIDENCE = 5_000, 200_000, 2_000_000
PROJECTS = 50_000
FIRST_YEAR, YEARS = 2022, 5

STATEMENTS = [
    # Colleges, majors, industry colleges: explicit ids so the ledger can refer to them.
    """INSERT INTO colleges_college (id, name, code, region, website, created_at)
       SELECT g, 'College ' || g, 'college-' || g, 'Region ' || (1 + g %% 31), '', now()
         FROM generate_series(1, %(colleges)s) g""",
    """INSERT INTO colleges_major (id, college_id, name, code, status)
       SELECT g, 1 + (g - 1) / %(mpc)s, 'Major ' || g, 'major-' || g, 'active'
         FROM generate_series(1, %(colleges)s * %(mpc)s) g""",
    """INSERT INTO colleges_industrycollege (id, college_id, name, created_at)
       SELECT g, 1 + (g - 1) / %(ipc)s, 'Industry college ' || g, now()
         FROM generate_series(1, %(colleges)s * %(ipc)s) g""",
    # Every enterprise approved as vetting approves one (enterprises.vetting): a unified
    # social credit code of 17 digits and its GB 32100-2015 check character, its contact
    # verified, a site visit; so the public catalogue measured is the one visitors see.
    """INSERT INTO enterprises_enterprise (id, name, code, region, industry, website, staff, vetting,
              credit_code, contact_verified, site_visit_on, approved_by_id, approved_at, created_at)
       SELECT g, 'Enterprise ' || g, 'enterprise-' || g, 'Region ' || (1 + g %% 31),
              (ARRAY['robotics','ICT','energy','logistics','software'])[1 + g %% 5], '',
              10 + g %% 990, 'approved',
              p || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                          (1 + (31 - (SELECT sum(substr(p, i, 1)::int
                                                * ('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[])[i])
                                       FROM generate_series(1, 17) i) %% 31) %% 31)::int, 1),
              true, current_date - 30, NULL, now(), now()
         FROM (SELECT g, '9144030' || lpad(g::text, 10, '0') AS p
                 FROM generate_series(1, %(enterprises)s) g) e""",
    """INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email,
              is_staff, is_active, date_joined, role, college_id, language, email_events,
              phone, phone_verified)
       SELECT g, '!', false, 'learner-' || g, '', '', '', false, true, now(), 'student',
              1 + g %% %(colleges)s, '', '[]'::jsonb, NULL, false
         FROM generate_series(1, %(learners)s) g""",
    """INSERT INTO accounts_learnerprofile (user_id, college_id, major_id, entry_year, public_id)
       SELECT g, 1 + g %% %(colleges)s, 1 + (g %% %(colleges)s) * %(mpc)s + (g / %(colleges)s) %% %(mpc)s,
              %(first)s + g %% 4, gen_random_uuid()
         FROM generate_series(1, %(learners)s) g""",
    # The radar's inputs: a skills taxonomy, one course of three modules (two skills each)
    # per major, a cohort per major and year, and 20,000 rows of talent demand.
    # Each skill with its identifiers elsewhere, well-formed (an ESCO concept URI, a code of
    # the national occupational classification), as a mapped taxonomy has them.
    """INSERT INTO courses_skill (id, code, name, name_zh, description, esco_uri, occupation_code)
       SELECT g, 'skill-' || g, 'Skill ' || g, '技能 ' || g, '',
              'http://data.europa.eu/esco/skill/' || md5('skill-' || g)::uuid,
              '6-31-' || lpad((1 + g / 100)::text, 2, '0') || '-' || lpad((g %% 100)::text, 2, '0')
         FROM generate_series(1, %(skills)s) g""",
    """INSERT INTO courses_course (id, college_id, major_id, code, title, description)
       SELECT g, 1 + (g - 1) / %(mpc)s, g, 'C' || g, 'Course ' || g, ''
         FROM generate_series(1, %(colleges)s * %(mpc)s) g""",
    """INSERT INTO courses_module (id, course_id, title, credits, description)
       SELECT g, 1 + (g - 1) / 3, 'Module ' || g, 2 + g %% 3, ''
         FROM generate_series(1, %(colleges)s * %(mpc)s * 3) g""",
    """INSERT INTO courses_module_skills (module_id, skill_id)
       SELECT g, 1 + (g * 7) %% %(skills)s FROM generate_series(1, %(colleges)s * %(mpc)s * 3) g
       UNION ALL
       SELECT g, 1 + (g * 7 + 29) %% %(skills)s FROM generate_series(1, %(colleges)s * %(mpc)s * 3) g""",
    """INSERT INTO colleges_cohort (major_id, year, graduates)
       SELECT m, %(first)s + y, 20 + (m * 7 + y * 3) %% 40
         FROM generate_series(1, %(colleges)s * %(mpc)s) m, generate_series(0, %(years)s - 1) y""",
    # Enterprise e = g mod 5000 states demand in year 2022 + g mod 5 for skill (e + 33k) mod 60,
    # k = g div 5000: distinct per enterprise, skill, region and year.
    """INSERT INTO enterprises_talentdemand (enterprise_id, skill_id, headcount, region, year, created_at)
       SELECT e.id, 1 + (g %% %(enterprises)s + 33 * (g / %(enterprises)s)) %% %(skills)s, 1 + g %% 25,
              e.region, %(first)s + g %% %(years)s, now()
         FROM generate_series(0, %(demand)s - 1) g
         JOIN enterprises_enterprise e ON e.id = 1 + g %% %(enterprises)s""",
    # The project catalogue: ten projects per enterprise, most of them public, in every state,
    # each asking for two skills.
    """INSERT INTO enterprises_project (id, enterprise_id, title, description, seats, visibility, status,
              college_id, module_id, rating, feedback, created_by_id, created_at, updated_at)
       SELECT g, 1 + g %% %(enterprises)s, 'Project ' || g,
              'A real project of enterprise ' || (1 + g %% %(enterprises)s) || ': build it, test it, hand it over.',
              1 + g %% 6, CASE WHEN g %% 5 < 3 THEN 'public' ELSE 'partners' END,
              (ARRAY['draft','open','open','open','in_progress','delivered'])[1 + g %% 6],
              NULL, NULL, NULL, '', NULL, now() - g * interval '1 minute', now() - g * interval '1 minute'
         FROM generate_series(1, %(projects)s) g""",
    """INSERT INTO enterprises_project_skills (project_id, skill_id)
       SELECT g, 1 + (g * 11) %% %(skills)s FROM generate_series(1, %(projects)s) g
       UNION ALL
       SELECT g, 1 + (g * 11 + 17) %% %(skills)s FROM generate_series(1, %(projects)s) g""",
    # The ledger: indicator by code of the active scheme, a college, one of its majors (85%%
    # of rows), one of its industry colleges (10%%), a value that suits the indicator, and a
    # status mix of 90%% verified, 6%% submitted, 4%% rejected.
    """INSERT INTO ledger_evidence (indicator, college_id, major_id, industry_college_id, value, base,
              occurred_on, period, source, status, note, attachment, event_key, created_at)
       SELECT i.code, r.college,
              CASE WHEN r.u1 < 0.85 THEN (r.college - 1) * %(mpc)s + 1 + floor(r.u2 * %(mpc)s)::int END,
              CASE WHEN r.u3 < 0.10 THEN (r.college - 1) * %(ipc)s + 1 + floor(r.u2 * %(ipc)s)::int END,
              CASE i.aggregation
                   WHEN 'ratio' THEN (r.u4 < 0.8)::int
                   WHEN 'mean' THEN CASE WHEN i.direction = 'lower_better' THEN 10 + floor(r.u4 * 50) ELSE 1 + floor(r.u4 * 5) END
                   WHEN 'sum' THEN CASE WHEN i.code = 'transfer_income' THEN floor(r.u4 * 50000) ELSE 1 + floor(r.u4 * 8) END
                   ELSE 1 END,
              1, r.day, extract(year FROM r.day)::int, 'platform',
              CASE WHEN r.u5 < 0.90 THEN 'verified' WHEN r.u5 < 0.96 THEN 'submitted' ELSE 'rejected' END,
              '', '', '', now()
         FROM (SELECT 1 + floor(random() * %(colleges)s)::int AS college,
                      1 + floor(random() * 14)::int AS k,
                      random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5,
                      make_date(%(first)s, 1, 1) + floor(random() * 365 * %(years)s)::int AS day
                 FROM generate_series(1, %(evidence)s)) r
         JOIN (SELECT code, aggregation, direction, row_number() OVER (ORDER BY id) AS k
                 FROM ledger_indicator
                WHERE scheme_id = (SELECT id FROM ledger_scheme WHERE is_active)) i ON i.k = r.k""",
]

PUBLIC_LISTS = ("scorecards", "projects")

SEQUENCES = [
    ("colleges_college", "id"),
    ("colleges_major", "id"),
    ("colleges_industrycollege", "id"),
    ("enterprises_enterprise", "id"),
    ("accounts_user", "id"),
    ("enterprises_project", "id"),
    ("courses_skill", "id"),
    ("courses_course", "id"),
    ("courses_module", "id"),
]


def sizes(scale: float) -> dict[str, int]:
    """How many of each: the colleges, learners and evidence grow with ``scale``; the
    enterprises, their projects and talent demand shrink below 1 but do not grow above it."""
    colleges = max(1, round(COLLEGES * scale))
    enterprises = max(5, round(ENTERPRISES * min(scale, 1)))
    return {
        "colleges": colleges,
        "mpc": MAJORS_PER_COLLEGE,
        "ipc": ICS_PER_COLLEGE,
        "enterprises": enterprises,
        "learners": max(colleges, round(LEARNERS * scale)),
        "evidence": max(1000, round(EVIDENCE * scale)),
        "first": FIRST_YEAR,
        "years": YEARS,
        "skills": SKILLS,
        # As many rows per enterprise as at full size, so each stays distinct (see below).
        "demand": DEMAND_ROWS * enterprises // ENTERPRISES,
        "projects": PROJECTS * enterprises // ENTERPRISES,
    }


class Command(BaseCommand):
    help = "Fill a dedicated PostgreSQL database with the benchmark's national-scale world."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1,
            help="multiply the colleges, learners and evidence rows (10: 20 million evidence rows;"
            " 0.005: one college, for a bench that only checks it runs)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (point DATABASE_URL at a database of its own).")
        params = sizes(scale)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE evaluation_scorecardindicator, evaluation_scorecardhistory, evaluation_scorecardreview,"
                " evaluation_improvementaction, evaluation_scorecard, ledger_evidencechange,"
                " ledger_evidence, accounts_learnerprofile, accounts_user, colleges_industrycollege_enterprises,"
                " colleges_industrycollege, colleges_major, colleges_college, enterprises_enterprise,"
                " evaluation_radarskill, evaluation_radarmajor, evaluation_majordecision, enterprises_talentdemand,"
                " colleges_cohort, courses_module_skills, courses_module, courses_course, courses_skill CASCADE"
            )
            cursor.execute("SELECT setseed(0.2026)")
            # The rollups are built once from the loaded ledger, not row by row as it loads.
            cursor.execute("ALTER TABLE ledger_evidence DISABLE TRIGGER ledger_rollup")
            for statement in STATEMENTS:
                cursor.execute(statement, params)
            cursor.execute("ALTER TABLE ledger_evidence ENABLE TRIGGER ledger_rollup")
            rollups.rebuild()
            # A cache kept from an earlier seeding must not answer for this one.
            public_cache.bump(*PUBLIC_LISTS)
            for table, column in SEQUENCES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT max({column}) FROM {table}))"  # noqa: S608
                )
        with connection.cursor() as cursor:
            # As autovacuum would in time: statistics for the planner, and a visibility map
            # so the covering index can answer without visiting the table.
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"seed_scale: {params['evidence']:,} evidence rows of {params['colleges']:,} college(s) and the"
            f" rest in {time.perf_counter() - started:.1f} s"
        )
