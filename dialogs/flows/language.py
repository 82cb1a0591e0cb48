"""/bahasa: choosing Bahasa Indonesia, English or Basa Sunda for the chat and its status messages."""

from __future__ import annotations

from backend.citizens.models import Channel
from backend.citizens.repository import get_identity
from dialogs.context import Context, Reask
from dialogs.flows.base import DONE, Step, StepFlow
from dialogs.i18n import LANGUAGES


async def ask_language(ctx: Context) -> None:
    ctx.ask(
        ctx.t("language-choose"),
        buttons=[
            [("Bahasa Indonesia", "lang", "id")],
            [("English", "lang", "en")],
            [("Basa Sunda", "lang", "su")],
        ],
    )


async def read_language(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is None or pressed[1] not in LANGUAGES:
        raise Reask("choose-a-button")
    ctx.language = pressed[1]
    identity = await get_identity(ctx.session, Channel(ctx.event.channel), ctx.event.chat_id)
    if identity is not None:
        identity.language = ctx.language  # status messages follow the chat's language
    ctx.say("language-set")
    return DONE


class LanguageFlow(StepFlow):
    """One question: which language."""

    name = "language"


LANGUAGE = LanguageFlow((Step("choose", ask_language, read_language, (DONE,), "help-language"),))
