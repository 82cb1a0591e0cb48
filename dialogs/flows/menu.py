"""The menu, the greeting, and what happens outside any flow: idle text, resuming, cancelling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.actors import Actor, ActorRole
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import TICKET_IN_TEXT, normalise_ticket
from backend.citizens.models import Channel
from backend.complaints.citizen_queries import awaiting_answer_in_chat, chat_owns_complaint
from backend.complaints.rating import rate_complaint
from backend.errors import Conflict, InvalidInput
from dialogs.context import GLOBAL_PREFIX, Context, global_payload
from dialogs.events import Button, EventKind
from dialogs.flows.answer import ANSWER_DONE, GATHER, GATHERING_FLOWS, finish_answer
from dialogs.flows.facilitator_menu import (
    ANSWER_FOR_HOUSEHOLD,
    VISIT_RECORD,
    facilitator_button,
    greet_facilitator,
    help_facilitator,
    route_flow,
    show_facilitator_menu,
)
from dialogs.flows.loose_files import LOOSE, offer_loose_file, place_loose_file
from dialogs.flows.status import show_ticket
from dialogs.flows.survey import SURVEY_ACTION, refusal_of

if TYPE_CHECKING:
    from dialogs.engine import Flow

# Menu buttons and the flow each one starts.
MENU_ITEMS = (
    ("button-menu-file", "intake"),
    ("button-menu-status", "status"),
    ("button-menu-info", "info"),
    ("button-menu-language", "language"),
    ("button-menu-my-data", "my_data"),
)


async def show_menu(ctx: Context) -> None:
    """The menu's buttons, for a flow that ends with "back to the menu"."""
    if await show_facilitator_menu(ctx):
        return
    ctx.ask(
        ctx.t("menu"),
        buttons=[[(ctx.t(label), "menu", flow)] for label, flow in MENU_ITEMS],
    )


class MenuFlow:
    """Not a flow with steps: the place a conversation returns to between flows."""

    name = "menu"

    def __init__(self, flows: dict[str, Flow]) -> None:
        self.flows = flows

    async def greet(self, ctx: Context) -> None:
        """The first message: what this service is, then the menu."""
        if not await greet_facilitator(ctx):
            ctx.say("greeting")
        await self.show(ctx)

    async def show(self, ctx: Context) -> None:
        """The menu's buttons (a bound facilitator gets the facilitator's menu)."""
        await show_menu(ctx)

    async def help(self, ctx: Context) -> None:
        """What the commands do."""
        if not await help_facilitator(ctx):
            ctx.say("help-general")
        await self.show(ctx)

    async def cancel(self, ctx: Context) -> None:
        """/batal: drops the flow in progress and what it collected."""
        if ctx.flow in GATHERING_FLOWS and ctx.step == GATHER:
            # What was sent is on the complaint already: it goes to staff now, not later.
            await finish_answer(ctx, ctx.data.get("ticket", ""))
            await self.show(ctx)
            return
        ctx.say("cancelled" if ctx.flow else "nothing-to-cancel")
        ctx.finish()
        await self.show(ctx)

    async def start_flow(self, ctx: Context, name: str, argument: str | None = None) -> None:
        """Leaves whatever was going on and starts flow `name`."""
        # A facilitator files and looks up cases in their own flows; others may not enter those.
        routed = await route_flow(ctx, name, self)
        if routed is None:
            return
        name = routed
        ctx.finish()
        ctx.enter(name)
        await self.flows[name].start(ctx, argument)

    async def idle(self, ctx: Context) -> None:
        """An event outside any flow: a menu button, a ticket, an answer to staff, or hello."""
        event = ctx.event
        if event.kind == EventKind.BUTTON:
            await self._idle_button(ctx)
            return
        text = event.text or ""
        match = TICKET_IN_TEXT.search(text) if event.kind == EventKind.TEXT else None
        if match and normalise_ticket(match.group(0)):
            await self.start_flow(ctx, "status", match.group(0))
            return
        waiting = await awaiting_answer_in_chat(ctx.session, Channel(event.channel), event.chat_id)
        if waiting and event.kind in (EventKind.TEXT, EventKind.FILE):
            # Staff asked a question: the next thing the citizen sends is the answer.
            await self.start_flow(ctx, "answer", None)
            return
        if event.kind == EventKind.FILE and await offer_loose_file(ctx):
            return  # asked what the file is for
        await self.greet(ctx)

    async def _idle_button(self, ctx: Context) -> None:
        payload = ctx.event.payload or ""
        _, _, rest = payload.partition(":")
        action, _, argument = rest.partition(":")
        # A menu button is harmless to honour even from an older menu message.
        if action == "menu" and argument in self.flows:
            await self.start_flow(ctx, argument)
            return
        if (pressed := ctx.pressed()) is not None and pressed[0] == LOOSE:
            if not await place_loose_file(ctx, pressed[1], self.start_flow):
                await self.show(ctx)
            return
        ctx.say("old-button")
        await self.show(ctx)

    async def resume(self, ctx: Context, flow: Flow) -> None:
        """After a day away: continue where the citizen was, or start again."""
        pressed = ctx.pressed() if ctx.data.get("_resume") else None
        if pressed is not None and pressed[0] == "resume":
            ctx.data.pop("_resume", None)
            if pressed[1] == "continue":
                await flow.reask(ctx)
            else:
                await self.start_flow(ctx, flow.name)
            return
        ctx.data["_resume"] = True
        ctx.ask(
            ctx.t("resume-question"),
            buttons=[[(ctx.t("button-continue"), "resume", "continue")],
                     [(ctx.t("button-start-again"), "resume", "restart")]],
        )  # fmt: skip

    async def global_button(self, ctx: Context) -> None:
        """Buttons that stay valid forever (in status messages): status, answer, rate, appeal."""
        _, _, rest = (ctx.event.payload or "").partition(f"{GLOBAL_PREFIX}:")
        action, _, argument = rest.partition(":")
        if await facilitator_button(ctx, action, argument):
            await self.carry_on(ctx, self.flows.get(ctx.flow or ""))
            return
        current = self.flows.get(ctx.flow or "")
        # These flows only show things, so leaving them for another loses nothing.
        leavable = current is None or current.name in (
            "status",
            "info",
            "language",
            "facilitator_cases",
            "facilitator_answer",
        )
        if action == ANSWER_DONE:
            # "Selesai" of an answer being gathered: valid from any of its acknowledgements.
            await finish_answer(ctx, argument)
            if ctx.flow is None:
                await self.show(ctx)
            else:
                await self.carry_on(ctx, self.flows.get(ctx.flow))
        elif action in ("status", "answer") and leavable:
            await self.start_flow(ctx, action, argument or None)
        elif action == ANSWER_FOR_HOUSEHOLD and leavable:
            # The household's answer, sent by its facilitator (refused for anyone else).
            await self.start_flow(ctx, "facilitator_answer", argument)
        elif action == VISIT_RECORD and (leavable or ctx.flow == "facilitator_visit"):
            # Recording a home visit the facilitator took (refused for anyone else).
            await self.start_flow(ctx, "facilitator_visit", argument)
        elif action == "appeal" and (leavable or ctx.flow == "appeal"):
            await self.start_flow(ctx, "appeal", argument or None)
        elif action == "appeal":
            ctx.say("appeal-finish-current-first")
            await self.carry_on(ctx, current)
        elif action == SURVEY_ACTION and (leavable or ctx.flow == "survey"):
            # Pressed again mid-survey: it starts over, the earlier answers replaced.
            await self.start_flow(ctx, "survey", argument or None)
        elif action == SURVEY_ACTION:
            ctx.say("survey-finish-current-first")
            await self.carry_on(ctx, current)
        elif action in ("status", "rate"):
            # Neither needs an answer: do it, then carry on where the citizen was.
            if action == "status":
                await show_ticket(ctx, argument)
            else:
                await rate_from_button(ctx, argument)
            await self.carry_on(ctx, current)
        elif current is not None:
            ctx.say("finish-current-first")
            await current.reask(ctx)
        else:
            await self.show(ctx)

    async def carry_on(self, ctx: Context, current: Flow | None) -> None:
        """After an aside, asks the question the citizen was at again (nothing when idle)."""
        if current is None:
            return
        if ctx.data.get("_resume"):
            await self.resume(ctx, current)
        else:
            await current.reask(ctx)


async def rate_from_button(ctx: Context, argument: str) -> None:
    """Stores the rating of a `g:rate:<ticket>:<n>` button and thanks the citizen."""
    typed_ticket, _, typed_score = argument.rpartition(":")
    ticket = normalise_ticket(typed_ticket)
    score = int(typed_score) if typed_score.isascii() and typed_score.isdigit() else None
    if ticket is None or score is None:
        ctx.say("rating-invalid")
        return
    complaint = await get_by_ticket(ctx.session, ticket, for_update=True)
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    if complaint is None or not await chat_owns_complaint(ctx.session, complaint, *chat):
        ctx.say("rating-not-found")
        return
    citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
    try:
        previous = await rate_complaint(ctx.session, complaint, citizen, score, ctx.now)
    except InvalidInput:
        ctx.say("rating-invalid")
        return
    except Conflict:
        status = ctx.t(f"status-{complaint.status.value}")
        ctx.say("rating-not-finished", ticket=ticket, status=status)
        return
    changed = previous is not None and previous != score
    thanks = ctx.t("rating-changed" if changed else "rating-thanks", ticket=ticket, count=score)
    if await refusal_of(ctx, complaint) is not None:
        ctx.say_text(thanks)
        return
    # The survey is the fuller word on the same service: offered while it is still unanswered.
    invitation = Button(ctx.t("notify-button-survey"), global_payload(SURVEY_ACTION, ticket))
    ctx.say_text(thanks + "\n\n" + ctx.t("survey-invitation"), buttons=((invitation,),))
