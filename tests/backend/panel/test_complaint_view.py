"""The complaint page shows: identity (masked, revealed with an audit), deliveries, escaping."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.audit.models import AuditRecord
from backend.citizens.models import Citizen
from backend.clock import utcnow
from backend.complaints.service import EventDetails
from backend.db import unit_of_work
from backend.notifications.models import (
    AttemptResult,
    DeliveryAttempt,
    OutboxMessage,
    OutboxStatus,
)
from backend.security.crypto import Vault
from backend.staff.models import Role
from tests.backend.api.helpers import complaint_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import stored
from tests.bot.web.conftest import WebUser, file_by_web, try_digits
from tests.fixtures.factories import make_complaint, make_facilitator

FO, BO, SUP = Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR


class TestIdentity:
    """NIK and KK masked; showing them in full is a POST written to the audit log."""

    async def test_show_reveals_and_audits(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(db, vault)
        async with db() as session:
            complaint = await stored(db, ticket)
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            nik = vault.decrypt(citizen.nik_ciphertext)
        user = await panel(FO)
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        assert nik not in page and f"{nik[:4]}********{nik[-4:]}" in page
        shown = await user.post(f"/panel/complaints/{ticket}/identity")
        assert shown.status_code == 200
        assert f'<span class="nik" id="nik">{nik}</span>' in shown.text
        assert shown.headers["cache-control"] == "no-store"
        async with db() as session:
            audits = list(await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "citizen.identity_viewed")
            ))  # fmt: skip
        assert [(a.actor_role, a.actor_id, a.detail["ticket"]) for a in audits] == [
            ("front_office", str(user.user_id), ticket)
        ]

    async def test_numbers_typed_in_the_case_show_masked_until_shown(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(
            db, vault, "start_review",
            ("request_info", EventDetails(note="Anak: 3271 0465-0190.0009, mohon KK")),
        )  # fmt: skip
        user = await panel(BO)
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        assert "3271 0465-0190.0009" not in page and "3271********0009" in page
        assert 'id="typed-numbers"' not in page
        shown = await user.post(f"/panel/complaints/{ticket}/identity")
        typed = shown.text.split('id="typed-numbers"')[1].split("</ul>")[0]
        assert "3271046501900009" in typed
        assert "di catatan untuk warga" in typed


class TestDeliveriesAndPhoneCalls:
    """What reached the citizen, and when nobody could be reached, the call to make."""

    async def test_lists_each_status_message_with_its_tries(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_in(
            db, vault, "start_review", ("request_info", EventDetails(note="KK?"))
        )
        now = utcnow()
        async with unit_of_work(db) as session:
            complaint = await session.merge(await stored(db, ticket))
            statement = (
                select(OutboxMessage)
                .where(OutboxMessage.complaint_id == complaint.id)
                .order_by(OutboxMessage.id)
            )
            first, second = list(await session.scalars(statement))
            # As the notifier leaves them: one sent on the second try, one the chat blocked.
            first.status, first.sent_at, first.attempts = OutboxStatus.SENT, now, 2
            second.status, second.attempts = OutboxStatus.UNDELIVERABLE, 1
            second.last_error = "Forbidden: bot was blocked by the user"
            for message, result, error in (
                (first, AttemptResult.UNAVAILABLE, "502"),
                (first, AttemptResult.SENT, None),
                (second, AttemptResult.BLOCKED, "blocked"),
            ):
                session.add(
                    DeliveryAttempt(
                        outbox_message_id=message.id, attempted_at=now, result=result, error=error
                    )
                )
            complaint.needs_phone_call_since = now
        page = (await (await panel(BO)).get(f"/panel/complaints/{ticket}")).text
        table = page.split('id="deliveries"')[1]
        assert re.search(r"Mulai telaah</td>.*?Terkirim.*?<td[^>]*>2</td>", table, flags=re.S)
        assert re.search(
            r"Minta data tambahan</td>.*?Tidak sampai.*?bot was blocked.*?<td[^>]*>1</td>",
            table,
            flags=re.S,
        )
        assert 'id="phone-call"' in page and "Perlu ditelepon" in page and "+6281234567890" in page


class TestEscaping:
    """Whatever a citizen typed is shown as text, never run as markup."""

    async def test_markup_in_the_description_and_name_is_escaped(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            complaint = await make_complaint(session, vault)
            complaint.description = "<img src=x onerror=alert(1)>"
            citizen = await session.get_one(Citizen, complaint.citizen_id)
            citizen.full_name = "<script>alert('nama')</script>"
            ticket = complaint.ticket
        user = await panel(BO)
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<img src=x" not in page and "<script>alert" not in page
        queue = (await user.get("/panel")).text
        assert "&lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt;" in queue
        assert "<script>" not in queue
        # And no page runs inline script at all: the policy allows this site's files only.
        assert "script-src 'self'" in (await user.get("/panel")).headers["content-security-policy"]


class TestInternalNotes:
    """Internal notes and the internal part of an event stay inside the office."""

    async def test_facilitators_never_see_them(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        async with unit_of_work(db) as session:
            facilitator = await make_facilitator(session)
            ticket = (await make_complaint(session, vault, facilitator=facilitator)).ticket
        manager = await panel(SUP)
        path = f"/panel/complaints/{ticket}"
        await manager.post(
            path + "/events", {"event": "approve", "internal_note": "Rahasia kantor"}
        )
        await manager.post(path + "/notes", {"text": "Catatan internal kantor"})
        page = (await manager.get(path)).text
        assert "Catatan internal kantor" in page and "Rahasia kantor" in page
        own = await panel(Role.FACILITATOR, facilitator_id=facilitator.id)
        seen = (await own.get(path)).text
        assert "Diterima" in seen
        assert "Catatan internal kantor" not in seen and "Rahasia kantor" not in seen


class TestLookupLock:
    """Staff see when a ticket was guessed at from chats, and that it is locked today."""

    async def test_failures_and_the_lock_are_shown(self, app: FastAPI, panel: SignIn) -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as browser:
            owner = WebUser(browser)
            await owner.open()
            ticket = await file_by_web(owner)
        user = await panel(BO)
        assert 'id="lookups"' not in (await user.get(f"/panel/complaints/{ticket}")).text
        await try_digits(app, "10.0.7.1", ticket, "9999")
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        shown = page.split('id="lookups"')[1].split("</dd>")[0]
        assert "1 kali gagal hari ini, 1 seluruhnya" in shown and "Terkunci" not in shown
        for n in range(2, 7):
            await try_digits(app, f"10.0.7.{n}", ticket, "9999")
        page = (await user.get(f"/panel/complaints/{ticket}")).text
        shown = page.split('id="lookups"')[1].split("</dd>")[0]
        assert "Terkunci hari ini (WIB) setelah 5 kali gagal" in shown
        assert "5 kali gagal hari ini, 5 seluruhnya" in shown and "WIB" in shown
