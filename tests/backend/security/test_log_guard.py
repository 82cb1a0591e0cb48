"""No log line carries a NIK or KK in clear, whoever logs it and however."""

from __future__ import annotations

import logging

import pytest

from backend.security.log_guard import install_log_guard

NIK = "3271046501900002"


@pytest.fixture(autouse=True)
def guarded() -> None:
    install_log_guard()


def test_message_and_arguments(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("slrt.test").info(
            "NIK %s and %s in " + NIK, "3271 0465-0190.0002", {"nik": NIK}
        )
    assert NIK not in caplog.text
    assert "3271 0465-0190.0002" not in caplog.text
    assert caplog.text.count("3271********0002") == 3


def test_mapping_arguments_and_numbers(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("slrt.test").warning("%(who)s / %(n)s", {"who": NIK, "n": int(NIK)})
    assert caplog.records[-1].getMessage() == "3271********0002 / 3271********0002"


def test_the_access_log_keeps_its_shape(caplog: pytest.LogCaptureFixture) -> None:
    # uvicorn's access formatter unpacks exactly five arguments.
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", f"/panel?q={NIK}", "1.1", 400
        )
    record = caplog.records[-1]
    assert len(record.args or ()) == 5
    assert record.getMessage() == '127.0.0.1:5000 - "GET /panel?q=3271********0002 HTTP/1.1" 400'


def test_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError(f"duplicate key (nik)=({NIK})")
        except ValueError:
            logging.getLogger("slrt.test").exception("insert failed")
    assert "duplicate key" in caplog.text
    assert NIK not in caplog.text


def test_extra_fields(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("slrt.test").info("update", extra={"update": {"text": NIK}, "who": NIK})
    record = caplog.records[-1]
    assert record.who == "3271********0002"  # type: ignore[attr-defined]
    assert NIK not in str(record.update)  # type: ignore[attr-defined]
