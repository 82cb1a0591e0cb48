"""`slrt outbox`: staff see what was sent about a ticket, what failed, and send it again."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from backend.casefiles.models import ComplaintStatus as S
from backend.cli import app
from backend.config import get_settings
from bot.telegram.client import TelegramClient
from tests.bot.notifier.conftest import file_for_chat, make_notifier, wait_until_settled
from tests.bot.notifier.test_delivery import outbox, write
from tests.fixtures.local_bot_api import LocalBotApi


async def slrt(database_url: str, tmp_path: Path, *args: str) -> Result:
    """Runs `slrt ARGS` against the database, in a thread (the command runs its own loop)."""
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
    }
    get_settings.cache_clear()
    cwd = Path.cwd()
    os.chdir(tmp_path)  # no .env of the developer's is read
    try:
        return await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)
    finally:
        os.chdir(cwd)
        get_settings.cache_clear()


class TestOutboxCommand:
    """The history of each message, the parked ones, and requeueing."""

    async def test_history_failed_list_and_requeue(
        self,
        sessions,
        vault,
        local_api: LocalBotApi,
        telegram_client: TelegramClient,
        database_url: str,
        tmp_path: Path,
    ) -> None:
        household = await file_for_chat(sessions, vault, local_api, status=S.IN_REVIEW)
        await write(sessions, household, "Kabar penting")
        local_api.fail_next("sendMessage", 500, count=4)
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        [row] = await outbox(sessions, household)

        shown = await slrt(database_url, tmp_path, "outbox", household.ticket.lower())
        assert shown.exit_code == 0, shown.output
        assert (
            f"#{row.id}" in shown.output and "complaint.message [failed, 4 tries]" in shown.output
        )
        assert shown.output.count(" unavailable: ") == 4

        listed = await slrt(database_url, tmp_path, "outbox", "--failed")
        assert f"#{row.id}" in listed.output

        again = await slrt(database_url, tmp_path, "outbox", "--requeue", str(row.id))
        assert "1 of 1 messages queued again." in again.output
        await wait_until_settled(make_notifier(sessions, telegram_client), sessions)
        assert [m.text.rsplit("\n", 1)[-1] for m in local_api.messages(household.chat_id)] == [
            "Kabar penting"
        ]
        assert (
            "No failed messages."
            in (await slrt(database_url, tmp_path, "outbox", "--failed")).output
        )

    async def test_an_unknown_ticket_and_no_arguments(
        self, database_url: str, tmp_path: Path
    ) -> None:
        assert (
            "No complaint has the ticket 261128-ZZZZ."
            in (await slrt(database_url, tmp_path, "outbox", "261128-ZZZZ")).output
        )
        bare = await slrt(database_url, tmp_path, "outbox")
        assert bare.exit_code == 2


@pytest.fixture(autouse=True)
def _limits_off(local_api: LocalBotApi) -> None:
    local_api.limits_enabled = False
