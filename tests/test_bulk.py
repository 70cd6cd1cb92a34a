"""Rows written by the thousand (``accounts.bulk``): on PostgreSQL they are streamed with COPY,
and what lands must be exactly what ``bulk_create`` writes, value for value, constraints and
all. Elsewhere ``insert`` is ``bulk_create``, and the same tests hold."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import bulk
from accounts.models import AuditEntry, LearnerProfile, Role, User
from ledger.models import Evidence

pytestmark = pytest.mark.django_db
# Text as people type it, and as files carry it: every character PostgreSQL stores (all but NUL),
# tabs, line ends, backslashes, COPY's own null marker.
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
AWKWARD = [
    "a\tb",
    "line\nnext",
    "cr\r\nlf",
    "back\\slash",
    "\\N",
    "\\",
    "",
    "名字, 李",
    "emoji 🎓",
    'quote "x"',
]


def _stored(model, pks, leave_out=("id",)):
    rows = list(model.objects.filter(pk__in=pks).order_by("pk").values())
    return [{name: value for name, value in row.items() if name not in leave_out} for row in rows]


def _people(prefix, world, names):
    return [
        User(
            username=f"{prefix}{n}",
            first_name=name,
            last_name=name[::-1],
            email=f"{prefix}{n}@example.org",
            role=Role.TEACHER if n % 2 else Role.STUDENT,
            college_id=world.college_a.pk,
            is_active=bool(n % 3),
            phone=None if n % 2 else f"+86138{sum(map(ord, prefix)) % 1000:03d}{n:05d}",
            email_events={"sent": [name, n], "nested": {"text": name}},
            last_login=datetime.datetime(2026, 5, 1, 8, n % 60, tzinfo=ZoneInfo("Asia/Shanghai")),
            date_joined=datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
        )
        for n, name in enumerate(names)
    ]


def test_people_land_as_bulk_create_writes_them(world):
    copied = _people("copied", world, AWKWARD)
    created = _people("created", world, AWKWARD)
    bulk.insert(copied)
    User.objects.bulk_create(created)
    assert all(user.pk is not None and not user._state.adding for user in copied)
    assert len({user.pk for user in copied}) == len(copied)
    stored = _stored(User, [u.pk for u in copied], ("id", "username", "email", "phone"))
    expected = _stored(User, [u.pk for u in created], ("id", "username", "email", "phone"))
    assert stored == expected
    assert [
        u.first_name for u in User.objects.filter(pk__in=[u.pk for u in copied]).order_by("pk")
    ] == AWKWARD


def test_evidence_lands_with_its_decimals_dates_and_links(world):
    def rows():
        return [
            Evidence(
                indicator="smes_served",
                college=world.college_a,
                value=Decimal(value),
                occurred_on=datetime.date(2026, 3, day),
                period=2026,
                source="manual",
                status="verified",
                note=note,
                submitted_by=world.admin_a,
                verified_at=datetime.datetime(2026, 3, day, 12, tzinfo=datetime.UTC) if day % 2 else None,
            )
            for day, (value, note) in enumerate(
                zip(["1", "0.0001", "123456789012.3456", "-7.5"], AWKWARD, strict=False), start=1
            )
        ]

    copied, created = rows(), rows()
    bulk.insert(copied)
    Evidence.objects.bulk_create(created)
    stamped = ("id", "created_at")  # auto_now_add: each write's own time
    assert _stored(Evidence, [e.pk for e in copied], stamped) == _stored(
        Evidence, [e.pk for e in created], stamped
    )


def test_values_take_their_fields_defaults_and_stamps(world):
    """Rows given as values: a column left out has its default (a fresh UUID each row), an
    auto_now_add column the time of the write, and the keys come back in order."""
    before = datetime.datetime.now(datetime.UTC)
    learners = _people("learner", world, ["a", "b", "c"])
    bulk.insert(learners)
    pks = bulk.insert_values(
        LearnerProfile, [{"user_id": user.pk, "college_id": world.college_a.pk} for user in learners]
    )
    profiles = {p.pk: p for p in LearnerProfile.objects.filter(pk__in=pks)}
    assert [profiles[pk].user_id for pk in pks] == [user.pk for user in learners]
    assert len({p.public_id for p in profiles.values()}) == 3
    assert all(p.entry_year is None and p.major_id is None for p in profiles.values())
    actor = world.admin_a
    entries = bulk.insert_values(
        AuditEntry,
        [
            {
                "actor_id": actor.pk,
                "action": "created",
                "model": "x.y",
                "object_id": str(n),
                "after": {"n": text},
            }
            for n, text in enumerate(AWKWARD)
        ],
    )
    stored = list(AuditEntry.objects.filter(pk__in=entries).order_by("pk"))
    assert [int(e.object_id) for e in stored] == list(range(len(AWKWARD)))
    assert [e.after for e in stored] == [{"n": text} for text in AWKWARD]
    assert all(e.before == {} and e.summary == "" and e.college_id is None for e in stored)
    assert all(before <= e.at <= datetime.datetime.now(datetime.UTC) for e in stored)


def test_a_row_that_breaks_a_constraint_fails_the_whole_write(world):
    clash = _people("clash", world, ["a", "b", "c"])
    clash[2].username = world.student_a.username
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(clash)
    assert not User.objects.filter(username__startswith="clash").exists()


@pytest.mark.postgres
def test_the_copy_is_a_statement_like_any_other(world):
    """It shows in the query log and passes through the connection's execute wrappers."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as log, connection.execute_wrapper(wrapper):
        bulk.insert(_people("logged", world, ["a", "b"]))
    assert any(sql.startswith('COPY "accounts_user"') for sql in seen)
    assert any(query["sql"].startswith('COPY "accounts_user"') for query in log.captured_queries)


@pytest.mark.postgres
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(TEXT, min_size=1, max_size=6), note=TEXT, data=st.dictionaries(TEXT, TEXT, max_size=3))
def test_any_text_comes_back_as_it_went_in(world, names, note, data):
    with transaction.atomic():
        people = _people("prop", world, names)
        for person in people:
            person.email_events = data
        bulk.insert(people)
        stored = list(User.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
        assert [(p.first_name, p.last_name, p.email_events) for p in stored] == [
            (name, name[::-1], data) for name in names
        ]
        pks = bulk.insert_values(
            AuditEntry, [{"action": "created", "model": "x.y", "object_id": "1", "summary": note[:200]}]
        )
        assert AuditEntry.objects.get(pk=pks[0]).summary == note[:200]
        transaction.set_rollback(True)


def test_repeated_values_land_as_each_row_gave_them(world):
    """A column is converted a value at a time only where its values are new: a column of a
    few values over many rows (awkward text, nothing, a date) comes back row for row."""
    names = [AWKWARD[n % len(AWKWARD)] for n in range(60)]
    copied = _people("many", world, names)
    created = _people("made", world, names)
    for n, (one, other) in enumerate(zip(copied, created, strict=True)):
        for person in (one, other):
            person.phone = None
            person.last_name = "" if n % 3 else AWKWARD[n % 4]
            person.last_login = None if n % 2 else datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    bulk.insert(copied)
    User.objects.bulk_create(created)
    leave_out = ("id", "username", "email")
    assert _stored(User, [u.pk for u in copied], leave_out) == _stored(
        User, [u.pk for u in created], leave_out
    )


def test_instances_are_those_the_model_makes_from_the_same_values(world):
    rows = [
        {"username": f"i{n}", "first_name": name, "role": Role.STUDENT, "college_id": world.college_a.pk}
        for n, name in enumerate(AWKWARD)
    ]
    made = bulk.instances(User, rows)
    expected = [User(**row) for row in rows]
    changing = {"_state", "date_joined", "email_events"}  # the time of the call; a new dict each
    assert [{k: v for k, v in u.__dict__.items() if k not in changing} for u in made] == [
        {k: v for k, v in u.__dict__.items() if k not in changing} for u in expected
    ]
    assert all(u._state.adding and u.pk is None for u in made)
    assert len({id(u.email_events) for u in made}) == len(made)  # not one dict shared
    with pytest.raises(TypeError, match="nickname"):
        bulk.instances(User, [{"username": "x", "nickname": "y"}])
