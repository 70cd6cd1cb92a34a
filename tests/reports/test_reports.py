"""reports/: every computed figure against a count by hand of the rows, entered figures kept
apart, the review with four eyes, immutability once published, and who sees what."""

from decimal import Decimal

import pytest

from accounts.models import Notification
from colleges.models import Contribution, PracticeLog
from outcomes.models import Destination
from reports.models import Report

pytestmark = pytest.mark.django_db


def figures(body):
    return {(t["code"], i["code"]): i for t in body for i in t["indicators"]}


def pct(part, whole):
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"))


def create(client, **data):
    response = client.post("/api/v1/reports/", data, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_quality_figures_match_a_count_by_hand_of_the_rows(world, as_user, rows):
    admin = as_user(world.admin_a)
    pk = create(admin, kind="quality", college=world.college_a.pk, year=2025)
    body = admin.get(f"/api/v1/reports/{pk}/tables/").json()
    assert [t["code"] for t in body] == ["scorecard", "resources", "service", "policy", "international"]
    f = figures(body)

    # By hand, from the rows: the 2025 graduates and their answers at 31 August.
    cohort = [g for g in rows if g.learner_profile.graduated_on.year == 2025]
    answers = {d.graduate_id: d for d in Destination.objects.filter(graduate__in=cohort)}
    settled = [a for a in answers.values() if a.category not in ("seeking", "not_seeking")]
    employed = [
        a for a in answers.values() if a.category in ("contract", "flexible", "self_employed", "grassroots")
    ]
    assert f["scorecard", "graduates"]["value"] == str(len(cohort)) == "5"
    assert (
        Decimal(f["scorecard", "destination_rate"]["value"])
        == pct(len(settled), len(cohort))
        == Decimal("60.00")
    )
    assert Decimal(f["scorecard", "in_field_rate"]["value"]) == pct(
        sum(a.in_field for a in employed), len(employed)
    )
    assert Decimal(f["scorecard", "regional_retention"]["value"]) == pct(
        sum(a.region == "Guangdong" for a in employed), len(employed)
    )
    assert Decimal(f["scorecard", "further_study_rate"]["value"]) == pct(1, 5) == Decimal("20.00")
    # Each computed figure lists the rows it counted, for the college's staff.
    assert {r["id"] for r in f["scorecard", "destination_rate"]["rows"]} == {a.pk for a in settled}
    assert f["scorecard", "destination_rate"]["origin"] == "computed"

    confirmed_2025 = [p for p in PracticeLog.objects.all() if p.status == "confirmed" and p.date.year == 2025]
    assert (
        Decimal(f["service", "practice_hours"]["value"])
        == sum(p.hours for p in confirmed_2025)
        == Decimal("5.50")
    )
    assert {r["id"] for r in f["service", "practice_hours"]["rows"]} == {p.pk for p in confirmed_2025}
    of_2025 = [c for c in Contribution.objects.all() if c.date.year == 2025]
    assert Decimal(f["resources", "enterprise_contributions"]["value"]) == sum(c.valuation for c in of_2025)
    assert Decimal(f["policy", "enterprise_equipment"]["value"]) == Decimal("1000.50")
    assert f["resources", "dual_teachers"]["value"] == "1"
    assert Decimal(f["resources", "dual_teacher_share"]["value"]) == Decimal(
        "100.00"
    )  # teacher-a is the only teacher

    # An entered figure: recorded with who and when, marked entered, never a computed one.
    bad = admin.post(
        f"/api/v1/reports/{pk}/entries/", {"indicator": "graduates", "value": "9"}, format="json"
    )
    assert bad.status_code == 400 and "indicator" in bad.json()
    entered = admin.post(
        f"/api/v1/reports/{pk}/entries/",
        {"indicator": "student_teacher_ratio", "value": "17.25", "note": "Statistics office"},
        format="json",
    )
    assert entered.status_code == 201, entered.json()
    item = figures(admin.get(f"/api/v1/reports/{pk}/tables/").json())["resources", "student_teacher_ratio"]
    assert (item["origin"], item["value"], item["entered_by"], item["note"]) == (
        "entered",
        "17.25",
        world.admin_a.pk,
        "Statistics office",
    )
    assert item["entered_at"] and "rows" not in item


def test_employment_and_enterprise_figures(world, as_user, rows):
    admin = as_user(world.admin_a)
    pk = create(admin, kind="employment", college=world.college_a.pk, year=2025)
    f = figures(admin.get(f"/api/v1/reports/{pk}/tables/").json())
    assert Decimal(f["rates", "knowledge_rate"]["value"]) == pct(4, 5)
    # The previous year's cohort: one graduate, settled.
    assert f["rates", "destination_rate"]["previous"] == "100.00"
    assert Decimal(f["rates", "destination_rate"]["change"]) == Decimal("-40.00")
    assert {k[1]: v["value"] for k, v in f.items() if k[0] == "category"} == {
        "category:contract": "1",
        "category:flexible": "1",
        "category:further_study": "1",
        "category:seeking": "1",
    }
    assert {k[1]: v["value"] for k, v in f.items() if k[0] == "region"} == {
        "region:Guangdong": "1",
        "region:Jiangsu": "1",
    }

    engineer = as_user(world.engineer_x)
    forbidden = engineer.post(
        "/api/v1/reports/", {"kind": "quality", "college": world.college_a.pk, "year": 2025}, format="json"
    )
    assert forbidden.status_code == 403
    missing = as_user(world.platform_admin).post("/api/v1/reports/", {"kind": "enterprise", "year": 2025})
    assert missing.status_code == 400 and "enterprise" in missing.json()
    future = engineer.post("/api/v1/reports/", {"kind": "enterprise", "year": 2100}, format="json")
    assert future.status_code == 400 and "year" in future.json()
    epk = create(engineer, kind="enterprise", year=2025)  # its own enterprise
    assert engineer.post("/api/v1/reports/", {"kind": "enterprise", "year": 2025}).status_code == 409
    e = figures(engineer.get(f"/api/v1/reports/{epk}/tables/").json())
    assert Decimal(e["contributions", "contributions_total"]["value"]) == Decimal("1200.50")
    assert Decimal(e["contributions", "contributions_funds"]["value"]) == Decimal("200.00")
    assert (e["people", "dual_positions"]["value"], Decimal(e["people", "practice_hours"]["value"])) == (
        "1",
        Decimal("5.50"),
    )
    # The college's staff do not see the enterprise's rows, nor its draft.
    assert admin.get(f"/api/v1/reports/{epk}/tables/").status_code == 404


def test_four_eyes_publication_immutability_and_correction(world, as_user, rows, admin_a2, api):
    admin, other = as_user(world.admin_a), as_user(admin_a2)
    pk = create(
        admin, kind="quality", college=world.college_a.pk, year=2025, narrative={"overview": "Our year."}
    )
    url = f"/api/v1/reports/{pk}/"
    # A draft is invisible to the public, to other colleges and to their staff: 404.
    assert api.get(url).status_code == 404
    assert api.get(f"{url}tables/").status_code == 404
    assert api.get(f"/reports/{pk}/").status_code == 404
    assert as_user(world.admin_b).get(url).status_code == 404
    assert admin.post(f"{url}approve/").status_code == 409  # not in review yet
    assert admin.post(f"{url}submit-for-review/").status_code == 200
    assert Notification.objects.filter(recipient=admin_a2, kind=Notification.Kind.REPORT_TO_REVIEW).exists()
    assert admin.post(f"{url}approve/").status_code == 409  # the author may not approve
    assert as_user(world.admin_b).post(f"{url}approve/").status_code == 404
    assert other.post(f"{url}approve/").status_code == 200
    assert other.post(f"{url}publish/").status_code == 200
    assert api.get(url).status_code == 200
    public = figures(api.get(f"{url}tables/").json())
    assert public["scorecard", "graduates"]["value"] == "5" and "rows" not in public["scorecard", "graduates"]

    # Published: nothing changes, not even when the rows do.
    assert admin.patch(url, {"narrative": {"overview": "Changed."}}, format="json").status_code == 409
    entry = {"indicator": "staff", "value": "300"}
    assert admin.post(f"{url}entries/", entry, format="json").status_code == 409
    assert admin.post(f"{url}publish/").status_code == 409
    Destination.objects.filter(category="seeking").update(
        category="contract", employer_name="Late", in_field=True
    )
    frozen = figures(api.get(f"{url}tables/").json())
    assert frozen["scorecard", "destination_rate"]["value"] == "60.00"

    # A correction is a new version; once published both are public and it says what changed.
    fix = admin.post(f"{url}correct/")
    assert fix.status_code == 201 and fix.json()["version"] == 2
    assert admin.post(f"{url}correct/").status_code == 409
    new = f"/api/v1/reports/{fix.json()['id']}/"
    assert (
        admin.patch(new, {"narrative": {"overview": "Our year, corrected."}}, format="json").status_code
        == 200
    )
    assert admin.post(f"{new}entries/", entry, format="json").status_code == 201
    admin.post(f"{new}submit-for-review/")
    other.post(f"{new}approve/")
    assert admin.post(f"{new}publish/").status_code == 200
    assert figures(api.get(f"{new}tables/").json())["scorecard", "destination_rate"]["value"] == "80.00"
    page = api.get(f"/reports/{fix.json()['id']}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Our year, corrected." in html and "Version 1" in html and "80.00" in html and "60.00" in html
    assert Report.objects.get(pk=pk).narrative["overview"] == "Our year."

    # The CSV of a table, and the province's view of the published colleges.
    csv = api.get(f"/reports/{pk}/tables/scorecard.csv")
    assert csv.status_code == 200 and "destination_rate" in csv.content.decode("utf-8-sig")
    province = api.get("/reports/province/", {"region": "Guangdong", "year": 2025, "format": "csv"})
    lines = province.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("destination_rate,") and line.endswith(",2,80.00") for line in lines)
