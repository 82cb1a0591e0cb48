"""Revision 0020 adds complaints.source and the office's hours and WhatsApp number, and takes
them away again, keeping the rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from backend.migrate import downgrade, upgrade
from tests.backend.test_migrations import (  # noqa: F401  (the fixture of an empty database)
    _with_connection,
    empty_database_url,
)


def _columns(connection: Connection) -> dict[str, set[str]]:
    found = inspect(connection)
    return {
        table: {column["name"] for column in found.get_columns(table)}
        for table in ("complaints", "office_settings")
    }


def _office_row(connection: Connection) -> None:
    now = datetime(2026, 12, 4, 8, 0)
    connection.execute(text(
        "INSERT INTO office_settings (id, letterhead_government, office_name, letter_code,"
        " smtp_port, smtp_security, referral_due_working_days, digest_hour, updated_at)"
        " VALUES (1, 'PEMERINTAH KOTA BOGOR', 'DINAS SOSIAL', 'DINSOS', 587, 'starttls', 10, 7,"
        " :now)"
    ), {"now": now})  # fmt: skip
    connection.commit()


def _office_name(connection: Connection) -> str:
    return str(connection.execute(text("SELECT office_name FROM office_settings")).scalar_one())


class TestRevision0020:
    """Up adds the three columns, down removes them; the office's row outlives both."""

    def test_up_and_down_keep_the_row(self, empty_database_url: str) -> None:  # noqa: F811
        upgrade(empty_database_url, "0018")
        asyncio.run(_with_connection(empty_database_url, _office_row))
        before = asyncio.run(_with_connection(empty_database_url, _columns))
        assert "source" not in before["complaints"]
        assert not {"office_hours", "whatsapp_number"} & before["office_settings"]
        upgrade(empty_database_url, "0020")
        after = asyncio.run(_with_connection(empty_database_url, _columns))
        assert "source" in after["complaints"]
        assert {"office_hours", "whatsapp_number"} <= after["office_settings"]
        downgrade(empty_database_url, "0018")
        assert asyncio.run(_with_connection(empty_database_url, _columns)) == before
        assert asyncio.run(_with_connection(empty_database_url, _office_name)) == "DINAS SOSIAL"
        upgrade(empty_database_url, "0020")
