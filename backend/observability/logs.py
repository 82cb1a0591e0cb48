"""How the service's processes write their logs: readable text, or one JSON object a line.

`logging_config(settings)` is a logging.config.dictConfig dictionary; `slrt run` hands it
to uvicorn, which applies it in every worker process it starts, and the other long
running commands apply it themselves (`configure_logging`). Every line names the
request (`request_id`) or chat update (`update_id`) it belongs to.

Identity numbers are masked by the log guard (backend/security/log_guard.py) as each
record is made, extras included. A formatter that prints a traceback formats it
again from the exception, so the JSON formatter masks its traceback itself.

In JSON mode uvicorn's access line (with the raw path, which holds ticket numbers) is
off; `slrt.access` writes one line per request instead, with the route template.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from backend.config import Settings
from backend.observability import context
from backend.security.identity_numbers import mask_identity_numbers

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(context)s: %(message)s"


def _context_ids() -> dict[str, str]:
    ids = {"request_id": context.request_id.get(), "update_id": context.update_id.get()}
    return {name: value for name, value in ids.items() if value is not None}


class JsonLogFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, the ids, any extras."""

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            # uvicorn adds a copy of its message with terminal colours.
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """The standard fields and extras, then the request or update id."""
        super().add_fields(log_data, record, message_dict)
        log_data.update(_context_ids())

    def formatException(self, ei: Any) -> str:
        """The traceback, its identity numbers masked (it is formatted afresh here)."""
        return mask_identity_numbers(logging.Formatter.formatException(self, ei))


class TextLogFormatter(logging.Formatter):
    """A readable line, with the request or update id after the logger's name."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The line; the ids go in a copy, so the record itself is left as it was."""
        ids = "".join(f" [{name}={value}]" for name, value in _context_ids().items())
        return TEXT_FORMAT % {**vars(record), "context": ids}


def logging_config(settings: Settings) -> dict[str, Any]:
    """The dictConfig of the service's processes for LOG_FORMAT and LOG_LEVEL."""
    level = settings.log_level.upper()
    json_lines = settings.logs_as_json
    formatter = JsonLogFormatter if json_lines else TextLogFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"service": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "service",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # uvicorn's own loggers write through the root handler, in the same format.
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": not json_lines, "level": level},
            "slrt.access": {"level": level if json_lines else "WARNING"},
        },
    }


def configure_logging(settings: Settings) -> None:
    """Applies `logging_config` to this process (commands that do not run uvicorn)."""
    logging.config.dictConfig(logging_config(settings))
