"""POST requests: an Open311 service request filed through the one filing service.

The fields are mapped onto a walk-in's (name, NIK or no NIK, KK, phone, kelurahan,
address, category, description, consent), checked by the same rules in
backend/complaints/filing.py, and registered on the open311 channel. When the filer
gives an email, the complaint's chat identity is an Open311 one whose news the
notifier emails (backend/open311/news.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.audit.service import record_audit
from backend.casefiles.models import Complaint
from backend.citizens.models import Channel
from backend.complaints import filing
from backend.errors import InvalidInput
from backend.open311.errors import Open311Error
from backend.open311.models import Open311ApiKey, Open311Request
from backend.open311.services import (
    CONSENT,
    KELURAHAN,
    KK,
    LANGUAGE,
    NIK,
    NO_NIK,
    YES,
    active_category,
)
from backend.open311.texts import LANGUAGES, has, say
from backend.referrals.agencies import EMAIL_PATTERN, MAX_EMAIL_LENGTH
from backend.security.crypto import Vault

# How the consent was given: the integrating system says the citizen agreed (attribute[consent]).
CONSENT_OPEN311 = "open311"
# The chat id of an Open311 filer's identity: random, so it says nothing about the person.
CHAT_PREFIX = "o311-"
MAX_NAME_PART = 100
# The Open311 field a filing service field was read from, for the error's description.
FIELD_NAMES = {
    "consent": "attribute[consent]", "full_name": "first_name/last_name",
    "nik": "attribute[nik]", "kk": "attribute[kk]", "phone": "phone",
    "kelurahan": "attribute[kelurahan]", "address": "address_string",
    "category": "service_code", "description": "description",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FiledRequest:
    """The complaint an Open311 request became."""

    complaint: Complaint
    language: str


def attribute(form: Mapping[str, str], code: str) -> str | None:
    """The value of attribute[code], as sent."""
    return form.get(f"attribute[{code}]")


def _full_name(form: Mapping[str, str], language: str) -> str:
    parts = [filing.clean_text(form.get(name)) for name in ("first_name", "last_name")]
    for name, part in zip(("first_name", "last_name"), parts, strict=True):
        if len(part) > MAX_NAME_PART:
            raise Open311Error(
                400, say(language, "open311-error-too-long", field=name, limit=MAX_NAME_PART)
            )
    return " ".join(part for part in parts if part)


def _email(form: Mapping[str, str], language: str) -> str | None:
    email = filing.clean_text(form.get("email"))
    if email and (len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email)):
        raise Open311Error(400, say(language, "open311-error-email"))
    return email or None


def _problem(problem: InvalidInput, language: str) -> str:
    key = f"open311-problem-{problem.key}"
    text = say(language, key, **problem.params) if has(language, key) else problem.message
    field = FIELD_NAMES.get(problem.field or "", problem.field or "-")
    return say(language, "open311-error-field", field=field, problem=text)


async def file_request(
    session: AsyncSession,
    vault: Vault,
    key: Open311ApiKey,
    form: Mapping[str, str],
    *,
    language: str,
    now: datetime,
) -> FiledRequest:
    """Files the request; Open311Error names every field that is not acceptable."""
    code = filing.clean_text(form.get("service_code"))
    if not code:
        raise Open311Error(400, say(language, "open311-error-service-code-missing"))
    if await active_category(session, code) is None:
        raise Open311Error(404, say(language, "open311-error-service-not-found", code=code))
    if not filing.clean_text(form.get("address_string")):
        # lat/long or an address_id alone do not say where the household lives.
        raise Open311Error(400, say(language, "open311-error-location"))
    email = _email(form, language)
    news_language = attribute(form, LANGUAGE)
    news_language = news_language if news_language in LANGUAGES else "id"
    chat_id = CHAT_PREFIX + secrets.token_urlsafe(24) if email else None
    person = filing.Person(
        full_name=_full_name(form, language), nik=attribute(form, NIK), kk=attribute(form, KK),
        phone=form.get("phone"), kelurahan_code=attribute(form, KELURAHAN),
        address=form.get("address_string"), language=news_language,
    )  # fmt: skip
    request = filing.FilingRequest(
        person=person, category_code=code, description=form.get("description", ""),
        channel=Channel.OPEN311, actor=Actor(ActorRole.CITIZEN),
        consent_method=CONSENT_OPEN311 if attribute(form, CONSENT) == YES else None,
        no_nik=attribute(form, NO_NIK) == YES, chat_id=chat_id, chat_language=news_language,
    )  # fmt: skip
    try:
        # The other system cannot be asked about a duplicate: staff see both and merge.
        outcome = await filing.file_complaint(
            session, vault, request, on_duplicate=filing.OnDuplicate.FILE_NEW, now=now
        )
    except filing.InvalidFiling as refused:
        raise Open311Error(
            400, *(_problem(problem, language) for problem in refused.problems)
        ) from None
    complaint = outcome.complaint
    session.add(
        Open311Request(
            complaint_id=complaint.id,
            api_key_id=key.id,
            contact_chat_id=chat_id,
            email=email,
            created_at=now,
        )
    )
    record_audit(
        session, Actor(ActorRole.SYSTEM), "open311.request", "complaint", complaint.ticket,
        {"api_key_id": key.id, "system": key.system_name, "email_for_news": email is not None},
    )  # fmt: skip
    return FiledRequest(complaint, news_language)
