"""The answer to a correction request (backend/privacy/corrections.py) as the chat shows it."""

from __future__ import annotations

from typing import Any

from dialogs.events import Reply
from dialogs.i18n import has_message, translate

_TEMPLATES = {
    "privacy.correction_corrected": "notify-correction-corrected",
    "privacy.correction_refused": "notify-correction-refused",
}


def is_privacy_template(template: str) -> bool:
    """Whether the outbox template is an answer to a correction request."""
    return template in _TEMPLATES


def compose_privacy(template: str, params: dict[str, Any], language: str) -> Reply:
    """The answer in the chat's language; staff's note, if any, below it."""
    field_key = f"dataku-field-{params.get('field', 'other')}"
    field = translate(
        language, field_key if has_message(language, field_key) else "dataku-field-other"
    )
    note = str(params.get("note") or "")
    text = translate(
        language, _TEMPLATES[template], number=str(params.get("request_id", "")), field=field,
        reason=note or "-",
    )  # fmt: skip
    if note and template == "privacy.correction_corrected":
        text += "\n\n" + translate(language, "notify-note", note=note)
    return Reply(text)
