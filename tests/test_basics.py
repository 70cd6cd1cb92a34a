"""Pages, the schema, the error format, settings and the deployment files."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/", "/healthz/"])
def test_public_pages_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200


def test_landing_page_says_what_the_portal_is_and_links_to_login(client):
    html = client.get("/").content.decode()
    assert "vocational colleges and enterprises" in html
    assert 'href="/accounts/login/"' in html


def test_who_states_no_language_reads_chinese(client, settings, world):
    """Chinese comes first: the default of the settings (the suite itself reads English)."""
    from config.settings import base

    settings.LANGUAGE_CODE = base.LANGUAGE_CODE
    assert base.LANGUAGE_CODE == "zh-hans"
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans"' in html and "登录" in html
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in english and "vocational colleges and enterprises" in english


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_dashboard_sends_anonymous_visitors_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_login_form_logs_in_by_username_and_by_email(client, world):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"login": "teacher-a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    response = client.post("/accounts/login/", {"login": "teacher-a@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "closed" in response.content.decode().lower()


def test_schema_builds_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


def test_served_schema_is_valid_openapi_with_a_summary_and_errors_for_every_operation():
    """openapi-spec-validator (not our code) accepts the schema the portal serves; every
    operation says what it does and how it fails."""
    from openapi_spec_validator import validate

    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    validate(schema)
    missing, errors = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("summary"):
                missing.append(f"{method.upper()} {path}")
            codes = set(operation["responses"])
            if (
                method in ("post", "patch", "delete")
                and not {"400", "403"} <= codes
                and "/auth/token/" not in path
            ):
                errors.append(f"{method.upper()} {path}: {sorted(codes)}")
            if "{" in path and "404" not in codes:
                errors.append(f"{method.upper()} {path}: no 404")
            if method == "post" and "/auth/token/" not in path and "409" not in codes:
                errors.append(f"{method.upper()} {path}: no 409")
    assert missing == [] and errors == []


def test_schema_endpoint_serves_openapi_3_with_the_resources():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/colleges/",
        "/api/v1/projects/{id}/take-on/",
        "/api/v1/offerings/{id}/enroll/",
        "/api/v1/evidence/{id}/verify/",
        "/api/v1/auth/token/",
    ]:
        assert path in schema["paths"]


def test_malformed_json_is_400_not_500(world, as_user):
    client = as_user(world.platform_admin)
    response = client.generic("POST", "/api/v1/colleges/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_unknown_ids_are_404(world, as_user):
    client = as_user(world.platform_admin)
    for path in ["/api/v1/colleges/999999/", "/api/v1/projects/999999/", "/api/v1/offerings/999999/enroll/"]:
        method = client.post if path.endswith("enroll/") else client.get
        assert method(path).status_code == 404


def test_session_writes_need_csrf(world):
    from tests.factories import PASSWORD

    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="padmin", password=PASSWORD)
    response = client.post("/api/v1/colleges/", {"name": "N", "code": "n", "region": "R"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_seed_demo_is_idempotent():
    from django.apps import apps
    from django.conf import settings

    # Every model of the portal's own apps, whichever apps there are.
    own = str(settings.BASE_DIR)
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_config.path.startswith(own) and ".venv" not in m._meta.app_config.path
    ]
    call_command("seed_demo")
    counts = {m._meta.label: m.objects.count() for m in models}
    call_command("seed_demo")
    again = {m._meta.label: m.objects.count() for m in models}
    assert counts == again
    assert {"outcomes.Destination", "enterprises.HourLog"} <= {label for label, n in counts.items() if n}
    from enterprises.models import Enterprise

    # An approved enterprise says when it was approved (its page shows the date).
    assert not Enterprise.objects.filter(vetting="approved", approved_at=None).exists()
    from enterprises.models import Project

    assert set(Project.objects.values_list("status", flat=True)) == {s.value for s in Project.Status}
    from accounts.models import User

    roles = dict(
        User.objects.filter(
            username__in=[
                "demo-admin",
                "demo-college",
                "demo-teacher",
                "demo-engineer",
                "demo-student",
                "demo-evaluator",
            ]
        ).values_list("username", "role")
    )
    assert len(roles) == 6
    assert User.objects.get(username="demo-student").check_password("demo-pass-2026")


def test_seed_demo_is_refused_under_production_settings(settings):
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_PASSWORD = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_production_settings_refuse_to_start_without_secrets():
    code = "import django; django.setup()"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    env["SECRET_KEY"] = "x" * 60
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert "ALLOWED_HOSTS" in result.stderr


def test_compose_file_names_the_services_and_their_commands():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "pgbouncer", "db", "replica", "redis"}
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")
        # The processes reach PostgreSQL through the pooler, in transaction mode.
        assert "@pgbouncer:" in env["DATABASE_URL"] and env["PGBOUNCER"] == "true"
    # The public lists read from the streaming replica of db, straight (not through the pooler).
    assert "@replica:5432/" in services["web"]["environment"]["DATABASE_REPLICA_URL"]
    assert services["replica"]["image"] == services["db"]["image"]
    assert services["replica"]["depends_on"]["db"]["condition"] == "service_healthy"
    standby = (ROOT / "docker" / "replica.sh").read_text()
    assert "pg_basebackup -h db" in standby and " -R " in standby
    pooler = services["pgbouncer"]
    assert pooler["environment"]["POOL_MODE"] == "transaction"
    assert "@db:5432/" in pooler["environment"]["DATABASE_URL"]
    assert (ROOT / "Dockerfile").read_text().count("FROM python:3.12") == 1


def compose_required_variables(text: str) -> set[str]:
    """The variables compose refuses to start without: ``${VAR:?…}``, ``${VAR?…}``, and a
    bare ``${VAR}`` or ``$VAR`` (left empty, which the portal refuses); ``$$`` is a dollar."""
    text = text.replace("$$", "")
    required = set(re.findall(r"\$\{([A-Za-z_]\w*)(?::?\?[^}]*)?\}", text))
    return required | set(re.findall(r"\$([A-Za-z_]\w*)", text))


def test_compose_required_variables_are_found_however_written():
    text = "a: ${A:?set A}\nb: ${B?}\nc: ${C}\nd: $D\ne: ${E:-x}\nf: ${F-y}\ng: $$G\n"
    assert compose_required_variables(text) == {"A", "B", "C", "D"}


def test_the_readmes_docker_instructions_set_every_variable_compose_requires():
    required = compose_required_variables((ROOT / "docker-compose.yml").read_text())
    assert {"SECRET_KEY", "CREDENTIAL_SIGNING_KEY"} <= required
    readme = (ROOT / "README.md").read_text()
    docker = readme.split("### With docker compose", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    commands = "\n".join(re.findall(r"```sh\n(.*?)```", docker, re.S))
    # Each is named in the instructions and given a value by the commands they say to run.
    assert {name for name in required if f"`{name}`" not in docker} == set()
    assert {name for name in required if not re.search(rf"(?<![A-Z_]){name}=", commands)} == set()
    assert "docker compose up" in commands
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert required - example == set()


def test_the_key_the_readme_makes_is_one_the_portal_accepts(settings):
    from courses.checks import signing_key_is_sound

    command = "openssl rand -base64 32 | tr '+/' '-_'"
    assert command in (ROOT / "README.md").read_text()
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    made = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=True).stdout.strip()
    settings.CREDENTIAL_SIGNING_KEY = made
    assert signing_key_is_sound(None) == []


def test_secrets_in_env_never_go_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and ".venv" in ignored


def test_env_example_lists_every_variable_the_settings_read():
    import re

    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


def test_favicon_ico_points_at_the_shipped_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("img/favicon.svg")


def test_every_model_of_the_portal_is_in_the_admin_with_a_readable_name(client, world):
    from django.apps import apps
    from django.contrib import admin

    from tests.factories import PASSWORD

    assert client.login(username=world.platform_admin.username, password=PASSWORD)  # two-factor set up
    admin_client = client
    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label
        in {"accounts", "ledger", "colleges", "enterprises", "courses", "internships", "evaluation"}
    ]
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []
    for model in ours:
        assert "__str__" in model.__dict__, model.__name__
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert admin_client.get(url).status_code == 200, url


def test_collectstatic_works_under_the_production_settings(tmp_path):
    """The hashed static storage refuses a file that names a missing one (a source map, say)."""
    import os
    import secrets

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_hex(40),
        "ALLOWED_HOSTS": "portal.example.org",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def test_numbers_beyond_64_bits_are_bad_input_not_a_crash(world, as_user):
    response = as_user(world.admin_a).get("/api/v1/industry-colleges/?enterprises=-276716925263829893120")
    assert response.status_code in (200, 400)
