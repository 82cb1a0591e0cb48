"""An agency's answer link opens its one referral, until it expires or the referral is answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import ComplaintStatus
from backend.clock import utcnow
from backend.referrals.answer_links import (
    ANSWER_PATH,
    AnswerLinkRefused,
    LinkRefused,
    answer_link,
    referral_of_link,
)
from backend.referrals.models import Agency, Referral, ReferralStatus
from backend.security.crypto import Vault
from tests.fixtures.factories import make_complaint

SECRET = "s" * 40
BASE = "https://slrt.example.go.id"
LIFETIME = timedelta(days=60)


async def _referral(session: AsyncSession, vault: Vault) -> Referral:
    complaint = await make_complaint(session, vault, status=ComplaintStatus.REFERRED)
    agency_id = await session.scalar(select(Agency.id).order_by(Agency.id).limit(1))
    assert agency_id is not None, "the seed has agencies"
    referral = Referral(complaint_id=complaint.id, agency_id=agency_id)
    session.add(referral)
    await session.flush()
    return referral


def _token(url: str) -> str:
    assert url.startswith(f"{BASE}{ANSWER_PATH}")
    return url.removeprefix(f"{BASE}{ANSWER_PATH}")


async def test_the_link_opens_its_referral_and_stays_the_same(
    session: AsyncSession, vault: Vault
) -> None:
    now = utcnow()
    referral = await _referral(session, vault)
    link = answer_link(referral, secret_key=SECRET, public_base=BASE, lifetime=LIFETIME, now=now)
    again = answer_link(
        referral, secret_key=SECRET, public_base=BASE, lifetime=LIFETIME, now=now + LIFETIME / 2
    )
    assert again == link
    assert link.expires_at == now + LIFETIME
    opened = await referral_of_link(session, _token(link.url), secret_key=SECRET, now=now)
    assert opened.id == referral.id


async def test_another_referral_id_or_another_key_is_refused(
    session: AsyncSession, vault: Vault
) -> None:
    now = utcnow()
    first = await _referral(session, vault)
    second = await _referral(session, vault)
    link = answer_link(first, secret_key=SECRET, public_base=BASE, lifetime=LIFETIME, now=now)
    answer_link(second, secret_key=SECRET, public_base=BASE, lifetime=LIFETIME, now=now)
    # The second referral's id with the first one's nonce, signed with the right key: the
    # nonce does not match, so it opens nothing.
    forged = URLSafeSerializer(SECRET, salt="slrt.referral-answer").dumps(
        [second.id, first.answer_link_nonce]
    )
    for token, key in ((forged, SECRET), (_token(link.url), "k" * 40), ("garbage", SECRET)):
        with pytest.raises(AnswerLinkRefused) as refused:
            await referral_of_link(session, token, secret_key=key, now=now)
        assert refused.value.reason == LinkRefused.INVALID


async def test_it_expires_and_stops_once_answered(session: AsyncSession, vault: Vault) -> None:
    now = utcnow()
    referral = await _referral(session, vault)
    token = _token(
        answer_link(referral, secret_key=SECRET, public_base=BASE, lifetime=LIFETIME, now=now).url
    )
    with pytest.raises(AnswerLinkRefused) as refused:
        await referral_of_link(session, token, secret_key=SECRET, now=now + LIFETIME)
    assert refused.value.reason == LinkRefused.EXPIRED
    referral.status = ReferralStatus.ANSWERED
    await session.flush()
    with pytest.raises(AnswerLinkRefused) as refused:
        await referral_of_link(session, token, secret_key=SECRET, now=now)
    assert refused.value.reason == LinkRefused.CLOSED
