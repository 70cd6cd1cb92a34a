"""Portfolio evidence: files judged by their bytes, kept within the size limit, downloaded
only by the four who may and never shown inline; the mentor or teacher decides."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification
from apprenticeship.models import PortfolioItem

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


def _upload(client, appr, name, content, **extra):
    body = {"apprenticeship": appr.pk, "title": "Evidence", "requirements": ["hours"], **extra}
    if content is not None:
        body["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post("/api/v1/portfolio-items/", body, format="multipart")


def test_files_are_judged_by_their_bytes_and_the_size_limit(world, as_user, appr, settings, media):
    apprentice = as_user(world.student_a)
    pdf = _upload(apprentice, appr, "report.PDF", PDF)
    assert pdf.status_code == 201, pdf.json()
    assert pdf.json()["content_type"] == "application/pdf" and pdf.json()["file_name"] == "report.pdf"
    # The stored name is not the uploaded one.
    stored = PortfolioItem.objects.get(pk=pdf.json()["id"]).file.name
    assert "report" not in stored and (media / stored).read_bytes() == PDF
    docx = _upload(apprentice, appr, "plan.docx", _docx())
    assert docx.json()["content_type"].endswith("wordprocessingml.document")
    # The name and the browser say PDF; the bytes say a page, an SVG, a plain archive.
    for name, content in (
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("plan.docx", _zip()),
    ):
        refused = _upload(apprentice, appr, name, content)
        assert refused.status_code == 400 and "file" in refused.json(), name
    settings.PORTFOLIO_MAX_BYTES = 20
    big = _upload(apprentice, appr, "big.pdf", PDF)
    assert big.status_code == 400 and "file" in big.json()
    link = _upload(apprentice, appr, "", None, link="https://example.com/video")
    assert link.status_code == 201 and link.json()["link"]
    assert "file" in _upload(apprentice, appr, "", None).json()  # neither a file nor a link
    assert (
        "requirements" in _upload(apprentice, appr, "", None, link="https://e.com", requirements=["x"]).json()
    )
    # Only the apprentice adds to their portfolio.
    assert _upload(as_user(world.student_a2), appr, "r.pdf", PDF).status_code == 403
    assert PortfolioItem.objects.count() == 3


def test_a_file_is_downloaded_as_an_attachment_by_the_four_who_may(
    world, as_user, appr, other_engineer, client
):
    item_id = _upload(as_user(world.student_a), appr, "report.pdf", PDF).json()["id"]
    for user in (world.student_a, world.engineer_x, world.teacher_a, world.admin_a):
        response = as_user(user).get(f"/api/v1/portfolio-items/{item_id}/download/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == PDF
    for user in (other_engineer, world.engineer_y, world.student_a2, world.teacher_b, world.platform_admin):
        assert as_user(user).get(f"/api/v1/portfolio-items/{item_id}/download/").status_code == 404
    client.force_login(world.teacher_a)
    page = client.get(f"/portfolio-items/{item_id}/file/")
    assert page.status_code == 200 and page["Content-Disposition"].startswith("attachment")
    client.force_login(world.student_a2)
    assert client.get(f"/portfolio-items/{item_id}/file/").status_code == 404


def test_the_mentor_or_teacher_accepts_or_asks_for_more(world, as_user, appr):
    apprentice = as_user(world.student_a)
    first = _upload(apprentice, appr, "", None, link="https://example.com/a").json()["id"]
    second = _upload(apprentice, appr, "", None, link="https://example.com/b").json()["id"]
    waiting = Notification.objects.filter(kind="portfolio_waiting")
    assert set(waiting.values_list("recipient", flat=True)) == {world.engineer_x.pk, world.teacher_a.pk}
    assert apprentice.post(f"/api/v1/portfolio-items/{first}/accept/").status_code == 403
    assert as_user(world.admin_a).post(f"/api/v1/portfolio-items/{first}/accept/").status_code == 403
    assert (
        as_user(world.engineer_x).post(f"/api/v1/portfolio-items/{first}/accept/").json()["status"]
        == "accepted"
    )
    assert as_user(world.teacher_a).post(f"/api/v1/portfolio-items/{first}/accept/").status_code == 409
    ask = as_user(world.teacher_a).post(
        f"/api/v1/portfolio-items/{second}/ask-more/", {"reason": " "}, format="json"
    )
    assert ask.status_code == 400 and "reason" in ask.json()
    ask = as_user(world.teacher_a).post(
        f"/api/v1/portfolio-items/{second}/ask-more/", {"reason": "Show the wiring diagram."}, format="json"
    )
    assert ask.json()["status"] == "more_requested" and ask.json()["reason"] == "Show the wiring diagram."
    decided = Notification.objects.filter(kind="portfolio_decided", recipient=world.student_a)
    assert decided.count() == 2


def test_the_pages_upload_show_and_decide(world, appr, review_form, client):
    client.force_login(world.student_a)
    assert client.get("/portfolio-items/add/").status_code == 200
    posted = client.post(
        "/portfolio-items/add/",
        {
            "apprenticeship": appr.pk,
            "title": "Wiring photo",
            "requirements": ["hours"],
            "file": SimpleUploadedFile(
                "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, content_type="image/png"
            ),
        },
    )
    item = PortfolioItem.objects.get()
    assert posted.status_code == 302 and item.content_type == "image/png"
    refused = client.post(
        "/portfolio-items/add/",
        {
            "apprenticeship": appr.pk,
            "title": "x",
            "requirements": ["hours"],
            "file": SimpleUploadedFile("a.pdf", b"MZ\x90"),
        },
    )
    assert refused.status_code == 400
    client.force_login(world.engineer_x)
    detail = client.get(f"/portfolio-items/{item.pk}/").content.decode()
    assert "Accept as evidence" in detail and f"/portfolio-items/{item.pk}/file/" in detail
    client.post(f"/portfolio-items/{item.pk}/accept/")
    item.refresh_from_db()
    assert item.status == "accepted"
    assert "Wiring photo" in client.get(f"/apprenticeships/{appr.pk}/").content.decode()
    client.post(f"/apprenticeships/{appr.pk}/schedule/", {"schedule-form": review_form.pk})
    review = appr.reviews.get()
    client.post(
        f"/progress-reviews/{review.pk}/answer/", {"answer-safety": "3", "answer-held_on": "2026-01-10"}
    )
    client.post(f"/progress-reviews/{review.pk}/sign/", {"sign-typed_name": "Engineer X"})
    page = client.get(f"/progress-reviews/{review.pk}/").content.decode()
    assert "Works safely" in page and "Engineer X" in page
    for url in ("/apprenticeships/", "/progress-reviews/", "/portfolio-items/", "/progress-reviews/overdue/"):
        client.force_login(world.admin_a)
        assert client.get(url).status_code == 200, url
    assert client.get("/review-forms/").status_code == 200
