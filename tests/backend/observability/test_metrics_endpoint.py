"""GET /metrics: the series move with real actions, only the allowed may scrape, nobody is named."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.casefiles.models import ComplaintStatus
from backend.citizens.models import ChannelIdentity
from backend.clock import local_date, utcnow
from backend.config import Settings
from backend.db import create_engine, unit_of_work
from backend.notifications.models import OutboxStatus, Recipient
from backend.notifications.outbox import queue_message
from backend.observability.collector import read_figures
from backend.security.crypto import Vault
from backend.sessions import service_sessions
from tests.backend.observability.scrape import sample, scrape, value
from tests.backend.panel.helpers import anonymous_client
from tests.fixtures.factories import make_citizen, make_complaint, make_identity

TOKEN = "m" * 40
NIK = "3271046501900001"
CHAT_ID = "987650001"


@pytest.fixture
async def app(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[FastAPI]:
    """The application on this test's rolled-back sessions (no lifespan: no notifier)."""
    application = create_app(settings.model_copy(update={"api_docs": True}), sessions)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client on this machine (127.0.0.1)."""
    async with anonymous_client(app) as client:
        yield client


async def chat_of_a_citizen(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, *, nik: str | None = None
) -> ChannelIdentity:
    async with unit_of_work(sessions) as session:
        citizen = await make_citizen(session, vault, nik=nik)
        return await make_identity(session, citizen, chat_id=CHAT_ID if nik else None)


async def queue(
    sessions: async_sessionmaker[AsyncSession],
    identity: ChannelIdentity,
    status: OutboxStatus,
    *,
    age: timedelta = timedelta(0),
) -> None:
    async with unit_of_work(sessions) as session:
        message = queue_message(session, identity, Recipient.CITIZEN, "status.in_review", {})
        message.status = status
        message.created_at = utcnow() - age


class TestTheOutboxGauges:
    """Queue depth, the oldest waiting message, parked and undeliverable: as the database says."""

    async def test_depth_and_age_of_the_oldest_after_queueing(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        before = await scrape(client)
        assert sample(before, "slrt_database_up") == 1.0
        pending = sample(before, "slrt_outbox_messages", status="pending") or 0.0
        identity = await chat_of_a_citizen(sessions, vault)
        await queue(sessions, identity, OutboxStatus.PENDING, age=timedelta(minutes=20))
        for _ in range(2):
            await queue(sessions, identity, OutboxStatus.PENDING)
        await queue(sessions, identity, OutboxStatus.FAILED, age=timedelta(days=3))
        await queue(sessions, identity, OutboxStatus.UNDELIVERABLE)

        after = await scrape(client)

        assert sample(after, "slrt_outbox_messages", status="pending") == pending + 3
        assert sample(after, "slrt_outbox_messages", status="failed") == 1
        assert sample(after, "slrt_outbox_messages", status="undeliverable") == 1
        assert sample(after, "slrt_outbox_messages", status="sending") == 0
        assert sample(after, "slrt_outbox_messages", status="sent") is None  # never counted
        # The parked message is older, but it no longer waits for the notifier.
        oldest = sample(after, "slrt_outbox_oldest_waiting_seconds")
        assert oldest is not None and 20 * 60 <= oldest < 25 * 60

    async def test_nothing_waiting_is_an_age_of_zero(self, client: httpx.AsyncClient) -> None:
        assert await value(client, "slrt_outbox_oldest_waiting_seconds") == 0.0

    async def test_overdue_complaints(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        before = await value(client, "slrt_complaints_overdue")
        today = local_date(utcnow())
        async with unit_of_work(sessions) as session:
            late = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
            late.due_on = today - timedelta(days=2)
            on_time = await make_complaint(session, vault, status=ComplaintStatus.IN_REVIEW)
            on_time.due_on = today + timedelta(days=2)
            finished = await make_complaint(session, vault, status=ComplaintStatus.CLOSED)
            finished.due_on = today - timedelta(days=2)
        assert await value(client, "slrt_complaints_overdue") == before + 1


class TestTheRequestCounters:
    """Requests are counted by route template and status, and timed."""

    async def test_a_request_moves_its_counter_and_histogram(
        self, client: httpx.AsyncClient
    ) -> None:
        labels = {"method": "GET", "route": "/panel/login"}
        count = await value(client, "slrt_http_requests_total", status="200", **labels)
        timed = await value(client, "slrt_http_request_duration_seconds_count", **labels)
        for _ in range(2):
            assert (await client.get("/panel/login")).status_code == 200
        exposition = await scrape(client)
        assert sample(exposition, "slrt_http_requests_total", status="200", **labels) == count + 2
        assert sample(exposition, "slrt_http_request_duration_seconds_count", **labels) == (
            timed + 2
        )

    async def test_paths_are_counted_by_their_template(self, client: httpx.AsyncClient) -> None:
        await client.get("/panel/complaints/SLRT-20260101-9999")
        await client.get("/no/such/page")
        exposition = await scrape(client)
        assert sample(exposition, "slrt_http_requests_total", route="/panel/complaints/{ticket}")
        assert sample(exposition, "slrt_http_requests_total", route="unmatched", status="404")
        assert "SLRT-20260101-9999" not in exposition and "/no/such" not in exposition

    async def test_every_answer_names_its_request(self, client: httpx.AsyncClient) -> None:
        given = await client.get("/panel/login", headers={"X-Request-ID": "proxy-7f3a.1"})
        assert given.headers["X-Request-ID"] == "proxy-7f3a.1"
        made = await client.get("/panel/login")
        assert len(made.headers["X-Request-ID"]) == 32
        for unsafe in ("a" * 65, "two words", NIK, "<script>"):
            answered = await client.get("/panel/login", headers={"X-Request-ID": unsafe})
            assert answered.headers["X-Request-ID"] != unsafe


class TestWhoMayScrape:
    """A token when one is set; otherwise this machine only, and never through a proxy."""

    async def test_with_a_token_only_the_bearer_may(
        self, settings: Settings, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        app = create_app(settings.model_copy(update={"metrics_token": SecretStr(TOKEN)}), sessions)
        try:
            async with anonymous_client(app) as client:
                assert (await client.get("/metrics")).status_code == 401
                wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
                assert wrong.status_code == 401
                assert wrong.headers["WWW-Authenticate"] == "Bearer"
                await scrape(client, Authorization=f"Bearer {TOKEN}")
            async with anonymous_client(app, address="203.0.113.9") as remote:
                await scrape(remote, Authorization=f"bearer {TOKEN}")
        finally:
            await app.state.engine.dispose()

    async def test_without_a_token_this_machine_only(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        await scrape(client)
        async with anonymous_client(app, address="::1") as local6:
            await scrape(local6)
        async with anonymous_client(app, address="203.0.113.9") as remote:
            assert (await remote.get("/metrics")).status_code == 403
        for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
            proxied = await client.get("/metrics", headers={header: "203.0.113.9"})
            assert proxied.status_code == 403, header

    async def test_not_in_the_api_description(self, client: httpx.AsyncClient) -> None:
        description = await client.get("/openapi.json")
        assert description.status_code == 200
        assert "/metrics" not in description.json()["paths"]


class TestNoPersonalData:
    """The exposition holds no NIK, ticket or chat id, whatever happened before the scrape."""

    async def test_after_a_complaint_its_messages_and_its_page(
        self, client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        identity = await chat_of_a_citizen(sessions, vault, nik=NIK)
        await queue(sessions, identity, OutboxStatus.FAILED)
        async with unit_of_work(sessions) as session:
            complaint = await make_complaint(session, vault)
            ticket = complaint.ticket
        await client.get(f"/panel/complaints/{ticket}")
        await client.get(f"/panel?q={NIK}")  # refused (400), but counted
        exposition = await scrape(client)
        for secret in (NIK, ticket, CHAT_ID, "Siti Aminah"):
            assert secret not in exposition


@pytest.fixture
def hanging_database() -> Iterator[str]:
    """A PostgreSQL URL whose server takes the connection and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{listener.getsockname()[1]}/test"


class TestADatabaseThatDoesNotAnswer:
    """The scrape still answers, without the database's gauges, and says the database is down."""

    async def test_a_refused_connection(self, tmp_path: Path) -> None:
        settings = Settings(
            _env_file=None,
            database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nothing",
            files_dir=tmp_path / "files",
        )
        app = create_app(settings)
        try:
            async with anonymous_client(app) as client:
                await client.get("/healthz")  # a request to count, whatever ran before
                exposition = await scrape(client)
        finally:
            await app.state.engine.dispose()
        assert sample(exposition, "slrt_database_up") == 0.0
        assert sample(exposition, "slrt_outbox_messages", status="pending") is None
        assert sample(exposition, "slrt_http_requests_total") is not None  # the rest is there

    async def test_a_hung_database_gives_up_at_the_timeout(
        self, settings: Settings, hanging_database: str
    ) -> None:
        engine = create_engine(hanging_database)
        try:
            async with asyncio.timeout(5):
                figures = await read_figures(
                    service_sessions(engine, settings), utcnow(), timeout=0.3
                )
        finally:
            await engine.dispose()
        assert figures is None
