"""Drawing a referral letter (surat rujukan) as a one-page A4 PDF, from plain values.

The font ships with the service (DejaVu Sans, beside the data export's PDF in
backend/privacy/fonts) and the QR code is drawn here (segno): nothing is fetched.
Labels read Bahasa Indonesia first and English second; the letter itself is an
Indonesian official letter, so its sentences are Indonesian with English under them.
"""

from __future__ import annotations

import io
from datetime import date
from importlib import resources
from typing import cast

import segno
from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from backend.letters.content import LetterContent

FONT = "DejaVuSans"
QR_SIZE_MM = 34
HOUSEHOLD_LABELS = {
    "name": "Nama / Name",
    "nik": "NIK",
    "kk": "No. KK / Family card",
    "address": "Alamat / Address",
    "kelurahan": "Kelurahan",
    "registry": "Status DTSEN / Registry",
}


def long_date(value: date) -> str:
    """A date as an Indonesian letter writes it: 4 Desember 2026."""
    return format_date(value, "d MMMM y", locale="id")


def font_path(name: str) -> str:
    """The path of a font file shipped with the service (backend/privacy/fonts)."""
    return str(resources.files("backend.privacy").joinpath("fonts", name))


def new_a4_pdf(title: str) -> FPDF:
    """An empty A4 document with DejaVu Sans (regular and bold) added as FONT."""
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, fname=font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT, style="B", fname=font_path("DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    return pdf


def qr_png(url: str) -> bytes:
    """A link as a QR code image (PNG)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def render_letter_pdf(content: LetterContent) -> bytes:
    """The letter as PDF bytes."""
    pdf = new_a4_pdf(f"Surat rujukan {content.number}")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _letterhead(pdf, content)
    _heading(pdf, content)
    _body(pdf, content)
    _answer(pdf, content)
    _signature(pdf, content)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False, align: str = "L",
          height: float = 5, grey: bool = False) -> None:  # fmt: skip
    pdf.set_font(FONT, style="B" if bold else "", size=size)
    pdf.set_text_color(90 if grey else 0)
    pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)


def _letterhead(pdf: FPDF, content: LetterContent) -> None:
    _line(pdf, content.letterhead_government.upper(), size=13, bold=True, align="C", height=6)
    _line(pdf, content.office_name.upper(), size=15, bold=True, align="C", height=7)
    if content.office_address:
        _line(pdf, content.office_address, size=9, align="C", height=4.5)
    pdf.ln(1)
    y = pdf.get_y()
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.w - pdf.r_margin, y + 1.2)
    pdf.ln(4)


def _pair(
    pdf: FPDF, label: str, value: str, *, label_width: float = 58, bold: bool = False
) -> None:
    pdf.set_font(FONT, style="B" if bold else "", size=10)
    x, top = pdf.l_margin, pdf.get_y()
    label_height = cast(
        float,
        pdf.multi_cell(
            label_width, 5, label, align="L", dry_run=True, output=MethodReturnValue.HEIGHT
        ),
    )
    pdf.set_x(x)
    pdf.multi_cell(label_width, 5, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
    label_bottom = top + label_height
    pdf.set_xy(x + label_width, top)
    pdf.multi_cell(4, 5, ":", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_xy(x + label_width + 4, top)
    pdf.multi_cell(0, 5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # The label may take more lines than the value.
    pdf.set_y(max(pdf.get_y(), label_bottom))


def _heading(pdf: FPDF, content: LetterContent) -> None:
    _line(pdf, f"Bogor, {long_date(content.issued_on)}", align="R")
    pdf.ln(1)
    _pair(pdf, "Nomor / Number", content.number)
    _pair(pdf, "Lampiran / Enclosures", "–")
    _pair(pdf, "Perihal / Subject", f"Rujukan pengaduan {content.ticket} / Complaint referral")
    pdf.ln(3)
    _line(pdf, "Kepada Yth. / To:")
    _line(pdf, content.agency_name, bold=True)
    if content.agency_contact:
        _line(pdf, content.agency_contact, size=9)
    _line(pdf, "di tempat", size=9)
    pdf.ln(3)


def _body(pdf: FPDF, content: LetterContent) -> None:
    _line(
        pdf,
        "Bersama ini kami merujuk pengaduan warga yang diterima melalui Sistem Layanan dan "
        "Rujukan Terpadu (SLRT) untuk ditindaklanjuti sesuai kewenangan Bapak/Ibu, dengan "
        "keterangan sebagai berikut:",
    )
    _line(
        pdf,
        "We refer to you the complaint below, received through the integrated service and "
        "referral system (SLRT), for action within your remit.",
        size=8.5, grey=True, height=4.2,
    )  # fmt: skip
    pdf.ln(2)
    _pair(pdf, "Tiket / Ticket", content.ticket)
    _pair(pdf, "Program", content.category_name)
    for field, value in content.household_fields:
        _pair(pdf, HOUSEHOLD_LABELS.get(field, field), value)
    _pair(pdf, "Pengaduan / Complaint", content.description)
    if content.referral_note:
        _pair(pdf, "Catatan / Note", content.referral_note)
    _pair(
        pdf, "Tindakan diminta / Action requested",
        "Memeriksa dan menindaklanjuti pengaduan ini, lalu menyampaikan jawaban "
        "(diterima, sedang diproses, selesai beserta hasilnya, atau bukan program kami). "
        "/ Look into this complaint and answer: accepted, in progress, done with the "
        "outcome, or not your program.",
    )  # fmt: skip
    _pair(pdf, "Batas jawaban / Answer by", long_date(content.due_on), bold=True)
    pdf.ln(3)


def _answer(pdf: FPDF, content: LetterContent) -> None:
    if pdf.get_y() + QR_SIZE_MM + 4 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(content.answer_url)), x=pdf.l_margin, y=top, w=QR_SIZE_MM)
    text_x = pdf.l_margin + QR_SIZE_MM + 4
    pdf.set_xy(text_x, top + 1)
    pdf.set_font(FONT, style="B", size=10)
    pdf.multi_cell(0, 5, "Jawab tanpa akun / Answer without an account",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(
        0, 4.5,
        "Pindai kode QR atau buka tautan ini untuk melihat rujukan ini dan menjawabnya. "
        "Tautan hanya untuk rujukan ini dan berlaku sampai "
        f"{long_date(content.link_expires_on)} atau sampai rujukan dijawab.",
        align="L", new_x=XPos.LEFT, new_y=YPos.NEXT,
    )  # fmt: skip
    pdf.set_text_color(90)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(
        0, 4,
        "Scan the QR code or open the link to see this referral and answer it; the link "
        "opens this referral only and works until the date above or until it is answered.",
        align="L", new_x=XPos.LEFT, new_y=YPos.NEXT,
    )  # fmt: skip
    pdf.set_text_color(0)
    pdf.set_font(FONT, size=7.5)
    pdf.multi_cell(0, 4, content.answer_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE_MM) + 4)


def _signature(pdf: FPDF, content: LetterContent) -> None:
    if pdf.get_y() + 40 > pdf.h - pdf.b_margin:
        pdf.add_page()
    column = pdf.l_margin + (pdf.w - pdf.l_margin - pdf.r_margin) * 0.55
    width = pdf.w - pdf.r_margin - column

    def right(text: str, *, bold: bool = False, height: float = 5) -> None:
        pdf.set_x(column)
        pdf.set_font(FONT, style="B" if bold else "", size=10)
        pdf.multi_cell(width, height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    right(content.signatory_title or "Kepala Dinas Sosial")
    pdf.ln(18)
    right(content.signatory_name or "( .................................... )", bold=True)
    if content.signatory_nip:
        right(f"NIP. {content.signatory_nip}")
