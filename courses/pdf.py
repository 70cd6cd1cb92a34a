"""The transcript as a PDF that looks the same everywhere and can be checked by anyone.

- Fonts are embedded (subsets): Chinese in WenQuanYi Micro Hei (shipped in
  ``courses/fonts``), Latin in Bitstream Vera Sans (shipped with ReportLab), switched run by
  run, so neither script falls back to whatever the reader has.
- Every piece of text that came from a user (a name, a title, a certificate number) is
  escaped before it enters ReportLab's paragraph markup: tag-like text prints as typed,
  and can neither break the document nor pull a file from the server into it.
- A verification address and its QR code open the transcript's public page, which the
  learner can withdraw.
"""

import io
import re
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import qrcode
import reportlab
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

LATIN, LATIN_BOLD, CJK = "TranscriptLatin", "TranscriptLatinBold", "TranscriptCJK"
CJK_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
VERA = Path(reportlab.__file__).resolve().parent / "fonts"
# Runs of characters Vera has no glyph for (CJK and full-width forms) go to the CJK font.
NOT_LATIN = re.compile(r"([^\u0000-\u024f\u2000-\u206f\u20a0-\u20bf]+)")


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(LATIN, str(VERA / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(VERA / "VeraBd.ttf")))
    pdfmetrics.registerFont(TTFont(CJK, str(CJK_FILE), subfontIndex=0))
    pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD)


def markup(text: Any) -> str:
    """Text for a Paragraph: escaped, with runs of Chinese set in the CJK font."""
    escaped = escape(str(text), {'"': "&quot;"})
    return NOT_LATIN.sub(lambda m: f'<font name="{CJK}">{m.group(1)}</font>', escaped)


def _day(value: str | None) -> str:
    if not value:
        return ""
    moment = parse_datetime(value)
    if moment is not None and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    day = parse_date(value) or (moment.date() if moment else None)
    return formats.date_format(day, "DATE_FORMAT") if day else value


class QrCode(Flowable):
    """A QR code drawn as filled squares: no font, no image, nothing but vectors."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(data)
        code.make(fit=True)
        self.matrix = code.get_matrix()
        self.width = self.height = size

    def draw(self) -> None:
        modules = len(self.matrix)
        step = self.width / modules
        self.canv.setFillColor(colors.black)
        for row, line in enumerate(self.matrix):
            for column, dark in enumerate(line):
                if dark:
                    self.canv.rect(column * step, (modules - 1 - row) * step, step, step, stroke=0, fill=1)


def verify_block(verify_url: str, prompt: Any, style: ParagraphStyle) -> list[Flowable]:
    """The closing lines of a document anybody may check: a QR code of its verification address
    beside the prompt and the address itself."""
    verify = Table(
        [[QrCode(verify_url, 28 * mm), Paragraph(markup(prompt) + "<br/>" + markup(verify_url), style)]],
        colWidths=[32 * mm, 138 * mm],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )
    return [Spacer(1, 6 * mm), verify]


def transcript_pdf(transcript: dict[str, Any], *, as_of: str, verify_url: str) -> bytes:
    _register_fonts()
    sheet = getSampleStyleSheet()
    title = ParagraphStyle("t", parent=sheet["Title"], fontName=LATIN_BOLD)
    body = ParagraphStyle("b", parent=sheet["BodyText"], fontName=LATIN, fontSize=9.5, leading=13)
    small = ParagraphStyle("s", parent=body, fontSize=8.5, leading=11)
    heading = ParagraphStyle("h", parent=sheet["Heading2"], fontName=LATIN_BOLD)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=11)

    learner = transcript["learner"]
    facts = [
        (_("Learner"), learner["name"] or learner["username"]),
        (_("College"), transcript["college"] or _("No college (external learner)")),
        (_("Major"), transcript["major"] or "—"),
        (_("Entry year"), transcript["entry_year"] or "—"),
        (_("Graduated on"), _day(transcript["graduated_on"]) or _("Not yet")),
        (_("Credits in the credit bank"), transcript["total_credits"]),
        (_("Issued on"), _day(as_of)),
    ]
    story: list[Any] = [
        Paragraph(markup(_("Transcript")), title),
        Table(
            [[Paragraph(markup(label), cell), Paragraph(markup(value), cell)] for label, value in facts],
            colWidths=[45 * mm, 125 * mm],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), LATIN),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            ),
        ),
        Spacer(1, 5 * mm),
        Paragraph(markup(_("Credits, module by module")), heading),
    ]
    header = [_("Term"), _("Module"), _("College"), _("Kind"), _("Grade"), _("Credits")]
    rows = [[Paragraph(markup(text), cell) for text in header]]
    for entry in transcript["entries"]:
        module = entry["title"] + (f" — {entry['course']}" if entry["course"] else "")
        rows.append(
            [
                Paragraph(markup(entry["term_label"] or _day(entry["posted_at"])), cell),
                Paragraph(markup(module), cell),
                Paragraph(markup(entry["college"] or "—"), cell),
                Paragraph(markup(entry["kind_label"]), cell),
                Paragraph(markup(entry["grade"] or "—"), cell),
                Paragraph(markup(entry["credits"]), cell),
            ]
        )
    empty = len(rows) == 1
    if empty:
        rows.append([Paragraph(markup(_("No credits yet.")), cell), "", "", "", "", ""])
    table = Table(rows, colWidths=[26 * mm, 55 * mm, 36 * mm, 20 * mm, 15 * mm, 18 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *([("SPAN", (0, 1), (-1, 1))] if empty else []),
            ]
        )
    )
    story += [table, Spacer(1, 5 * mm), Paragraph(markup(_("Industry certificates")), heading)]
    for certificate in transcript["certificates"]:
        line = _("%(name)s (issued by %(issuer)s), number %(number)s, of %(date)s: %(status)s") % {
            "name": certificate["name"],
            "issuer": certificate["issuer"],
            "number": certificate["number"],
            "date": _day(certificate["issued_on"]),
            "status": certificate["status_label"],
        }
        story.append(Paragraph(markup(line), body))
    if not transcript["certificates"]:
        story.append(Paragraph(markup(_("None.")), body))
    if transcript.get("project_hours"):
        story.append(Paragraph(markup(_("Hours on enterprise projects")), heading))
        for hours in transcript["project_hours"]:
            line = _("%(project)s (%(enterprise)s): %(hours)s hours confirmed") % {
                "project": hours["title"],
                "enterprise": hours["enterprise"],
                "hours": hours["hours"],
            }
            story.append(Paragraph(markup(line), body))
    if transcript.get("endorsements"):
        story.append(Paragraph(markup(_("Skills endorsed by enterprises")), heading))
        for endorsement in transcript["endorsements"]:
            line = _("%(skill)s, endorsed by %(enterprise)s") % {
                "skill": endorsement["skill"],
                "enterprise": endorsement["enterprise"],
            }
            story.append(Paragraph(markup(line), body))
    story += verify_block(
        verify_url, _("Check this transcript: scan the code or open the address below."), small
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Transcript"),
        author="Chanjiao",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        initialFontName=LATIN,  # not Helvetica, which a reader would substitute
    ).build(story)
    return buffer.getvalue()
