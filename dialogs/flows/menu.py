"""The menu, the greeting, and what happens outside any flow: idle text, resuming, cancelling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.citizens.models import Channel
from backend.complaints.citizen_queries import awaiting_answer_in_chat
from backend.complaints.tickets import TICKET_IN_TEXT, normalise_ticket
from dialogs.context import GLOBAL_PREFIX, Context
from dialogs.events import EventKind

if TYPE_CHECKING:
    from dialogs.engine import Flow

# Menu buttons and the flow each one starts.
MENU_ITEMS = (
    ("button-menu-file", "intake"),
    ("button-menu-status", "status"),
    ("button-menu-info", "info"),
    ("button-menu-language", "language"),
)


class MenuFlow:
    """Not a flow with steps: the place a conversation returns to between flows."""

    name = "menu"

    def __init__(self, flows: dict[str, Flow]) -> None:
        self.flows = flows

    async def greet(self, ctx: Context) -> None:
        """The first message: what this service is, then the menu."""
        ctx.say("greeting")
        await self.show(ctx)

    async def show(self, ctx: Context) -> None:
        """The menu's buttons."""
        ctx.ask(
            ctx.t("menu"),
            buttons=[[(ctx.t(label), "menu", flow)] for label, flow in MENU_ITEMS],
        )

    async def help(self, ctx: Context) -> None:
        """What the commands do."""
        ctx.say("help-general")
        await self.show(ctx)

    async def cancel(self, ctx: Context) -> None:
        """/batal: drops the flow in progress and what it collected."""
        ctx.say("cancelled" if ctx.flow else "nothing-to-cancel")
        ctx.finish()
        await self.show(ctx)

    async def start_flow(self, ctx: Context, name: str, argument: str | None = None) -> None:
        """Leaves whatever was going on and starts flow `name`."""
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
        if event.kind == EventKind.TEXT and (match := TICKET_IN_TEXT.search(text)):
            if normalise_ticket(match.group(0)):
                await self.start_flow(ctx, "status", match.group(0))
                return
        waiting = await awaiting_answer_in_chat(ctx.session, Channel(event.channel), event.chat_id)
        if waiting and event.kind in (EventKind.TEXT, EventKind.FILE):
            # Staff asked a question: the next thing the citizen sends is the answer.
            await self.start_flow(ctx, "answer", None)
            return
        await self.greet(ctx)

    async def _idle_button(self, ctx: Context) -> None:
        payload = ctx.event.payload or ""
        _, _, rest = payload.partition(":")
        action, _, argument = rest.partition(":")
        # A menu button is harmless to honour even from an older menu message.
        if action == "menu" and argument in self.flows:
            await self.start_flow(ctx, argument)
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
        """Buttons that stay valid forever (in status messages): see status, answer staff."""
        _, _, rest = (ctx.event.payload or "").partition(f"{GLOBAL_PREFIX}:")
        action, _, argument = rest.partition(":")
        current = self.flows.get(ctx.flow or "")
        if action in ("status", "answer") and (current is None or current.name in ("status", "info", "language")):
            await self.start_flow(ctx, action, argument or None)
        elif action == "status":
            # In the middle of a filing: show the status, then carry on where it was.
            await self.flows["status"].show_ticket(ctx, argument)  # type: ignore[attr-defined]
            await current.reask(ctx)  # type: ignore[union-attr]
        elif current is not None:
            ctx.say("finish-current-first")
            await current.reask(ctx)
        else:
            await self.show(ctx)
