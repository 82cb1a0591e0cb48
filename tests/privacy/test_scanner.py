"""The scanner itself: it finds a NIK or KK in every spelling and every kind of stored value,
and nothing else, so the scenario's scan cannot pass because it looked past a number."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import JSON, Column, Integer, LargeBinary, MetaData, String, Table, Text

from backend.db import create_engine
from backend.security.crypto import Vault
from backend.security.log_guard import UNGUARDED_MAKE_RECORD
from tests.privacy.scanner import (
    as_text,
    find_in_text,
    mask,
    report,
    scan_database,
    scan_files,
    scanning_logs,
)
from tests.privacy.test_no_identity_number_in_clear import NUMBERS

DIGITS = [re.sub(r"[^0-9]", "", number) for number in NUMBERS]


def found(text: str, known: tuple[str, ...] = NUMBERS) -> list[tuple[str, str]]:
    return [(hit.number, hit.how) for hit in find_in_text(text, known)]


class TestText:
    """Every spelling, inside any text; the shape alone catches numbers the scenario never typed."""

    @pytest.mark.parametrize("number", NUMBERS)
    def test_each_spelling_is_found_by_its_digits_and_by_its_shape(self, number: str) -> None:
        digits = re.sub(r"[^0-9]", "", number)
        for text in (number, f"NIK saya {number}.", f"KTP_{number}.jpg", f"'{number}'"):
            assert found(text) == [(mask(digits), "typed")], text
            assert found(text, ()) == [(mask(digits), "shape")], text

    def test_a_known_number_is_found_whatever_surrounds_or_splits_it(self) -> None:
        for text in ("NIK3271046501900001", "3271/0465/0190/0001", "3271 - 0465 - 0190 - 0001",
                     "nomor 3271046501900001 2026", "3271 0465\n0190 0001"):  # fmt: skip
            assert found(text) == [("3271********0001", "typed")], text

    def test_every_occurrence_is_reported(self) -> None:
        text = f"{NUMBERS[0]} lalu {NUMBERS[3]} dan lagi {NUMBERS[0]}"
        assert [number for number, _ in found(text)] == [
            "3271********0001", "3271********0004", "3271********0001",
        ]  # fmt: skip

    def test_what_is_not_an_identity_number_is_not_reported(self) -> None:
        vault = Vault("a-data-key-for-the-scanner-test-0123456789")
        ciphertext = vault.encrypt(DIGITS[0]).decode("latin-1")
        for text in (
            "3271********0001",  # masked
            "12345678901234567",  # seventeen digits
            "2026-12-03 10:11:12.123456+00:00 20261203-0001 2026-12-05",  # dates, a ticket
            "+6281234567890 0812 3456 7890",  # phones
            hashlib.sha256(DIGITS[0].encode()).hexdigest(),  # a look-up hash
            "DOCACAgQAAxkBAAI000001" + "0123456789012345" + "abcdef",  # a file id
            ciphertext,
        ):
            assert found(text) == [], text


class TestStoredValues:
    """JSON documents and bytes are read as text."""

    def test_json_and_bytes(self) -> None:
        document = {"answers": {"nik": NUMBERS[1], "files": [{"file_name": f"KTP {DIGITS[2]}"}]}}
        assert len(find_in_text(as_text(document) or "", NUMBERS)) == 2
        assert len(find_in_text(as_text(json.dumps(document)) or "", NUMBERS)) == 2
        raw = b"\x00\xff" + NUMBERS[4].encode() + b"\x80"
        for value in (raw, memoryview(raw), bytearray(raw)):
            assert found(as_text(value) or "") == [("3271********0005", "typed")]
        assert as_text(None) is None


class TestDatabase:
    """Tables are found by inspection: one no model declares is read, every column of it."""

    async def test_every_column_of_a_table_nobody_named(self, database_url: str) -> None:
        scratch = Table(
            "privacy_scanner_scratch", MetaData(),
            Column("id", Integer, primary_key=True), Column("name", String(80)),
            Column("body", Text), Column("document", JSON), Column("blob", LargeBinary),
            Column("secret", LargeBinary), Column("masked", Text),
        )  # fmt: skip
        vault = Vault(os.environ["DATA_KEY"])
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(scratch.create)
                await connection.execute(scratch.insert(), [{
                    "id": 7, "name": f"Siti {NUMBERS[1]}", "body": f"NIK {NUMBERS[2]}",
                    "document": {"kk": NUMBERS[5]}, "blob": NUMBERS[3].encode(),
                    "secret": vault.encrypt(DIGITS[0]), "masked": "3271********0001",
                }])  # fmt: skip
            findings = await scan_database(engine, NUMBERS)
        finally:
            await engine.dispose()
        places = {f.place: (f.number, f.at) for f in findings.found}
        assert places == {
            "privacy_scanner_scratch.name": ("3271********0002", "id=7"),
            "privacy_scanner_scratch.body": ("3271********0003", "id=7"),
            "privacy_scanner_scratch.document": ("3271********0006", "id=7"),
            "privacy_scanner_scratch.blob": ("3271********0004", "id=7"),
        }
        assert {"privacy_scanner_scratch", "complaints", "conversations"} <= findings.places_read


class TestFilesAndLogs:
    def test_file_names_and_contents(self, tmp_path: Path) -> None:
        (tmp_path / "web" / "ab").mkdir(parents=True)
        (tmp_path / "web" / "ab" / f"KTP {NUMBERS[0]}.png").write_bytes(b"\x89PNG")
        (tmp_path / "web" / "ab" / "export.csv").write_bytes(f"x;{NUMBERS[6]}\n".encode())
        places = sorted(f.place for f in scan_files(tmp_path, NUMBERS).found)
        assert places == ["file name web/ab/KTP 3271********0001.png", "file web/ab/export.csv"]

    def test_records_of_every_logger_at_debug(self) -> None:
        root = logging.getLogger()
        before = root.level
        island, quiet = logging.getLogger("tests.privacy.island"), logging.getLogger("tests.quiet")
        quiet.setLevel(logging.WARNING)
        # Records as any library makes them: the service's own record guard, which
        # create_app installs for the whole process, would mask them before the scanner.
        guarded = logging.Logger.makeRecord
        logging.Logger.makeRecord = UNGUARDED_MAKE_RECORD  # type: ignore[method-assign]
        try:
            with scanning_logs(NUMBERS) as logs:
                logging.getLogger("tests.privacy.deep.down").debug("typed %s", NUMBERS[1])
                island.propagate = False  # made an island inside the block, as uvicorn does
                island.info("from an island: %r", {"nik": NUMBERS[2]})
                try:
                    raise ValueError(f"bad NIK {NUMBERS[3]}")
                except ValueError:
                    logging.getLogger("tests.privacy").exception("failed")
                logging.getLogger("tests.privacy").warning("ok", extra={"kk": NUMBERS[5]})
                quiet.debug("below its own level: %s", NUMBERS[0])
            logging.getLogger("tests.privacy").warning("after: %s", NUMBERS[4])
        finally:
            island.propagate = True
            quiet.setLevel(logging.NOTSET)
            logging.Logger.makeRecord = guarded  # type: ignore[method-assign]
        assert root.level == before
        assert sorted(f.number for f in logs.findings.found) == [
            "3271********0002", "3271********0003", "3271********0004", "3271********0006",
        ]  # fmt: skip
        assert {f.place for f in logs.findings.found} == {
            "log tests.privacy.deep.down DEBUG", "log tests.privacy.island INFO",
            "log tests.privacy ERROR", "log tests.privacy WARNING",
        }  # fmt: skip


def test_the_report_names_the_places_and_shows_no_number_in_full(tmp_path: Path) -> None:
    (tmp_path / f"{NUMBERS[0]}.txt").write_text(" ".join(NUMBERS))
    findings = scan_files(tmp_path, NUMBERS).found
    text = report(findings)
    assert "file name 3271046501900001.txt" not in text
    assert text.startswith("NIK/KK in clear at 2 places (8 occurrences):")
    digits = re.sub(r"[^0-9]", "", text)
    assert not any(number in digits for number in DIGITS), text
