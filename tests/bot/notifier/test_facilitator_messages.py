"""What facilitators read: relays with their 'Sudah disampaikan' button, reminders, and copies."""

from __future__ import annotations

import pytest

from backend.citizens.models import Channel
from backend.facilitators.models import HouseholdReach
from backend.notifications.models import Recipient
from backend.notifications.repository import ClaimedMessage
from bot.notifier.compose import compose


def claimed(
    template: str,
    params: dict,
    *,
    recipient: Recipient = Recipient.FACILITATOR,
    language: str = "id",
) -> ClaimedMessage:
    return ClaimedMessage(
        id=1, channel=Channel.TELEGRAM, chat_id="7700001", identity_id=1, recipient=recipient,
        template=template, params=params, language=language, complaint_id=1, attempts=0, reachable=True,
    )  # fmt: skip


def relay(event: str, *, reach: str | None = "facilitator", **extra: object) -> dict:
    inner = {"ticket": "261130-00AB", "event": event, "status": "received" if event == "approve" else "rejected",
             "note": "Sudah menerima PKH." if event == "reject" else None, "due_on": "2026-12-21"}  # fmt: skip
    return {
        "ticket": "261130-00AB", "household": "Siti Aminah", "kelurahan": "Bubulak", "phone": "+6281298765432",
        "reach": reach, "inner_template": f"complaint.{event}", "inner_params": inner, "inner_language": "id",
        "relay_id": 42, **extra,
    }  # fmt: skip


def payloads(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [button.payload for row in reply.buttons for button in row]


class TestRelayMessages:
    """A relay names the household, says how to reach it, carries the news and a confirm button."""

    @pytest.mark.parametrize(
        ("language", "says"),
        [("id", ("sudah disetujui supervisor", "Mohon sampaikan", "Siti Aminah (Kel. Bubulak)",
                 "Telepon: +6281298765432", "lewat Anda", "261130-00AB")),
         ("en", ("has been approved by the SLRT supervisor", "Please pass this news on",
                 "Siti Aminah (Kel. Bubulak)", "through you"))],
    )  # fmt: skip
    def test_an_approval_relayed_to_the_filing_facilitator(
        self, language: str, says: tuple[str, ...]
    ) -> None:
        reply = compose(
            claimed("relay", relay("approve"), language=language), appeal_window_days=14
        )
        for phrase in says:
            assert phrase in reply.text, reply.text
        # The household's part stays in the household's language.
        assert "sudah disetujui dan terdaftar" in reply.text
        assert payloads(reply) == ["g:relayed:42", "g:status:261130-00AB"]

    def test_a_rejection_says_so_first_and_carries_the_reason(self) -> None:
        reply = compose(claimed("relay", relay("reject")), appeal_window_days=14)
        assert reply.text.index("tidak disetujui supervisor") < reply.text.index(
            "Sudah menerima PKH."
        )

    @pytest.mark.parametrize("reach", [value.value for value in HouseholdReach])
    def test_each_way_of_reaching_the_household_is_explained(self, reach: str) -> None:
        reply = compose(claimed("relay", relay("approve", reach=reach)), appeal_window_days=14)
        assert "Warga ini" in reply.text

    def test_a_reminder_names_the_day_it_was_sent(self) -> None:
        reply = compose(
            claimed("relay", relay("approve", reminder=True, sent_on="2026-12-23")),
            appeal_window_days=14,
        )
        assert reply.text.startswith("⏰ Pengingat") and "23 Desember 2026" in reply.text
        assert payloads(reply)[0] == "g:relayed:42"

    def test_a_relay_of_a_blocked_citizen_chat_keeps_its_old_wording(self) -> None:
        params = relay("approve", reach=None)
        reply = compose(claimed("relay", params), appeal_window_days=14)
        assert "tidak dapat kami hubungi lewat chat" in reply.text
        assert "sudah disetujui supervisor" not in reply.text

    @pytest.mark.parametrize(
        ("event", "status", "says", "never"),
        [("request_info", "needs_info", "kepada fasilitator", "Tekan tombol Jawab"),
         ("resolve", "resolved", "lewat fasilitator", "tombol Ajukan banding")],
    )  # fmt: skip
    def test_news_passed_on_by_word_of_mouth_names_no_buttons(
        self, event: str, status: str, says: str, never: str
    ) -> None:
        params = relay(event, reach="facilitator")
        params["inner_params"].update(status=status, note="Mohon kirim foto KK.")
        reply = compose(claimed("relay", params), appeal_window_days=14)
        assert says in reply.text and "Mohon kirim foto KK." in reply.text
        assert never not in reply.text
        # The household's words carry no buttons; only the facilitator's own (answer: see below).
        answer = ["g:fanswer:261130-00AB"] if event == "request_info" else []
        assert payloads(reply) == ["g:relayed:42", *answer, "g:status:261130-00AB"]

    @pytest.mark.parametrize(
        ("language", "labels"),
        [("id", ["✅ Sudah disampaikan", "✍️ Kirim jawaban warga"]),
         ("en", ["✅ Passed on", "✍️ Send the household's answer"])],
    )  # fmt: skip
    def test_a_question_relayed_has_the_answer_button_beside_the_confirmation(
        self, language: str, labels: list[str]
    ) -> None:
        params = relay("request_info", status_event_id=7)
        params["inner_params"].update(status="needs_info", note="Mohon kirim foto KK.")
        reply = compose(claimed("relay", params, language=language), appeal_window_days=14)
        first_row = reply.buttons[0]
        assert [button.label for button in first_row] == labels
        # The button answers this question only: an old one is recognised after the answer.
        assert first_row[1].payload == "g:fanswer:261130-00AB:7"

    def test_other_news_has_no_answer_button(self) -> None:
        reply = compose(
            claimed("relay", relay("approve", status_event_id=7)), appeal_window_days=14
        )
        assert not [p for p in payloads(reply) if p.startswith("g:fanswer:")]


class TestFacilitatorsCopy:
    """When the household has its own chat, the facilitator's copy says so and offers only 'see status'."""

    def test_the_copy_is_framed_and_has_no_citizen_buttons(self) -> None:
        params = {
            "ticket": "261130-00AB",
            "event": "resolve",
            "status": "resolved",
            "note": "PKH sudah cair.",
            "due_on": None,
        }
        citizen = compose(
            claimed("complaint.resolve", params, recipient=Recipient.CITIZEN), appeal_window_days=14
        )
        copy = compose(claimed("complaint.resolve", params), appeal_window_days=14)
        assert any(p.startswith("g:rate:") for p in payloads(citizen))
        assert copy.text.startswith("ℹ️ Salinan untuk fasilitator") and citizen.text in copy.text
        assert payloads(copy) == ["g:status:261130-00AB"]
