"""Readers shared by flows: turn an event into a value or a Reask with a reason."""

from __future__ import annotations

import base64
import re

from backend.citizens.validators import InvalidValue
from dialogs.context import Context, Reask
from dialogs.events import EventKind

MIN_DESCRIPTION_LENGTH = 15
MIN_DESCRIPTION_WORDS = 3
MIN_ADDRESS_LENGTH = 5
# An address is a line or two; the summary has to fit in one message.
MAX_ADDRESS_LENGTH = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_FILE_NAME_LENGTH = 255
ACCEPTED_MIME_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


def invalid_key(code: str) -> str:
    """Catalog key of a validator's code: nik.length → invalid-nik-length."""
    return "invalid-" + code.replace(".", "-").replace("_", "-")


def text_of(ctx: Context) -> str:
    """The typed text of the event; anything else is explained and asked again."""
    event = ctx.event
    # Control characters (NUL above all: PostgreSQL refuses it) are dropped; lines stay.
    text = _CONTROL.sub("", event.text or "").strip() if event.kind == EventKind.TEXT else ""
    if not text:
        raise Reask("expected-text")
    return text


def parsed(ctx: Context, parser, text: str):  # type: ignore[no-untyped-def]
    """Runs a validator from backend.citizens.validators, turning its code into a Reask."""
    try:
        return parser(text)
    except InvalidValue as problem:
        raise Reask(invalid_key(problem.code)) from None


def sentence(ctx: Context) -> str:
    """A description: at least a sentence of a few words."""
    text = text_of(ctx)
    if len(text) < MIN_DESCRIPTION_LENGTH or len(text.split()) < MIN_DESCRIPTION_WORDS:
        raise Reask("description-too-short")
    return text


def address(ctx: Context) -> str:
    """An address detail: street, number, RT/RW."""
    text = " ".join(text_of(ctx).split())
    if len(text) < MIN_ADDRESS_LENGTH:
        raise Reask("address-too-short")
    if len(text) > MAX_ADDRESS_LENGTH:
        raise Reask("address-too-long", limit=MAX_ADDRESS_LENGTH)
    return text


def seal(ctx: Context, value: str) -> str:
    """Encrypts an identity number for the conversation's stored data."""
    return base64.b64encode(ctx.services.vault.encrypt(value)).decode()


def unseal(ctx: Context, sealed: str | None) -> str | None:
    """Decrypts what `seal` stored."""
    if not sealed:
        return None
    return ctx.services.vault.decrypt(base64.b64decode(sealed))


def attachment_of(ctx: Context) -> dict[str, object]:
    """A photo or document the citizen sent, checked for type and size."""
    file = ctx.event.file
    if ctx.event.kind != EventKind.FILE or file is None:
        raise Reask("expected-file")
    if file.kind == "voice":
        raise Reask("attachment-voice")
    mime_type = file.mime_type or ("image/jpeg" if file.kind == "photo" else None)
    if mime_type not in ACCEPTED_MIME_TYPES:
        raise Reask("attachment-type")
    limit = ctx.services.max_attachment_bytes
    if file.size is not None and file.size > limit:
        raise Reask("attachment-too-large", limit_mb=limit // (1024 * 1024))
    if file.missing:
        raise Reask("attachment-not-received")
    return {
        "file_id": file.file_id,
        "kind": file.kind,
        "mime_type": mime_type,
        "size": file.size,
        "file_name": _tidy_file_name(file.file_name),
        "stored_path": file.stored_path,
        "sha256": file.sha256,
    }


def _tidy_file_name(name: str | None) -> str | None:
    """A file name that any database stores: no control characters, at most 255 long."""
    name = _CONTROL.sub("", name or "").strip()
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep_extension = dot and len(extension) <= 10
        name = (
            stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1] + "." + extension
            if keep_extension
            else name[:MAX_FILE_NAME_LENGTH]
        )
    return name or None
