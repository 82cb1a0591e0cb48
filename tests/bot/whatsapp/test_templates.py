"""Which template a status message outside the 24-hour window becomes, and with what."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.citizens.models import Channel
from backend.clock import utcnow
from backend.config import Settings
from backend.notifications.models import Recipient
from backend.notifications.repository import ClaimedMessage
from bot.notifier.whatsapp_delivery import WINDOW, status_template, window_open


def _message(template: str, language: str = "id", **params: object) -> ClaimedMessage:
    return ClaimedMessage(
        id=1, channel=Channel.WHATSAPP, chat_id="ID.1", identity_id=1,
        recipient=Recipient.CITIZEN, template=template, params=dict(params), language=language,
        complaint_id=1, attempts=0, reachable=True,
    )  # fmt: skip


def test_a_status_change_takes_the_template_of_its_status() -> None:
    message = _message("complaint.start_review", ticket="261205-0012", status="in_review")
    assert status_template(message, "slrt_status_") == ("slrt_status_in_review", ["261205-0012"])


def test_other_news_takes_the_update_template() -> None:
    message = _message("complaint.message", ticket="261205-0012")
    assert status_template(message, "slrt_status_")[0] == "slrt_status_update"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", ["Ditelaah", "261205-0012", "11 Januari 2027"]),
     ("en", ["In review", "261205-0012", "11 January 2027"]),
     # No template in Basa Sunda: the Indonesian one, its parameters in Indonesian too.
     ("su", ["Ditelaah", "261205-0012", "11 Januari 2027"])],
)  # fmt: skip
def test_the_parameters_are_the_configured_ones_in_the_chats_language(
    language: str, expected: list[str]
) -> None:
    message = _message(
        "complaint.start_review", language, ticket="261205-0012", status="in_review",
        due_on="2027-01-11",
    )  # fmt: skip
    assert status_template(message, "p_", ("status", "ticket", "due"))[1] == expected
    assert status_template(_message("complaint.message"), "p_", ("due",))[1] == ["-"]


def test_the_setting_names_them_and_refuses_others() -> None:
    settings = Settings(_env_file=None, whatsapp_template_parameters="ticket,due")
    assert settings.whatsapp_template_parameter_names == ("ticket", "due")
    with pytest.raises(ValueError, match="whatsapp_template_parameters"):
        Settings(_env_file=None, whatsapp_template_parameters="ticket,name")


def test_the_window_closes_a_little_before_24_hours() -> None:
    now = utcnow()
    assert window_open(now - timedelta(hours=23), now)
    assert not window_open(now - WINDOW, now)
    assert not window_open(None, now)
