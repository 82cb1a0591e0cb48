"""`slrt create-user --area CODE`: the account is limited to kecamatan and kelurahan of the
region data; an unknown code is refused in words and no account is made."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner, Result

from backend.db import create_engine, create_session_factory
from backend.staff.areas import area_codes_of, area_kelurahan_of
from tests.backend.test_cli import GOOD_PASSWORD, cli, invoke, staff_users

__all__ = ["cli"]  # the fixture, used by name


def _create(cli: CliRunner, database_url: str, *areas: str) -> Result:
    flags = [part for code in areas for part in ("--area", code)]
    return invoke(
        cli, database_url, "create-user", "--email", "rina@dinsosbogor.go.id", "--name",
        "Rina Puskesos", "--role", "supervisor", "--password-stdin", *flags,
        input=GOOD_PASSWORD + "\n",
    )  # fmt: skip


async def _areas(database_url: str, user_id: int) -> tuple[list[str], frozenset[str] | None]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return await area_codes_of(session, user_id), await area_kelurahan_of(session, user_id)
    finally:
        await engine.dispose()


class TestCreateUserWithAreas:
    """Each --area is a kecamatan or kelurahan code; a kecamatan brings all its kelurahan."""

    def test_a_kecamatan_and_a_kelurahan(self, cli: CliRunner, database_url: str) -> None:
        result = _create(cli, database_url, "32.71.01", "32.71.04.1003", "32.71.01")
        assert result.exit_code == 0, result.output
        assert "Limited to the areas 32.71.01, 32.71.04.1003." in result.stdout
        [user] = staff_users(database_url)
        codes, kelurahan = asyncio.run(_areas(database_url, user.id))
        assert codes == ["32.71.01", "32.71.04.1003"]
        assert kelurahan is not None and "32.71.04.1003" in kelurahan
        assert "32.71.01.1001" in kelurahan and "32.71.04.1001" not in kelurahan

    def test_without_an_area_the_whole_city(self, cli: CliRunner, database_url: str) -> None:
        assert _create(cli, database_url).exit_code == 0
        [user] = staff_users(database_url)
        assert asyncio.run(_areas(database_url, user.id)) == ([], None)

    def test_an_unknown_code_is_refused_and_nothing_is_made(
        self, cli: CliRunner, database_url: str
    ) -> None:
        result = _create(cli, database_url, "32.71.04", "32.71.99.9999")
        assert result.exit_code == 1
        assert "Unknown area code 32.71.99.9999" in result.stderr
        assert "32.71.04.1003" in result.stderr
        assert staff_users(database_url) == []
