"""The emails an agency gets about a referral: its answer link, and one reminder when late.

Both are queued in the caller's transaction (backend/mail/outbox.py) and leave through
the mail sender. They carry the ticket, the program, the due date and the link: no
name, no NIK, no complaint text (an email is read on any device; the page is behind
the link). Bahasa Indonesia first, English second, in one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category, Complaint
from backend.clock import local_date
from backend.config import Settings
from backend.mail.models import OutgoingEmail
from backend.mail.outbox import enqueue_email
from backend.office.settings import office_settings
from backend.referrals.answer_links import answer_link
from backend.referrals.models import Agency, AgencyAnswer, Referral, ReferralStatus

REFERRAL_LINK_KIND = "referral_link"
AGENCY_REMINDER_KIND = "agency_reminder"
_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Facts:
    office: str
    ticket: str
    program_id: str
    program_en: str
    due_on: date | None
    url: str
    expires_on: date


def _day_id(day: date | None) -> str:
    return f"{day.day} {_MONTHS_ID[day.month - 1]} {day.year}" if day else "-"


def _day_en(day: date | None) -> str:
    return day.strftime("%d %B %Y").lstrip("0") if day else "-"


async def _facts(
    session: AsyncSession, referral: Referral, settings: Settings, now: datetime
) -> _Facts:
    complaint = await session.get_one(Complaint, referral.complaint_id)
    category = await session.get_one(Category, complaint.category_id)
    office = await office_settings(session)
    link = answer_link(
        referral, secret_key=settings.secret_key.get_secret_value(),
        public_base=settings.public_base, lifetime=timedelta(days=settings.referral_link_days),
        now=now,
    )  # fmt: skip
    return _Facts(
        office=f"{office.office_name} {office.letterhead_government}".strip(),
        ticket=complaint.ticket, program_id=category.name_id, program_en=category.name_en,
        due_on=referral.due_on, url=link.url, expires_on=local_date(link.expires_at),
    )  # fmt: skip


def _link_body(agency: Agency, facts: _Facts) -> str:
    return "\n".join(
        (
            f"Yth. {agency.name_id},",
            "",
            f"{facts.office} merujuk pengaduan {facts.ticket} (program {facts.program_id})"
            " kepada instansi Anda.",
            f"Mohon sampaikan tanggapan paling lambat {_day_id(facts.due_on)} melalui tautan ini"
            " (tanpa akun; berlaku sampai " + _day_id(facts.expires_on) + "):",
            "",
            facts.url,
            "",
            "Di sana Anda memilih: diterima, sedang diproses, selesai dengan hasilnya, atau"
            " bukan program kami, dengan catatan dan berkas. Warga menerima ringkasannya.",
            "Data rumah tangga yang diperlukan ada di surat rujukan.",
            "",
            "---",
            f"To {agency.name_en}: the office refers complaint {facts.ticket}"
            f" (program {facts.program_en}) to you.",
            f"Please answer by {_day_en(facts.due_on)} through the link above (no account"
            f" needed; valid until {_day_en(facts.expires_on)}): accepted, in progress, done"
            " with the outcome, or not our program, with a note and files.",
        )
    )


async def email_answer_link(
    session: AsyncSession, referral: Referral, settings: Settings, now: datetime
) -> OutgoingEmail | None:
    """Queues the referral's answer link to its agency; None when the agency has no email."""
    agency = await session.get_one(Agency, referral.agency_id)
    if not agency.email:
        return None
    facts = await _facts(session, referral, settings, now)
    return await enqueue_email(
        session, kind=REFERRAL_LINK_KIND, to_address=agency.email,
        subject=f"Rujukan pengaduan {facts.ticket} / Referral of complaint {facts.ticket}",
        body=_link_body(agency, facts), referral_id=referral.id,
    )  # fmt: skip


def _reminder_body(agency: Agency, facts: _Facts) -> str:
    return "\n".join(
        (
            f"Yth. {agency.name_id},",
            "",
            f"Tanggapan atas rujukan pengaduan {facts.ticket} (program {facts.program_id})"
            f" diminta paling lambat {_day_id(facts.due_on)} dan belum kami terima.",
            "Mohon sampaikan tanggapan melalui tautan ini:",
            "",
            facts.url,
            "",
            "---",
            f"To {agency.name_en}: the answer to the referral of complaint {facts.ticket}"
            f" was due by {_day_en(facts.due_on)} and has not reached us. Please answer"
            " through the link above.",
        )
    )


async def remind_late_agencies(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Queues the one reminder of each open referral past its due date with no answer at all.

    An agency that answered along the way (accepted, in progress) is not reminded; the
    supervisor's digest still lists the referral. `reminded_at` makes it once only.
    """
    unanswered = ~exists().where(AgencyAnswer.referral_id == Referral.id)
    statement = (
        select(Referral)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(
            Referral.status == ReferralStatus.SENT, Referral.reminded_at.is_(None),
            Referral.due_on < local_date(now), Agency.email.is_not(None), unanswered,
        )
        .order_by(Referral.id)
        .with_for_update(of=Referral, skip_locked=True)
    )  # fmt: skip
    reminded = 0
    for referral in list(await session.scalars(statement)):
        agency = await session.get_one(Agency, referral.agency_id)
        assert agency.email is not None  # selected for it
        facts = await _facts(session, referral, settings, now)
        await enqueue_email(
            session, kind=AGENCY_REMINDER_KIND, to_address=agency.email,
            subject=f"Pengingat rujukan {facts.ticket} / Reminder: referral {facts.ticket}",
            body=_reminder_body(agency, facts), referral_id=referral.id,
        )  # fmt: skip
        referral.reminded_at = now
        reminded += 1
    await session.flush()
    return reminded
