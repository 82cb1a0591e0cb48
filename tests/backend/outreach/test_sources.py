"""One encoding of a poster's source: built from a kelurahan code, read back to the same code."""

from __future__ import annotations

import csv
import re

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import PROJECT_ROOT
from backend.outreach.sources import (
    kelurahan_of_source,
    link_token,
    poster_source,
    source_of_token,
    start_parameter,
)
from backend.security.crypto import Vault
from tests.backend.complaints.test_filing import by_facilitator, filed, filing, in_chat
from tests.fixtures.factories import made_up_nik, make_facilitator

REGIONS = PROJECT_ROOT / "backend" / "reference" / "data" / "kota-bogor-regions.csv"
# What Telegram takes as a start parameter.
TELEGRAM_START = r"^[A-Za-z0-9_-]{1,64}$"


def _kelurahan_codes() -> list[str]:
    with REGIONS.open(encoding="utf-8") as rows:
        return [row["code"] for row in csv.DictReader(rows) if row["level"] == "kelurahan"]


class TestTheEncoding:
    """Every kelurahan of the city round-trips; Telegram accepts every start parameter."""

    def test_every_kelurahan_code_round_trips_through_its_token(self) -> None:
        codes = _kelurahan_codes()
        assert len(codes) == 68
        for code in codes:
            token = link_token(code)
            assert token == code.replace(".", "") and len(token) == 10
            assert source_of_token(token) == poster_source(code) == f"poster:{code}"
            assert kelurahan_of_source(source_of_token(token)) == code
            assert re.match(TELEGRAM_START, start_parameter(code))

    @pytest.mark.parametrize(
        "token", ["", "32.71.04.1003", "327104100", "32710410031", "abcdefghij", "3271O41003",
                  "3271041003 ", "3271041003\n", "３２７１０４１００３", None],
    )  # fmt: skip
    def test_what_is_not_a_token_names_no_source(self, token: str | None) -> None:
        assert source_of_token(token) is None

    @pytest.mark.parametrize(
        "source", [None, "", "poster:", "poster:3271041003", "radio:32.71.04.1003", "32.71.04.1003"]
    )
    def test_what_is_not_a_poster_source_names_no_kelurahan(self, source: str | None) -> None:
        assert kelurahan_of_source(source) is None

    def test_a_code_of_another_shape_cannot_make_a_link(self) -> None:
        with pytest.raises(ValueError, match="not a kelurahan code"):
            link_token("32.71.04")


class TestTheFilingRule:
    """The filing service keeps a citizen's poster of a kelurahan on record; nothing else."""

    async def test_a_citizens_poster_is_kept(self, session: AsyncSession, vault: Vault) -> None:
        source = "poster:32.71.04.1003"
        complaint = await filed(session, vault, in_chat(made_up_nik(), source=source))
        assert complaint.source == source

    @pytest.mark.parametrize(
        "source", ["poster:32.71.99.9999", "poster:3271041003", "radio:32.71.04.1003", ""]
    )
    async def test_a_source_of_no_kelurahan_is_dropped(
        self, session: AsyncSession, vault: Vault, source: str
    ) -> None:
        complaint = await filed(session, vault, in_chat(made_up_nik(), source=source))
        assert complaint.source is None

    async def test_walk_in_and_facilitator_filings_have_no_source(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        source = "poster:32.71.04.1003"
        walk_in = await filed(session, vault, filing(source=source))
        facilitator = await make_facilitator(session)
        assisted = await filed(
            session, vault, by_facilitator(made_up_nik(), facilitator.id, source=source)
        )
        assert (walk_in.source, assisted.source) == (None, None)
