"""Information: how SLRT works, the programs, the office, and the deadlines per category."""

from __future__ import annotations

from backend.casefiles.repository import list_active_categories
from backend.info.repository import get_page, list_pages
from dialogs.context import Context, Reask
from dialogs.flows.base import DONE, Step, StepFlow
from dialogs.i18n import content_language

DEADLINES = "deadlines"


async def ask_topic(ctx: Context) -> None:
    pages = await list_pages(ctx.session, content_language(ctx.language))
    rows = [[(page.title, "topic", page.key)] for page in pages]
    rows.append([(ctx.t("button-info-deadlines"), "topic", DEADLINES)])
    rows.append([(ctx.t("button-back-to-menu"), "close", "")])
    ctx.ask(ctx.t("info-topics"), buttons=rows)


async def read_topic(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is None:
        raise Reask("choose-a-button")
    action, key = pressed
    if action == "close":
        ctx.say("info-closed")
        return DONE
    if key == DEADLINES:
        ctx.say_text(await deadlines_text(ctx))
        return "topic"
    page = await get_page(ctx.session, key, content_language(ctx.language))
    if page is None:
        raise Reask("old-button")
    ctx.say_text(f"{page.title}\n\n{page.body}")
    return "topic"


async def deadlines_text(ctx: Context) -> str:
    """The working-day deadlines of each category, from the admin-editable settings."""
    lines = [ctx.t("info-deadlines")]
    for category in await list_active_categories(ctx.session):
        lines.append(
            ctx.t(
                "info-deadline-item",
                category=category.name_en if ctx.language == "en" else category.name_id,
                triage=category.sla_triage_days,
                resolution=category.sla_resolution_days,
                referral=category.sla_referral_days,
            )
        )
    return "\n".join(lines)


class InfoFlow(StepFlow):
    """Topics as buttons; each answer shows the page and the topics again."""

    name = "info"


INFO = InfoFlow((Step("topic", ask_topic, read_topic, ("topic", DONE), "help-info"),))
