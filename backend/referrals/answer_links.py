"""An agency's answer link: a signed, expiring link to one referral, for an officer without an account.

The token names the referral and a random nonce kept on it, signed with SECRET_KEY
(itsdangerous). It opens that referral only: another referral's id does not carry
its nonce, and a changed id breaks the signature. It stops working when it expires
or when the referral is answered (the agency's final answer, or staff recording it).
No personal data is in the token: the page reads the referral from the database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.referrals.models import Referral, ReferralStatus

# Where the answer page is served; the token follows.
ANSWER_PATH = "/rujukan/"
_SALT = "slrt.referral-answer"


class LinkRefused(StrEnum):
    """Why a link does not open its referral (the page says so, in plain words)."""

    INVALID = "invalid"
    EXPIRED = "expired"
    CLOSED = "closed"


class AnswerLinkRefused(Exception):
    """The link does not open a referral."""

    def __init__(self, reason: LinkRefused) -> None:
        super().__init__(f"answer link refused: {reason.value}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AnswerLink:
    """A referral's answer link as it is printed and emailed."""

    url: str
    expires_at: datetime


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=_SALT)


def answer_link(
    referral: Referral, *, secret_key: str, public_base: str, lifetime: timedelta, now: datetime
) -> AnswerLink:
    """The referral's link, made on first use; later calls give the same link and expiry.

    The referral must be flushed (it needs its id). The caller's transaction keeps the
    nonce: a link made in a transaction that rolls back never worked.
    """
    if referral.answer_link_nonce is None or referral.answer_link_expires_at is None:
        referral.answer_link_nonce = secrets.token_urlsafe(16)
        referral.answer_link_expires_at = now + lifetime
    token = _serializer(secret_key).dumps([referral.id, referral.answer_link_nonce])
    return AnswerLink(f"{public_base}{ANSWER_PATH}{token}", referral.answer_link_expires_at)


async def referral_of_link(
    session: AsyncSession, token: str, *, secret_key: str, now: datetime, lock: bool = False
) -> Referral:
    """The open referral this token opens, or AnswerLinkRefused saying why not."""
    try:
        referral_id, nonce = _serializer(secret_key).loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise AnswerLinkRefused(LinkRefused.INVALID) from error
    if not isinstance(referral_id, int) or not isinstance(nonce, str):
        raise AnswerLinkRefused(LinkRefused.INVALID)
    referral = await session.get(Referral, referral_id, with_for_update=lock)
    if referral is None or referral.answer_link_nonce is None:
        raise AnswerLinkRefused(LinkRefused.INVALID)
    if not secrets.compare_digest(referral.answer_link_nonce, nonce):
        raise AnswerLinkRefused(LinkRefused.INVALID)
    if referral.status != ReferralStatus.SENT:
        raise AnswerLinkRefused(LinkRefused.CLOSED)
    expires_at = referral.answer_link_expires_at
    if expires_at is None or now >= expires_at:
        raise AnswerLinkRefused(LinkRefused.EXPIRED)
    return referral
