"""The PDF of a person's data export: the dict of subject_export, section by section, with
labels in Bahasa Indonesia and English.

The font ships in backend/privacy/fonts (DejaVu Sans, which covers the letters of
Indonesian names and more); nothing is fetched when a PDF is made.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "DejaVuSans"
TITLE = "Data pribadi yang disimpan SLRT Dinas Sosial Kota Bogor / Personal data held by SLRT, Dinas Sosial Kota Bogor"
# Section headings, in the order they are printed.
SECTIONS = (
    ("citizen", "Data warga / Personal record"),
    ("channel_identities", "Chat yang terhubung / Linked chats"),
    ("complaints", "Pengaduan / Complaints"),
    ("identity_mentions", "Nomor identitas dalam teks / Identity numbers in texts"),
    ("correction_requests", "Permintaan perbaikan data / Correction requests"),
    ("processing_log", "Riwayat pemrosesan / Processing log"),
)
LABELS = {
    "generated_at": "Dibuat / Generated", "requested_through": "Diminta melalui / Requested through",
    "id": "ID", "full_name": "Nama / Name", "nik": "NIK", "kk": "No. KK / Family card",
    "phone": "No. HP / Phone", "kelurahan_code": "Kode kelurahan / Kelurahan code",
    "kelurahan": "Kelurahan", "kecamatan": "Kecamatan", "address": "Alamat / Address",
    "language": "Bahasa / Language", "consent_at": "Persetujuan / Consent given",
    "consent_method": "Cara persetujuan / Consent method", "created_at": "Dibuat / Created",
    "updated_at": "Diperbarui / Updated", "pseudonymised_at": "Dipseudonimkan / Pseudonymised",
    "channel": "Kanal / Channel", "chat_id": "ID chat / Chat id",
    "display_name": "Nama tampilan / Display name", "reachable": "Dapat dihubungi / Reachable",
    "ticket": "Tiket / Ticket", "category": "Jenis / Category", "filed_for": "Untuk / Filed for",
    "status": "Status", "description": "Uraian / Description", "due_on": "Batas waktu / Due",
    "expected_completion_on": "Perkiraan selesai / Expected completion",
    "resolved_at": "Selesai / Resolved", "resolution": "Hasil / Resolution",
    "rejection_reason": "Alasan penolakan / Rejection reason",
    "registry_status": "Status DTSEN / Registry status", "registry_programs": "Program / Programs",
    "citizen_rating": "Penilaian / Rating", "status_events": "Riwayat status / Status history",
    "messages": "Pesan / Messages", "attachments": "Lampiran / Attachments",
    "referrals": "Rujukan / Referrals", "at": "Waktu / At", "event": "Peristiwa / Event",
    "from": "Dari / From", "to": "Ke / To", "role": "Peran / Role",
    "public_note": "Catatan / Note", "direction": "Arah / Direction", "text": "Teks / Text",
    "kind": "Jenis / Kind", "name": "Nama berkas / File name", "mime_type": "Tipe / Type",
    "size_bytes": "Ukuran (byte) / Size (bytes)", "sha256": "SHA-256",
    "removed_at": "Dihapus / Removed", "agency": "Instansi / Agency",
    "agency_code": "Kode instansi / Agency code", "referred_at": "Dirujuk / Referred",
    "note": "Catatan / Note", "answered_at": "Dijawab / Answered", "answer": "Jawaban / Answer",
    "agency_answers": "Jawaban lewat tautan / Answers through the link",
    "source": "Sumber / Source", "number": "Nomor / Number", "field": "Data / Field",
    "requested_value": "Nilai yang diminta / Requested value",
    "requested_identity_number": "Nomor yang diminta / Requested number",
    "action": "Tindakan / Action", "to_status": "Status baru / New status",
    "format": "Format", "code": "Kode / Code", "name_id": "Nama / Name (id)",
    "name_en": "Nama / Name (en)",
    # The satisfaction survey (docs/ikm.md).
    "survey": "Survei kepuasan / Satisfaction survey", "submitted_at": "Dikirim / Submitted",
    "requirements": "Persyaratan / Requirements", "procedure": "Prosedur / Procedure",
    "turnaround": "Waktu penyelesaian / Time", "cost": "Biaya / Cost",
    "product": "Produk layanan / Service product", "competence": "Kompetensi / Competence",
    "conduct": "Perilaku / Conduct",
    "complaint_handling": "Penanganan pengaduan / Complaint handling",
    "facilities": "Sarana / Facilities", "comment": "Komentar / Comment",
    "lapor_number": "Nomor LAPOR! / LAPOR! number",
    "open311_email": "Email untuk kabar (Open311) / Email for news (Open311)",
}  # fmt: skip
NOTHING = "–"


def _font_path(name: str) -> str:
    return str(resources.files("backend.privacy").joinpath("fonts", name))


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 8, f"{self.page_no()}", align="C")


def subject_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF document."""
    pdf = _Document(format="A4")
    pdf.add_font(FONT, fname=_font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT, style="B", fname=_font_path("DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title("Data pribadi / Personal data")
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=13)
    _paragraph(pdf, TITLE, height=7)
    pdf.set_font(FONT, size=9)
    _pair(pdf, "generated_at", data.get("generated_at"), 0)
    _pair(pdf, "requested_through", data.get("requested_through"), 0)
    for key, heading in SECTIONS:
        pdf.ln(3)
        pdf.set_font(FONT, style="B", size=11)
        _paragraph(pdf, heading, height=6)
        pdf.set_font(FONT, size=9)
        _value(pdf, data.get(key), 0)
    return bytes(pdf.output())


def _paragraph(pdf: FPDF, text: str, *, height: float = 5, indent: float = 0) -> None:
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _value(pdf: FPDF, value: Any, depth: int) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _pair(pdf, key, item, depth)
    elif isinstance(value, list):
        if not value:
            _paragraph(pdf, NOTHING, indent=depth * 5)
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict):
                pdf.set_font(FONT, style="B", size=9)
                _paragraph(pdf, f"#{number}", indent=depth * 5)
                pdf.set_font(FONT, size=9)
                _value(pdf, item, depth + 1)
            else:
                _paragraph(pdf, f"• {_text(item)}", indent=depth * 5)
    else:
        _paragraph(pdf, _text(value), indent=depth * 5)


def _pair(pdf: FPDF, key: str, value: Any, depth: int) -> None:
    label = LABELS.get(key, key)
    if isinstance(value, dict | list) and value:
        _paragraph(pdf, f"{label}:", indent=depth * 5)
        _value(pdf, value, depth + 1)
    else:
        _paragraph(pdf, f"{label}: {_text(value)}", indent=depth * 5)


def _text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return "ya / yes" if value else "tidak / no"
    return str(value)
