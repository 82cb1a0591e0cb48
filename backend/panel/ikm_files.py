"""The IKM report as files for the office's periodic publication: XLSX (openpyxl) and PDF (fpdf2).

Both hold the same tables as the page, in the viewer's language; the font ships in
backend/privacy/fonts, so nothing is fetched when a PDF is made. Comments stay out: the
publication is of figures, and a comment is a person's own words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from importlib import resources

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Font

from backend.panel.i18n import Texts
from backend.satisfaction.ikm import IkmResult
from backend.satisfaction.report import IkmReport

FONT = "DejaVuSans"
NOTHING = "–"


def number(value: object) -> str:
    """A figure with two decimals (or a dash), as the regulation's tables print them."""
    return NOTHING if value is None else f"{value:.2f}"


def element_rows(t: Texts, result: IkmResult) -> list[list[str]]:
    """U1-U9: code, element, respondents who answered it, their mean."""
    return [
        [f"U{position}", t(f"ikm-element-{score.element}"), str(score.answered),
         number(score.mean)]
        for position, score in enumerate(result.elements, start=1)
    ]  # fmt: skip


def group_rows(t: Texts, report: IkmReport) -> tuple[list[list[str]], list[list[str]]]:
    """(per category, per channel): name, respondents, IKM, grade."""

    def row(name: str, result: IkmResult) -> list[str]:
        grade = t(f"ikm-grade-{result.grade.value}") if result.grade else NOTHING
        return [name, str(result.respondents), number(result.ikm), grade]

    categories = [
        row(c.name_en if t.language == "en" else c.name_id, c.result) for c in report.by_category
    ]
    channels = [row(t.label("channel", c.channel), c.result) for c in report.by_channel]
    return categories, channels


def summary_rows(t: Texts, report: IkmReport) -> list[list[str]]:
    """The head of the report: period, respondents, IKM and grade."""
    overall = report.overall
    grade = t(f"ikm-grade-{overall.grade.value}") if overall.grade else NOTHING
    return [
        [t("ikm-period"), f"{t.day(report.period.first_day)} – {t.day(report.period.last_day)}"],
        [t("ikm-respondents"), str(overall.respondents)],
        [t("ikm-index"), number(overall.ikm)],
        [t("ikm-grade"), grade],
    ]


def element_header(t: Texts) -> list[str]:
    """Columns of the elements' table."""
    return [t("ikm-col-code"), t("ikm-col-element"), t("ikm-col-answered"), t("ikm-col-mean")]


def group_header(t: Texts, first: str) -> list[str]:
    """Columns of a per-category or per-channel table."""
    return [first, t("ikm-respondents"), t("ikm-index"), t("ikm-grade")]


def ikm_xlsx(t: Texts, report: IkmReport) -> bytes:
    """The report as a workbook: the summary and elements, then categories and channels."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "IKM"
    bold = Font(bold=True)
    categories, channels = group_rows(t, report)
    sections: list[tuple[str, Sequence[str] | None, list[list[str]]]] = [
        (t("ikm-title"), None, summary_rows(t, report)),
        (t("ikm-elements"), element_header(t), element_rows(t, report.overall)),
        (t("ikm-by-category"), group_header(t, t("col-category")), categories),
        (t("ikm-by-channel"), group_header(t, t("complaint-channel")), channels),
    ]
    for title, header, rows in sections:
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = bold
        if header:
            sheet.append(list(header))
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for row in rows:
            sheet.append(row)
        sheet.append([])
    sheet.append([t("ikm-method-note")])
    for column, width in zip("ABCD", (34, 46, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _font_path(name: str) -> str:
    return str(resources.files("backend.privacy").joinpath("fonts", name))


def ikm_pdf(t: Texts, report: IkmReport, office: str) -> bytes:
    """The report as an A4 PDF: the same tables, headed by the office's name."""
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, fname=_font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT, style="B", fname=_font_path("DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(t("ikm-title"))
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=13)
    pdf.multi_cell(0, 7, t("ikm-title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 6, office, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    _table(pdf, None, summary_rows(t, report), (60, 120))
    categories, channels = group_rows(t, report)
    for title, header, rows, widths in (
        (t("ikm-elements"), element_header(t), element_rows(t, report.overall), (14, 116, 25, 25)),
        (t("ikm-by-category"), group_header(t, t("col-category")), categories, (90, 30, 25, 35)),
        (t("ikm-by-channel"), group_header(t, t("complaint-channel")), channels, (90, 30, 25, 35)),
    ):
        pdf.ln(3)
        pdf.set_font(FONT, style="B", size=11)
        pdf.multi_cell(0, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _table(pdf, header, rows or [[NOTHING] * len(header)], widths)
    pdf.ln(3)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(0, 4, t("ikm-method-note"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _table(
    pdf: FPDF, header: Sequence[str] | None, rows: list[list[str]], widths: Sequence[int]
) -> None:
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=tuple(widths), first_row_as_headings=header is not None,
                   line_height=5.5, text_align="LEFT") as table:  # fmt: skip
        for values in ([list(header)] if header else []) + rows:
            cells = table.row()
            for value in values:
                cells.cell(value)
