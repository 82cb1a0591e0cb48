"""`slrt invite-facilitator --name --phone --kelurahan`: registers and prints a one-time link."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from backend.audit.models import AuditRecord
from backend.citizens.models import Channel
from backend.cli import app
from backend.config import get_settings
from backend.db import create_engine, create_session_factory, unit_of_work
from backend.facilitators.models import Facilitator
from backend.facilitators.service import BindOutcome, accept_invitation

BOT = "slrt_bogor_bot"
LINK = re.compile(r"^https://t\.me/slrt_bogor_bot\?start=fac_([A-Za-z0-9_-]{32})$", re.MULTILINE)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def invite(cli: CliRunner, database_url: str, *args: str, username: str | None = BOT) -> Result:
    environment = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DATA_KEY": os.environ["DATA_KEY"],
        "TELEGRAM_BOT_USERNAME": username or "",
        "TELEGRAM_BOT_TOKEN": "",
    }
    get_settings.cache_clear()
    return cli.invoke(app, ["invite-facilitator", *args], env=environment)


async def _facilitators_and_bind(
    database_url: str, token: str
) -> tuple[list[Facilitator], BindOutcome, list[str]]:
    engine = create_engine(database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            people = list(await session.scalars(select(Facilitator).order_by(Facilitator.id)))
            outcome = (await accept_invitation(session, token, Channel.TELEGRAM, "8800001")).outcome
            actions = list(
                await session.scalars(select(AuditRecord.action).order_by(AuditRecord.id))
            )
            return people, outcome, actions
    finally:
        await engine.dispose()


class TestInviteFacilitator:
    """The command does what the panel does, and prints the link on a line of its own."""

    def test_registers_and_prints_a_link_that_binds(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = invite(
            cli,
            database_url,
            "--name",
            "Rina Marlina",
            "--phone",
            "0812 3456 7001",
            "--kelurahan",
            "bubulak",
        )
        assert result.exit_code == 0, result.output
        assert (
            "Registered: Rina Marlina" in result.output
            and "Kel. Bubulak (32.71.04.1003)" in result.output
        )
        token = LINK.search(result.output).group(1)  # type: ignore[union-attr]
        people, outcome, actions = asyncio.run(_facilitators_and_bind(database_url, token))
        assert [(p.full_name, p.phone, p.kelurahan_code) for p in people] == [
            ("Rina Marlina", "+6281234567001", "32.71.04.1003")
        ]
        assert outcome == BindOutcome.BOUND
        assert actions[:2] == ["facilitator.create", "facilitator.invite"]

    def test_the_same_phone_again_gets_a_new_link_and_the_old_one_stops(
        self, cli: CliRunner, database_url: str
    ) -> None:
        args = ("--name", "Rina Marlina", "--phone", "081234567001", "--kelurahan", "32.71.04.1003")
        first = LINK.search(invite(cli, database_url, *args).output).group(1)  # type: ignore[union-attr]
        again = invite(cli, database_url, *args)
        assert again.exit_code == 0 and "Already registered: Rina Marlina" in again.output
        people, outcome, _ = asyncio.run(_facilitators_and_bind(database_url, first))
        assert len(people) == 1 and outcome == BindOutcome.REVOKED

    @pytest.mark.parametrize(
        ("phone", "kelurahan", "says"),
        [
            ("081234567001", "Atlantis", "No kelurahan"),
            ("12345", "Bubulak", "phone number is not acceptable"),
        ],
    )
    def test_bad_values_exit_with_a_reason_and_store_nothing(
        self, cli: CliRunner, database_url: str, phone: str, kelurahan: str, says: str
    ) -> None:
        result = invite(
            cli, database_url, "--name", "Rina Marlina", "--phone", phone, "--kelurahan", kelurahan
        )
        assert result.exit_code == 1 and says in result.output
        people, _, _ = asyncio.run(_facilitators_and_bind(database_url, "x"))
        assert people == []

    def test_without_a_bot_name_it_prints_the_command_to_type(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = invite(
            cli, database_url, "--name", "Rina Marlina", "--phone", "081234567001", "--kelurahan", "Bubulak",
            username=None,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert re.search(r"^/start fac_[A-Za-z0-9_-]{32}$", result.output, re.MULTILINE)
        assert "TELEGRAM_BOT_USERNAME" in result.output
