"""The facilitator's side of the bot: who counts as a facilitator, their menu, their buttons,
and the deep links of invitations (fac_…) and of households (hh_…).

A chat counts as a facilitator's only while it is bound to an active facilitator;
every event asks the database again, so a deactivation ends access at once. The
citizen's menu (menu.py) asks here first and falls back to the citizen's ways.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backend.citizens.models import Channel
from backend.clock import LOCAL_ZONE
from backend.complaints.assisted_filing import HOUSEHOLD_PREFIX, LinkOutcome, open_household_link
from backend.facilitators.models import Facilitator
from backend.facilitators.relays import ConfirmOutcome, confirm_relay
from backend.facilitators.repository import active_facilitator_of_chat, count_unconfirmed_relays_of
from backend.facilitators.service import INVITATION_PREFIX, BindOutcome, accept_invitation
from backend.regions.models import Kelurahan
from backend.visits.repository import visits_to_mind
from dialogs.context import Context
from dialogs.events import Button
from dialogs.flows.base import StepFlow
from dialogs.i18n import format_day, has_message

if TYPE_CHECKING:
    from dialogs.engine import DialogEngine
    from dialogs.flows.menu import MenuFlow

# Flows only a facilitator may be in, and the citizen's flows a facilitator gets instead.
FACILITATOR_FLOWS = frozenset(
    {"facilitator_intake", "facilitator_cases", "facilitator_relays", "facilitator_answer",
     "facilitator_visits", "facilitator_visit"}
)  # fmt: skip
FOR_FACILITATORS = {
    "intake": "facilitator_intake",
    "status": "facilitator_cases",
    "answer": "facilitator_answer",
}
# The facilitator's menu: label key and flow.
FACILITATOR_MENU = (
    ("button-facilitator-file", "facilitator_intake"),
    ("button-facilitator-cases", "facilitator_cases"),
    ("button-facilitator-relays", "facilitator_relays"),
    ("button-facilitator-visits", "facilitator_visits"),
    ("button-menu-info", "info"),
    ("button-menu-language", "language"),
)
# Buttons that stay valid in the facilitator's chat (relay messages, case lists).
# ANSWER_FOR_HOUSEHOLD starts the facilitator_answer flow (menu.py), like the citizen's "answer".
RELAYED, CASE, ANSWER_FOR_HOUSEHOLD = "relayed", "fcase", "fanswer"
# Home visits (facilitator_visits.py): take one, record one taken (starts facilitator_visit).
VISIT_TAKE, VISIT_RECORD = "vtake", "vrecord"


def page_buttons(ctx: Context, page: int, pages: int) -> tuple[Button, ...]:
    """◀ / ▶ for a list that runs over several pages (buttons of the open question)."""
    buttons = []
    if page > 0:
        buttons.append(ctx.button(ctx.t("button-previous"), "page", str(page - 1)))
    if page < pages - 1:
        buttons.append(ctx.button(ctx.t("button-next"), "page", str(page + 1)))
    return tuple(buttons)


def pressed_page(ctx: Context) -> int | None:
    """The page a ◀ / ▶ of the open question asks for, or None."""
    pressed = ctx.pressed()
    if pressed is None or pressed[0] != "page" or not pressed[1].isascii():
        return None
    return int(pressed[1]) if pressed[1].isdigit() else None


async def current_facilitator(ctx: Context) -> Facilitator | None:
    """The active facilitator this chat belongs to, or None (asked once an event)."""
    if "facilitator" not in ctx.looked_up:
        ctx.looked_up["facilitator"] = await active_facilitator_of_chat(
            ctx.session, ctx.event.channel, ctx.event.chat_id
        )
    facilitator: Facilitator | None = ctx.looked_up["facilitator"]
    return facilitator


async def kelurahan_name(ctx: Context, code: str | None) -> str:
    """The name of a kelurahan, '-' when unknown."""
    kelurahan = await ctx.session.get(Kelurahan, code) if code else None
    return kelurahan.name if kelurahan else "-"


def format_moment(language: str, instant: datetime) -> str:
    """A moment as people in Bogor read it: 30 November 2026 14.05 WIB."""
    local = instant.astimezone(LOCAL_ZONE)
    return f"{format_day(language, local.date())} {local:%H.%M} WIB"


def for_this_channel(ctx: Context, key: str) -> str:
    """The key, or its `-chat` wording where the chat is not a Telegram account (the web chat)."""
    neutral = f"{key}-chat"
    if ctx.event.channel != Channel.TELEGRAM and has_message(ctx.language, neutral):
        return neutral
    return key


def access_ended(ctx: Context) -> None:
    """Ends a facilitator's flow in a chat that is no longer an active facilitator's."""
    ctx.say(for_this_channel(ctx, "facilitator-access-ended"))
    ctx.finish()


class FacilitatorFlow(StepFlow):
    """A flow only an active facilitator may be in: every event checks that again."""

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Begins, if this chat is still an active facilitator's."""
        if await current_facilitator(ctx) is None:
            access_ended(ctx)
            return
        await super().start(ctx, argument)

    async def handle(self, ctx: Context) -> None:
        """Reads the answer, if this chat is still an active facilitator's."""
        if await current_facilitator(ctx) is None:
            access_ended(ctx)
            return
        await super().handle(ctx)

    async def reask(self, ctx: Context) -> None:
        """Asks again, if this chat is still an active facilitator's."""
        if await current_facilitator(ctx) is None:
            access_ended(ctx)
            return
        await super().reask(ctx)


# --- the menu --------------------------------------------------------------------------
async def show_facilitator_menu(ctx: Context) -> bool:
    """Shows the facilitator's menu when this chat is an active facilitator's; else False."""
    facilitator = await current_facilitator(ctx)
    if facilitator is None:
        return False
    counts = {
        "facilitator_relays": await count_unconfirmed_relays_of(ctx.session, facilitator.id),
        "facilitator_visits": await visits_to_mind(ctx.session, facilitator),
    }
    rows = []
    for label, flow in FACILITATOR_MENU:
        text = ctx.t(label, count=counts[flow]) if flow in counts else ctx.t(label)
        rows.append([(text, "menu", flow)])
    ctx.ask(
        ctx.t("facilitator-menu", name=facilitator.full_name,
              kelurahan=await kelurahan_name(ctx, facilitator.kelurahan_code)),
        buttons=rows,
    )  # fmt: skip
    return True


async def greet_facilitator(ctx: Context) -> bool:
    """The facilitator's greeting (the menu follows); False for everyone else."""
    facilitator = await current_facilitator(ctx)
    if facilitator is None:
        return False
    ctx.say("facilitator-greeting", name=facilitator.full_name)
    return True


async def help_facilitator(ctx: Context) -> bool:
    """The facilitator's commands; False for everyone else."""
    if await current_facilitator(ctx) is None:
        return False
    ctx.say("facilitator-help")
    return True


async def route_flow(ctx: Context, name: str, menu: MenuFlow) -> str | None:
    """The flow to start for `name` in this chat, or None when refused (already answered)."""
    facilitator = await current_facilitator(ctx)
    if facilitator is None:
        if name in FACILITATOR_FLOWS:
            ctx.say("facilitator-only")
            ctx.finish()
            await menu.show(ctx)
            return None
        return name
    if name == "intake" and ctx.flow == "facilitator_intake":
        ctx.say("intake-already-started")
        await menu.flows["facilitator_intake"].reask(ctx)
        return None
    if name == "info":
        ctx.say("facilitator-info")
    return FOR_FACILITATORS.get(name, name)


# --- buttons that stay valid ------------------------------------------------------------
async def facilitator_button(ctx: Context, action: str, argument: str) -> bool:
    """Handles 'Sudah disampaikan', a case's button, and 'see status' in a facilitator's chat.

    Answers False when the button is not the facilitator's business (the citizen's ways apply).
    """
    if action not in (RELAYED, CASE, "status", VISIT_TAKE):
        return False
    facilitator = await current_facilitator(ctx)
    if facilitator is None:
        if action == "status":
            return False
        ctx.say("facilitator-only")
        return True
    if action == RELAYED:
        await _confirm(ctx, facilitator, argument)
    elif action == VISIT_TAKE:
        from dialogs.flows.facilitator_visits import take_from_button

        await take_from_button(ctx, facilitator, argument)
    else:
        from dialogs.flows.facilitator_cases import show_case

        await show_case(ctx, facilitator, argument)
    return True


async def _confirm(ctx: Context, facilitator: Facilitator, argument: str) -> None:
    relay_id = int(argument) if argument.isascii() and argument.isdigit() else 0
    result = await confirm_relay(ctx.session, relay_id, facilitator, ctx.now)
    if (
        result.outcome == ConfirmOutcome.NOT_FOUND
        or result.relay is None
        or result.complaint is None
    ):
        ctx.say("facilitator-relay-not-found")
        return
    from backend.citizens.models import Citizen

    citizen = await ctx.session.get_one(Citizen, result.complaint.citizen_id)
    when = format_moment(ctx.language, result.relay.confirmed_at or ctx.now)
    key = (
        "facilitator-relay-confirmed"
        if result.outcome == ConfirmOutcome.CONFIRMED
        else "facilitator-relay-already"
    )
    ctx.say(key, household=citizen.full_name, ticket=result.complaint.ticket, when=when)


# --- deep links -------------------------------------------------------------------------
def register_facilitator_links(engine: DialogEngine) -> None:
    """Lets /start fac_<token> bind a facilitator and /start hh_<token> connect a household."""
    engine.add_deep_link(
        INVITATION_PREFIX, lambda ctx, token: open_invitation(ctx, token, engine.menu)
    )
    engine.add_deep_link(
        HOUSEHOLD_PREFIX, lambda ctx, token: open_household(ctx, token, engine.menu)
    )


async def open_invitation(ctx: Context, token: str, menu: MenuFlow) -> None:
    """An invitation link opened: binds this chat, or says kindly why it cannot."""
    result = await accept_invitation(
        ctx.session, token, Channel(ctx.event.channel), ctx.event.chat_id,
        language=ctx.language, now=ctx.now,
    )  # fmt: skip
    ctx.looked_up.pop("facilitator", None)  # this chat may be a facilitator's now
    if result.outcome == BindOutcome.BOUND and result.facilitator is not None:
        ctx.say(
            for_this_channel(ctx, "facilitator-welcome"), name=result.facilitator.full_name,
            kelurahan=await kelurahan_name(ctx, result.facilitator.kelurahan_code),
        )  # fmt: skip
    else:
        ctx.say(for_this_channel(ctx, f"facilitator-invitation-{result.outcome.value}"))
    await menu.show(ctx)


async def open_household(ctx: Context, token: str, menu: MenuFlow) -> None:
    """A household link opened: this chat now gets the complaint's news."""
    if await current_facilitator(ctx) is not None:
        # A facilitator trying the link would take the household's news away from it.
        ctx.say("household-link-for-household")
        await menu.show(ctx)
        return
    result = await open_household_link(
        ctx.session, token, Channel(ctx.event.channel), ctx.event.chat_id,
        language=ctx.language, now=ctx.now,
    )  # fmt: skip
    if result.complaint is None or result.outcome not in (
        LinkOutcome.CONNECTED,
        LinkOutcome.ALREADY,
    ):
        ctx.say(f"household-link-{result.outcome.value}")
        await menu.show(ctx)
        return
    from dialogs.flows.status import describe

    ctx.say(f"household-link-{result.outcome.value}", ticket=result.complaint.ticket)
    ctx.replies.append(await describe(ctx, result.complaint))


def household_link_text(ctx: Context, payload: str, valid_for: timedelta) -> str:
    """The message a facilitator forwards to the household: the link and how long it works."""
    from backend.facilitators.links import deep_link

    link = deep_link(ctx.services.bot_username, payload)
    key = (
        "facilitator-household-link"
        if ctx.services.bot_username
        else "facilitator-household-command"
    )
    return ctx.t(key, link=link, days=valid_for.days)
