"""Issue 17 through both Telegram libraries: typed labels, no dead ends, a re-sent question."""

from __future__ import annotations

from tests.bot.conftest import RunningService, TelegramUser
from tests.fixtures.local_bot_api import SentMessage


def _buttons(message: SentMessage) -> list[tuple[str, str]]:
    markup = message.reply_markup or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]


class TestTypingWhatAButtonSays:
    """The tester's "setuju", "bogor tengah", "lewati" and "1" are the buttons they name."""

    async def test_a_whole_complaint_typed(self, service: RunningService) -> None:
        user = TelegramUser(service.api)
        await user.say("/start", "Silakan pilih")
        await user.say("buat pengaduan", "Sebelum mulai")
        await user.say("setuju", "untuk siapa")
        await user.say("Untuk diri sendiri", "nama lengkap")
        await user.say("Siti Aminah", "Ketik NIK")
        await user.say("3271046501900001", "nomor KK")
        await user.say("lewati", "nomor HP")
        await user.say("081234567890", "kecamatan")
        await user.say("bogor tengah", "Pilih kelurahan")
        await user.say("1", "alamat lengkap")  # the first kelurahan shown
        await user.say("Jl. Merdeka No. 5 RT 02/RW 03", "tentang apa")
        await user.say("1", "Ceritakan masalahnya")
        await user.say("Bantuan PKH ibu saya tidak cair sejak Agustus.", "foto atau dokumen")
        await user.say("lewati", "Periksa kembali")
        await user.say("kirim pengaduan", "Nomor tiket")


class TestTheQuestionSentAgain:
    """After a sticker the KK question comes again; the Lewati of its first copy still works."""

    async def test_the_first_copys_button_after_a_sticker(self, service: RunningService) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/lapor", "Sebelum mulai")
        await user.press("Setuju", "untuk siapa")
        await user.press("diri sendiri", "nama lengkap")
        await user.say("Siti Aminah", "Ketik NIK")
        await user.say("3271046501900001", "nomor KK")
        first_copy = api.last_message(user.user_id)
        assert first_copy is not None
        skip = next(data for text, data in _buttons(first_copy) if "Lewati" in text)
        api.send_sticker(user.user_id)
        again = await api.wait_for_message(user.user_id, "nomor KK", after=first_copy.message_id)
        api.press_data(user.user_id, first_copy.message_id, skip)
        answer = await api.wait_for_message(user.user_id, "nomor HP", after=again.message_id)
        texts = [m.text for m in api.messages(user.user_id) if m.message_id > again.message_id]
        assert not any("pesan lama" in text for text in texts), texts
        assert answer.text


class TestNoDeadEnds:
    """Informasi → Kembali ke menu, and a language chosen, end with the menu's buttons."""

    async def test_back_from_information_and_a_language_chosen(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/info", "Informasi apa")
        await user.press("Kembali ke menu", "kembali ke menu utama")
        last = api.last_message(user.user_id)
        assert last is not None and any("Buat pengaduan" in text for text, _ in _buttons(last))
        assert not any("/menu" in m.text for m in api.messages(user.user_id))
        await user.press("Bahasa", "Pilih bahasa")
        await user.press("English", "The language is now English")
        last = api.last_message(user.user_id)
        assert last is not None and any("File a complaint" in text for text, _ in _buttons(last))
        assert not any("Type /menu" in m.text for m in api.messages(user.user_id))
