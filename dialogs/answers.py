"""Readers shared by flows: turn an event into a value or a Reask with a reason.

The rules an answer must meet are the filing service's (backend/complaints/filing.py);
here they are only applied to what a chat sends.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any, TypeVar

from backend.complaints import filing
from backend.complaints.filing import AttachmentFile, Person, clean_text, tidy_file_name
from backend.errors import InvalidInput
from backend.uploads import ACCEPTED_MIME_TYPES
from dialogs.context import Context, Reask
from dialogs.events import EventKind

Checked = TypeVar("Checked")


def text_of(ctx: Context) -> str:
    """The typed text of the event, cleaned; anything else is explained and asked again.

    A voice note is refused with its own reason: the steps that read typed text keep what
    is matched or checked (a name, a NIK, a phone, an address), which nobody can check
    from a recording; the steps a person only reads (the description, an answer to staff,
    an appeal's reason) take voice notes before they get here.
    """
    event = ctx.event
    if event.kind == EventKind.FILE and event.file is not None and event.file.kind == "voice":
        raise Reask("voice-needs-typing")
    text = clean_text(event.text) if event.kind == EventKind.TEXT else ""
    if not text:
        raise Reask("expected-text")
    return text


def checked(check: Callable[[str], Checked], text: str) -> Checked:
    """Runs one of the filing service's checks; a refusal is explained and asked again."""
    try:
        return check(text)
    except InvalidInput as problem:
        raise Reask(problem.key or "expected-text", **problem.params) from None


# What makes typed text an address in Bogor: a street word (Jl., Gg., Kp., Perum, Blok …),
# an RT/RW, or a house number; emoji and question marks alone are not one.
_STREET_WORD = re.compile(
    r"\b(jl|jln|jalan|gg|gang|kp|kamp|kampung|perum|perumahan|blok|blk|komplek|kompleks|komp|"
    r"kav|kavling|griya|villa|vila|cluster|dusun|lorong|lr|no|nomor|rt|rw|street|road)\b",
    re.IGNORECASE,
)
_HOUSE_NUMBER = re.compile(r"\d")
MIN_ADDRESS_LETTERS = 3
# A description says something in words: this many words with letters in them.
MIN_DESCRIPTION_WORDS_WITH_LETTERS = 3


def _letters(text: str) -> int:
    return sum(character.isalpha() for character in text)


def address_of(ctx: Context) -> str:
    """A typed address with letters and a street word, an RT/RW or a house number."""
    address = checked(filing.check_address, text_of(ctx))
    if _letters(address) < MIN_ADDRESS_LETTERS or not (
        _STREET_WORD.search(address) or _HOUSE_NUMBER.search(address)
    ):
        raise Reask("address-not-an-address")
    return address


def description_of(ctx: Context) -> str:
    """A typed description that says something in words, not only emoji or punctuation."""
    description = checked(filing.check_description, text_of(ctx))
    worded = [word for word in description.split() if _letters(word) >= 2]
    if len(worded) < MIN_DESCRIPTION_WORDS_WITH_LETTERS:
        raise Reask("description-not-words")
    return description


def seal(ctx: Context, value: str) -> str:
    """Encrypts an identity number for the conversation's stored data."""
    return base64.b64encode(ctx.services.vault.encrypt(value)).decode()


def unseal(ctx: Context, sealed: str | None) -> str | None:
    """Decrypts what `seal` stored."""
    if not sealed:
        return None
    return ctx.services.vault.decrypt(base64.b64decode(sealed))


def person_of(ctx: Context) -> Person:
    """The person an intake's answers describe, identity numbers unsealed."""
    data = ctx.data
    return Person(
        full_name=data.get("full_name") or "", nik=unseal(ctx, data.get("nik")),
        kk=unseal(ctx, data.get("kk")), phone=data.get("phone"),
        kelurahan_code=data.get("kelurahan"), address=data.get("address"), language=ctx.language,
    )  # fmt: skip


def attachment_of(ctx: Context) -> dict[str, Any]:
    """A photo, document or voice note the citizen sent, checked for type and size."""
    file = ctx.event.file
    if ctx.event.kind != EventKind.FILE or file is None:
        raise Reask("expected-file")
    mime_type = file.mime_type or ("image/jpeg" if file.kind == "photo" else None)
    # Refused by the channel: its bytes are not what it claimed, or not a photo or PDF.
    if file.refused or mime_type not in ACCEPTED_MIME_TYPES:
        raise Reask("attachment-type")
    limit = ctx.services.max_attachment_bytes
    if file.size is not None and file.size > limit:
        raise Reask("attachment-too-large", limit_mb=limit // (1024 * 1024))
    if file.missing:
        raise Reask("attachment-not-received")
    # Kept in the conversation's data (JSON) until the complaint is filed.
    return {
        "file_id": file.file_id,
        "kind": file.kind,
        "mime_type": mime_type,
        "size": file.size,
        "file_name": tidy_file_name(file.file_name),
        "stored_path": file.stored_path,
        "sha256": file.sha256,
    }


def attachment_file(kept: dict[str, Any]) -> AttachmentFile:
    """What `attachment_of` kept, as the filing service takes it."""
    return AttachmentFile(
        kind=str(kept["kind"]), channel_file_id=str(kept["file_id"]),
        mime_type=kept.get("mime_type"), size_bytes=kept.get("size"),
        original_name=kept.get("file_name"), stored_path=kept.get("stored_path"),
        sha256=kept.get("sha256"),
    )  # fmt: skip


def attachment_files(ctx: Context) -> tuple[AttachmentFile, ...]:
    """The files an intake collected."""
    return tuple(attachment_file(kept) for kept in ctx.data.get("files", []))
