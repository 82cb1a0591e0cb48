"""JSON log lines: the fields a log shipper expects, the request or update id, no NIK in clear."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from backend.observability import context
from backend.observability.logs import JsonLogFormatter, TextLogFormatter, logging_config
from backend.security.log_guard import install_log_guard
from tests.backend.panel.helpers import anonymous_client

NIK = "3271046501900001"
MASKED = "3271********0001"


class Lines:
    """What a logger wrote through one of our formatters."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def json(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]


def capture(name: str, formatter: logging.Formatter) -> Iterator[Lines]:
    install_log_guard()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger(name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield Lines(stream)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def json_lines() -> Iterator[Lines]:
    """The lines of the logger `slrt.test`, as JSON."""
    yield from capture("slrt.test", JsonLogFormatter())


class TestJsonLines:
    """One object a line: time, level, logger, message, extras and the ids."""

    def test_the_fields(self, json_lines: Lines) -> None:
        logging.getLogger("slrt.test").warning("queue %s long", "very", extra={"depth": 12})
        [line] = json_lines.json()
        assert line["level"] == "WARNING" and line["logger"] == "slrt.test"
        assert line["message"] == "queue very long" and line["depth"] == 12
        assert line["time"].endswith("+00:00")
        assert "request_id" not in line and "update_id" not in line

    def test_the_request_and_update_ids(self, json_lines: Lines) -> None:
        request = context.request_id.set("req-1")
        update = context.update_id.set("812345")
        try:
            logging.getLogger("slrt.test").info("handled")
        finally:
            context.update_id.reset(update)
            context.request_id.reset(request)
        [line] = json_lines.json()
        assert (line["request_id"], line["update_id"]) == ("req-1", "812345")

    def test_a_nik_is_masked_in_the_message_an_argument_an_extra_and_a_traceback(
        self, json_lines: Lines
    ) -> None:
        log = logging.getLogger("slrt.test")
        log.info(f"typed {NIK}")
        log.info("argument %s", NIK)
        log.info("number %s", int(NIK))
        log.info("extra", extra={"nik": NIK, "answers": {"nik": NIK}})
        try:
            raise ValueError(f"bad row {NIK}")
        except ValueError:
            log.exception("import failed")
        text = "\n".join(json.dumps(line) for line in json_lines.json())
        assert NIK not in text
        lines = json_lines.json()
        assert lines[0]["message"] == f"typed {MASKED}"
        assert lines[1]["message"] == f"argument {MASKED}"
        assert MASKED in lines[2]["message"]
        assert lines[3]["nik"] == MASKED and MASKED in str(lines[3]["answers"])
        assert MASKED in lines[4]["exc_info"]


def test_text_lines_name_the_request() -> None:
    for lines in capture("slrt.test", TextLogFormatter()):
        token = context.request_id.set("req-9")
        try:
            logging.getLogger("slrt.test").info("hello %s", NIK)
        finally:
            context.request_id.reset(token)
        text = lines.stream.getvalue()
        assert "slrt.test [request_id=req-9]: hello 3271********0001" in text


class TestTheConfiguration:
    """LOG_FORMAT picks the formatter; in JSON mode uvicorn's access line gives way to ours."""

    def test_json_in_production_by_default(self, settings: Settings) -> None:
        production = settings.model_copy(update={"environment": "production"})
        assert production.logs_as_json and not settings.logs_as_json
        assert settings.model_copy(update={"log_format": "json"}).logs_as_json

    def test_json_mode_silences_uvicorns_access_line(self, settings: Settings) -> None:
        config = logging_config(settings.model_copy(update={"log_format": "json"}))
        assert config["formatters"]["service"]["()"].endswith("JsonLogFormatter")
        assert config["loggers"]["uvicorn.access"]["propagate"] is False
        assert config["loggers"]["slrt.access"]["level"] == "INFO"
        text = logging_config(settings.model_copy(update={"log_format": "text"}))
        assert text["loggers"]["uvicorn.access"]["propagate"] is True
        assert text["loggers"]["slrt.access"]["level"] == "WARNING"


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    application = create_app(settings, sessions)
    yield application
    await application.state.engine.dispose()


async def test_the_access_line_of_a_request(app: FastAPI) -> None:
    """One JSON line per request, with its id and the route's template, never the raw path."""
    for lines in capture("slrt.access", JsonLogFormatter()):
        async with anonymous_client(app) as client:
            answer = await client.get(
                "/panel/complaints/SLRT-20260101-0042", headers={"X-Request-ID": "edge-42"}
            )
        [line] = [line for line in lines.json() if line.get("request_id") == "edge-42"]
        assert line["route"] == "/panel/complaints/{ticket}"
        assert line["status"] == answer.status_code and line["method"] == "GET"
        assert "SLRT-20260101-0042" not in lines.stream.getvalue()
