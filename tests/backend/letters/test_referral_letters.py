"""Referring a complaint issues a numbered letter; its PDF carries what the program needs and no more."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.citizens.models import Citizen
from backend.complaints.service import EventDetails, fire_event
from backend.errors import Forbidden
from backend.letters.models import ReferralLetter
from backend.letters.numbering import format_letter_number, next_letter_sequence
from backend.letters.service import latest_letter_of, letter_pdf, letters_of
from backend.office.settings import office_settings
from backend.referrals.answer_links import ANSWER_PATH, referral_of_link
from backend.referrals.models import Referral
from backend.security.crypto import Vault
from tests.backend.letters.world import (
    DUE_AFTER_TEN_WORKING_DAYS,
    KK,
    LINKS,
    MONDAY_BEFORE_CHRISTMAS,
    first_page_png,
    pdf_text,
    qr_codes,
    referred_complaint,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


class TestNumbers:
    """<sequence>/<code>/SLRT/<month in roman numerals>/<year>, a sequence per year."""

    def test_the_month_is_in_roman_numerals(self) -> None:
        assert format_letter_number(1, "DINSOS", date(2026, 1, 5)) == "1/DINSOS/SLRT/I/2026"
        assert format_letter_number(42, "DINSOS", date(2026, 4, 30)) == "42/DINSOS/SLRT/IV/2026"
        assert format_letter_number(7, "SOS", date(2026, 12, 31)) == "7/SOS/SLRT/XII/2026"

    async def test_the_sequence_restarts_each_year(self, session: AsyncSession) -> None:
        assert [await next_letter_sequence(session, 2026) for _ in range(3)] == [1, 2, 3]
        assert await next_letter_sequence(session, 2027) == 1
        assert await next_letter_sequence(session, 2026) == 4

    @pytest.mark.own_database  # connections racing each other
    async def test_concurrent_referrals_get_distinct_numbers(
        self, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async def refer_one() -> str:
            async with sessions() as session:
                complaint, _ = await referred_complaint(session, vault)
                letter = await latest_letter_of(session, complaint.id)
                assert letter is not None
                await session.commit()
                return letter.number

        numbers = await asyncio.gather(*(refer_one() for _ in range(6)))
        assert sorted(numbers) == sorted(f"{n}/DINSOS/SLRT/XII/2026" for n in range(1, 7))


class TestIssuing:
    """The refer event issues the letter in its own transaction, and sets the referral's due date."""

    async def test_referring_issues_a_letter_due_in_working_days(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, actor = await referred_complaint(session, vault)
        [letter] = await letters_of(session, complaint.id)
        referral = await session.get_one(Referral, letter.referral_id)
        assert letter.number == "1/DINSOS/SLRT/XII/2026"
        assert referral.due_on == letter.due_on == DUE_AFTER_TEN_WORKING_DAYS
        assert letter.issued_by_id == actor.staff_id
        audits = await session.scalars(
            select(AuditRecord).where(AuditRecord.action == "complaint.refer")
        )
        [audit] = list(audits)
        assert audit.object_id == complaint.ticket
        assert audit.detail["letter"] == letter.number
        assert audit.detail["due_on"] == "2027-01-08" and audit.detail["agency"] == "pkh"

    async def test_the_office_settings_are_copied_onto_the_letter(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        office = await office_settings(session)
        office.letter_code, office.signatory_name = "DINSOS-BGR", "Drs. Budi Santoso"
        office.referral_due_working_days = 3
        complaint, _ = await referred_complaint(session, vault)
        letter = await latest_letter_of(session, complaint.id)
        assert letter is not None
        assert letter.number == "1/DINSOS-BGR/SLRT/XII/2026"
        assert letter.due_on == date(2026, 12, 28), "22, 23 and (after Christmas) 28 December"
        office.signatory_name = "Someone Else"
        text = pdf_text(await letter_pdf(session, vault, letter, _worker(), LINKS, now=_now()))
        assert "Drs. Budi Santoso" in text and "Someone Else" not in text

    async def test_referring_again_issues_a_new_letter_with_a_new_number(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, actor = await referred_complaint(session, vault)
        outcome = EventDetails(outcome="resolved", resolution="Sudah cair.", note="Cair.")
        await fire_event(session, complaint, "record_outcome", actor, outcome, now=_now())
        citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
        await fire_event(
            session, complaint, "appeal", citizen, EventDetails(reason="Belum cair."), now=_now()
        )
        await fire_event(session, complaint, "refer", actor, EventDetails(agency="sembako"))
        newest, first = await letters_of(session, complaint.id)
        assert first.number == "1/DINSOS/SLRT/XII/2026"
        assert newest.number != first.number and newest.sequence == 2
        assert newest.referral_id != first.referral_id


class TestThePdf:
    """The PDF shows the number, the agency and the deadline; its QR code opens the answer page."""

    async def test_the_pdf_reads_number_agency_deadline_and_its_qr_is_the_answer_link(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        office = await office_settings(session)
        office.office_address = "Jl. Pemuda No. 31, Bogor 16161 · Telp. (0251) 8321075"
        office.signatory_name, office.signatory_nip = "Drs. Budi Santoso, M.Si.", "1970" + "0" * 14
        office.signatory_title = "Kepala Dinas Sosial Kota Bogor"
        complaint, _ = await referred_complaint(session, vault)
        letter = await latest_letter_of(session, complaint.id)
        assert letter is not None
        pdf = await letter_pdf(session, vault, letter, _worker(), LINKS, now=_now())
        text = pdf_text(pdf)
        assert "Drs. Budi Santoso" in text and "Jl. Pemuda No. 31" in text
        assert letter.number in text
        assert "Koordinator PKH" in text or "PKH" in text
        assert "8 Januari 2027" in text, "the answer-by date, as a letter writes it"
        assert complaint.ticket in text
        png = first_page_png(pdf)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "referral-letter.png").write_bytes(png)
        [link] = qr_codes(png)
        assert link.startswith(f"{LINKS.public_base}{ANSWER_PATH}")
        token = link.removeprefix(f"{LINKS.public_base}{ANSWER_PATH}")
        opened = await referral_of_link(session, token, secret_key=LINKS.secret_key, now=_now())
        assert opened.id == letter.referral_id

    async def test_a_program_that_finds_people_by_nik_gets_nik_and_kk(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, _ = await referred_complaint(session, vault, category_code="pkh")
        nik = await _nik_of(session, vault, complaint.citizen_id)
        letter = await latest_letter_of(session, complaint.id)
        assert letter is not None
        text = pdf_text(await letter_pdf(session, vault, letter, _worker(), LINKS, now=_now()))
        assert nik in text and KK in text

    async def test_disdukcapil_and_other_services_get_no_identity_numbers(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        for category_code, agency in (
            ("civil_documents", "disdukcapil"),
            ("other_social", "other"),
        ):
            complaint, _ = await referred_complaint(
                session, vault, category_code=category_code, agency=agency
            )
            nik = await _nik_of(session, vault, complaint.citizen_id)
            letter = await latest_letter_of(session, complaint.id)
            assert letter is not None
            pdf = await letter_pdf(session, vault, letter, _worker(), LINKS, now=_now())
            text = pdf_text(pdf).replace(" ", "").replace("\n", "")
            assert nik not in text and KK not in text, category_code
            assert "Siti Aminah" in pdf_text(pdf), "the name and address are there"

    async def test_the_nik_is_never_stored_with_the_letter(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, _ = await referred_complaint(session, vault)
        nik = await _nik_of(session, vault, complaint.citizen_id)
        letter = await latest_letter_of(session, complaint.id)
        assert letter is not None
        stored = " ".join(str(getattr(letter, c.key)) for c in ReferralLetter.__table__.columns)
        assert nik not in stored and KK not in stored

    async def test_each_download_is_audited_and_only_office_staff_may(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint, _ = await referred_complaint(session, vault)
        letter = await latest_letter_of(session, complaint.id)
        assert letter is not None
        await letter_pdf(
            session, vault, letter, _worker(), LINKS, now=_now(), ip_address="10.0.0.9"
        )
        await letter_pdf(session, vault, letter, _worker(), LINKS, now=_now())
        audits = list(
            await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "referral_letter.downloaded")
            )
        )
        assert len(audits) == 2
        assert audits[0].detail["number"] == letter.number
        assert "nik" in audits[0].detail["fields"]
        facilitator = Actor(ActorRole.FACILITATOR, facilitator_id=1)
        with pytest.raises(Forbidden):
            await letter_pdf(session, vault, letter, facilitator, LINKS, now=_now())


def _now() -> datetime:
    return datetime(2026, 12, 22, 3, 0, tzinfo=UTC)


def _worker() -> Actor:
    return Actor(ActorRole.BACK_OFFICE, staff_id=None)


async def _nik_of(session: AsyncSession, vault: Vault, citizen_id: int) -> str:
    citizen = await session.get_one(Citizen, citizen_id)
    assert citizen.nik_ciphertext is not None
    return vault.decrypt(citizen.nik_ciphertext)


assert _now() > MONDAY_BEFORE_CHRISTMAS
