"""The office's own settings, kept by an administrator in the panel (one row).

What goes on a referral letter (letterhead, signatory, numbering), how email leaves
the office (SMTP), when the morning digests go out, and the hours and WhatsApp number
an outreach poster shows. They live in the database,
not in `.env`, because an administrator changes them without a deploy.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.clock import utcnow
from backend.db import Base, UtcDateTime, enum_column_type
from backend.security.guarded_columns import GuardedString, GuardedText

# The one row of `office_settings`.
OFFICE_SETTINGS_ID = 1


class SmtpSecurity(StrEnum):
    """How the connection to the SMTP server is protected."""

    STARTTLS = "starttls"
    TLS = "tls"
    # Only for a relay on the same machine or a test server on loopback.
    NONE = "none"


class OfficeSettings(Base):
    """Letterhead, signatory, letter numbering, SMTP and the digest hour."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Letterhead: the government line(s), the office's name, its address and contacts.
    letterhead_government: Mapped[str] = mapped_column(
        GuardedString(160), default="PEMERINTAH KOTA BOGOR"
    )
    office_name: Mapped[str] = mapped_column(GuardedString(160), default="DINAS SOSIAL")
    office_address: Mapped[str | None] = mapped_column(GuardedText)
    # Who signs referral letters.
    signatory_name: Mapped[str | None] = mapped_column(GuardedString(120))
    signatory_title: Mapped[str | None] = mapped_column(GuardedString(160))
    signatory_nip: Mapped[str | None] = mapped_column(String(24))
    # The office's code in a letter number: <seq>/<code>/SLRT/<month roman>/<year>.
    letter_code: Mapped[str] = mapped_column(String(20), default="DINSOS")
    # SMTP; nothing is emailed while smtp_host is empty. The password is encrypted
    # under DATA_KEY (backend/security/crypto.py).
    smtp_host: Mapped[str | None] = mapped_column(String(255))
    smtp_port: Mapped[int] = mapped_column(Integer, default=587)
    smtp_security: Mapped[SmtpSecurity] = mapped_column(
        enum_column_type(SmtpSecurity), default=SmtpSecurity.STARTTLS
    )
    smtp_username: Mapped[str | None] = mapped_column(String(255))
    smtp_password: Mapped[bytes | None] = mapped_column(LargeBinary)
    smtp_from: Mapped[str | None] = mapped_column(String(254))
    # The answer asked of an agency is due this many working days after the referral.
    referral_due_working_days: Mapped[int] = mapped_column(Integer, default=10)
    # The hour (WIB) of a working morning at which the digests go out.
    digest_hour: Mapped[int] = mapped_column(Integer, default=7)
    # Printed on the outreach posters (backend/outreach/poster.py): "Senin–Jumat 08.00–15.00".
    office_hours: Mapped[str | None] = mapped_column(GuardedString(300))
    # The office's WhatsApp number (+62…): a seam for a WhatsApp channel to come; posters show
    # its QR code only when it is set.
    whatsapp_number: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)
