"""A published report as a PDF, made as the transcript is (``courses.pdf``): fonts embedded
(Chinese and Latin, switched run by run), user text escaped, a verification address and its
QR code; with a table of contents and page numbers."""

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from courses.pdf import LATIN, LATIN_BOLD, _register_fonts, markup, verify_block


class _Document(SimpleDocTemplate):
    """Headings of level 0 go to the table of contents with their page."""

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Paragraph) and getattr(flowable, "toc_level", None) is not None:
            self.notify("TOCEntry", (flowable.toc_level, flowable.getPlainText(), self.page))


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(LATIN, 8)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, str(doc.page))
    canvas.restoreState()


def report_pdf(
    *,
    title: str,
    facts: list[tuple[str, str]],
    sections: list[tuple[str, str]],
    tables: list[dict[str, Any]],
    verify_url: str,
) -> bytes:
    _register_fonts()
    sheet = getSampleStyleSheet()
    title_style = ParagraphStyle("t", parent=sheet["Title"], fontName=LATIN_BOLD)
    body = ParagraphStyle("b", parent=sheet["BodyText"], fontName=LATIN, fontSize=9.5, leading=13)
    small = ParagraphStyle("s", parent=body, fontSize=8.5, leading=11)
    heading = ParagraphStyle("h", parent=sheet["Heading2"], fontName=LATIN_BOLD)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=11)
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("toc", parent=body, leftIndent=0, fontName=LATIN)]

    def head(text: str) -> Paragraph:
        paragraph = Paragraph(markup(text), heading)
        paragraph.toc_level = 0
        return paragraph

    story: list[Any] = [Paragraph(markup(title), title_style)]
    story += [Paragraph(markup(f"{label}: {value}"), body) for label, value in facts]
    story += [Spacer(1, 4 * mm), Paragraph(markup(_("Contents")), heading), toc]
    for label, text in sections:
        story.append(head(label))
        for part in (text or "—").split("\n\n"):
            story.append(Paragraph(markup(part).replace("\n", "<br/>"), body))
    for table in tables:
        story.append(head(table["name"]))
        rows = [[Paragraph(markup(t), cell) for t in (_("Indicator"), _("Value"), _("Unit"), _("Origin"))]]
        for item in table["indicators"]:
            origin = _("computed") if item["origin"] == "computed" else _("entered")
            rows.append(
                [
                    Paragraph(markup(item["name"]), cell),
                    Paragraph(markup(item["value"] if item["value"] is not None else "—"), cell),
                    Paragraph(markup(item["unit"]), cell),
                    Paragraph(markup(origin), cell),
                ]
            )
        grid = Table(rows, colWidths=[95 * mm, 28 * mm, 25 * mm, 24 * mm], repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), LATIN),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(grid)
    story += verify_block(verify_url, _("Check this report: scan the code or open the address below."), small)
    buffer = io.BytesIO()
    _Document(
        buffer,
        pagesize=A4,
        title=title,
        author="Chanjiao",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        initialFontName=LATIN,
    ).multiBuild(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
