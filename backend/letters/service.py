"""Issuing a referral letter when a complaint is referred, and drawing it again for a download.

Issuing happens inside the refer event's transaction (backend/complaints/service.py):
the letter takes the year's next number, the referral gets the date the agency is
asked to answer by, and both are audited with the event or not written at all.
A download draws the PDF from the stored row (backend/letters/pdf.py); the NIK, where
the program needs it, is decrypted for that drawing only, and the download is audited
like any other view of a full NIK.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor
from backend.audit.service import record_audit
from backend.casefiles.access import IDENTITY_VIEWERS, require_role
from backend.casefiles.models import Category, Complaint, RegistryStatus
from backend.casefiles.sla import add_working_days
from backend.citizens.models import Citizen
from backend.clock import local_date
from backend.config import Settings
from backend.letters.content import LetterContent
from backend.letters.household import HouseholdField, fields_for
from backend.letters.models import ReferralLetter
from backend.letters.numbering import format_letter_number, next_letter_sequence
from backend.office.settings import office_settings
from backend.referrals.answer_links import answer_link
from backend.referrals.models import Agency, Referral
from backend.regions.models import Kecamatan, Kelurahan
from backend.security.crypto import Vault

DOWNLOADED_ACTION = "referral_letter.downloaded"
REGISTRY_WORDS = {
    RegistryStatus.REGISTERED: "terdaftar / registered",
    RegistryStatus.NOT_REGISTERED: "tidak terdaftar / not registered",
    RegistryStatus.UNCHECKED: "belum diperiksa / not checked",
}
# Who may download a letter: it may carry a full NIK, so those who may see one.
LETTER_READERS = IDENTITY_VIEWERS


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """What the answer link printed on a letter is made with (from the service's settings)."""

    secret_key: str
    public_base: str
    lifetime: timedelta


def link_settings_of(settings: Settings) -> LinkSettings:
    """The answer link's settings as the service is configured."""
    return LinkSettings(
        secret_key=settings.secret_key.get_secret_value(),
        public_base=settings.public_base,
        lifetime=timedelta(days=settings.referral_link_days),
    )


def letter_file_name(letter: ReferralLetter, ticket: str) -> str:
    """The download's name: by ticket and number, never by a person's name or NIK."""
    return f"surat-rujukan-{ticket}-{letter.sequence}-{letter.year}.pdf"


async def issue_referral_letter(
    session: AsyncSession, referral: Referral, complaint: Complaint, now: datetime
) -> ReferralLetter:
    """Numbers and records the letter of a new referral; sets the referral's due date.

    The referral must be flushed. Called once per referral, by the refer event, whose
    audit record names the letter's number. Referring the complaint again makes a new
    referral, so a new letter with a new number.
    """
    office = await office_settings(session)
    issued_on = local_date(now)
    referral.due_on = add_working_days(issued_on, office.referral_due_working_days)
    sequence = await next_letter_sequence(session, issued_on.year)
    letter = ReferralLetter(
        referral_id=referral.id,
        complaint_id=complaint.id,
        number=format_letter_number(sequence, office.letter_code, issued_on),
        year=issued_on.year,
        sequence=sequence,
        issued_at=now,
        issued_by_id=referral.referred_by_id,
        due_on=referral.due_on,
        letterhead_government=office.letterhead_government,
        office_name=office.office_name,
        office_address=office.office_address,
        signatory_name=office.signatory_name,
        signatory_title=office.signatory_title,
        signatory_nip=office.signatory_nip,
    )
    session.add(letter)
    await session.flush()
    return letter


async def letters_of(session: AsyncSession, complaint_id: int) -> list[ReferralLetter]:
    """The complaint's letters, newest first."""
    statement = (
        select(ReferralLetter)
        .where(ReferralLetter.complaint_id == complaint_id)
        .order_by(ReferralLetter.id.desc())
    )
    return list(await session.scalars(statement))


@dataclass(frozen=True, slots=True)
class LetterListing:
    """A letter as the complaint page lists it."""

    letter: ReferralLetter
    agency_name_id: str
    agency_name_en: str


async def letter_listing(session: AsyncSession, complaint_id: int) -> list[LetterListing]:
    """The complaint's letters with the agency each went to, newest first."""
    statement = (
        select(ReferralLetter, Agency.name_id, Agency.name_en)
        .join(Referral, Referral.id == ReferralLetter.referral_id)
        .join(Agency, Agency.id == Referral.agency_id)
        .where(ReferralLetter.complaint_id == complaint_id)
        .order_by(ReferralLetter.id.desc())
    )
    rows = (await session.execute(statement)).all()
    return [LetterListing(letter, name_id, name_en) for letter, name_id, name_en in rows]


async def latest_letter_of(session: AsyncSession, complaint_id: int) -> ReferralLetter | None:
    """The complaint's newest letter, if it was ever referred."""
    letters = await letters_of(session, complaint_id)
    return letters[0] if letters else None


async def letter_pdf(
    session: AsyncSession,
    vault: Vault,
    letter: ReferralLetter,
    actor: Actor,
    links: LinkSettings,
    *,
    now: datetime,
    ip_address: str | None = None,
) -> bytes:
    """The letter as a PDF, drawn now from its row; the download is audited."""
    require_role(actor, LETTER_READERS, "download a referral letter")
    complaint = await session.get_one(Complaint, letter.complaint_id)
    referral = await session.get_one(Referral, letter.referral_id)
    content = await _content(session, vault, letter, complaint, referral, links, now)
    detail = {
        "ticket": complaint.ticket, "number": letter.number,
        "fields": sorted(label for label, _ in content.household_fields),
    }  # fmt: skip
    record_audit(
        session, actor, DOWNLOADED_ACTION, "referral_letter", letter.id, detail,
        ip_address=ip_address,
    )  # fmt: skip
    from backend.letters.pdf import render_letter_pdf  # fpdf is imported by a download only

    return render_letter_pdf(content)


async def _content(
    session: AsyncSession,
    vault: Vault,
    letter: ReferralLetter,
    complaint: Complaint,
    referral: Referral,
    links: LinkSettings,
    now: datetime,
) -> LetterContent:
    agency = await session.get_one(Agency, referral.agency_id)
    category = await session.get_one(Category, complaint.category_id)
    citizen = await session.get_one(Citizen, complaint.citizen_id)
    # The same link as emailed to the agency; made here if it was never handed out before.
    link = answer_link(
        referral, secret_key=links.secret_key, public_base=links.public_base,
        lifetime=links.lifetime, now=now,
    )  # fmt: skip
    return LetterContent(
        number=letter.number,
        issued_on=local_date(letter.issued_at),
        letterhead_government=letter.letterhead_government,
        office_name=letter.office_name,
        office_address=letter.office_address,
        agency_name=agency.name_id,
        agency_contact=agency.contact,
        ticket=complaint.ticket,
        category_name=category.name_id,
        description=complaint.description,
        referral_note=referral.note,
        due_on=letter.due_on,
        household_fields=await _household(session, vault, complaint, citizen, category.code),
        answer_url=link.url,
        link_expires_on=local_date(link.expires_at),
        signatory_name=letter.signatory_name,
        signatory_title=letter.signatory_title,
        signatory_nip=letter.signatory_nip,
    )


async def _household(
    session: AsyncSession, vault: Vault, complaint: Complaint, citizen: Citizen, category: str
) -> tuple[tuple[str, str], ...]:
    """(field, value) pairs of what this program needs, in the order printed."""
    wanted = fields_for(category)
    rows: list[tuple[str, str]] = []
    F = HouseholdField
    if F.NAME in wanted:
        rows.append((F.NAME.value, citizen.full_name))
    if F.NIK in wanted and citizen.nik_ciphertext:
        rows.append((F.NIK.value, vault.decrypt(citizen.nik_ciphertext)))
    if F.KK in wanted and citizen.kk_ciphertext:
        rows.append((F.KK.value, vault.decrypt(citizen.kk_ciphertext)))
    address = complaint.address or citizen.address
    if F.ADDRESS in wanted and address:
        rows.append((F.ADDRESS.value, address))
    if F.KELURAHAN in wanted and complaint.kelurahan_code:
        place = await _kelurahan(session, complaint.kelurahan_code)
        if place:
            rows.append((F.KELURAHAN.value, place))
    if F.REGISTRY in wanted:
        rows.append((F.REGISTRY.value, _registry(complaint)))
    return tuple(rows)


async def _kelurahan(session: AsyncSession, code: str) -> str | None:
    kelurahan = await session.get(Kelurahan, code)
    if kelurahan is None:
        return None
    kecamatan = await session.get(Kecamatan, kelurahan.kecamatan_code)
    return f"{kelurahan.name}, Kec. {kecamatan.name}" if kecamatan else kelurahan.name


def _registry(complaint: Complaint) -> str:
    parts = [REGISTRY_WORDS[complaint.registry_status]]
    if complaint.registry_decile is not None:
        parts.append(f"desil {complaint.registry_decile}")
    if complaint.registry_programs:
        parts.append(", ".join(program.upper() for program in complaint.registry_programs))
    return " · ".join(parts)
