"""Input that cannot hurt: what used to answer 500, or be stored silently, is a 400 naming
the problem; and any CSV the portal writes cannot run as a spreadsheet formula."""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, ProjectFactory

pytestmark = pytest.mark.django_db


def raw_post(client, path, body: str):
    return client.generic(
        "POST", path, data=body.encode("utf-8", "surrogatepass"), content_type="application/json"
    )


def test_a_lone_surrogate_is_a_400_not_a_500(world):
    anonymous = APIClient()
    assert (
        raw_post(anonymous, "/api/v1/auth/token/", '{"username": "\\ud800", "password": "x"}').status_code
        == 400
    )
    engineer = APIClient()
    engineer.force_authenticate(world.engineer_x)
    body = (
        '{"enterprise": ENT, "title": "T", "description": "D", "seats": 1, "visibility": "\\ud800"}'.replace(
            "ENT", str(world.enterprise_x.pk)
        )
    )
    response = raw_post(engineer, "/api/v1/projects/", body)
    assert response.status_code == 400 and "surrogate" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/projects/"])
def test_json_nested_five_thousand_deep_is_a_400(world, path):
    client = APIClient()
    client.force_authenticate(world.engineer_x)
    response = raw_post(client, path, "[" * 5000 + "]" * 5000)
    assert response.status_code == 400 and "nested deeper" in response.json()["detail"]
    deep_object = '{"a":' * 5000 + "1" + "}" * 5000
    assert raw_post(client, path, deep_object).status_code == 400


def test_nan_and_infinity_are_not_json(world):
    client = APIClient()
    client.force_authenticate(world.admin_a)
    body = json.dumps(
        {"indicator": "smes_served", "college": world.college_a.pk, "occurred_on": "2026-01-01"}
    )
    body = body[:-1] + ', "value": NaN}'
    assert raw_post(client, "/api/v1/evidence/", body).status_code == 400


@pytest.mark.parametrize(
    ("indicator", "value", "base"),
    [
        ("smes_served", "-999999999999.9999", "1"),  # a count is never negative
        ("training_hours", "-1", "1"),  # nor a sum
        ("employer_rating", "7", "1"),  # a rating stays on its scale
        ("employer_rating", "0", "1"),
        ("adaptation_days", "4000", "1"),
        ("employment_in_field_rate", "3", "2"),  # a ratio's value is at most its base
    ],
)
def test_each_indicator_refuses_values_outside_its_range(world, indicator, value, base):
    client = APIClient()
    client.force_authenticate(world.admin_a)
    response = client.post(
        "/api/v1/evidence/",
        {
            "indicator": indicator,
            "college": world.college_a.pk,
            "value": value,
            "base": base,
            "occurred_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "value" in response.json(), response.json()


def test_values_on_the_edge_of_the_range_are_accepted(world):
    client = APIClient()
    client.force_authenticate(world.admin_a)
    for indicator, value, base in (
        ("employer_rating", "5", "1"),
        ("employment_in_field_rate", "2", "2"),
        ("smes_served", "0", "1"),
    ):
        response = client.post(
            "/api/v1/evidence/",
            {
                "indicator": indicator,
                "college": world.college_a.pk,
                "value": value,
                "base": base,
                "occurred_on": "2026-01-01",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()


def test_the_indicator_page_states_the_valid_range(client, world):
    from ledger.models import Indicator

    client.login(username=world.evaluator.username, password=PASSWORD)
    rating = Indicator.objects.get(code="employer_rating", scheme__is_active=True)
    page = client.get(f"/indicators/{rating.pk}/").content.decode()
    assert "Valid values" in page and "1 to 5" in page


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"major,year,graduates\nx," + b"9" * 140_000 + b",3\n", "longer than 5000 characters"),
        (b"major,year,graduates\nx," + b"9" * 6000 + b",3\n", "Longer than 5000 characters"),
        (b'major,year,graduates\n"unterminated,2026,3\n', "cannot be read"),
        (b"major,year,graduates,colour\n1,2026,3,red\n", "Unknown column"),
    ],
)
def test_bad_csv_is_refused_by_line_and_nothing_is_written(world, content, problem):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from colleges.models import Cohort

    client = APIClient()
    client.force_authenticate(world.admin_a)
    response = client.post(
        "/api/v1/cohorts/import/", {"file": SimpleUploadedFile("c.csv", content)}, format="multipart"
    )
    assert response.status_code == 400
    assert problem in str(response.json()) and "line" in str(response.json())
    assert not Cohort.objects.exists()


def test_csv_from_chinese_excel_is_read(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from colleges.models import Cohort
    from tests.factories import MajorFactory

    major = MajorFactory(college=world.college_a)
    client = APIClient()
    client.force_authenticate(world.admin_a)
    content = f"major,year,graduates\n{major.pk},2026,40\n".encode("gb18030")
    response = client.post(
        "/api/v1/cohorts/import/", {"file": SimpleUploadedFile("届别.csv", content)}, format="multipart"
    )
    assert response.status_code in (200, 201), response.json()
    assert Cohort.objects.get(major=major).graduates == 40


def test_a_csv_download_cannot_run_formulas(client, world):
    ProjectFactory(
        enterprise=world.enterprise_x, status="open", title='=HYPERLINK("http://evil.example","click")'
    )
    ProjectFactory(enterprise=world.enterprise_x, status="open", title="+1+2")
    ProjectFactory(enterprise=world.enterprise_x, status="open", title="Plain 测试")
    client.login(username=world.engineer_x.username, password=PASSWORD)
    response = client.get("/projects/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    titles = [row[0] for row in rows[1:]]
    assert (
        '\'=HYPERLINK("http://evil.example","click")' in titles
        and "'+1+2" in titles
        and "Plain 测试" in titles
    )
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


@pytest.mark.parametrize("path", ["/", "/projects/", "/api/v1/projects/?status=open", "/livez/"])
def test_a_host_that_is_not_allowed_is_a_400_not_a_500(client, settings, path):
    """The error page of a request refused before anyone is known is an anonymous visitor's."""
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    refused = client.get(path, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert client.get(path, HTTP_HOST="portal.example.org").status_code in (200, 302)
