"""Citizens are stored with NIK and KK encrypted and found again by keyed hash."""

from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.citizens.models import Channel, Citizen
from backend.citizens.service import identity_of_writer, save_citizen, set_chat_reachable
from backend.clock import utcnow
from backend.security.crypto import Vault


class TestSavingACitizen:
    """save_citizen encrypts identity numbers and updates the same person on a second filing."""

    async def test_nik_and_kk_are_stored_only_encrypted(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        citizen = await save_citizen(
            session, vault, full_name="Budi Santoso", nik="3271041501900007",
            kk="3271040101200003", consent_method="chat",
        )  # fmt: skip
        await session.commit()
        raw = (await session.execute(select(Citizen.__table__))).one()._mapping
        stored = " ".join(str(value) for value in raw.values())
        assert "3271041501900007" not in stored and "3271040101200003" not in stored
        assert vault.decrypt(citizen.nik_ciphertext) == "3271041501900007"
        assert vault.decrypt(citizen.kk_ciphertext) == "3271040101200003"
        assert citizen.consent_at is not None and citizen.consent_method == "chat"

    async def test_the_same_nik_finds_the_same_citizen_and_only_fills_gaps(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        first = await save_citizen(
            session, vault, full_name="Budi", nik="3271041501900007", consent_method="chat"
        )
        second = await save_citizen(
            session, vault, full_name="Orang Lain", nik="3271041501900007",
            phone="+6281234567890", consent_method="walk_in",
        )  # fmt: skip
        assert first.id == second.id
        # Whoever types a NIK cannot rename its owner; an empty phone is filled in.
        assert second.full_name == "Budi" and second.phone == "+6281234567890"
        third = await save_citizen(
            session, vault, full_name="Budi", nik="3271041501900007", phone="+6285700000000",
            consent_method="chat",
        )  # fmt: skip
        assert third.phone == "+6281234567890"
        assert third.consent_method == "chat"
        assert (await session.execute(select(func.count()).select_from(Citizen))).scalar_one() == 1

    async def test_a_person_without_nik_is_stored_without_one(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        citizen = await save_citizen(
            session, vault, full_name="Ujang", nik=None, consent_method="chat"
        )
        assert citizen.nik_lookup is None and citizen.nik_ciphertext is None


class TestTheWritersIdentity:
    """identity_of_writer makes a chat's identity once, and marks it reachable when it writes."""

    async def test_a_chat_that_writes_again_leaves_its_identity_untouched(
        self, session: AsyncSession
    ) -> None:
        first = await identity_of_writer(session, Channel.TELEGRAM, "5501", language="id")
        await session.commit()

        flushes: list[object] = []
        event.listen(session.sync_session, "before_flush", lambda *args: flushes.append(args))
        again = await identity_of_writer(session, Channel.TELEGRAM, "5501", language="en")

        # Nothing to write, so nothing to flush: the update's flushes need not look it over.
        assert again is first and not flushes
        assert (again.is_reachable, again.language) == (True, "id")

    async def test_a_chat_that_blocked_the_bot_and_writes_is_reachable_again(
        self, session: AsyncSession
    ) -> None:
        await identity_of_writer(session, Channel.TELEGRAM, "5502", language="id")
        blocked = await set_chat_reachable(session, Channel.TELEGRAM, "5502", False)
        await session.commit()
        assert blocked is not None and blocked.unreachable_since is not None

        wrote_at = utcnow()
        again = await identity_of_writer(
            session, Channel.TELEGRAM, "5502", language="id", wrote_at=wrote_at
        )
        await session.commit()

        assert again.is_reachable and again.unreachable_since is None
        assert again.last_inbound_at == wrote_at
