"""The last line of defence: no log line carries a NIK or KK in clear, whoever writes it.

Every log record is masked as a logger makes it (Logger.makeRecord, after the
`extra` fields are set), so it holds for our loggers, uvicorn's access log (which
writes the requested address), the libraries' loggers (python-telegram-bot logs
whole updates at debug level) and tracebacks (a database error quotes its parameters).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from backend.security.identity_numbers import (
    IDENTITY_NUMBER_DIGITS,
    contains_identity_number,
    mask_identity_numbers,
)

_formatter = logging.Formatter()
_installed: list[Callable[..., logging.LogRecord]] = []
# The standard library's own, unguarded (a test of a log scanner needs raw records).
UNGUARDED_MAKE_RECORD = logging.Logger.makeRecord
# What every record has; anything else on a record came from `extra`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, bool | float) or value is None:
        return value
    if isinstance(value, int):
        # A NIK passed as a number is shown as masked text.
        return (
            mask_identity_numbers(str(value))
            if len(str(abs(value))) == IDENTITY_NUMBER_DIGITS
            else value
        )
    shown = str(value)
    return mask_identity_numbers(shown) if contains_identity_number(shown) else value


def mask_log_record(record: logging.LogRecord) -> logging.LogRecord:
    """Masks identity numbers in the message, its arguments and any traceback."""
    record.msg = _masked(record.msg)
    if isinstance(record.args, dict):
        record.args = {key: _masked(value) for key, value in record.args.items()}
    elif record.args:
        record.args = tuple(_masked(value) for value in record.args)
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_identity_numbers(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_identity_numbers(record.stack_info)
    for name, value in list(vars(record).items()):
        if name not in _STANDARD_ATTRIBUTES:
            setattr(record, name, _masked(value))
    return record


def install_log_guard() -> None:
    """Masks every log record this process makes from now on (safe to call again)."""
    if _installed:
        return
    make_record = UNGUARDED_MAKE_RECORD
    _installed.append(make_record)

    def guarded_record(self: logging.Logger, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_log_record(make_record(self, *args, **kwargs))

    logging.Logger.makeRecord = guarded_record  # type: ignore[method-assign]
