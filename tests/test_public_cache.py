"""The public lists (published scorecards, the project catalogue) are cached for anonymous
readers under a version every write bumps in its own transaction: fast, and never stale."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from accounts import public_cache
from evaluation.models import Scorecard
from evaluation.recompute import recompute_period
from evaluation.services import scorecard_review
from ledger.models import Evidence, Scheme
from tests.factories import ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db
CARDS = "/api/v1/scorecards/?period=2026"
CATALOGUE = "/api/v1/projects/?status=open"


def publish(card, world):
    for action, who in (
        ("submit_for_review", world.evaluator),
        ("approve", world.evaluator),
        ("publish", world.evaluator_2),
    ):
        scorecard_review(scorecard=card, actor=who, action=action)


@pytest.fixture
def cards(world, default_scheme):
    scheme = Scheme.objects.get(is_active=True)
    for college in (world.college_a, world.college_b):
        Evidence.objects.create(
            indicator="smes_served",
            college=college,
            value=3,
            occurred_on=datetime.date(2026, 3, 1),
            period=2026,
            source="manual",
            status="verified",
        )
    recompute_period(scheme_id=scheme.pk, period=2026)
    return scheme


def test_a_cached_public_list_costs_one_query_and_follows_every_change(
    api, world, cards, django_assert_max_num_queries
):
    card_a = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk, period=2026)
    card_b = Scorecard.objects.get(subject_type="college", subject_id=world.college_b.pk, period=2026)
    publish(card_a, world)
    first = api.get(CARDS).json()
    assert [row["subject_id"] for row in first["results"]] == [world.college_a.pk]
    with django_assert_max_num_queries(1):  # the version; the rows come from the cache
        assert api.get(CARDS).json() == first

    publish(card_b, world)  # a review step (ORM) bumps the version
    assert {row["subject_id"] for row in api.get(CARDS).json()["results"]} == {
        world.college_a.pk,
        world.college_b.pk,
    }

    before = api.get(CARDS).json()["results"]
    Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=9,
        occurred_on=datetime.date(2026, 4, 1),
        period=2026,
        source="manual",
        status="verified",
    )
    recompute_period(scheme_id=cards.pk, period=2026)  # raw SQL bumps it too
    after = api.get(CARDS).json()["results"]
    overall = {row["subject_id"]: Decimal(row["overall"]) for row in after}
    assert overall != {row["subject_id"]: Decimal(row["overall"]) for row in before}
    assert overall == {
        c.subject_id: c.overall.quantize(Decimal("0.01"))
        for c in Scorecard.objects.filter(subject_type="college", period=2026, status="published")
    }


def test_a_rolled_back_write_leaves_the_version(world, cards):
    version = public_cache.version("scorecards")
    card = Scorecard.objects.filter(period=2026).first()
    with transaction.atomic():
        scorecard_review(scorecard=card, actor=world.evaluator, action="submit_for_review")
        assert public_cache.version("scorecards") == version + 1
        transaction.set_rollback(True)
    assert public_cache.version("scorecards") == version


def test_the_catalogue_follows_projects_and_skills(api, as_user, world, django_assert_max_num_queries):
    skill = SkillFactory(code="plc")
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    project.skills.add(skill)
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    first = api.get(CATALOGUE).json()
    assert [(p["id"], p["skills"]) for p in first["results"]] == [(project.pk, ["plc"])]
    with django_assert_max_num_queries(1):
        assert api.get(CATALOGUE).json() == first
    # The enterprise opens its draft through the API: the public catalogue shows it at once.
    assert as_user(world.engineer_x).post(f"/api/v1/projects/{draft.pk}/open/").status_code == 200
    assert {p["id"] for p in api.get(CATALOGUE).json()["results"]} == {project.pk, draft.pk}
    skill.code = "plc-programming"
    skill.save()
    assert ["plc-programming"] in [p["skills"] for p in api.get(CATALOGUE).json()["results"]]
    project.skills.clear()
    assert [] in [p["skills"] for p in api.get(CATALOGUE).json()["results"]]


def test_the_catalogue_follows_the_flag_rules(api, world):
    from enterprises import vetting
    from enterprises.models import Flag

    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    other = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")

    def shown():
        return {p["id"] for p in api.get(CATALOGUE).json()["results"]}

    assert shown() == {project.pk, other.pk}
    flags = [
        vetting.flag_raise(project=project, actor=who, reason="A deposit?")
        for who in (world.student_a, world.teacher_a)
    ]
    vetting.flag_raise(project=other, actor=world.student_a, reason="Odd.")
    assert shown() == {project.pk, other.pk}  # two accounts, then one: nothing hidden
    flags.append(vetting.flag_raise(project=project, actor=world.student_b, reason="Money."))
    assert shown() == {other.pk}  # the third account hides it
    vetting.flag_clear(flag=flags[0], actor=world.platform_admin, note="Checked.")
    assert shown() == {project.pk, other.pk}
    vetting.flag_uphold(flag=Flag.objects.get(project=other), actor=world.platform_admin, note="Fraud.")
    assert shown() == {project.pk}


def test_people_who_log_in_get_their_own_scope_uncached(as_user, world):
    ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    api = as_user(None)
    assert api.get("/api/v1/projects/").json()["count"] == 1
    assert as_user(world.engineer_x).get("/api/v1/projects/").json()["count"] == 2  # the draft too
    assert api.get("/api/v1/projects/").json()["count"] == 1


def test_the_bare_view_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_an_import_of_many_rows_asks_for_one_recompute_and_looks_each_value_up_once(
    as_user, world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    import io

    from ledger import changes

    SkillFactory(code="plc")
    SkillFactory(code="vision")
    rows = "".join(
        f"{world.enterprise_x.pk},{'plc' if n % 2 else 'vision'},{n + 1},Guangdong,{2000 + n}\n"
        for n in range(40)
    )
    upload = io.BytesIO(("enterprise,skill,headcount,region,year\n" + rows).encode())
    upload.name = "demand.csv"
    client = as_user(world.engineer_x)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/api/v1/talent-demands/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201 and response.json()["created"] == 40
    assert [c for c in callbacks if c is changes._announce] == [changes._announce]


def test_a_reader_holding_the_list_gets_304_until_a_publication_moves_it(api, as_user, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    first = api.get(CATALOGUE)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert {"Cookie", "Authorization", "Accept-Language"} <= {v.strip() for v in first["Vary"].split(",")}

    again = api.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert api.get(CATALOGUE, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    # Another language is another answer, with its own tag.
    assert api.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 200

    # A publication (the draft opened through the API) moves the tag: the old one gets the list.
    assert as_user(world.engineer_x).post(f"/api/v1/projects/{draft.pk}/open/").status_code == 200
    after = api.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert {p["id"] for p in after.json()["results"]} == {project.pk, draft.pk}
    assert api.get(CATALOGUE, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_a_publication_of_scorecards_changes_their_tag(api, world, cards):
    card = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk, period=2026)
    before = api.get(CARDS)
    assert before.json()["results"] == []
    publish(card, world)
    after = api.get(CARDS, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert [row["subject_id"] for row in after.json()["results"]] == [world.college_a.pk]


def test_people_who_log_in_get_no_tag_and_no_304(as_user, world):
    ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    etag = as_user(None).get(CATALOGUE)["ETag"]
    mine = as_user(world.engineer_x).get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)
    assert mine.status_code == 200 and "ETag" not in mine and "public" not in mine.get("Cache-Control", "")


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis, shared by every process (a prefix of its own)."""
    import uuid

    if not settings.REDIS_URL:
        pytest.skip("needs Redis")
    settings.CACHES = {
        "default": {
            "BACKEND": "accounts.cache.TolerantRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        }
    }


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_a_cached_answer_and_a_304_cost_no_query_and_are_never_stale(
    api, as_user, world, redis_cache, django_assert_num_queries
):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    first = api.get(CATALOGUE)
    with django_assert_num_queries(0):  # the version and the answer both from Redis
        assert api.get(CATALOGUE).json() == first.json()
        assert api.get(CATALOGUE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # A write commits and raises the version in Redis before its answer leaves: the very next
    # read, from anyone, sees it.
    assert as_user(world.engineer_x).post(f"/api/v1/projects/{draft.pk}/open/").status_code == 200
    after = api.get(CATALOGUE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert {p["id"] for p in after.json()["results"]} == {project.pk, draft.pk}

    # A reader that read an older version before the write cannot put it back.
    now = public_cache.current("projects")
    public_cache._raise("projects", now - 1)
    assert public_cache.current("projects") == now == public_cache.version("projects")

    # A write that rolls back leaves Redis as it was.
    with transaction.atomic():
        public_cache.bump("projects")
        transaction.set_rollback(True)
    assert public_cache.current("projects") == now


def _served_again(api, world, queries, django_assert_max_num_queries):
    """The second anonymous GET of a list is answered before the sessions, the language and the
    API run (ServeCachedAnswers): the same bytes and the same headers, in each language."""
    from django.test import Client

    ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    for language in ("zh-hans", "en"):
        first = api.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE=language)
        assert hasattr(first.wsgi_request, "session")  # the whole stack ran
        with django_assert_max_num_queries(queries):  # the version, at most
            again = api.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE=language)
        assert not hasattr(again.wsgi_request, "session")  # answered before the sessions
        assert again.status_code == 200 and again.content == first.content
        assert dict(again.items()) == dict(first.items()) and again["Content-Language"] == language
        held = api.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE=language, HTTP_IF_NONE_MATCH=first["ETag"])
        assert held.status_code == 304 and held.content == b"" and held["ETag"] == first["ETag"]
        assert "Content-Type" not in held and not hasattr(held.wsgi_request, "session")
    # Someone logged in (a session) goes the whole way and reads their own scope.
    engineer = Client()
    engineer.force_login(world.engineer_x)
    assert api.get("/api/v1/projects/").json()["count"] == 1
    assert api.get("/api/v1/projects/").json()["count"] == 1
    assert engineer.get("/api/v1/projects/").json()["count"] == 2
    # A publication moves the version: the kept answer is never given again.
    draft.status = "open"
    draft.save()
    assert api.get("/api/v1/projects/").json()["count"] == 2


def test_a_repeated_anonymous_read_is_the_whole_answer_again(api, world, django_assert_max_num_queries):
    _served_again(api, world, 1, django_assert_max_num_queries)  # the version from the database


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_a_repeated_anonymous_read_costs_one_round_trip_and_no_query(
    api, world, redis_cache, django_assert_max_num_queries
):
    _served_again(api, world, 0, django_assert_max_num_queries)


def test_a_kept_answer_is_given_only_at_its_own_host(api, world, settings):
    """The lists' links are absolute: an answer kept for one host is not given at another, and
    a host that is not allowed is refused before any kept answer."""
    settings.ALLOWED_HOSTS = ["portal.example.org", "www.portal.example.org"]
    for _ in range(3):
        ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    url = "/api/v1/projects/?status=open&page_size=1"
    for _ in range(2):
        assert (
            api.get(url, HTTP_HOST="portal.example.org")
            .json()["next"]
            .startswith("http://portal.example.org/")
        )
    assert (
        api.get(url, HTTP_HOST="www.portal.example.org")
        .json()["next"]
        .startswith("http://www.portal.example.org/")
    )
    assert api.get(url, HTTP_HOST="evil.example").status_code == 400


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_a_process_serves_its_own_recent_answer_while_the_version_in_redis_holds(
    api, world, redis_cache
):
    """A repeat asks Redis for the version alone: the answer comes from the process's memory,
    even once Redis has let it go, and never after the version moves."""
    from django.core.cache import cache

    ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    first = api.get(CATALOGUE)
    assert hasattr(first.wsgi_request, "session")
    key = public_cache._answer_key("projects", first.wsgi_request, first["Content-Language"])
    assert cache.get(key) is not None
    cache.delete(key)  # Redis lets the answer go; this process still holds it
    again = api.get(CATALOGUE)
    assert not hasattr(again.wsgi_request, "session") and again.content == first.content

    draft.status = "open"
    draft.save()  # bumps the version, in Redis when it commits
    after = api.get(CATALOGUE)
    assert hasattr(after.wsgi_request, "session")  # the whole stack ran again
    before = {p["id"] for p in first.json()["results"]}
    assert {p["id"] for p in after.json()["results"]} == before | {draft.pk}
    assert api.get(CATALOGUE).content == after.content


def test_a_processs_memory_of_answers_is_bounded(monkeypatch):
    """The least recently served answers leave first; an answer too long is not held."""
    monkeypatch.setattr(public_cache, "_MEMO", public_cache.OrderedDict())
    monkeypatch.setattr(public_cache, "_MEMO_SIZE", [0])
    monkeypatch.setattr(public_cache, "_MEMO_BYTES", 8000)
    for n in range(9):
        public_cache._remember(f"k{n}", (1, [], b"x" * 1000))
    assert list(public_cache._MEMO) == [f"k{n}" for n in range(1, 9)] and public_cache._MEMO_SIZE == [8000]
    assert public_cache._recall("k1", 1) is not None  # served: now the most recent
    public_cache._remember("k9", (1, [], b"x" * 1000))
    assert list(public_cache._MEMO) == ["k3", "k4", "k5", "k6", "k7", "k8", "k1", "k9"]
    assert public_cache._recall("k3", 2) is None and "k3" not in public_cache._MEMO  # an older version
    public_cache._remember("long", (1, [], b"x" * 1001))  # more than an eighth of the bound
    assert "long" not in public_cache._MEMO and public_cache._MEMO_SIZE == [7000]
