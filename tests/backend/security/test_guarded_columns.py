"""Every column a person can type into is guarded, on every write path, on both databases."""

from __future__ import annotations

from sqlalchemy import Enum, String, Text, insert, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import Base
from backend.models import WebChatMessage
from backend.security.guarded_columns import GUARDED_TYPES
from backend.webchat.models import Direction

# Text columns that hold only what the system makes (codes, hashes, ids, enum-like
# words, phone numbers in E.164) or reference data it ships: never typed free text.
# A new text column must be guarded or be added here, on purpose.
NOT_FREE_TEXT = {
    "audit_log": {"actor_role", "actor_id", "action", "object_type", "object_id", "ip_address"},
    "conversations": {"chat_id", "flow", "step", "language", "last_event_id", "recent_event_ids"},
    "kecamatan": {"code", "name"},
    # A normalised ticket or a keyed digest of an origin.
    "lookup_failures": {"key"},
    "kelurahan": {"code", "name", "kecamatan_code", "postcode"},
    "staff_users": {"email", "password_hash", "language"},
    "agencies": {"code", "email"},
    "referrals": {"answer_link_nonce"},
    # Checked addresses and codes; an NIP (18 digits) is a staff number, not a NIK.
    "office_settings": {
        "signatory_nip",
        "letter_code",
        "smtp_host",
        "smtp_username",
        "smtp_from",
        "whatsapp_number",  # checked as an Indonesian mobile number
    },
    "outgoing_emails": {"kind", "to_address"},
    # A letter number the system makes; the signatory's NIP as office_settings holds it.
    "referral_letters": {"number", "signatory_nip"},
    "categories": {"code"},
    "info_pages": {"key", "language"},
    "registry_imports": {"file_sha256", "source", "ignored_columns"},
    "staff_sessions": {"token_hash", "csrf_secret", "ip_address"},
    "staff_recovery_codes": {"code_hash"},
    "citizens": {
        "nik_lookup",
        "kk_lookup",
        "phone",
        "kelurahan_code",
        "language",
        "consent_method",
    },
    "facilitators": {"phone", "kelurahan_code"},
    "registry_import_problems": {"masked_nik"},
    "registry_records": {
        "nik_lookup",
        "kk_lookup",
        "kelurahan_code",
        "programs",
        "source",
        "content_hash",
    },
    "channel_identities": {"chat_id", "language"},
    "correction_requests": {"chat_id", "field"},
    "facilitator_invitations": {"token_hash"},
    # A LAPOR! number is 5 to 12 digits (backend/casefiles/lapor.py), never a NIK's 16; a
    # source is a poster's code (backend/outreach/sources.py).
    "complaints": {"ticket", "kelurahan_code", "registry_programs", "lapor_number", "source"},
    "home_visits": {"kelurahan_code"},
    "staff_areas": {"kecamatan_code", "kelurahan_code"},
    # The key's SHA-256 and its shown prefix; the filer's chat id (a random token).
    "open311_api_keys": {"key_hash", "key_prefix"},
    "open311_requests": {"contact_chat_id"},
    "complaint_messages": {"author_role"},
    "household_links": {"token_hash"},
    # The SHA-256 of a staff member's one-time Telegram link (backend/staff_alerts/).
    "staff_telegram_links": {"token_hash"},
    "identity_mentions": {"source", "lookup"},
    "status_events": {"event", "actor_role"},
    "attachments": {"kind", "channel_file_id", "stored_path", "mime_type", "sha256"},
    "outbox_messages": {"template", "language", "provider_message_id"},
    "web_chat_messages": {"chat_id"},
}


def test_every_text_column_is_guarded_or_known_not_to_be_free_text() -> None:
    unguarded = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text) or column.type.__class__.__name__ == "JSON"
        if not isinstance(column.type, (*GUARDED_TYPES, Enum))
    }
    known = {f"{table}.{column}" for table, columns in NOT_FREE_TEXT.items() for column in columns}
    assert unguarded - known == set(), "guard these columns or list them in NOT_FREE_TEXT"
    assert known - unguarded == set(), "these are guarded now: drop them from NOT_FREE_TEXT"


async def test_core_inserts_and_updates_are_masked(session: AsyncSession) -> None:
    inserted = await session.execute(
        insert(WebChatMessage).values(
            chat_id="c1", direction=Direction.IN, text="NIK 3271 0465 0190 0002",
            buttons=[[{"label": "KK 3271-0112-3456-0006", "payload": "x"}]], keyboard=[],
        ).returning(WebChatMessage.id)
    )  # fmt: skip
    row_id = inserted.scalar_one()
    stored = (await session.execute(
        text("SELECT text, buttons FROM web_chat_messages WHERE id = :id"), {"id": row_id}
    )).one()  # fmt: skip
    assert stored.text == "NIK 3271********0002"
    assert "3271********0006" in str(stored.buttons)
    await session.execute(
        update(WebChatMessage)
        .where(WebChatMessage.id == row_id)
        .values(text="lagi 3271046501900003")
    )
    again = await session.execute(
        text("SELECT text FROM web_chat_messages WHERE id = :id"), {"id": row_id}
    )
    assert again.scalar_one() == "lagi 3271********0003"
