"""Drawing a kelurahan's outreach poster as a one-page A4 PDF, from plain values.

It reuses the referral letter's pieces (backend/letters/pdf.py): the shipped DejaVu
Sans and segno's QR codes, so nothing is fetched. Every line is in Bahasa Indonesia,
large, with its English under it, small and grey (backend/outreach/texts.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backend.letters.pdf import FONT, new_a4_pdf, qr_png
from backend.outreach.texts import both

MARGIN_MM = 15
QR_GAP_MM = 8
# Large enough to scan from a metre away on a notice board.
QR_MAX_MM = 62


@dataclass(frozen=True, slots=True)
class PosterCode:
    """One QR code of the poster: its channel (catalog key), the link it holds, what is printed."""

    channel: str
    url: str
    printed: str


@dataclass(frozen=True, slots=True)
class PosterContent:
    """Everything printed on a kelurahan's poster (backend/outreach/service.py chooses it)."""

    letterhead_government: str
    office_name: str
    office_address: str | None
    office_hours: str | None
    kelurahan_name: str
    kecamatan_name: str
    codes: tuple[PosterCode, ...]


def render_poster_pdf(content: PosterContent) -> bytes:
    """The poster as PDF bytes."""
    pdf = new_a4_pdf(f"SLRT · Kelurahan {content.kelurahan_name}")
    pdf.set_margins(MARGIN_MM, 12, MARGIN_MM)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    _heading(pdf, content)
    _codes(pdf, content.codes)
    _steps(pdf)
    _office(pdf, content)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: float, bold: bool = False, grey: bool = False,
          align: str = "C", height: float | None = None) -> None:  # fmt: skip
    pdf.set_font(FONT, style="B" if bold else "", size=size)
    pdf.set_text_color(95 if grey else 0)
    line = height if height is not None else size * 0.48
    pdf.multi_cell(0, line, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)


def _said(pdf: FPDF, key: str, *, size: float, bold: bool = False, align: str = "C",
          **params: str) -> None:  # fmt: skip
    """A catalog line in Bahasa Indonesia, then its English smaller and grey."""
    indonesian, english = both(key, **params)
    _text(pdf, indonesian, size=size, bold=bold, align=align)
    _text(pdf, english, size=size * 0.62, grey=True, align=align)


def _rule(pdf: FPDF) -> None:
    y = pdf.get_y()
    pdf.set_line_width(0.7)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)


def _heading(pdf: FPDF, content: PosterContent) -> None:
    _text(pdf, content.letterhead_government.upper(), size=11, bold=True)
    _text(pdf, content.office_name.upper(), size=14, bold=True)
    pdf.ln(1.5)
    _rule(pdf)
    pdf.ln(5)
    _said(pdf, "poster-title", size=26, bold=True)
    pdf.ln(2)
    _said(pdf, "poster-lead", size=13)
    pdf.ln(3)
    pdf.set_fill_color(232, 240, 250)
    pdf.set_font(FONT, style="B", size=15)
    area = both("poster-area", kelurahan=content.kelurahan_name, kecamatan=content.kecamatan_name)
    pdf.multi_cell(0, 9, area[0], align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    _said(pdf, "poster-programs", size=10.5)
    pdf.ln(4)


def _codes(pdf: FPDF, codes: tuple[PosterCode, ...]) -> None:
    _said(pdf, "poster-scan", size=11, bold=True)
    pdf.ln(3)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    column = (width - QR_GAP_MM * (len(codes) - 1)) / max(len(codes), 1)
    size = min(QR_MAX_MM, column - 4)
    top = pdf.get_y()
    bottom = top
    for index, code in enumerate(codes):
        left = pdf.l_margin + index * (column + QR_GAP_MM)
        pdf.image(io.BytesIO(qr_png(code.url)), x=left + (column - size) / 2, y=top, w=size)
        pdf.set_xy(left, top + size + 1.5)
        indonesian, english = both(f"poster-channel-{code.channel}")
        pdf.set_font(FONT, style="B", size=13)
        pdf.multi_cell(column, 6, indonesian, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        if english != indonesian:
            pdf.set_font(FONT, size=8.5)
            pdf.set_text_color(95)
            pdf.multi_cell(column, 4, english, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.set_text_color(0)
        pdf.set_font(FONT, size=9)
        for line in _link_lines(pdf, code.printed, column):
            pdf.multi_cell(column, 4.2, line, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 5)


def _link_lines(pdf: FPDF, link: str, width: float) -> list[str]:
    """A link to type, without its scheme; too wide for the column, it breaks before its query."""
    shown = link.removeprefix("https://")
    head, mark, query = shown.partition("?")
    if pdf.get_string_width(shown) <= width or not mark:
        return [shown]
    return [head, mark + query]


def _steps(pdf: FPDF) -> None:
    _said(pdf, "poster-steps-title", size=13, bold=True, align="L")
    pdf.ln(1)
    for step in ("poster-step-1", "poster-step-2", "poster-step-3"):
        _said(pdf, step, size=11, align="L")
        pdf.ln(0.8)
    pdf.ln(3)


def _office(pdf: FPDF, content: PosterContent) -> None:
    _rule(pdf)
    pdf.ln(3)
    if content.office_hours:
        label = both("poster-hours")
        _text(pdf, f"{label[0]} / {label[1]}", size=11, bold=True, align="L")
        _text(pdf, content.office_hours, size=11, align="L", height=5.5)
        pdf.ln(1)
    _said(pdf, "poster-chat-anytime", size=10, align="L")
    pdf.ln(1)
    if content.office_address:
        _text(pdf, f"{content.office_name} · {content.office_address}", size=9.5, align="L")
        pdf.ln(1)
    _said(pdf, "poster-free", size=10, bold=True, align="L")
