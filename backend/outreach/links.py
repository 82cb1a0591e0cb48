"""The links a kelurahan's poster prints and puts in its QR codes.

Telegram: the bot's deep link with the poster's start parameter (only when the bot's
username is known). Web chat: the service's public address with `?src=`. WhatsApp: a
wa.me link to the office's number with a greeting that carries the same code; it is
the seam for a WhatsApp channel to come, printed only when an administrator has set
the number (backend/office/models.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from backend.facilitators.links import deep_link
from backend.outreach.sources import link_token, start_parameter
from backend.outreach.texts import say


@dataclass(frozen=True, slots=True)
class OutreachLinks:
    """A kelurahan's links, one per channel; None where the channel cannot be reached yet."""

    telegram: str | None
    web: str
    whatsapp: str | None


def outreach_links(
    kelurahan_code: str, *, bot_username: str | None, public_base: str,
    whatsapp_number: str | None,
) -> OutreachLinks:  # fmt: skip
    """The poster's links for the kelurahan as the service is configured."""
    token = link_token(kelurahan_code)
    telegram = deep_link(bot_username, start_parameter(kelurahan_code)) if bot_username else None
    whatsapp = None
    if whatsapp_number:
        greeting = say("id", "whatsapp-greeting", code=start_parameter(kelurahan_code))
        whatsapp = f"https://wa.me/{whatsapp_number.lstrip('+')}?text={quote(greeting)}"
    return OutreachLinks(
        telegram=telegram, web=f"{public_base.rstrip('/')}/chat?src={token}", whatsapp=whatsapp
    )
