"""The attachments step both intakes share: files are added, listed, and a wrong one removed.

A file is kept in the conversation's answers from the moment it arrives; its bytes
were stored by the channel under FILES_DIR (encrypted, named by their content, so the
same photo sent in another chat is the same stored file). Removing a file drops it
from the answers, so it is never filed; the stored bytes are not deleted here, since
another conversation or complaint may hold the same content.
"""

from __future__ import annotations

from typing import Any

from backend.security.identity_numbers import mask_identity_numbers
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.flows.base import SUMMARY, pair_rows

STEP = "attachments"


def size_text(language: str, size: int | None) -> str:
    """A file's size as people read it: 394 B, 245 KB, 1,2 MB (a decimal comma in Indonesian)."""
    if size is None:
        return "?"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    megabytes = f"{size / (1024 * 1024):.1f}"
    return f"{megabytes.replace('.', ',') if language == 'id' else megabytes} MB"


def file_label(ctx: Context, kept: dict[str, Any]) -> str:
    """How one kept file is named to the person: its name, or what kind of file it is."""
    kind = kept.get("kind") if kept.get("kind") in ("photo", "voice") else "document"
    # A scan may be named after the KK it shows: never echo its number in clear.
    name = mask_identity_numbers(kept.get("file_name") or "")
    return name or ctx.t(f"attachment-kind-{kind}")


async def ask_attachments(ctx: Context) -> None:
    """Asks for files; those already added are listed, each with a button that removes it."""
    files: list[dict[str, Any]] = ctx.data.get("files", [])
    count = len(files)
    text = ctx.t("intake-attachments", count=count, limit=ctx.services.max_attachments)
    remove: list[tuple[str, str, str]] = []
    if files:
        items = [
            ctx.t("attachments-item", number=number, name=file_label(ctx, kept),
                  size=size_text(ctx.language, kept.get("size")))
            for number, kept in enumerate(files, start=1)
        ]  # fmt: skip
        text = "\n\n".join([text, "\n".join([ctx.t("attachments-added"), *items]),
                            ctx.t("attachments-remove-hint")])  # fmt: skip
        remove = [
            (ctx.t("button-attachment-remove", number=number), "files_remove", str(number))
            for number in range(1, count + 1)
        ]
    done = "button-attachments-done" if count else "button-skip"
    ctx.ask(text, buttons=[[(ctx.t(done), "files_done", "")], *pair_rows(remove)])


async def read_attachments(ctx: Context) -> str:
    """Adds the file sent, removes the one whose button was pressed, or moves on."""
    pressed = ctx.pressed()
    if pressed is not None and pressed[0] == "files_done":
        return SUMMARY
    files: list[dict[str, Any]] = ctx.data.setdefault("files", [])
    if pressed is not None and pressed[0] == "files_remove":
        number = int(pressed[1]) if pressed[1].isascii() and pressed[1].isdigit() else 0
        if not 1 <= number <= len(files):
            raise Reask("choose-a-button")
        removed = files.pop(number - 1)
        ctx.say("attachment-removed", number=number, name=file_label(ctx, removed))
        return STEP
    if len(files) >= ctx.services.max_attachments:
        raise Reask("attachments-full", limit=ctx.services.max_attachments)
    files.append(answers.attachment_of(ctx))
    return STEP
