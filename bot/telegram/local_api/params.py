"""The parameters of a Bot API call, however the library sent them: query, form, multipart, JSON."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from bot.telegram.local_api.errors import ApiError, bad_request

# Parameters that carry JSON; form-encoded calls send them as JSON text.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "max_connections",
        "cache_time",
        "from_chat_id",
    }
)


@dataclass
class Upload:
    """A file the bot uploaded in a multipart call."""

    filename: str
    content_type: str
    data: bytes


class Params:
    """Typed access to one call's parameters, answering Telegram's errors for bad values."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    def has(self, name: str) -> bool:
        """Whether the parameter was given (and is not empty)."""
        return self.values.get(name) not in (None, "") or name in self.uploads

    def get(self, name: str, default: Any = None) -> Any:
        """The raw value, or `default`."""
        value = self.values.get(name)
        return default if value in (None, "") else value

    def text(self, name: str, default: str | None = None) -> str | None:
        """The value as text."""
        value = self.get(name)
        return default if value is None else str(value)

    def integer(
        self, name: str, default: int | None = None, missing: ApiError | None = None
    ) -> int | None:
        """The value as a whole number; `missing` is raised when it was not given."""
        value = self.get(name)
        if value is None:
            if missing is not None:
                raise missing
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str, default: bool = False) -> bool:
        """The value as a boolean ("true", "1", true)."""
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1")

    def json(self, name: str) -> Any:
        """The value decoded from JSON text when it came as text."""
        value = self.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def upload(self, name: str) -> Upload | None:
        """The uploaded file for a parameter: sent under its name or as attach://<field>."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            return self.uploads.get(value.removeprefix("attach://"))
        return self.uploads.get(name)

    def record(self) -> dict[str, Any]:
        """The parameters in one shape whatever the encoding: JSON decoded, ids as numbers."""
        record: dict[str, Any] = {}
        for name, value in self.values.items():
            if name in JSON_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            elif name in INT_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = int(value)
            record[name] = value
        for name, upload in self.uploads.items():
            record.setdefault(name, f"<upload {upload.filename} {len(upload.data)} bytes>")
        return record


async def read_params(request: Request) -> Params:
    """Collects the parameters of a request to /bot<token>/<method>."""
    values: dict[str, Any] = dict(request.query_params)
    uploads: dict[str, Upload] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        if body.strip():
            try:
                decoded = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(decoded, dict):
                raise bad_request("can't parse JSON object")
            values.update(decoded)
    elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                uploads[name] = Upload(
                    value.filename or name,
                    value.content_type or "application/octet-stream",
                    await value.read(),
                )
            else:
                values[name] = value
    return Params(values, uploads)
