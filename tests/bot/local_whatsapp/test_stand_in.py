"""The WhatsApp stand-in against pywa: what it accepts, refuses and delivers, as Meta's does."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from pywa_async import WhatsApp, types
from pywa_async.errors import WhatsAppError

from tests.bot.local_whatsapp.conftest import PERSON, WebhookApp, graph_session
from tests.fixtures.local_whatsapp import SIGNATURE_HEADER, LocalWhatsApp, signature

OGG_VOICE = b"OggS\x00\x02" + bytes(58)


async def test_a_message_written_reaches_the_app_signed_and_the_answer_reaches_the_person(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.send_text(PERSON, "halo", name="Bu Siti")
    [message] = await webhook_app.received.wait("messages")
    assert (message.text, message.from_user.wa_id, message.from_user.name) == (
        "halo", PERSON, "Bu Siti",
    )  # fmt: skip
    await message.mark_as_read()
    assert local.world.read_receipts == [message.id]

    await webhook_app.client.send_message(PERSON, "Selamat datang / Welcome")
    sent = await local.wait_for_message(PERSON, "Selamat datang")
    statuses = await webhook_app.received.wait("statuses", 2)
    assert [(s.id, s.status.value) for s in statuses] == [(sent.id, "sent"), (sent.id, "delivered")]


async def test_buttons_and_list_rows_come_back_as_replies_to_their_message(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.send_text(PERSON, "halo")
    await webhook_app.received.wait("messages")
    client = webhook_app.client
    await client.send_message(
        PERSON,
        "Lanjutkan? / Continue?",
        buttons=[types.Button("Ya / Yes", "c:yes"), types.Button("Tidak / No", "c:no")],
    )
    local.press(PERSON, "tidak")
    [button] = await webhook_app.received.wait("buttons")
    asked = local.messages_to(PERSON)[-1]
    assert (button.data, button.reply_to_message.id) == ("c:no", asked.id)

    rows = [types.SectionRow(f"Kelurahan {n}", f"k:{n}") for n in range(1, 11)]
    section = types.Section("Bogor Tengah", rows)
    await client.send_message(
        PERSON, "Pilih kelurahan", buttons=types.SectionList("Pilih / Choose", [section])
    )
    local.press(PERSON, "Kelurahan 7")
    [selection] = await webhook_app.received.wait("selections")
    assert selection.data == "k:7"


@pytest.mark.parametrize(
    ("text", "buttons", "limit"),
    [
        ("x" * 4097, None, "4096"),
        ("Pilih", [types.Button(f"Pilihan {n}", f"b{n}") for n in range(4)], "1 to 3 buttons"),
        ("Pilih", [types.Button("Judul yang terlalu panjang", "b")], "at most 20"),
        (
            "Pilih",
            types.SectionList(
                "Pilih",
                [types.Section("A", [types.SectionRow(f"R{n}", f"r{n}") for n in range(11)])],
            ),
            "1 to 10 rows",
        ),
        (
            "Pilih",
            types.SectionList("Pilih", [types.Section("A", [types.SectionRow("x" * 25, "r")])]),
            "at most 24",
        ),
    ],
    ids=["text-4097", "four-buttons", "button-title-21+", "eleven-rows", "row-title-25"],
)
async def test_what_whatsapp_refuses_is_refused(
    local: LocalWhatsApp, webhook_app: WebhookApp, text: str, buttons: object, limit: str
) -> None:
    local.send_text(PERSON, "halo")
    await webhook_app.received.wait("messages")
    with pytest.raises(WhatsAppError) as refused:
        await webhook_app.client.send_message(PERSON, text, buttons=buttons)  # type: ignore[arg-type]
    assert refused.value.code == 131009
    assert limit in refused.value.details
    assert local.messages_to(PERSON) == []


async def test_outside_the_24_hour_window_only_a_template_reaches_the_person(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.send_text(PERSON, "halo")
    await webhook_app.received.wait("messages")
    local.age_window(PERSON, hours=25)
    await webhook_app.client.send_message(PERSON, "Status pengaduan Anda berubah")
    failed = await webhook_app.received.wait("statuses")
    assert failed[0].status.value == "failed" and failed[0].error.code == 131047

    local.world.add_template("status_update", "id", "Pengaduan {{1}} kini {{2}}.")
    await webhook_app.client.api.send_raw_request(
        "POST",
        f"/{local.world.phone_number_id}/messages",
        json=_template(PERSON, "status_update", "id", "SLRT-0001", "diproses"),
    )
    sent = await local.wait_for_message(PERSON, "Pengaduan SLRT-0001 kini diproses.")
    assert sent.type == "template" and sent.status == "delivered"


async def test_a_template_must_exist_in_the_language_and_get_its_parameters(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.world.add_template("status_update", "id", "Pengaduan {{1}} kini {{2}}.")
    api = webhook_app.client.api
    endpoint = f"/{local.world.phone_number_id}/messages"
    with pytest.raises(WhatsAppError) as unknown:
        await api.send_raw_request(
            "POST", endpoint, json=_template(PERSON, "status_update", "su", "A", "B")
        )
    assert unknown.value.code == 132001
    with pytest.raises(WhatsAppError) as short:
        await api.send_raw_request(
            "POST", endpoint, json=_template(PERSON, "status_update", "id", "A")
        )
    assert short.value.code == 132000


def _template(to: str, name: str, language: str, *parameters: str) -> dict[str, object]:
    body = [{"type": "text", "text": value} for value in parameters]
    return {
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [{"type": "body", "parameters": body}],
        },
    }


async def test_a_number_not_on_whatsapp_fails_by_status(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.not_on_whatsapp("6281299999999")
    await webhook_app.client.send_message("6281299999999", "Halo")
    [failed] = await webhook_app.received.wait("statuses")
    assert failed.error.code == 131026


async def test_a_voice_note_is_downloaded_with_the_token_and_media_can_be_sent(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    local.send_media(PERSON, "audio", OGG_VOICE, "audio/ogg; codecs=opus", voice=True)
    [message] = await webhook_app.received.wait("messages")
    assert message.audio is not None and message.audio.voice
    data = await message.audio.get_bytes()
    assert data == OGG_VOICE and message.audio.sha256 == hashlib.sha256(OGG_VOICE).hexdigest()

    media_url = await webhook_app.client.get_media_url(message.audio.id)
    async with httpx.AsyncClient(trust_env=False) as anonymous:
        refused = await anonymous.get(media_url.url)
    assert refused.status_code == 401

    await webhook_app.client.send_image(
        PERSON, b"\x89PNG\r\n\x1a\n" + bytes(40), mime_type="image/png"
    )
    sent = local.messages_to(PERSON)[-1]
    assert sent.type == "image" and local.world.media[sent.content["id"]].mime_type == "image/png"


async def test_a_forged_signature_is_refused_by_the_app_and_a_true_one_accepted(
    local: LocalWhatsApp, webhook_app: WebhookApp
) -> None:
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    async with httpx.AsyncClient(trust_env=False) as client:
        forged = await client.post(
            webhook_app.url, content=body, headers={SIGNATURE_HEADER: signature("wrong", body)}
        )
        true = await client.post(
            webhook_app.url,
            content=body,
            headers={SIGNATURE_HEADER: signature(local.world.app_secret, body)},
        )
    assert (forged.status_code, true.status_code) == (403, 200)


async def test_a_webhook_is_retried_until_taken_and_can_be_delivered_twice(
    local: LocalWhatsApp,
) -> None:
    from tests.bot.local_whatsapp.receiver import FlakyReceiver

    async with FlakyReceiver(local.world.verify_token, failures=2) as receiver:
        await local.subscribe(receiver.url)
        local.redeliver_next()
        sent_id = local.send_text(PERSON, "halo")
        await local.wait_until_delivered()
    ids = [message_id for status, message_id in local.delivery.attempts]
    statuses = [status for status, message_id in local.delivery.attempts]
    assert ids == [sent_id] * 4 and statuses == [500, 500, 200, 200]
    assert receiver.bodies[0] == receiver.bodies[1]


async def test_the_webhook_must_echo_the_challenge_to_be_used(local: LocalWhatsApp) -> None:
    from tests.bot.local_whatsapp.receiver import FlakyReceiver

    async with FlakyReceiver("another verify token", failures=0) as receiver:
        with pytest.raises(Exception, match="did not echo"):
            await local.subscribe(receiver.url)
    assert local.world.webhook_url is None


async def test_a_wrong_token_is_refused(local: LocalWhatsApp) -> None:
    async with graph_session(local) as session:
        client = WhatsApp(
            phone_id=local.world.phone_number_id, token="not-the-token", session=session
        )
        with pytest.raises(WhatsAppError) as refused:
            await client.send_message(PERSON, "Halo")
    assert refused.value.code == 190


def test_throughput_and_the_pair_limit() -> None:
    world = LocalWhatsApp().world
    slots = [world.take_send_slot(f"62812{n:08d}", 80, 45, 6.0, at=100.0) for n in range(81)]
    assert slots[:80] == [""] * 80 and slots[80] == "throughput"
    assert world.take_send_slot("6281200000001", 80, 45, 6.0, at=101.0) == ""
    pair = [world.take_send_slot(PERSON, 1000, 45, 6.0, at=200.0 + n / 100) for n in range(46)]
    assert pair[:45] == [""] * 45 and pair[45] == "pair"
    assert world.take_send_slot(PERSON, 1000, 45, 6.0, at=206.5) == ""
