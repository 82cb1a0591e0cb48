"""The web chat's JSON API: a whole complaint, reloads, repeats, bad requests, status messages."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from backend.casefiles.models import Complaint, ComplaintStatus
from backend.casefiles.repository import get_by_ticket
from backend.citizens.models import Channel
from backend.complaints.service import EventDetails
from backend.webchat.models import Direction, WebChatMessage
from bot.notifier.notifier import Notifier, NotifierConfig
from bot.web.channel import WebChatDeliverer
from tests.bot.notifier.conftest import Household, staff_fires
from tests.bot.web.conftest import WebUser, file_by_web
from tests.fixtures.upload_files import image_of


async def complaint_count(sessions) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return int(
            (await session.execute(select(func.count()).select_from(Complaint))).scalar_one()
        )


class TestFiling:
    """A complaint filed end to end through the web chat API."""

    async def test_a_complete_complaint(self, web_user: WebUser, sessions) -> None:
        ticket = await file_by_web(web_user)
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None
            assert complaint.channel == Channel.WEB
            assert complaint.status == ComplaintStatus.RECEIVED
            typed = (
                (
                    await session.execute(
                        select(WebChatMessage.text).where(WebChatMessage.direction == Direction.IN)
                    )
                )
                .scalars()
                .all()
            )
        # The NIK the person typed is kept masked in the transcript.
        assert "3271********0001" in typed
        assert not any("3271046501900001" in text for text in typed)

    async def test_a_photo_is_attached(
        self, web_user: WebUser, web_client: httpx.AsyncClient, sessions, settings
    ) -> None:
        await web_user.say("/lapor")
        for label in ("Setuju", "diri sendiri"):
            await web_user.press(label)
        for text in ("Siti Aminah", "3271046501900001"):
            await web_user.say(text)
        await web_user.press("Lewati")
        await web_user.say("081234567890")
        for label in ("Bogor Barat", "Bubulak"):
            await web_user.press(label)
        await web_user.say("Jl. Mawar No. 5")
        await web_user.press("Keluarga Harapan")
        await web_user.say("Kartu KIS ditolak di puskesmas.", "foto atau dokumen")
        png = image_of("PNG")
        response = await web_client.post(
            f"/chat/api/files?after={web_user.last_id}",
            data={"id": uuid.uuid4().hex},
            files={"file": ("kartu.png", png, "image/png")},
        )
        new = web_user._took(response)
        assert any(m["from"] == "in" and m["text"] == "📎 kartu.png" for m in new)
        assert list((settings.files_dir / "web").rglob("*.png"))


class TestReloadAndRepeats:
    """The engine's state and duplicate handling hold for the browser too."""

    async def test_a_reload_shows_the_history_and_the_dialog_goes_on(
        self, web_user: WebUser, web_client: httpx.AsyncClient
    ) -> None:
        await web_user.say("/lapor", "Sebelum mulai")
        await web_user.press("Setuju", "untuk siapa")
        reloaded = WebUser(web_client)
        assert (await reloaded.open()).status_code == 200
        history = await reloaded.poll()
        assert [m["id"] for m in history] == [m["id"] for m in web_user.messages]
        await reloaded.press("diri sendiri", "nama lengkap")

    async def test_a_request_sent_twice_counts_once(self, web_user: WebUser, sessions) -> None:
        await file_by_web_until_summary(web_user)
        same = uuid.uuid4().hex
        await web_user.press("Kirim pengaduan", "Nomor tiket", event_id=same)
        repeated = await web_user.press("Kirim pengaduan", event_id=same)
        assert repeated == []
        assert await complaint_count(sessions) == 1

    @pytest.mark.own_database  # connections racing each other
    async def test_a_double_click_files_one_complaint(self, web_user: WebUser, sessions) -> None:
        await file_by_web_until_summary(web_user)
        spec = web_user.button("Kirim pengaduan")
        bodies = [
            {
                "id": uuid.uuid4().hex,
                "type": "button",
                "payload": spec["payload"],
                "label": spec["label"],
            }
            for _ in range(2)
        ]
        responses = await asyncio.gather(*(web_user.post(body) for body in bodies))
        assert all(response.status_code == 200 for response in responses)
        assert await complaint_count(sessions) == 1


async def file_by_web_until_summary(user: WebUser) -> None:
    await user.say("/lapor")
    for label in ("Setuju", "diri sendiri"):
        await user.press(label)
    for text in ("Siti Aminah", "3271046501900001"):
        await user.say(text)
    await user.press("Lewati")
    await user.say("081234567890")
    for label in ("Bogor Barat", "Bubulak"):
        await user.press(label)
    await user.say("Jl. Mawar No. 5")
    await user.press("Keluarga Harapan")
    await user.say("Bantuan tidak cair.")
    await user.press("Lewati", "Periksa kembali")


class TestBadRequests:
    """Oversized, malformed and unexpected requests get a clear 4xx and change nothing."""

    async def test_errors_say_what_is_wrong_in_both_languages(
        self, web_user: WebUser, web_client: httpx.AsyncClient
    ) -> None:
        cases = [
            (
                await web_client.post(
                    "/chat/api/events",
                    content=b"{not json",
                    headers={"content-type": "application/json"},
                ),
                400,
                "JSON",
            ),
            (
                await web_client.post(
                    "/chat/api/events",
                    content=b"x" * 20000,
                    headers={"content-type": "application/json"},
                ),
                413,
                "terlalu besar",
            ),
            (
                await web_client.post(
                    "/chat/api/events",
                    content=b"text=hi",
                    headers={"content-type": "application/x-www-form-urlencoded"},
                ),
                415,
                "JSON",
            ),
            (
                await web_client.post(
                    "/chat/api/events", json={"id": "short", "type": "text", "text": "hi"}
                ),
                422,
                "id",
            ),
            (
                await web_client.post(
                    "/chat/api/events", json={"id": uuid.uuid4().hex, "type": "sticker"}
                ),
                422,
                "type",
            ),
            (
                await web_client.post(
                    "/chat/api/events", json={"id": uuid.uuid4().hex, "type": "text", "text": "  "}
                ),
                422,
                "kosong",
            ),
            (
                await web_client.post(
                    "/chat/api/events", json={"id": uuid.uuid4().hex, "type": "button"}
                ),
                422,
                "payload",
            ),
            (
                await web_client.post(
                    "/chat/api/files", files={"file": ("a.png", b"1", "image/png")}
                ),
                422,
                "berkas",
            ),
            (await web_client.get("/chat/api/messages?after=-1"), 422, ""),
        ]
        for response, status, phrase in cases:
            assert response.status_code == status, (status, response.text)
            assert phrase in response.text
            assert " / " in response.json()["detail"] or (status == 422 and phrase == "")
        assert web_user.messages == [] and (await web_user.poll()) == []

    async def test_an_oversized_file_is_refused_before_it_is_read(
        self, web_user: WebUser, web_client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        limit = 10 * 1024 * 1024
        response = await web_client.post(
            "/chat/api/files",
            data={"id": uuid.uuid4().hex},
            files={"file": ("besar.pdf", b"%PDF" + b"0" * (limit + 100_000), "application/pdf")},
        )
        assert response.status_code == 413
        assert "Kiriman terlalu besar" in response.json()["detail"]

    async def test_without_the_cookie_the_api_refuses(self, app: FastAPI) -> None:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as stranger:
            response = await stranger.post(
                "/chat/api/events", json={"id": uuid.uuid4().hex, "type": "text", "text": "halo"}
            )
        assert response.status_code == 401
        assert "muat ulang" in response.json()["detail"]

    async def test_a_client_sending_too_fast_is_slowed_down(self, web_user: WebUser) -> None:
        statuses = []
        for _ in range(32):
            response = await web_user.post({"id": uuid.uuid4().hex, "type": "text", "text": "halo"})
            statuses.append(response.status_code)
        assert statuses[:30] == [200] * 30
        assert statuses[30:] == [429, 429]
        assert int(response.headers["retry-after"]) >= 1


class TestCookie:
    """The chat cookie: random, HTTP-only, same-site; losing it leaves the ticket check."""

    async def test_the_cookie_is_http_only_and_same_site(
        self, web_client: httpx.AsyncClient
    ) -> None:
        response = await web_client.get("/chat")
        cookie = response.headers["set-cookie"]
        assert (
            "slrt_chat=" in cookie
            and "HttpOnly" in cookie
            and "SameSite=strict" in cookie.replace("Strict", "strict")
        )
        assert "Path=/chat" in cookie

    async def test_a_lost_cookie_can_still_check_with_ticket_and_nik_digits(
        self, web_user: WebUser, app: FastAPI
    ) -> None:
        ticket = await file_by_web(web_user)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as other:
            newcomer = WebUser(other)
            await newcomer.open()
            await newcomer.say(ticket, "4 angka terakhir NIK")
            await newcomer.say("0001", ticket)
            assert "Diterima" in newcomer.text


class TestStatusMessages:
    """Status messages from the notifier appear in the page's long poll."""

    @pytest.mark.own_database  # connections racing each other
    async def test_a_staff_status_change_arrives_while_the_page_waits(
        self, web_user: WebUser, app: FastAPI, sessions
    ) -> None:
        ticket = await file_by_web(web_user)
        async with sessions() as session:
            complaint = await get_by_ticket(session, ticket)
            assert complaint is not None
        household = Household(complaint.id, ticket, 0)
        notifier = Notifier(
            sessions,
            {Channel.WEB: WebChatDeliverer(sessions, app.state.webchat_hub)},
            NotifierConfig(poll_interval=0.05),
        )
        stop = asyncio.Event()
        running = asyncio.create_task(notifier.run(stop))
        try:
            waiting = asyncio.create_task(web_user.poll(wait=10))
            await asyncio.sleep(0.2)
            await staff_fires(
                sessions, household, "start_review", EventDetails(note="Kami periksa minggu ini.")
            )
            new = await asyncio.wait_for(waiting, 10)
        finally:
            stop.set()
            await running
        [message] = new
        assert ticket in message["text"] and "Kami periksa minggu ini." in message["text"]
        assert any(
            spec["payload"] == f"g:status:{ticket}" for row in message["buttons"] for spec in row
        )
        # The status button works in the web chat too.
        await web_user.press("Lihat status", ticket)
