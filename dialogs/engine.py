"""The conversation engine: one event in, replies out, state kept in the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend import models as _all_models  # noqa: F401  (every table, so foreign keys resolve)
from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.complaints.citizen_queries import awaiting_answer_in_chat
from backend.config import Settings
from backend.conversations.state import open_state, seal_state
from backend.driver import update_unit_of_work
from backend.security.crypto import Vault, vault_for
from dialogs.context import GLOBAL_PREFIX, Context
from dialogs.events import Event, EventKind, Reply, one_message_each
from dialogs.flows import build_flows
from dialogs.flows.facilitator_menu import register_facilitator_links
from dialogs.flows.menu import MENU_ITEMS, MenuFlow
from dialogs.flows.outreach_link import register_outreach_link
from dialogs.flows.staff_link import register_staff_link
from dialogs.i18n import LANGUAGES, normalise_language, translate
from dialogs.store import (
    already_processed,
    lock_conversation,
    remember_event,
    save_conversation,
)
from dialogs.typed import as_pressed, match_button, normalised

# Longer than what a person types into a chat; Telegram's own limit is 4,096.
MAX_INPUT_LENGTH = 4000


@dataclass(frozen=True, slots=True)
class DialogServices:
    """What flows need from outside: the vault for identity numbers, and the rules' numbers."""

    vault: Vault
    appeal_window_days: int = 14
    idle_after: timedelta = timedelta(days=1)
    max_attachments: int = 5
    max_attachment_bytes: int = 10 * 1024 * 1024
    # Facilitators: how long a household's link works, and the bot's username for t.me links.
    household_link_days: int = 30
    bot_username: str | None = None


def dialog_services(settings: Settings) -> DialogServices:
    """The services of the configured deployment."""
    return DialogServices(
        vault=vault_for(settings.data_key.get_secret_value()),
        appeal_window_days=settings.appeal_window_days,
        household_link_days=settings.household_link_days,
        bot_username=settings.telegram_bot_username,
    )


class Flow(Protocol):
    """A conversation flow: started by a command or a menu button, then fed events."""

    name: str

    async def start(self, ctx: Context, argument: str | None) -> None: ...
    async def handle(self, ctx: Context) -> None: ...
    async def reask(self, ctx: Context) -> None: ...
    async def back(self, ctx: Context) -> None: ...
    async def help(self, ctx: Context) -> None: ...


# Stores an event's replies inside the engine's transaction (see DialogEngine.handle).
ReplyKeeper = Callable[[AsyncSession, list[Reply]], Awaitable[None]]
# A deep-link handler gets the part of the /start payload after its prefix.
DeepLinkHandler = Callable[[Context, str], Awaitable[None]]


class DialogEngine:
    """Routes events to flows; every event is handled in one transaction per chat."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: DialogServices,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.services = services
        self.clock = clock
        self.flows: dict[str, Flow] = build_flows()
        self.menu = MenuFlow(self.flows)
        self.deep_links: dict[str, DeepLinkHandler] = {}
        # Prefixes whose links leave the flow in progress alone (the handler carries on).
        self.flow_keeping_links: set[str] = set()
        # t.me/<bot>?start=status_<ticket> opens that complaint's status (ticket without dash).
        self.add_deep_link(
            "status_", lambda ctx, ticket: self.menu.start_flow(ctx, "status", ticket)
        )
        # fac_<token> binds a facilitator's Telegram; hh_<token> connects a household's own chat.
        register_facilitator_links(self)
        # stf_<token> binds a staff member's Telegram for their digests and alerts.
        register_staff_link(self)
        # src-<token> remembers the outreach poster the chat was opened from.
        register_outreach_link(self)

    def add_deep_link(
        self, prefix: str, handler: DeepLinkHandler, *, keeps_flow: bool = False
    ) -> None:
        """Lets another part (facilitator invitations) own `/start <prefix>…` links.

        `keeps_flow`: the link does not end the flow in progress; its handler carries on.
        """
        self.deep_links[prefix] = handler
        if keeps_flow:
            self.flow_keeping_links.add(prefix)

    async def handle(self, event: Event, *, keep: ReplyKeeper | None = None) -> list[Reply]:
        """Handles one event; returns nothing for an event already handled.

        `keep` lets a channel store the event and its replies in the same
        transaction as the conversation (the web chat's transcript).
        """
        async with update_unit_of_work(self.sessions) as session:
            hint = normalise_language(event.language_hint)
            conversation = await lock_conversation(session, event.channel, event.chat_id, hint)
            if already_processed(conversation, event.event_id):
                return []
            now = self.clock()
            ctx = Context(
                session=session,
                services=self.services,
                event=event,
                now=now,
                flow=conversation.flow,
                step=conversation.step,
                data=open_state(self.services.vault, conversation.data),
                language=conversation.language,
            )
            idle_since = conversation.updated_at
            await self._dispatch(ctx, idle_since)
            if ctx.flow is None and ctx.replies and not _offers_a_way_on(ctx.replies[-1]):
                await self._end_with_menu(ctx)
            ctx.replies[:] = one_message_each(ctx.replies)
            conversation.flow, conversation.step = ctx.flow, ctx.step
            conversation.data = seal_state(self.services.vault, ctx.data)
            conversation.language = ctx.language
            # Touch the row even when nothing else changed: the idle check reads it.
            conversation.updated_at = now
            remember_event(conversation, event.event_id)
            await save_conversation(session, conversation)
            if keep is not None:
                await keep(session, ctx.replies)
        return ctx.replies

    # --- routing ---------------------------------------------------------------
    async def _dispatch(self, ctx: Context, idle_since: datetime | None) -> None:
        event = ctx.event
        if event.kind == EventKind.COMMAND:
            await self._command(ctx, event.command or "", event.argument)
            return
        if _is_global(event):
            await self.menu.global_button(ctx)
            return
        if event.edited:
            ctx.say("edited-message-ignored")
            await self._reask_or_menu(ctx)
            return
        if event.kind == EventKind.TEXT and len(event.text or "") > MAX_INPUT_LENGTH:
            ctx.say("input-too-long", limit=MAX_INPUT_LENGTH)
            await self._reask_or_menu(ctx)
            return
        if event.kind == EventKind.TEXT:
            await self._read_typed_label(ctx)
            if ctx.event.kind == EventKind.COMMAND:
                await self._command(ctx, ctx.event.command or "", None)
                return
            if _is_global(ctx.event):  # "selesai" typed beside its button
                await self.menu.global_button(ctx)
                return
        flow = self.flows.get(ctx.flow or "")
        if flow is None:
            await self.menu.idle(ctx)
            return
        if ctx.data.get("_resume") or self._idle_too_long(idle_since, ctx.now):
            # A day away in the middle of a flow: ask before going on.
            await self.menu.resume(ctx, flow)
            return
        if event.kind == EventKind.BUTTON and ctx.pressed() is None:
            ctx.say("old-button")
            await flow.reask(ctx)
            return
        await flow.handle(ctx)
        if ctx.pass_on and ctx.flow is None:
            ctx.pass_on = False
            await self.menu.idle(ctx)

    async def _end_with_menu(self, ctx: Context) -> None:
        """No dead ends: a plain last message outside any flow gets the menu's buttons."""
        ended = ctx.replies[-1]
        await self.menu.show(ctx)
        menu = ctx.replies[-1]
        # Under the message itself when it can carry them (one keyboard per message).
        if menu is not ended and menu.buttons and not ended.remove_keyboard:
            ctx.replies[-2:] = [replace(ended, buttons=menu.buttons)]

    async def _read_typed_label(self, ctx: Context) -> None:
        """A typed button label (or "lapor" outside a flow) becomes that press or command."""
        if ctx.flow is None:
            text = ctx.event.text or ""
            chat = (Channel(ctx.event.channel), ctx.event.chat_id)
            if await awaiting_answer_in_chat(ctx.session, *chat):
                # Staff wait for an answer: "2" or "info …" is that answer, unless it says a
                # menu label or a command exactly.
                command = IDLE_EXACT.get(normalised(text))
            else:
                command = match_button(text, IDLE_WORDS, numbers=False)
                if command is None and (pressed := as_pressed(ctx)) is not None:
                    ctx.event = pressed
                    return
            if command is not None:
                ctx.event = replace(ctx.event, kind=EventKind.COMMAND, command=command)
            return
        if (pressed := as_pressed(ctx)) is not None:
            ctx.event = pressed

    def _idle_too_long(self, idle_since: datetime | None, now: datetime) -> bool:
        return idle_since is not None and now - idle_since > self.services.idle_after

    async def _reask_or_menu(self, ctx: Context) -> None:
        flow = self.flows.get(ctx.flow or "")
        if flow is not None:
            await flow.reask(ctx)
        else:
            await self.menu.show(ctx)

    async def _command(self, ctx: Context, command: str, argument: str | None) -> None:
        menu = self.menu
        current = self.flows.get(ctx.flow or "")
        if command == "start" and argument:
            for prefix, handler in self.deep_links.items():
                if argument.startswith(prefix):
                    if prefix not in self.flow_keeping_links:
                        ctx.finish()
                    await handler(ctx, argument[len(prefix) :])
                    return
        if command in ("start", "menu"):
            ctx.finish()
            await (menu.greet(ctx) if command == "start" else menu.show(ctx))
        elif command == "batal":
            await menu.cancel(ctx)
        elif command == "kembali":
            await (current.back(ctx) if current else menu.show(ctx))
        elif command == "bantuan":
            await (current.help(ctx) if current else menu.help(ctx))
        elif (target := COMMAND_FLOWS.get(command)) is not None:
            if current is not None and current.name == target == "intake":
                ctx.say("intake-already-started")
                await current.reask(ctx)
                return
            await menu.start_flow(ctx, target, argument)
        else:
            ctx.say("unknown-command")
            await self._reask_or_menu(ctx)


def _is_global(event: Event) -> bool:
    """Whether the event presses a button that is valid whenever pressed."""
    return event.kind == EventKind.BUTTON and (event.payload or "").startswith(f"{GLOBAL_PREFIX}:")


def _offers_a_way_on(reply: Reply) -> bool:
    """Whether a reply ends with something to press (so it is not a dead end)."""
    return bool(reply.buttons or reply.keyboard or reply.request_contact)


# Commands that start a flow (others are handled by the engine itself).
COMMAND_FLOWS = {
    "lapor": "intake",
    "status": "status",
    "info": "info",
    "bahasa": "language",
    "language": "language",
    "jawab": "answer",
    "banding": "appeal",
    "appeal": "appeal",
    "dataku": "my_data",
    "mydata": "my_data",
}
_FLOW_COMMANDS = {"intake": "lapor", "status": "status", "info": "info", "language": "bahasa",
                  "my_data": "dataku"}  # fmt: skip
# Outside a flow, what starts one when typed without its slash: the menu's labels in every
# language ("buat pengaduan") and the commands' names ("lapor"), as (label, command).
IDLE_WORDS = [
    *((translate(language, label), _FLOW_COMMANDS[flow])
      for language in LANGUAGES for label, flow in MENU_ITEMS),
    *((word, word) for word in (*COMMAND_FLOWS, "menu")),
]  # fmt: skip
IDLE_EXACT = {normalised(label): command for label, command in IDLE_WORDS}
