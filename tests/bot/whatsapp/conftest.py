"""The service with its WhatsApp channel on, against the local WhatsApp Cloud API stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from backend.app import create_app
from backend.config import Settings
from tests.bot.conftest import free_port
from tests.fixtures.local_whatsapp import LocalWhatsApp, SentMessage


@dataclass
class WhatsAppService:
    """The running service (panel, API, webhook, notifier) and the stand-in it talks to."""

    local: LocalWhatsApp
    settings: Settings
    url: str


def whatsapp_settings(
    database_url: str, local: LocalWhatsApp, tmp_path: Path, port: int
) -> Settings:
    """Settings of a service whose WhatsApp is the stand-in."""
    world = local.world
    return Settings(
        _env_file=None,
        database_url=database_url,
        whatsapp_phone_number_id=world.phone_number_id,
        whatsapp_access_token=world.access_token,
        whatsapp_app_secret=world.app_secret,
        whatsapp_verify_token=world.verify_token,
        whatsapp_api_url=local.url,
        files_dir=tmp_path / "files",
        port=port,
    )


@pytest.fixture
async def whatsapp_service(database_url: str, tmp_path: Path) -> AsyncIterator[WhatsAppService]:
    """The whole app served by uvicorn, its webhook verified and fed by the stand-in."""
    async with LocalWhatsApp(limits_enabled=False, webhook_retry_delay=0.1) as local:
        port = free_port()
        settings = whatsapp_settings(database_url, local, tmp_path, port)
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        )
        serving = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.02)
        url = f"http://127.0.0.1:{port}"
        try:
            await local.subscribe(f"{url}/whatsapp/webhook")
            yield WhatsAppService(local, settings, url)
        finally:
            server.should_exit = True
            await serving


@dataclass
class WhatsAppPerson:
    """A person on WhatsApp: acts through the stand-in and waits for the service's answer."""

    local: LocalWhatsApp
    wa_id: str = "6281234567890"
    name: str = "Siti Aminah"

    def _seen(self) -> int:
        return len(self.local.messages_to(self.wa_id))

    async def say(self, text: str, expect: str) -> SentMessage:
        before = self._seen()
        self.local.send_text(self.wa_id, text, name=self.name)
        return await self.local.wait_for_message(self.wa_id, expect, after=before)

    async def press(self, label: str, expect: str) -> SentMessage:
        before = self._seen()
        self.local.press(self.wa_id, label)
        return await self.local.wait_for_message(self.wa_id, expect, after=before)

    async def send_media(
        self, kind: str, data: bytes, mime_type: str, expect: str, **options: object
    ) -> SentMessage:
        before = self._seen()
        self.local.send_media(self.wa_id, kind, data, mime_type, **options)  # type: ignore[arg-type]
        return await self.local.wait_for_message(self.wa_id, expect, after=before)
