"""Ticket look-ups from the web chat cannot be brute forced (issue 15, finding 1).

A script that throws its cookie away and changes its address after every try
still meets the counts kept in the database: five failures a WIB day per ticket,
ten per address. Cookies are the server's own, and no answer tells whether a
ticket exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.casefiles.tickets import MAX_SERIAL, format_ticket
from backend.clock import local_date, utcnow
from backend.complaints.lookup_failures import LookupFailureCount, LookupScope
from backend.config import Settings
from bot.web.channel import WebChat, WebChatHub
from bot.web.cookies import NAME, SECURE_NAME, ChatCookie
from bot.web.routes import webchat_router
from dialogs.engine import DialogEngine, dialog_services
from tests.bot.web.conftest import (
    JAR_DOMAIN,
    RIGHT_DIGITS,
    WebUser,
    file_by_web,
    stranger,
    try_digits,
)

LOCKED = "terlalu sering dicoba"
STATUS_SHOWN = "Status: Diterima"


async def ticket_failures(sessions: async_sessionmaker[AsyncSession], ticket: str) -> int:
    async with sessions() as session:
        failures = await session.scalar(
            select(LookupFailureCount.failures).where(
                LookupFailureCount.scope == LookupScope.TICKET,
                LookupFailureCount.key == ticket,
                LookupFailureCount.day == local_date(utcnow()),
            )
        )
    return failures or 0


def unknown_ticket(serial_from_top: int = 0) -> str:
    """A well-formed ticket of today that no complaint has."""
    return format_ticket(local_date(utcnow()), MAX_SERIAL - serial_from_top)


class TestBruteForce:
    """Rotating cookies and addresses gains nothing."""

    async def test_five_failures_lock_the_ticket_whatever_cookie_or_address(
        self, web_user: WebUser, app: FastAPI, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_by_web(web_user)
        # Seven wrong guesses, then the right one, then one more wrong: each from a new
        # address with a cookie of its own making.
        guesses = [f"{n:04d}" for n in range(2, 9)] + [RIGHT_DIGITS, "0009"]
        seen = [
            await try_digits(app, f"10.0.0.{n}", ticket, guess)
            for n, guess in enumerate(guesses, start=1)
        ]
        assert not any(STATUS_SHOWN in text for texts in seen for text in texts)
        assert "tidak dapat dilihat lewat chat hari ini" in seen[4][-1]
        # From the sixth try on, the ticket is refused before any digits are asked for.
        assert all(LOCKED in texts[0] for texts in seen[5:])
        # The right digits are answered exactly like wrong ones.
        assert seen[7] == seen[8] == seen[5]
        assert await ticket_failures(sessions, ticket) == 5
        # The chat that filed it still sees its complaint: it needs no proof.
        await web_user.say(ticket, STATUS_SHOWN)

    async def test_one_address_is_stopped_after_ten_failures_across_tickets(
        self, web_user: WebUser, app: FastAPI
    ) -> None:
        ticket = await file_by_web(web_user)
        for n in range(10):
            texts = await try_digits(app, "10.0.3.1", unknown_ticket(n + 1), "1234")
            assert LOCKED not in texts[0]
        texts = await try_digits(app, "10.0.3.1", ticket, RIGHT_DIGITS)
        assert LOCKED in texts[0] and not any(STATUS_SHOWN in text for text in texts)
        # The ticket itself is not locked: from elsewhere the right digits show it.
        texts = await try_digits(app, "10.0.3.2", ticket, RIGHT_DIGITS)
        assert STATUS_SHOWN in texts[-1]

    async def test_addresses_of_one_ipv6_network_count_as_one(self, app: FastAPI) -> None:
        for n in range(10):
            await try_digits(app, f"2001:db8:1:2::{n + 1:x}", unknown_ticket(n + 1), "1234")
        texts = await try_digits(app, "2001:db8:1:2:ffff::1", unknown_ticket(20), "1234")
        assert LOCKED in texts[0]
        texts = await try_digits(app, "2001:db8:1:3::1", unknown_ticket(20), "1234")
        assert LOCKED not in texts[0]


class TestNothingTellsWhetherATicketExists:
    """A ticket of another chat and a ticket nobody has get the same words, lock included."""

    async def test_identical_answers(self, web_user: WebUser, app: FastAPI) -> None:
        real = await file_by_web(web_user)
        unknown = unknown_ticket()

        async def transcript(ticket: str, network: int) -> list[list[str]]:
            tries = [
                await try_digits(app, f"10.0.{network}.{n}", ticket, "9999") for n in range(1, 8)
            ]
            return [[text.replace(ticket, "<tiket>") for text in texts] for texts in tries]

        assert await transcript(real, 1) == await transcript(unknown, 2)


class TestCookies:
    """The chat cookie is the server's own: one it did not sign starts a new chat."""

    async def test_a_made_up_cookie_is_not_honoured(
        self, web_user: WebUser, app: FastAPI, settings: Settings
    ) -> None:
        await web_user.say("/lapor", "Sebelum mulai")
        other_key = ChatCookie("another-secret-key-0123456789-abcdefghijkl", production=False)
        for forged in ("made-up-cookie-value", other_key.issue().value):
            async with stranger(app, "10.0.5.1", cookie=forged) as client:
                first = await client.post(
                    "/chat/api/events", json={"id": "a" * 16, "type": "text", "text": "/start"}
                )
                assert first.status_code == 200 and first.json()["messages"]
                given = first.cookies.get(NAME)
                assert given and given != forged
                assert ChatCookie(settings.secret_key.get_secret_value(), False).token_of(given)
                # The same made-up value again is yet another new chat: it chose nothing.
                client.cookies.clear()
                client.cookies.set(NAME, forged, domain=JAR_DOMAIN, path="/chat")
                again = await client.get("/chat/api/messages")
                assert again.status_code == 200 and again.json()["messages"] == []
                assert again.cookies.get(NAME) not in (None, forged, given)
        # The person's own cookie, signed by the server, keeps their chat.
        await web_user.press("Setuju", "untuk siapa")

    async def test_production_uses_a_host_only_secure_cookie(
        self, settings: Settings, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        production = settings.model_copy(update={"environment": "production"})
        engine = DialogEngine(sessions, dialog_services(production))
        app = FastAPI()
        chat = WebChat(engine, sessions, WebChatHub(), files_dir=production.files_dir)
        app.include_router(webchat_router(production, chat))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
            page = await client.get("/chat")
            cookie = page.headers["set-cookie"]
            assert cookie.startswith(f"{SECURE_NAME}=")
            assert "Secure" in cookie and "Path=/;" in cookie and "Domain" not in cookie
            user = WebUser(client)
            await user.say("/start", "Silakan pilih")


class Clock:
    """The engine's clock, set by the test; each reading is a millisecond later, as time goes."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


def web_chat_app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
) -> FastAPI:
    """The web chat alone, its dialogs on the given clock."""
    engine = DialogEngine(sessions, dialog_services(settings), clock=clock)
    app = FastAPI()
    chat = WebChat(engine, sessions, WebChatHub(), files_dir=settings.files_dir)
    app.include_router(webchat_router(settings, chat))
    return app


class TestTheNextDay:
    """The lock lasts until midnight in Kota Bogor (WIB), not UTC."""

    async def test_the_lock_opens_at_midnight_wib(
        self, settings: Settings, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        clock = Clock(datetime(2026, 12, 10, 16, 0, tzinfo=UTC))  # 23:00 WIB
        app = web_chat_app(settings, sessions, clock)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as browser:
            owner = WebUser(browser)
            await owner.open()
            ticket = await file_by_web(owner)
        for n in range(1, 6):
            await try_digits(app, f"10.0.6.{n}", ticket, "9999")
        clock.now = datetime(2026, 12, 10, 16, 59, 58, tzinfo=UTC)  # 23:59:58 WIB
        texts = await try_digits(app, "10.0.6.10", ticket, RIGHT_DIGITS)
        assert LOCKED in texts[0] and not any(STATUS_SHOWN in text for text in texts)
        clock.now = datetime(2026, 12, 10, 17, 0, 1, tzinfo=UTC)  # 00:00:01 WIB, the next day
        texts = await try_digits(app, "10.0.6.11", ticket, RIGHT_DIGITS)
        assert STATUS_SHOWN in texts[-1]
