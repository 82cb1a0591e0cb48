"""mask identity numbers already stored in free text; seal conversations in progress

Before 0008 a NIK or KK typed into free text was stored as typed. This revision
masks every such number in the free-text columns of that time. Where the text
belongs to a case, the number is first kept encrypted in identity_mentions, so
the audited "show" action still finds it. Conversations in progress are sealed
(one encrypted JSON document) as the dialogs now store them.

The downgrade leaves the data masked: a masked number cannot be unmasked.

Revision ID: 0009
Revises: 0008
"""

import base64
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from backend.security.crypto import Vault
from backend.security.identity_numbers import (
    find_identity_numbers,
    mask_identity_numbers,
    mask_identity_numbers_deep,
)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The free-text columns of revision 0008, and whose case a number typed there belongs to.
CASE_TEXT = {
    "complaints": ("id", ("description", "address", "resolution", "rejection_reason")),
    "complaint_messages": ("complaint_id", ("text",)),
    "status_events": ("complaint_id", ("public_note", "internal_note")),
    "referrals": ("complaint_id", ("note", "answer")),
}
CITIZEN_TEXT = {"citizens": ("id", ("full_name", "address"))}
OTHER_TEXT = {
    "agencies": ("name_id", "name_en", "contact"),
    "categories": ("name_id", "name_en"),
    "staff_users": ("full_name",),
    "staff_sessions": ("revoked_reason", "user_agent"),
    "info_pages": ("title", "body"),
    "facilitators": ("full_name",),
    "facilitator_invitations": ("used_by_chat",),
    "channel_identities": ("display_name",),
    "registry_imports": ("file_name",),
    "registry_import_problems": ("reason",),
    "registry_records": ("full_name", "kecamatan_name", "kelurahan_name", "address"),
    "inclusion_proposals": ("note",),
    "attachments": ("original_name",),
    "outbox_messages": ("last_error",),
    "delivery_attempts": ("error",),
    "web_chat_messages": ("text", "request_contact"),
}
# Tables whose primary key is not `id`.
PRIMARY_KEYS = {"info_pages": ("key", "language")}
OTHER_JSON = {
    "audit_log": ("detail",),
    "outbox_messages": ("params",),
    "web_chat_messages": ("buttons", "keyboard"),
}


def _vault() -> Vault | None:
    # The data key is in the settings of `slrt migrate`; without it numbers are only masked.
    try:
        from backend.config import get_settings

        return Vault(get_settings().data_key.get_secret_value())
    except Exception:  # noqa: BLE001 (no settings: mask without keeping)
        return None


def _mask_columns(
    connection: sa.Connection, table: str, columns: Sequence[str], owner: tuple[str, str] | None,
    vault: Vault | None,
) -> None:  # fmt: skip
    now = datetime.now(UTC)
    keys = PRIMARY_KEYS.get(table, ("id",))
    owner_column = [owner[1]] if owner and owner[1] not in keys else []
    selected = ", ".join([*keys, *owner_column, *columns])
    for row in connection.execute(sa.text(f"SELECT {selected} FROM {table}")).mappings():
        changed = {}
        for column in columns:
            value = row[column]
            if not isinstance(value, str):
                continue
            found = find_identity_numbers(value)
            if not found:
                continue
            changed[column] = mask_identity_numbers(value)
            if owner is not None and vault is not None:
                owner_id = row[owner[1]]
                for number in found:
                    connection.execute(
                        sa.text(
                            f"INSERT INTO identity_mentions ({owner[0]}, source, ciphertext, lookup,"
                            " created_at) VALUES (:owner, :source, :ciphertext, :lookup, :now)"
                        ),
                        {"owner": owner_id, "source": f"{table}.{column}",
                         "ciphertext": vault.encrypt(number.digits),
                         "lookup": vault.lookup_hash(number.digits), "now": now},
                    )  # fmt: skip
        if changed:
            assignments = ", ".join(f"{column} = :{column}" for column in changed)
            connection.execute(
                sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"),
                {**changed, "id": row["id"]},
            )


def _json_parameter(connection: sa.Connection) -> str:
    return "CAST(:value AS JSON)" if connection.dialect.name == "postgresql" else ":value"


def _mask_json(connection: sa.Connection, table: str, column: str) -> None:
    for row_id, raw in connection.execute(sa.text(f"SELECT id, {column} FROM {table}")):
        if raw is None:
            continue
        value = json.loads(raw) if isinstance(raw, str) else raw
        masked = mask_identity_numbers_deep(value)
        if masked != value:
            connection.execute(
                sa.text(
                    f"UPDATE {table} SET {column} = {_json_parameter(connection)} WHERE id = :id"
                ),
                {"value": json.dumps(masked, ensure_ascii=False), "id": row_id},
            )


def _seal_conversations(connection: sa.Connection, vault: Vault | None) -> None:
    for row_id, raw in connection.execute(sa.text("SELECT id, data FROM conversations")):
        data: Any = json.loads(raw) if isinstance(raw, str) else raw
        if not data or (isinstance(data, dict) and list(data) == ["sealed"]):
            continue
        if vault is None:
            stored: Any = mask_identity_numbers_deep(data)
        else:
            plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            stored = {"sealed": base64.b64encode(vault.encrypt(plaintext)).decode()}
        connection.execute(
            sa.text(
                f"UPDATE conversations SET data = {_json_parameter(connection)} WHERE id = :id"
            ),
            {"value": json.dumps(stored), "id": row_id},
        )


def upgrade() -> None:
    connection = op.get_bind()
    vault = _vault()
    for table, (owner_column, columns) in CASE_TEXT.items():
        _mask_columns(connection, table, columns, ("complaint_id", owner_column), vault)
    for table, (owner_column, columns) in CITIZEN_TEXT.items():
        _mask_columns(connection, table, columns, ("citizen_id", owner_column), vault)
    for table, columns in OTHER_TEXT.items():
        _mask_columns(connection, table, columns, None, None)
    for table, json_columns in OTHER_JSON.items():
        for column in json_columns:
            _mask_json(connection, table, column)
    _seal_conversations(connection, vault)


def downgrade() -> None:
    # Masked numbers cannot be unmasked; the mentions go with 0008's downgrade.
    pass
