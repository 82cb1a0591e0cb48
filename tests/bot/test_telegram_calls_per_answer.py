"""What an answer costs in Bot API calls (issue 18), through both libraries and both modes.

A typed answer that is ready quickly is one call, the answer itself: "typing…" only
when the answer is late (here a photo Telegram is slow to hand over). A press is
the old buttons cleared, the answer, and the press answered: three calls, the
buttons cleared before the answer comes. Behind a webhook the press is answered in
the webhook's response, Telegram making that call: one request of the bot's own fewer.
"""

from __future__ import annotations

import pytest

from tests.bot.conftest import RunningService, TelegramUser
from tests.fixtures.local_bot_api import LocalBotApi
from tests.fixtures.upload_files import image_of
from tests.fixtures.waiting import eventually

# Calls the bot makes whatever the person does (fetching updates by polling).
_BACKGROUND = {"getUpdates"}


def _methods_since(api: LocalBotApi, first: int) -> list[str]:
    return [call.method for call in api.calls[first:] if call.method not in _BACKGROUND]


class TestAQuickAnswerIsOneCall:
    """The threshold is set well above what an answer takes, so the test does not race it."""

    @pytest.fixture
    def service_overrides(self) -> dict[str, object]:
        return {"telegram_typing_after": 5.0}

    async def test_a_typed_command_gets_its_answer_and_nothing_else(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/start", "Silakan pilih")
        first, actions = len(api.calls), len(api.chat_actions)
        await user.say("/menu", "Silakan pilih layanan")
        update_id = api.send_text(user.user_id, "/menu")  # the next one shows the first is done
        await api.wait_until_taken(update_id)
        await eventually(lambda: _methods_since(api, first).count("sendMessage") == 2)
        assert _methods_since(api, first) == ["sendMessage", "sendMessage"]
        assert api.chat_actions[actions:] == []

    async def test_a_press_clears_the_old_buttons_then_answers(
        self, service: RunningService
    ) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/lapor", "Sebelum mulai")
        first = len(api.calls)
        await user.press("Setuju", "untuk siapa")
        await eventually(lambda: "answerCallbackQuery" in _methods_since(api, first))
        methods = _methods_since(api, first)
        assert sorted(methods) == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
        assert methods.index("editMessageReplyMarkup") < methods.index("sendMessage")
        pressed = api.messages(user.user_id)[-2]
        assert pressed.reply_markup is None  # the answered question can't be answered again
        [answered] = [call for call in api.calls[first:] if call.method == "answerCallbackQuery"]
        assert answered.params["callback_query_id"]
        assert answered.in_webhook_answer == (service.settings.telegram_mode == "webhook")
        own = [call.method for call in api.calls[first:] if not call.in_webhook_answer]
        assert ("answerCallbackQuery" in own) == (service.settings.telegram_mode == "polling")


class TestASlowAnswerShowsTyping:
    async def test_a_photo_telegram_hands_over_slowly(self, service: RunningService) -> None:
        api = service.api
        user = TelegramUser(api)
        await user.say("/start", "Silakan pilih")
        api.delay_next("getFile", 2.0)  # longer than TELEGRAM_TYPING_AFTER (1 s)
        messages = api.messages(user.user_id)
        first, actions = len(api.calls), len(api.chat_actions)
        api.send_photo(user.user_id, image_of("JPEG"))
        await api.wait_for_message(user.user_id, "", timeout=15, after=messages[-1].message_id)
        methods = _methods_since(api, first)
        assert api.chat_actions[actions:] == [(user.user_id, "typing")]
        assert methods.index("sendChatAction") < methods.index("sendMessage")
