"""Complaints for the panel tests: in a given state, with a stored attachment, a walk-in form."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.models import Attachment, Complaint
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Channel, ChannelIdentity
from backend.db import unit_of_work
from backend.files import store_bytes
from backend.privacy.corrections import CorrectionField, request_correction
from backend.security.crypto import Vault, vault_for
from tests.fixtures.factories import BUBULAK, made_up_nik

# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


async def attach_file(
    db: async_sessionmaker[AsyncSession], files_dir: Path, ticket: str, *,
    data: bytes = PNG, mime_type: str = "image/png", name: str = "foto-rumah.png",
    stored_path: str | None = None,
) -> int:  # fmt: skip
    """Stores a file under FILES_DIR as the channels do and attaches it; answers its id."""
    path, digest = store_bytes(
        data, files_dir, "attachments", mime_type, vault_for(os.environ["DATA_KEY"])
    )
    async with unit_of_work(db) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        kind = "photo" if mime_type.startswith("image/") else "document"
        attachment = Attachment(
            complaint_id=complaint.id, kind=kind, stored_path=stored_path or path,
            original_name=name, mime_type=mime_type, size_bytes=len(data), sha256=digest,
        )  # fmt: skip
        session.add(attachment)
        await session.flush()
        return attachment.id


async def stored(db: async_sessionmaker[AsyncSession], ticket: str) -> Complaint:
    """The complaint as stored now."""
    async with db() as session:
        found = await get_by_ticket(session, ticket)
        assert found is not None
        return found


def walk_in_form(**changes: str) -> dict[str, str]:
    """A walk-in form a front-office clerk filled in correctly; `changes` override fields."""
    form = {
        "consent": "yes",
        "filed_for": "self",
        "full_name": "Ujang Suherman",
        "nik": made_up_nik(),
        "kk": "",
        "phone": "0812 3456 7890",
        "kelurahan": BUBULAK,
        "address": "Jl. Cilendek Raya No. 12, RT 03/RW 05",
        "category": "bpnt",
        "description": "Kartu sembako tidak bisa dipakai sejak bulan lalu di e-warong.",
    }
    return form | changes


def admin_form(which: dict[str, str]) -> dict[str, str]:
    """A correct category or agency form: {"category": code} or {"agency": code}."""
    if "category" in which:
        return {
            "code": which["category"], "name_id": "Bantuan sosial lain", "name_en": "Other aid",
            "default_agency": "pkh", "sla_triage_days": "3", "sla_disposition_days": "5",
            "sla_resolution_days": "14", "sla_referral_days": "14", "sort_order": "50",
        }  # fmt: skip
    return {
        "code": which["agency"], "name_id": "BAZNAS Kota Bogor", "name_en": "BAZNAS, Kota Bogor",
        "level": "non_government", "contact": "Jl. Pemuda No. 1",
    }  # fmt: skip


async def correction_for(
    db: async_sessionmaker[AsyncSession], vault: Vault, ticket: str, field: str = "phone",
    value: str = "0813 1111 2222", *, now: datetime | None = None,
) -> int:  # fmt: skip
    """A correction request of the complaint's person, made from the chat that filed it."""
    async with unit_of_work(db) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        identity = (
            await session.get(ChannelIdentity, complaint.identity_id)
            if complaint.identity_id
            else None
        )
        request = await request_correction(
            session, vault, citizen_id=complaint.citizen_id, field=CorrectionField(field),
            value=value, channel=identity.channel if identity else Channel.WALK_IN,
            chat_id=identity.chat_id if identity else None, now=now,
        )  # fmt: skip
        return request.id


def office_form(**changes: str) -> dict[str, str]:
    """A complete, acceptable form of the office's settings."""
    form = {
        "letterhead_government": "PEMERINTAH KOTA BOGOR",
        "office_name": "DINAS SOSIAL",
        "office_address": "Jl. Pemuda No. 31, Bogor 16161 · (0251) 8321075",
        "signatory_name": "Drs. Budi Santoso, M.Si.",
        "signatory_title": "Kepala Dinas Sosial Kota Bogor",
        "signatory_nip": "197001011995031001",
        "letter_code": "400.9-DINSOS",
        "referral_due_working_days": "7",
        "digest_hour": "6",
        "smtp_host": "smtp.kotabogor.go.id",
        "smtp_port": "465",
        "smtp_security": "tls",
        "smtp_username": "slrt",
        "smtp_from": "slrt@dinsos.kotabogor.go.id",
    }
    return form | changes
