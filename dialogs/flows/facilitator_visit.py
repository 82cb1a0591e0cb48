"""A facilitator records a home visit they took (`g:vrecord:<id>`): the day, who they met,
the findings (typed, or a voice note), photos (none or more, then "Selesai"), where the
house is (a Telegram location, or skipped), then a summary to send.

Nothing is stored before "Kirim": the answers wait in the conversation, and a sticker,
a wrong answer or an old button is explained and the same question asked again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from backend.casefiles.models import Complaint
from backend.citizens.models import Citizen
from backend.clock import local_date
from backend.errors import Conflict, InvalidInput, NotFound
from backend.facilitators.models import Facilitator
from backend.visits.models import VisitState
from backend.visits.repository import get_visit
from backend.visits.service import MAX_FINDINGS_LENGTH, MAX_MET_LENGTH, VisitRecord, record_visit
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.events import EventKind
from dialogs.flows.base import DONE, Step
from dialogs.flows.facilitator_intake import parse_visit_day
from dialogs.flows.facilitator_menu import FacilitatorFlow, access_ended, current_facilitator
from dialogs.i18n import format_day

FLOW = "facilitator_visit"
MAX_PHOTOS = 10


async def _visit_of(ctx: Context, facilitator: Facilitator, argument: str | None) -> Any:
    visit_id = int(argument) if argument and argument.isascii() and argument.isdigit() else 0
    visit = await get_visit(ctx.session, visit_id) if visit_id else None
    if visit is None or visit.taken_by_facilitator_id != facilitator.id:
        return None
    return visit


class FacilitatorVisitFlow(FacilitatorFlow):
    """Records a home visit the facilitator took, step by step."""

    name = FLOW

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Checks the visit is theirs and still to be recorded, then asks for the day."""
        facilitator = await current_facilitator(ctx)
        if facilitator is None:
            access_ended(ctx)
            return
        visit = await _visit_of(ctx, facilitator, argument)
        if visit is None:
            ctx.say("facilitator-visit-not-found")
            ctx.finish()
            return
        if visit.state != VisitState.TAKEN:
            ctx.say("facilitator-visit-closed")
            ctx.finish()
            return
        complaint = await ctx.session.get_one(Complaint, visit.complaint_id)
        citizen = await ctx.session.get_one(Citizen, complaint.citizen_id)
        ctx.enter(self.name, "day")
        ctx.data.update(
            _history=[], visit_id=visit.id, ticket=complaint.ticket, household=citizen.full_name,
            files=[],
        )  # fmt: skip
        ctx.say("visit-record-start", ticket=complaint.ticket, household=citizen.full_name)
        await ask_day(ctx)


# --- the day ------------------------------------------------------------------------------
async def ask_day(ctx: Context) -> None:
    today = local_date(ctx.now)
    rows = [
        [(ctx.t(key, day=format_day(ctx.language, day)), "day", day.isoformat())]
        for key, day in (
            ("button-visit-today", today), ("button-visit-yesterday", today - timedelta(days=1))
        )
    ]  # fmt: skip
    ctx.ask(ctx.t("visit-record-day"), buttons=rows, takes_text=True)


async def read_day(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "day":
        try:
            day = date.fromisoformat(pressed[1])
        except ValueError:
            raise Reask("choose-a-button") from None
    else:
        typed = parse_visit_day(answers.text_of(ctx), local_date(ctx.now))
        if typed is None:
            raise Reask("assisted-visit-invalid")
        day = typed
    visit = await get_visit(ctx.session, int(ctx.data["visit_id"]))
    if day > local_date(ctx.now) or (visit is not None and day < local_date(visit.created_at)):
        raise Reask("visit-record-day-out-of-range")
    ctx.data["visited_on"] = day.isoformat()
    return "met"


# --- who was met, and what was found ---------------------------------------------------------
async def ask_met(ctx: Context) -> None:
    ctx.ask(ctx.t("visit-record-met"))


async def read_met(ctx: Context) -> str:
    text = answers.text_of(ctx)
    if len(text) > MAX_MET_LENGTH:
        raise Reask("visit-record-too-long", limit=MAX_MET_LENGTH)
    ctx.data["met"] = text
    return "findings"


async def ask_findings(ctx: Context) -> None:
    ctx.ask(ctx.t("visit-record-findings"))


async def read_findings(ctx: Context) -> str:
    event = ctx.event
    if event.kind == EventKind.FILE and event.file is not None and event.file.kind == "voice":
        ctx.data["files"] = [*ctx.data.get("files", []), answers.attachment_of(ctx)]
        ctx.data["findings"] = None
        ctx.say("visit-record-voice-kept")
        return "photos"
    text = answers.text_of(ctx)
    if len(text) > MAX_FINDINGS_LENGTH:
        raise Reask("visit-record-too-long", limit=MAX_FINDINGS_LENGTH)
    ctx.data["findings"] = text
    return "photos"


# --- photos ---------------------------------------------------------------------------------
def _photo_count(ctx: Context) -> int:
    return sum(1 for kept in ctx.data.get("files", []) if kept.get("kind") != "voice")


async def ask_photos(ctx: Context) -> None:
    count = _photo_count(ctx)
    key = "visit-record-photos-more" if count else "visit-record-photos"
    button = "button-visit-photos-done" if count else "button-skip"
    ctx.ask(ctx.t(key, count=count), buttons=[[(ctx.t(button), "photos", "done")]])


async def read_photos(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "photos":
        return "location"
    if ctx.event.kind != EventKind.FILE or ctx.event.file is None:
        raise Reask("visit-record-photo-expected")
    if ctx.event.file.kind != "photo":
        raise Reask("visit-record-photo-expected")
    if _photo_count(ctx) >= MAX_PHOTOS:
        raise Reask("visit-record-photos-full", limit=MAX_PHOTOS)
    ctx.data["files"] = [*ctx.data.get("files", []), answers.attachment_of(ctx)]
    return "photos"


# --- where ----------------------------------------------------------------------------------
async def ask_location(ctx: Context) -> None:
    ctx.ask(ctx.t("visit-record-location"), buttons=[[(ctx.t("button-skip"), "location", "skip")]])


async def read_location(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "location":
        ctx.data["location"] = None
        return "confirm"
    event = ctx.event
    if event.kind != EventKind.LOCATION or event.latitude is None or event.longitude is None:
        raise Reask("visit-record-location-expected")
    ctx.data["location"] = [event.latitude, event.longitude]
    return "confirm"


# --- the summary, and sending --------------------------------------------------------------
async def ask_confirm(ctx: Context) -> None:
    data = ctx.data
    voice = any(kept.get("kind") == "voice" for kept in data.get("files", []))
    location = data.get("location")
    text = ctx.t(
        "visit-record-summary", ticket=data["ticket"], household=data["household"],
        day=format_day(ctx.language, date.fromisoformat(data["visited_on"])), name=data["met"],
        text=data.get("findings") or (ctx.t("visit-record-findings-voice") if voice else "-"),
        count=_photo_count(ctx),
        location=f"{location[0]:.5f}, {location[1]:.5f}" if location else ctx.t("visit-record-no-location"),
    )  # fmt: skip
    ctx.ask(
        text,
        buttons=[[(ctx.t("button-visit-send"), "confirm", "send")],
                 [(ctx.t("button-visit-discard"), "confirm", "discard")]],
    )  # fmt: skip


async def read_confirm(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or pressed[0] != "confirm":
        raise Reask("choose-a-button")
    if pressed[1] == "discard":
        ctx.say("visit-record-discarded", ticket=ctx.data["ticket"])
        return DONE
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # FacilitatorFlow checks before every step
    data = ctx.data
    location = data.get("location") or (None, None)
    record = VisitRecord(
        visited_on=date.fromisoformat(data["visited_on"]), met=data["met"],
        findings=data.get("findings"), latitude=location[0], longitude=location[1],
        files=answers.attachment_files(ctx),
    )  # fmt: skip
    try:
        await record_visit(ctx.session, int(data["visit_id"]), facilitator, record, ctx.now)
    except NotFound:
        ctx.say("facilitator-visit-not-found")
        return DONE
    except (Conflict, InvalidInput):
        # Called off by the office meanwhile, or recorded from another chat.
        ctx.say("facilitator-visit-closed")
        return DONE
    ctx.say("visit-record-sent", ticket=data["ticket"], household=data["household"])
    return DONE


FACILITATOR_VISIT = FacilitatorVisitFlow(
    (
        Step("day", ask_day, read_day, ("met",), "help-visit-record-day"),
        Step("met", ask_met, read_met, ("findings",), "help-visit-record-met"),
        Step("findings", ask_findings, read_findings, ("photos",), "help-visit-record-findings"),
        Step("photos", ask_photos, read_photos, ("photos", "location"), "help-visit-record-photos"),
        Step("location", ask_location, read_location, ("confirm",), "help-visit-record-location"),
        Step("confirm", ask_confirm, read_confirm, (DONE,), "help-visit-record-confirm"),
    )
)
