"""The satisfaction survey (IKM) in the chat: nine elements, each 1-4 or skipped, then a comment."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.satisfaction.ikm import ELEMENTS, SCORES
from backend.satisfaction.models import SurveyResponse
from backend.security.crypto import Vault
from dialogs.i18n import LANGUAGES, has_message
from tests.dialogs.test_rating import OTHER_CHAT, RESOLVED, audit_of, complaint_of_chat
from tests.fixtures.chat import ChatDriver

NIK = "3271046501900001"


async def responses(sessions: async_sessionmaker[AsyncSession]) -> list[SurveyResponse]:
    """Every stored survey, oldest first."""
    async with sessions() as session:
        return list(await session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))


def scores_of(response: SurveyResponse) -> list[int | None]:
    """The nine scores of a stored survey, in the regulation's order."""
    return [getattr(response, element) for element in ELEMENTS]


async def answer(chat: ChatDriver, scores: list[int | None]) -> None:
    """Presses one button per element: the score, or Lewati for None."""
    for number, score in enumerate(scores, start=1):
        assert f"({number}/9)" in chat.replies[-1].text
        await chat.press(f"{score} " if score is not None else "Lewati")


class TestTheWholeSurvey:
    """From the button of the resolution message to the thanks, stored once."""

    async def test_nine_answers_and_a_comment_are_stored_with_the_channel_and_category(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        assert f"Survei Kepuasan Masyarakat untuk pengaduan {ticket}" in chat.replies[0].text
        # One row of the four scores in the regulation's words, then Lewati.
        first = chat.replies[-1]
        assert [b.label for b in first.buttons[0]] == [
            "1 Tidak sesuai", "2 Kurang sesuai", "3 Sesuai", "4 Sangat sesuai"
        ]  # fmt: skip
        assert [b.label for b in first.buttons[1]] == ["Lewati ⏭"]
        await answer(chat, [4, 3, 2, 4, 3, 3, 4, 1, 3])
        assert "saran atau komentar" in chat.text
        await chat.send("Petugasnya ramah, tapi antrean di kantor panjang.")
        assert f"survei untuk pengaduan {ticket} sudah kami terima" in chat.text
        [stored] = await responses(sessions)
        assert scores_of(stored) == [4, 3, 2, 4, 3, 3, 4, 1, 3]
        assert stored.comment == "Petugasnya ramah, tapi antrean di kantor panjang."
        assert stored.channel == "telegram" and stored.category_id is not None
        [record] = await audit_of(sessions, "complaint.survey")
        assert record.detail == {"answered": 9, "comment": True}

    async def test_skipped_elements_and_the_comment_are_stored_as_nothing(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [3, None, 3, None, 4, 4, 4, 4, None])
        await chat.press("Lewati")
        [stored] = await responses(sessions)
        assert scores_of(stored) == [3, None, 3, None, 4, 4, 4, 4, None]
        assert stored.comment is None

    async def test_all_skipped_and_no_comment_keeps_nothing_and_the_survey_stays_open(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [None] * 9)
        await chat.press("Lewati")
        assert "tidak ada yang kami simpan" in chat.text
        assert await responses(sessions) == []
        await chat.press_payload(f"g:survey:{ticket}")
        assert "(1/9)" in chat.replies[-1].text

    async def test_in_english_the_scale_has_its_english_words(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/bahasa")
        await chat.press("English")
        await chat.press_payload(f"g:survey:{ticket}")
        assert "Public satisfaction survey" in chat.replies[0].text
        assert chat.replies[-1].buttons[1][0].label == "Skip ⏭"
        await answer(chat, [4] * 9)
        await chat.send("Thank you!")
        assert "we have received the survey" in chat.text

    async def test_a_closed_complaint_can_be_surveyed_too(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(
            sessions, vault, chat.chat_id, through=(*RESOLVED, "close")
        )
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [2] * 9)
        await chat.press("Lewati")
        assert len(await responses(sessions)) == 1


class TestOneSurveyPerComplaint:
    """Pressing again restarts until sent; once sent it is final and counted once."""

    async def test_pressing_the_button_again_midway_starts_over_and_replaces(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [1, 1, 1])
        await chat.press_payload(f"g:survey:{ticket}")
        assert "(1/9)" in chat.replies[-1].text
        await answer(chat, [4] * 9)
        await chat.press("Lewati")
        [stored] = await responses(sessions)
        assert scores_of(stored) == [4] * 9

    async def test_after_sending_the_button_says_it_was_done(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [3] * 9)
        await chat.press("Lewati")
        await chat.press_payload(f"g:survey:{ticket}")
        assert f"Survei untuk pengaduan {ticket} sudah Anda isi" in chat.text
        assert len(await responses(sessions)) == 1

    async def test_an_old_score_button_is_refused_and_the_question_asked_again(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        old = chat.button("4 ").payload
        await chat.press("3 ")
        await chat.press_payload(old)
        assert "pesan lama" in chat.text and "(2/9)" in chat.replies[-1].text


class TestWhoAndWhen:
    """Only the chat that filed, only for a finished complaint."""

    async def test_another_chats_complaint_is_treated_as_unknown(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, OTHER_CHAT)
        await chat.press_payload(f"g:survey:{ticket}")
        assert "tidak kami temukan di chat ini" in chat.text
        assert await responses(sessions) == []

    async def test_an_open_complaint_has_no_survey_yet(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id, through=("start_review",))
        await chat.press_payload(f"g:survey:{ticket}")
        assert f"Pengaduan {ticket} berstatus Ditelaah" in chat.text

    @pytest.mark.parametrize("payload", ["g:survey:", "g:survey:garbage", "g:survey:261128-001T"])
    async def test_a_garbage_or_unknown_ticket(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], payload: str
    ) -> None:
        await chat.press_payload(payload)
        assert "tidak kami temukan" in chat.text
        assert await responses(sessions) == []


class TestTheCommentKeepsNoIdentityNumber:
    """A NIK typed in the comment is masked before it is stored."""

    async def test_the_nik_is_masked(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [3] * 9)
        await chat.send(f"NIK saya {NIK}, tolong dicek lagi.")
        [stored] = await responses(sessions)
        assert NIK not in (stored.comment or "") and "3271" in (stored.comment or "")

    async def test_a_sticker_instead_of_a_comment_is_explained(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [3] * 9)
        await chat.send_sticker()
        assert "saran atau komentar" in chat.replies[-1].text
        assert await responses(sessions) == []


class TestTheInvitation:
    """The thanks for a rating invite to the survey while it is unanswered."""

    async def test_the_rating_thanks_carry_the_survey_button(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        [thanks] = await chat.press_payload(f"g:rate:{ticket}:4")
        assert "isi survei kepuasan singkat" in thanks.text
        assert thanks.buttons[0][0].payload == f"g:survey:{ticket}"
        await chat.press("Isi survei")
        assert "(1/9)" in chat.replies[-1].text

    async def test_after_the_survey_the_rating_thanks_carry_the_menu(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.press_payload(f"g:survey:{ticket}")
        await answer(chat, [3] * 9)
        await chat.press("Lewati")
        [thanks] = await chat.press_payload(f"g:rate:{ticket}:5")
        assert "survei" not in thanks.text and "Buat pengaduan" in thanks.buttons[0][0].label

    async def test_in_the_middle_of_another_flow_the_survey_waits(
        self, chat: ChatDriver, sessions: async_sessionmaker[AsyncSession], vault: Vault
    ) -> None:
        ticket = await complaint_of_chat(sessions, vault, chat.chat_id)
        await chat.send("/lapor")
        await chat.press("Setuju")
        await chat.press_payload(f"g:survey:{ticket}")
        assert "tekan lagi tombol survei" in chat.replies[0].text
        assert "untuk siapa" in chat.replies[-1].text


class TestTheCatalogs:
    """Every element's question and its four answers exist in both languages."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_keys_built_from_the_elements(self, language: str) -> None:
        keys = [f"survey-question-{element}" for element in ELEMENTS]
        keys += [f"survey-{element}-{score}" for element in ELEMENTS for score in SCORES]
        assert [key for key in keys if not has_message(language, key)] == []
