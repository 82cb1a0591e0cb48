"""A city's worth of old and new data around one instant, for the retention policy.

Everything is placed at a fixed distance from `now`: what the default policy
(180 days, 5 years, 2 years) must remove, and what it must keep.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import (
    Attachment,
    Complaint,
    ComplaintMessage,
    MessageDirection,
)
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.citizens.service import save_citizen
from backend.complaints.lifecycle import Outcome
from backend.complaints.service import EventDetails, fire_event, register_complaint
from backend.files import store_bytes
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.privacy.models import CorrectionRequest
from backend.registry.models import InclusionProposal
from backend.security.crypto import Vault, vault_for
from backend.staff.models import Role
from backend.webchat.models import Direction, WebChatMessage
from tests.fixtures.factories import BUBULAK, category, made_up_nik, make_staff

DAY = timedelta(days=1)


def years_ago(now: datetime, years: int, days: int = 0) -> datetime:
    """`years` calendar years (365.25 days is close enough here) and `days` before `now`."""
    return now - timedelta(days=round(365.25 * years) + days)


@dataclass
class World:
    """The rows and files built; ids, so a test reads them afresh."""

    now: datetime
    files_dir: Path
    old_chat: str = "web-old"
    recent_chat: str = "web-recent"
    edge_chat: str = "web-edge"
    complaints: dict[str, int] = field(default_factory=dict)
    citizens: dict[str, int] = field(default_factory=dict)
    attachments: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    typed_nik: str = ""
    niks: dict[str, str] = field(default_factory=dict)


# What the default policy finds due in the world (and applies once).
EXPECTED_COUNTS = {
    "web_chats": 1,
    "web_chat_messages": 2,
    # Ani's (closed), Citra's old one (rejected), Dewi's (resolved, never closed).
    "complaints": 3,
    # Ani and Dewi; Citra has a recent complaint.
    "citizens": 2,
    # Ani's, Eko's two, Dewi's (file missing) and Dewi's (path outside FILES_DIR).
    "attachments": 5,
    # Ani's and Eko's own; the one Eko shares with Budi stays, the others are not there.
    "files": 2,
    # Uploads never filed: the world's files are all written today, none a week old.
    "abandoned_uploads": 0,
}


async def build_world(session: AsyncSession, vault: Vault, files_dir: Path, now: datetime) -> World:
    """Web chats and complaints at fixed distances from `now`; files under `files_dir`."""
    world = World(now=now, files_dir=files_dir, typed_nik=made_up_nik())
    worker = Actor(ActorRole.BACK_OFFICE, staff_id=(await make_staff(session, Role.BACK_OFFICE)).id)
    _web_chats(session, world)

    ani = await _file(session, vault, world, "ani", "Ani Suryani", years_ago(now, 6, 40))
    await _message(session, ani, f"Nomor KK anak saya {made_up_nik()}", years_ago(now, 6, 39))
    await _fire(session, ani, worker, years_ago(now, 6, 38), "start_review",
                EventDetails(internal_note="Ibu Ani tinggal bersama tiga anak"))  # fmt: skip
    await _fire(session, ani, worker, years_ago(now, 6, 37), "refer",
                EventDetails(agency="disdukcapil", note="Mohon perbaikan KK Ibu Ani"))  # fmt: skip
    await _fire(session, ani, worker, years_ago(now, 6, 20), "record_outcome",
                EventDetails(outcome=Outcome.RESOLVED, note="KK sudah diperbarui",
                             resolution="Data KK Ibu Ani sudah benar"))  # fmt: skip
    await _fire(session, ani, worker, years_ago(now, 6), "close")
    await _attach(session, world, ani, "ani", b"ktp-ani")

    citra_old = await _file(session, vault, world, "citra_old", "Citra Lestari",
                            years_ago(now, 6, 5), nik="citra")  # fmt: skip
    await _fire(session, citra_old, worker, years_ago(now, 6), "reject",
                EventDetails(reason="Ibu Citra sudah menerima PKH"))  # fmt: skip
    await _file(session, vault, world, "citra_recent", "Citra Lestari", now - 30 * DAY, nik="citra")

    dewi = await _file(session, vault, world, "dewi", "Dewi Anggraini", years_ago(now, 6, 20))
    await _fire(session, dewi, worker, years_ago(now, 6, 19), "start_review")
    await _fire(session, dewi, worker, years_ago(now, 6, 18), "handle")
    await _fire(session, dewi, worker, years_ago(now, 6), "resolve",
                EventDetails(resolution="Bantuan sudah cair ke rekening Ibu Dewi"))  # fmt: skip
    await _attach(session, world, dewi, "dewi_missing", b"gone")
    world.files["dewi_missing"].unlink()
    outside = files_dir.parent / "outside" / "kept.jpg"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes(b"not ours to delete")
    await _attach(session, world, dewi, "dewi_outside", path=outside)

    budi = await _file(session, vault, world, "budi", "Budi Santoso", years_ago(now, 1, 10))
    await _fire(session, budi, worker, years_ago(now, 1, 9), "start_review")
    await _fire(session, budi, worker, years_ago(now, 1, 8), "handle")
    await _fire(session, budi, worker, years_ago(now, 1, 2), "resolve",
                EventDetails(resolution="Selesai"))  # fmt: skip
    await _fire(session, budi, worker, years_ago(now, 1), "close")
    await _attach(session, world, budi, "budi_shared", b"the same photo")

    eko = await _file(session, vault, world, "eko", "Eko Prasetyo", years_ago(now, 3, 10))
    await _fire(session, eko, worker, years_ago(now, 3), "reject", EventDetails(reason="Ganda"))
    await _attach(session, world, eko, "eko_shared", b"the same photo")
    await _attach(session, world, eko, "eko_own", b"eko's own photo")

    fajar = await _file(session, vault, world, "fajar", "Fajar Nugroho", years_ago(now, 7))
    await _fire(session, fajar, worker, years_ago(now, 7) + DAY, "start_review")

    await _personal_extras(session, world, ani)
    # The status messages of those days went out long ago.
    await session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    await session.flush()
    return world


def _web_chats(session: AsyncSession, world: World) -> None:
    now = world.now
    times = {
        world.old_chat: [now - 300 * DAY, now - 200 * DAY],
        world.recent_chat: [now - 400 * DAY, now - 10 * DAY],
        world.edge_chat: [now - 179 * DAY],
    }
    for chat_id, instants in times.items():
        for at in instants:
            session.add(WebChatMessage(
                chat_id=chat_id, direction=Direction.IN, text="Saya mau lapor", created_at=at
            ))  # fmt: skip


async def _file(
    session: AsyncSession, vault: Vault, world: World, key: str, name: str, at: datetime,
    *, nik: str | None = None,
) -> Complaint:  # fmt: skip
    citizen = await save_citizen(
        session, vault, full_name=name, nik=world.niks.setdefault(nik or key, made_up_nik()),
        kk=made_up_nik(), phone="+6281234567890", kelurahan_code=BUBULAK,
        address=f"Jl. {name} No. 1", consent_method="chat", now=at,
    )  # fmt: skip
    world.citizens[key.removesuffix("_old").removesuffix("_recent")] = citizen.id
    chat = ChannelIdentity(
        channel=Channel.TELEGRAM, chat_id=f"{key}-{citizen.id}", citizen_id=citizen.id,
        display_name=name,
    )  # fmt: skip
    session.add(chat)
    await session.flush()
    complaint = await register_complaint(
        session, citizen=citizen, category=await category(session),
        description=f"Bantuan tidak cair. NIK anak {world.typed_nik}", channel=Channel.TELEGRAM,
        actor=Actor(ActorRole.CITIZEN, citizen_id=citizen.id), identity=chat, now=at,
    )  # fmt: skip
    world.complaints[key] = complaint.id
    return complaint


async def _fire(
    session: AsyncSession, complaint: Complaint, actor: Actor, at: datetime, event: str,
    details: EventDetails | None = None,
) -> None:  # fmt: skip
    await fire_event(session, complaint, event, actor, details, now=at)
    await session.flush()


async def _message(session: AsyncSession, complaint: Complaint, text: str, at: datetime) -> None:
    session.add(ComplaintMessage(
        complaint_id=complaint.id, direction=MessageDirection.INBOUND, author_role="citizen",
        identity_id=complaint.identity_id, text=text, created_at=at,
    ))  # fmt: skip
    await session.flush()


async def _attach(
    session: AsyncSession, world: World, complaint: Complaint, key: str, data: bytes = b"",
    *, path: Path | None = None,
) -> None:  # fmt: skip
    stored = (
        str(path)
        if path
        else store_bytes(
            data, world.files_dir, "complaints", "image/jpeg", vault_for(os.environ["DATA_KEY"])
        )[0]
    )
    attachment = Attachment(
        complaint_id=complaint.id, kind="photo", channel_file_id=f"tg-{key}",
        stored_path=stored, original_name=f"{key}.jpg", mime_type="image/jpeg",
        size_bytes=len(data), created_at=complaint.created_at,
    )  # fmt: skip
    session.add(attachment)
    await session.flush()
    world.attachments[key] = attachment.id
    world.files[key] = Path(stored)


async def _personal_extras(session: AsyncSession, world: World, ani: Complaint) -> None:
    """Ani's other traces: a correction request, a proposal note, a number in her record."""
    session.add(CorrectionRequest(
        citizen_id=ani.citizen_id, channel=Channel.TELEGRAM, chat_id="ani", field="address",
        requested_value="Jl. Baru No. 2", requested_identity_ciphertext=b"secret",
        due_on=world.now.date(), answer="Sudah diperbaiki",
    ))  # fmt: skip
    proposal = (
        await session.execute(
            select(InclusionProposal).where(InclusionProposal.citizen_id == ani.citizen_id)
        )
    ).scalar_one()
    proposal.note = "Rumah Ibu Ani tidak layak huni"
    ani.citizen_rating = 4
    session.add(IdentityMention(
        citizen_id=ani.citizen_id, source="citizens.address", ciphertext=b"x", lookup="ani",
    ))  # fmt: skip
    await session.flush()


async def citizen_of(session: AsyncSession, citizen_id: int) -> Citizen:
    """The citizen as stored now."""
    return (
        await session.execute(
            select(Citizen)
            .where(Citizen.id == citizen_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def complaint_of(session: AsyncSession, complaint_id: int) -> Complaint:
    """The complaint as stored now."""
    return (
        await session.execute(
            select(Complaint)
            .where(Complaint.id == complaint_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
