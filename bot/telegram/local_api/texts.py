"""Message text and captions as Telegram reads them: parse mode, trimming, length limits."""

from __future__ import annotations

from bot.telegram.local_api.errors import bad_request
from bot.telegram.local_api.html_check import (
    FormattedText,
    HtmlParseError,
    parse_html,
    strip_formatted,
)
from bot.telegram.local_api.params import Params

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def formatted_param(params: Params, name: str, entities_name: str) -> FormattedText:
    """The parameter `name` as plain text and entities, after its parse mode."""
    raw = params.text(name, "") or ""
    mode = (params.text("parse_mode") or "").lower()
    if mode == "html":
        try:
            formatted = parse_html(raw)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif mode in ("markdown", "markdownv2"):
        # Markdown is not checked here: the project sends HTML. Kept as typed.
        formatted = FormattedText(raw)
    elif mode:
        raise bad_request(f"unsupported parse_mode {params.text('parse_mode')!r}")
    else:
        formatted = FormattedText(raw, list(params.json(entities_name) or []))
    return strip_formatted(formatted)


def message_text(params: Params) -> FormattedText:
    """The text of sendMessage / editMessageText, refused when empty or too long."""
    formatted = formatted_param(params, "text", "entities")
    if not formatted.text:
        raise bad_request("message text is empty")
    if len(formatted.text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return formatted


def caption(params: Params) -> FormattedText:
    """The caption of a photo or document, refused when too long."""
    formatted = formatted_param(params, "caption", "caption_entities")
    if len(formatted.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return formatted
