"""The transcript as a PDF download (lifelong.md: "the page version prints to PDF").

ReportLab's built-in CID font for Simplified Chinese (STSong-Light) renders Chinese names
and titles without shipping a font file.
"""

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def transcript_pdf(transcript: dict[str, Any], *, college: str, as_of: str) -> bytes:
    styles = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=styles["Title"], fontName=FONT)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=FONT)
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontName=FONT)
    learner = transcript["learner"]
    story: list[Any] = [
        Paragraph(_("Transcript"), title),
        Paragraph(f"{learner['name'] or learner['username']} · {college} · {as_of}", body),
        Paragraph(f"{transcript['total_credits']} " + _("credits in the credit bank"), body),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("Posted"), _("Kind"), _("Module"), _("Credits")]] + [
        [entry["posted_at"][:10], entry["kind"], Paragraph(entry["title"], body), entry["credits"]]
        for entry in transcript["entries"]
    ]
    table = Table(rows, colWidths=[28 * mm, 28 * mm, 90 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), Paragraph(_("Industry certificates"), heading)]
    for certificate in transcript["certificates"]:
        story.append(
            Paragraph(
                f"{certificate['name']} #{certificate['number']} ({certificate['issued_on']}) — {certificate['status']}",
                body,
            )
        )
    if not transcript["certificates"]:
        story.append(Paragraph(_("None."), body))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_("Transcript"), author="Chanjiao").build(story)
    return buffer.getvalue()
