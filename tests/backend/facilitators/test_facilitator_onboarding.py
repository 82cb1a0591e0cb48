"""Registering, inviting, binding and deactivating facilitators (services, both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.models import AuditRecord
from backend.citizens.models import Channel, ChannelIdentity
from backend.clock import utcnow
from backend.errors import Conflict, Forbidden, InvalidInput
from backend.facilitators.models import Facilitator, FacilitatorInvitation
from backend.facilitators.repository import active_facilitator_of_chat
from backend.facilitators.service import (
    BindOutcome,
    accept_invitation,
    create_facilitator,
    invite_facilitator,
    revoke_invitation,
    set_facilitator_active,
    token_hash,
)
from backend.staff.auth import issue_credential
from backend.staff.models import CredentialKind, Role, StaffCredential
from tests.fixtures.facilitator_helpers import ADMIN, invite, made_up_phone
from tests.fixtures.factories import BUBULAK, make_staff

TG = Channel.TELEGRAM


async def _bind(
    session: AsyncSession, token: str, chat_id: str = "8800001", **kwargs: object
) -> BindOutcome:
    return (await accept_invitation(session, token, TG, chat_id, **kwargs)).outcome  # type: ignore[arg-type]


class TestRegistering:
    """A supervisor or admin registers a facilitator with a valid phone and a real kelurahan."""

    async def test_the_phone_is_stored_in_e164_and_the_act_is_audited(
        self, session: AsyncSession
    ) -> None:
        facilitator = await create_facilitator(
            session, full_name="  Rina   Marlina ", phone="0812 3456 7001", kelurahan_code=BUBULAK,
            actor=Actor(ActorRole.SUPERVISOR, staff_id=None),
        )  # fmt: skip
        assert (facilitator.full_name, facilitator.phone) == ("Rina Marlina", "+6281234567001")
        actions = list(await session.scalars(select(AuditRecord.action)))
        assert actions == ["facilitator.create"]

    @pytest.mark.parametrize(
        ("name", "phone", "kelurahan", "field"),
        [
            ("Rina", "12345", BUBULAK, "phone"),
            ("Rina", "+1 202 555 0143", BUBULAK, "phone"),
            ("R1na 99", "081234567001", BUBULAK, "full_name"),
            ("Rina", "081234567001", "32.71.99.9999", "kelurahan"),
        ],
    )
    async def test_invalid_values_are_refused_by_field(
        self, session: AsyncSession, name: str, phone: str, kelurahan: str, field: str
    ) -> None:
        with pytest.raises(InvalidInput) as refused:
            await create_facilitator(
                session, full_name=name, phone=phone, kelurahan_code=kelurahan, actor=ADMIN
            )
        assert refused.value.field == field

    async def test_two_active_facilitators_cannot_share_a_phone(
        self, session: AsyncSession
    ) -> None:
        phone = made_up_phone()
        await create_facilitator(
            session, full_name="Rina", phone=phone, kelurahan_code=BUBULAK, actor=ADMIN
        )
        with pytest.raises(Conflict):
            await create_facilitator(
                session, full_name="Dewi", phone=phone, kelurahan_code=BUBULAK, actor=ADMIN
            )

    @pytest.mark.parametrize(
        "role", [ActorRole.FRONT_OFFICE, ActorRole.BACK_OFFICE, ActorRole.FACILITATOR]
    )
    async def test_other_roles_may_not_register(
        self, session: AsyncSession, role: ActorRole
    ) -> None:
        with pytest.raises(Forbidden):
            await create_facilitator(
                session,
                full_name="Rina",
                phone=made_up_phone(),
                kelurahan_code=BUBULAK,
                actor=Actor(role),
            )


class TestInvitationLinks:
    """A link works once, from one chat, until it expires or is revoked."""

    async def test_only_the_hash_of_the_token_is_stored(self, session: AsyncSession) -> None:
        _, token = await invite(session)
        stored = (await session.execute(select(FacilitatorInvitation))).scalar_one()
        assert stored.token_hash == token_hash(token) != token
        assert len(token) >= 32 and len("fac_" + token) <= 64  # Telegram's /start payload limit

    async def test_opening_the_link_binds_the_chat(self, session: AsyncSession) -> None:
        facilitator, token = await invite(session)
        assert await _bind(session, token) == BindOutcome.BOUND
        assert (await active_facilitator_of_chat(session, TG, "8800001")).id == facilitator.id  # type: ignore[union-attr]

    async def test_the_same_chat_opening_it_again_is_told_it_is_bound(
        self, session: AsyncSession
    ) -> None:
        _, token = await invite(session)
        await _bind(session, token)
        assert await _bind(session, token) == BindOutcome.ALREADY_BOUND

    async def test_another_chat_cannot_reuse_it(self, session: AsyncSession) -> None:
        _, token = await invite(session)
        await _bind(session, token)
        assert await _bind(session, token, chat_id="8800002") == BindOutcome.USED
        assert await active_facilitator_of_chat(session, TG, "8800002") is None

    async def test_an_expired_link_is_refused(self, session: AsyncSession) -> None:
        _, token = await invite(session, hours=1, now=utcnow() - timedelta(hours=2))
        assert await _bind(session, token) == BindOutcome.EXPIRED
        assert await active_facilitator_of_chat(session, TG, "8800001") is None

    async def test_a_revoked_link_is_refused(self, session: AsyncSession) -> None:
        _, token = await invite(session)
        invitation = (await session.execute(select(FacilitatorInvitation))).scalar_one()
        await revoke_invitation(session, invitation.id, ADMIN)
        assert await _bind(session, token) == BindOutcome.REVOKED

    async def test_a_new_link_revokes_the_earlier_one(self, session: AsyncSession) -> None:
        facilitator, first = await invite(session)
        second = await invite_facilitator(session, facilitator, ADMIN, valid_for=timedelta(hours=1))
        assert await _bind(session, first) == BindOutcome.REVOKED
        assert await _bind(session, second.token) == BindOutcome.BOUND

    async def test_an_unknown_token_is_refused(self, session: AsyncSession) -> None:
        assert await _bind(session, "not-a-token-anyone-was-given") == BindOutcome.UNKNOWN

    async def test_a_used_link_cannot_be_revoked(self, session: AsyncSession) -> None:
        _, token = await invite(session)
        await _bind(session, token)
        invitation = (await session.execute(select(FacilitatorInvitation))).scalar_one()
        with pytest.raises(Conflict):
            await revoke_invitation(session, invitation.id, ADMIN)

    async def test_a_new_phone_replaces_the_old_chat(self, session: AsyncSession) -> None:
        facilitator, token = await invite(session)
        await _bind(session, token, chat_id="8800001")
        again = await invite_facilitator(session, facilitator, ADMIN, valid_for=timedelta(hours=1))
        assert await _bind(session, again.token, chat_id="8800009") == BindOutcome.BOUND
        assert await active_facilitator_of_chat(session, TG, "8800001") is None
        assert (await active_facilitator_of_chat(session, TG, "8800009")).id == facilitator.id  # type: ignore[union-attr]

    async def test_a_chat_of_another_active_facilitator_is_not_taken_over(
        self, session: AsyncSession
    ) -> None:
        _, first = await invite(session, name="Rina Marlina")
        other, second = await invite(session, name="Dewi Lestari")
        await _bind(session, first, chat_id="8800001")
        assert await _bind(session, second, chat_id="8800001") == BindOutcome.TAKEN
        assert (await active_facilitator_of_chat(session, TG, "8800001")).id != other.id  # type: ignore[union-attr]


class TestDeactivating:
    """Deactivation ends bot access at once, stops open links and ends a linked account's sessions."""

    async def test_the_chat_is_no_facilitators_any_more(self, session: AsyncSession) -> None:
        facilitator, token = await invite(session)
        await _bind(session, token)
        await set_facilitator_active(session, facilitator, False, ADMIN)
        assert await active_facilitator_of_chat(session, TG, "8800001") is None
        assert facilitator.deactivated_at is not None

    async def test_open_invitations_stop_working(self, session: AsyncSession) -> None:
        facilitator, token = await invite(session)
        await set_facilitator_active(session, facilitator, False, ADMIN)
        assert await _bind(session, token) == BindOutcome.REVOKED

    async def test_a_linked_panel_account_loses_its_sessions(self, session: AsyncSession) -> None:
        facilitator, _ = await invite(session)
        account = await make_staff(session, Role.FACILITATOR)
        facilitator.staff_user_id = account.id
        await issue_credential(session, account, CredentialKind.SESSION)
        await set_facilitator_active(session, facilitator, False, ADMIN)
        credential = (await session.execute(select(StaffCredential))).scalar_one()
        assert credential.revoked_at is not None and credential.revoked_reason == "deactivated"

    async def test_reactivating_restores_the_bound_chat(self, session: AsyncSession) -> None:
        facilitator, token = await invite(session)
        await _bind(session, token)
        await set_facilitator_active(session, facilitator, False, ADMIN)
        await set_facilitator_active(session, facilitator, True, ADMIN)
        assert (await active_facilitator_of_chat(session, TG, "8800001")).id == facilitator.id  # type: ignore[union-attr]

    async def test_a_back_office_account_may_not_deactivate(self, session: AsyncSession) -> None:
        facilitator, _ = await invite(session)
        with pytest.raises(Forbidden):
            await set_facilitator_active(session, facilitator, False, Actor(ActorRole.BACK_OFFICE))
        assert (await session.get_one(Facilitator, facilitator.id)).is_active


class TestIdentityRows:
    """Binding reuses the chat's identity row: a chat that filed as a citizen keeps its complaints."""

    async def test_a_citizen_chat_becomes_the_facilitators(self, session: AsyncSession) -> None:
        existing = ChannelIdentity(channel=TG, chat_id="8800001", language="en")
        session.add(existing)
        await session.flush()
        facilitator, token = await invite(session)
        await _bind(session, token)
        identities = list(await session.scalars(select(ChannelIdentity)))
        assert [(i.id, i.facilitator_id) for i in identities] == [(existing.id, facilitator.id)]
