"""A browser's side of the web chat, through the app's HTTP API."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.config import Settings
from bot.web.cookies import NAME


@pytest.fixture
def app(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> FastAPI:
    """The whole service, as `slrt run` serves it (lifespan not started)."""
    return create_app(settings, sessions)


class WebUser:
    """A person in the web chat page: keeps the cookie and the last message id it saw."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.last_id = 0
        self.messages: list[dict[str, Any]] = []

    async def open(self) -> httpx.Response:
        """Loads the page (and gets the chat cookie on the first visit)."""
        return await self.client.get("/chat")

    async def post(self, body: dict[str, Any]) -> httpx.Response:
        return await self.client.post(f"/chat/api/events?after={self.last_id}", json=body)

    def _took(self, response: httpx.Response) -> list[dict[str, Any]]:
        assert response.status_code == 200, response.text
        new = [m for m in response.json()["messages"] if m["id"] > self.last_id]
        self.messages.extend(new)
        if new:
            self.last_id = new[-1]["id"]
        return new

    async def say(
        self, text: str, expect: str | None = None, *, event_id: str | None = None
    ) -> list[dict[str, Any]]:
        new = self._took(
            await self.post({"id": event_id or uuid.uuid4().hex, "type": "text", "text": text})
        )
        if expect is not None:
            assert any(expect in m["text"] for m in new if m["from"] == "out"), (expect, new)
        return new

    def button(self, label: str) -> dict[str, str]:
        """The newest button whose label contains `label`."""
        for message in reversed(self.messages):
            for row in message["buttons"]:
                for spec in row:
                    if label in spec["label"]:
                        return spec
        raise AssertionError(f"no button {label!r}")

    async def press(
        self, label: str, expect: str | None = None, *, event_id: str | None = None
    ) -> list[dict[str, Any]]:
        spec = self.button(label)
        body = {
            "id": event_id or uuid.uuid4().hex,
            "type": "button",
            "payload": spec["payload"],
            "label": spec["label"],
        }
        new = self._took(await self.post(body))
        if expect is not None:
            assert any(expect in m["text"] for m in new if m["from"] == "out"), (expect, new)
        return new

    async def poll(self, wait: float = 0) -> list[dict[str, Any]]:
        return self._took(
            await self.client.get(f"/chat/api/messages?after={self.last_id}&wait={wait}")
        )

    @property
    def text(self) -> str:
        """The newest message from the service."""
        return next(m["text"] for m in reversed(self.messages) if m["from"] == "out")


@pytest.fixture
async def web_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client speaking to the app in process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def web_user(web_client: httpx.AsyncClient) -> WebUser:
    """A person who opened the chat page."""
    user = WebUser(web_client)
    assert (await user.open()).status_code == 200
    return user


async def file_by_web(user: WebUser, nik: str = "3271046501900001") -> str:
    """The whole intake through the web chat API; returns the ticket."""
    await user.say("/start", "Silakan pilih")
    await user.press("Buat pengaduan", "Sebelum mulai")
    await user.press("Setuju", "untuk siapa")
    await user.press("diri sendiri", "nama lengkap")
    await user.say("Siti Aminah", "Ketik NIK")
    await user.say(nik, "nomor KK")
    await user.press("Lewati", "nomor HP")
    await user.say("081234567890", "kecamatan")
    await user.press("Bogor Barat", "Pilih kelurahan")
    await user.press("Bubulak", "alamat lengkap")
    await user.say("Jl. Mawar No. 5, RT 02/RW 03", "tentang apa")
    await user.press("Keluarga Harapan", "Ceritakan masalahnya")
    await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")
    await user.press("Lewati", "Periksa kembali")
    await user.press("Kirim pengaduan", "Nomor tiket")
    return user.text.split("Nomor tiket: ", 1)[1].split("\n", 1)[0].strip()


# Siti Aminah's NIK (file_by_web) ends in these.
RIGHT_DIGITS = "0001"
# The cookie jar keeps a dotless host's cookies under "<host>.local".
JAR_DOMAIN = "testserver.local"


def stranger(app: FastAPI, address: str, cookie: str | None = None) -> httpx.AsyncClient:
    """A browser at `address` that sends a cookie it made up (a new one each time)."""
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 40000)),
        base_url="http://testserver",
    )
    made_up = cookie or f"made-up-{secrets.token_hex(8)}"
    client.cookies.set(NAME, made_up, domain=JAR_DOMAIN, path="/chat")
    return client


async def try_digits(app: FastAPI, address: str, ticket: str, digits: str) -> list[str]:
    """Types a ticket and then four digits in a fresh chat; answers what the chat said."""
    async with stranger(app, address) as client:
        user = WebUser(client)
        await user.say(ticket)
        await user.say(digits)
        return [message["text"] for message in user.messages if message["from"] == "out"]
