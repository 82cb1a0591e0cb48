"""Typed answers (issue 17): a typed label is the button it names, the same question re-sent
keeps its buttons, no flow ends in a dead end, and free text must say something."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.repository import get_by_ticket
from backend.complaints.service import EventDetails, fire_event
from dialogs.events import Reply
from tests.fixtures.chat import ChatDriver, file_complete_complaint, reach_summary

NIK = "3271046501900001"
CHOOSE_A_BUTTON = "pilih salah satu tombol"
OLD_BUTTON = "pesan lama"


def offers_a_way_on(reply: Reply) -> bool:
    """Whether a reply ends with something to press."""
    return bool(reply.buttons or reply.keyboard or reply.request_contact)


async def to_kk(chat: ChatDriver) -> None:
    await chat.send("/lapor")
    await chat.press("Setuju")
    await chat.press("diri sendiri")
    await chat.send("Siti Aminah")
    await chat.send(NIK)
    assert "nomor KK" in chat.text


async def to_address(chat: ChatDriver) -> None:
    await to_kk(chat)
    await chat.press("Lewati")
    await chat.send("081234567890")
    await chat.press("Bogor Barat")
    await chat.press("Bubulak")
    assert "alamat lengkap" in chat.text


class TestTypedLabelsAreTheButtonsTheyName:
    """What the tester typed instead of pressing: each is taken as the button it names."""

    async def test_a_whole_intake_typed_instead_of_pressed(self, chat: ChatDriver) -> None:
        await chat.send("buat pengaduan")
        assert "Apakah Anda setuju" in chat.text
        await chat.send("setuju")
        assert "untuk siapa" in chat.text
        await chat.send("Untuk diri sendiri")
        assert "nama lengkap" in chat.text
        await chat.send("Siti Aminah")
        await chat.send(NIK)
        await chat.send("lewati")
        assert "nomor HP" in chat.text and "hanya berisi angka" not in chat.text
        await chat.send("081234567890")
        await chat.send("bogor tengah")
        assert "Pilih kelurahan" in chat.text and "Paledang" in str(chat.replies[-1].buttons)
        await chat.send("paledang")
        await chat.send("Jl. Merdeka No. 5 RT 02/RW 03")
        await chat.send("program keluarga harapan")
        assert "Ceritakan masalahnya" in chat.text
        await chat.send("Bantuan PKH ibu saya tidak cair sejak Agustus.")
        await chat.send("LEWATI")
        assert "Periksa kembali" in chat.text
        await chat.send("kirim pengaduan")
        assert "Nomor tiket" in chat.text

    async def test_lapor_without_its_slash_starts_a_complaint(self, chat: ChatDriver) -> None:
        await chat.send("lapor")
        assert "Apakah Anda setuju" in chat.text

    async def test_numbers_pick_the_nth_button(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.send("3")  # there are two
        assert CHOOSE_A_BUTTON in chat.text and "Apakah Anda setuju" in chat.text
        await chat.send("1")
        assert "untuk siapa" in chat.text
        await chat.send("2")
        assert "anggota keluarga yang diadukan" in chat.text

    async def test_a_small_typo_still_names_its_button(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.send("stuju")
        assert "untuk siapa" in chat.text

    async def test_tidak_setuju_is_not_setuju(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.send("tidak setuju")
        assert "tidak ada data yang kami simpan" in chat.text

    async def test_two_buttons_equally_close_is_no_choice(self, chat: ChatDriver) -> None:
        await to_kk(chat)
        await chat.press("Lewati")
        await chat.send("081234567890")
        await chat.send("bogor")  # Bogor Barat, Timur, Utara, Selatan, Tengah: which?
        assert CHOOSE_A_BUTTON in chat.text and "kecamatan" in chat.text
        await chat.send("Bogor Timur")
        assert "Pilih kelurahan" in chat.text

    async def test_skip_in_english_at_an_indonesian_skip_button(self, chat: ChatDriver) -> None:
        await to_kk(chat)
        await chat.send("skip")
        assert "nomor HP" in chat.text

    async def test_digits_at_the_kk_step_stay_a_kk_number(self, chat: ChatDriver) -> None:
        await to_kk(chat)
        await chat.send("1")  # the step reads numbers: not the first button (Lewati)
        assert "Nomor KK harus 16 angka" in chat.text
        await chat.send("lewati")  # the tester's "Nomor KK hanya berisi angka"
        assert "nomor HP" in chat.text and "hanya berisi angka" not in chat.text

    async def test_free_text_steps_never_take_text_as_a_button(self, chat: ChatDriver) -> None:
        await to_kk(chat)
        await chat.press("Lewati")
        await chat.send("081234567890")
        await chat.press("Bogor Barat")
        await chat.press("Bubulak")
        # "Lewati" typed at the address (no buttons) is an address to check, not a skip.
        await chat.send("Lewati")
        assert "alamat" in chat.text.casefold() and "tentang apa" not in chat.text


class TestTheSameQuestionAgainKeepsItsButtons:
    """After a disruption the question is sent again; the buttons of its first copy still work."""

    @pytest.mark.parametrize("disruption", ["sticker", "nonsense", "bantuan", "old-button"])
    async def test_the_earlier_copy_still_works(self, chat: ChatDriver, disruption: str) -> None:
        await chat.send("/lapor")
        first_copy = chat.button("Setuju").payload
        await chat.press("Setuju")
        stale = chat.button("anggota keluarga").payload
        await chat.press("diri sendiri")
        await chat.send("Siti Aminah")
        await chat.send(NIK)
        skip = chat.button("Lewati").payload
        match disruption:
            case "sticker":
                await chat.send_sticker()
            case "nonsense":
                await chat.send("xyz")
            case "bantuan":
                await chat.send("/bantuan")
            case "old-button":
                await chat.press_payload(first_copy)
                assert OLD_BUTTON in chat.text
        assert "nomor KK" in chat.text  # asked again
        await chat.press_payload(skip)  # the first copy's button
        assert OLD_BUTTON not in chat.text and "nomor HP" in chat.text
        await chat.press_payload(stale)  # a question answered long ago: still old
        assert OLD_BUTTON in chat.text


class TestNoDeadEnds:
    """Every way a flow ends leaves buttons to go on; nobody has to know to type /menu."""

    async def test_information_back_to_the_menu(self, chat: ChatDriver) -> None:
        await chat.send("/info")
        await chat.press("Kembali ke menu")
        assert "/menu" not in chat.text and offers_a_way_on(chat.replies[-1])
        await chat.press("Buat pengaduan")
        assert "Apakah Anda setuju" in chat.text

    @pytest.mark.parametrize(("button", "said"), [("English", "English"), ("Indonesia", "Bahasa")])
    async def test_a_language_chosen(self, chat: ChatDriver, button: str, said: str) -> None:
        await chat.send("/bahasa")
        await chat.press(button)
        assert "/menu" not in chat.text and said in chat.text
        assert offers_a_way_on(chat.replies[-1])

    async def test_consent_declined(self, chat: ChatDriver) -> None:
        await chat.send("/lapor")
        await chat.press("Tidak setuju")
        assert "tidak ada data" in chat.text and offers_a_way_on(chat.replies[-1])

    async def test_cancelled_from_the_summary(self, chat: ChatDriver) -> None:
        await reach_summary(chat)
        await chat.press("Batalkan")
        assert "Dibatalkan" in chat.text and offers_a_way_on(chat.replies[-1])

    async def test_no_catalog_message_asks_to_type_menu(self) -> None:
        from dialogs.i18n import LANGUAGES, translate

        for language in LANGUAGES:
            for key in ("info-closed", "language-set", "facilitator-access-ended"):
                assert "/menu" not in translate(language, key), (language, key)


class TestAnAddressMustBeAnAddress:
    """Emoji and question marks are not an address; the addresses people type are."""

    @pytest.mark.parametrize(
        "address",
        [
            "Jl. Merdeka No. 5 RT 02/RW 03",
            "Kp. Sawah rt 3 rw 5",
            "Gg. Masjid 12",
            "Perum Bogor Asri Blok C2 No 7",
            "jalan pajajaran 45",
            "Komplek Griya Melati blok b5",
            "Kampung Sindangsari RT.04/RW.09",
            "Gang Kenari",
            "Bubulak 12 dekat masjid",
        ],
    )
    async def test_refused_then_a_real_one_taken(self, chat: ChatDriver, address: str) -> None:
        await to_address(chat)
        await chat.send("🙏🙏 ???")
        assert "belum terbaca sebagai alamat" in chat.text and "Contoh:" in chat.text
        await chat.send(address)
        assert "tentang apa" in chat.text

    @pytest.mark.parametrize("typed", ["🙏🙏 ???", "?????????", "dekat masjid besar", "🏠🏠🏠🏠🏠"])
    async def test_no_address_is_asked_again(self, chat: ChatDriver, typed: str) -> None:
        await to_address(chat)
        await chat.send(typed)
        assert "alamat lengkap" in chat.text and "tentang apa" not in chat.text
        assert "belum terbaca sebagai alamat" in chat.text


class TestACorrectedAddressMustBeAnAddress:
    """/dataku: a correction of the address is held to the intake's rule."""

    async def test_emoji_refused_then_a_real_address(self, chat: ChatDriver) -> None:
        await file_complete_complaint(chat)
        await chat.send("/dataku")
        await chat.send("0001")
        await chat.press("Minta perbaikan")
        await chat.press("Alamat")
        await chat.send("🙏🙏 ???")
        assert "belum terbaca sebagai alamat" in chat.text
        await chat.send("Kp. Sawah rt 3 rw 5")
        assert "Kp. Sawah rt 3 rw 5" in chat.text and "Kirim permintaan" in str(
            chat.replies[-1].buttons
        )


class TestADescriptionSaysSomething:
    """A description needs words: emoji, punctuation or one repeated sign are asked again."""

    @pytest.mark.parametrize(
        "typed", ["🙏🙏🙏 ??? !!! ... 😭😭", "a b c d e f g h i j", "?? ?? ?? ?? ?? ?? ??"]
    )
    async def test_no_words_is_asked_again(self, chat: ChatDriver, typed: str) -> None:
        await to_address(chat)
        await chat.send("Jl. Mawar No. 5, RT 02/RW 03")
        await chat.press("Keluarga Harapan")
        await chat.send(typed)
        assert "dengan kata-kata" in chat.text and "foto atau dokumen" not in chat.text
        await chat.send("Bantuan PKH ibu saya tidak cair.")
        assert "foto atau dokumen" in chat.text


class TestWhileStaffWaitForAnAnswer:
    """A complaint waits for the citizen's answer: a number is that answer, not a menu choice;
    a menu label or command said exactly still starts its flow."""

    async def test_lapor_starts_a_complaint_and_2_is_an_answer(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        ticket = await file_complete_complaint(chat)
        for event in ("start_review", "request_info"):
            async with sessions() as session:
                complaint = await get_by_ticket(session, ticket)
                assert complaint is not None
                details = EventDetails(note="Berapa anak Anda?")
                await fire_event(session, complaint, event, Actor(ActorRole.BACK_OFFICE), details)
                await session.commit()
        await chat.send("lapor")
        assert "Apakah Anda setuju" in chat.text
        await chat.send("/batal")
        await chat.send("2")  # the second menu button would be "Cek status pengaduan"
        assert "Pengaduan Anda:" not in chat.text and "Apakah Anda setuju" not in chat.text
