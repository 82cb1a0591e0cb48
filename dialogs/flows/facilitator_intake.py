"""Assisted filing: the intake, asked of a facilitator sitting with a household.

The same questions as the citizen's intake (readers are shared with intake.py),
worded for the facilitator ("NIK rumah tangga"), with the household's consent
confirmed as given in person, how the household will hear of the complaint, and
the date of the visit. The summary and duplicate steps are the ones every intake
shares (base.IntakeStepFlow), set by FACILITATOR. The complaint waits for a
supervisor (pending_approval). Every step is one row of STEPS;
facilitator_intake.mmd draws the same machine.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from backend.casefiles.repository import get_category_by_code
from backend.citizens.models import Channel
from backend.clock import local_date
from backend.complaints import filing
from backend.complaints.assisted_filing import (
    HouseholdAnswers,
    check_visit_date,
    file_for_household,
)
from backend.complaints.filing import FilingOutcome, FilingResult, OnDuplicate
from backend.errors import InvalidInput
from backend.facilitators.models import HouseholdReach
from dialogs import answers
from dialogs.context import Context, Reask, global_payload
from dialogs.events import Button, Reply
from dialogs.flows import base, intake
from dialogs.flows.base import DONE, SUMMARY, Step
from dialogs.flows.facilitator_menu import (
    CASE,
    FacilitatorFlow,
    current_facilitator,
    household_link_text,
    kelurahan_name,
)
from dialogs.i18n import format_day
from dialogs.regions import regions

_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[./\-\s](\d{1,2})(?:[./\-\s](\d{2}|\d{4}))?\s*$")


# --- consent and the person -------------------------------------------------------------
async def ask_consent(ctx: Context) -> None:
    ctx.ask(
        ctx.t("assisted-consent"),
        buttons=[[(ctx.t("button-assisted-consent-yes"), "consent", "yes")],
                 [(ctx.t("button-assisted-consent-no"), "consent", "no")]],
    )  # fmt: skip


async def read_consent(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is None:
        raise Reask("choose-a-button")
    if pressed[1] != "yes":
        ctx.say("assisted-consent-declined")
        ctx.finish()
        return DONE
    ctx.data["consent"] = True
    return "full_name"


async def ask_full_name(ctx: Context) -> None:
    ctx.ask(ctx.t("assisted-full-name"))


async def ask_nik(ctx: Context) -> None:
    ctx.ask(
        ctx.t("assisted-nik"), buttons=[[(ctx.t("button-no-nik"), "no_nik", "")]], takes_text=True
    )


async def ask_kk(ctx: Context) -> None:
    ctx.ask(ctx.t("assisted-kk"), buttons=[[(ctx.t("button-skip"), "skip", "")]], takes_text=True)


async def ask_phone(ctx: Context) -> None:
    # No "share my number" button: it would send the facilitator's own number.
    ctx.ask(
        ctx.t("assisted-phone"),
        buttons=[[(ctx.t("button-assisted-no-phone"), "skip", "")]],
        takes_text=True,
    )


async def read_phone(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "skip":
        ctx.data["phone"] = None
        if ctx.data.get("reach") == HouseholdReach.PHONE:
            # Changed from the summary: the way by phone is gone, so the summary asks again.
            ctx.data["reach"] = None
    else:
        phone = answers.checked(filing.check_phone, answers.text_of(ctx))
        facilitator = await current_facilitator(ctx)
        if facilitator is not None and phone == facilitator.phone:
            # News for the household would then reach the facilitator as if it were the household.
            raise Reask("assisted-phone-is-yours")
        ctx.data["phone"] = phone
    return "area"


# --- the place ----------------------------------------------------------------------------
async def ask_area(ctx: Context) -> None:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # FacilitatorFlow checks before every step
    own = await kelurahan_name(ctx, facilitator.kelurahan_code)
    ctx.ask(
        ctx.t("assisted-area"),
        buttons=[[(own, "kel", facilitator.kelurahan_code)],
                 [(ctx.t("button-assisted-other-kelurahan"), "other", "")]],
    )  # fmt: skip


async def read_area(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None:
        raise Reask("choose-a-button")
    if pressed[0] == "other":
        # Cleared, so a summary reached half way asks the kecamatan and kelurahan first.
        ctx.data.update(kecamatan=None, kelurahan=None, _kel_page=0)
        return "kecamatan"
    village = (
        (await regions(ctx.session)).get_kelurahan(pressed[1]) if pressed[0] == "kel" else None
    )
    if village is None:
        raise Reask("choose-a-button")
    ctx.data.update(kecamatan=village.kecamatan_code, kelurahan=village.code)
    return "address"


# --- the problem ----------------------------------------------------------------------------
async def ask_description(ctx: Context) -> None:
    ctx.ask(ctx.t("assisted-description"))


async def read_attachments(ctx: Context) -> str:
    dest = await intake.read_attachments(ctx)
    return "reach" if dest == SUMMARY else dest


# --- reaching the household, and the visit ------------------------------------------------
def reaches_offered(ctx: Context) -> list[HouseholdReach]:
    """The ways news can reach this household: by phone only when its number was given."""
    return [
        reach for reach in HouseholdReach if reach != HouseholdReach.PHONE or ctx.data.get("phone")
    ]


async def ask_reach(ctx: Context) -> None:
    ctx.ask(
        ctx.t("assisted-reach"),
        buttons=[
            [(ctx.t(f"button-reach-{reach.value}"), "reach", reach.value)]
            for reach in reaches_offered(ctx)
        ],
    )


async def read_reach(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or pressed[1] not in {reach.value for reach in HouseholdReach}:
        raise Reask("choose-a-button")
    if pressed[1] == HouseholdReach.PHONE and not ctx.data.get("phone"):
        raise Reask("assisted-reach-needs-phone")
    ctx.data["reach"] = pressed[1]
    return "visit"


async def ask_visit(ctx: Context) -> None:
    today = local_date(ctx.now)
    yesterday = today - timedelta(days=1)
    rows = [
        [(ctx.t(key, day=format_day(ctx.language, day)), "day", day.isoformat())]
        for key, day in (("button-visit-today", today), ("button-visit-yesterday", yesterday))
    ]
    ctx.ask(ctx.t("assisted-visit"), buttons=rows, takes_text=True)


def parse_visit_day(text: str, today: date) -> date | None:
    """A typed date: 28-11-2026, 28/11/26, 28.11 (this year); None if it is not one."""
    match = _DAY_MONTH_YEAR.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), match[3]
    full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        return date(full_year, month, day)
    except ValueError:
        return None


async def read_visit(ctx: Context) -> str:
    today = local_date(ctx.now)
    if (pressed := ctx.pressed()) is not None and pressed[0] == "day":
        try:
            visit = date.fromisoformat(pressed[1])
        except ValueError:
            raise Reask("choose-a-button") from None
    else:
        typed = parse_visit_day(answers.text_of(ctx), today)
        if typed is None:
            raise Reask("assisted-visit-invalid")
        visit = typed
    try:
        check_visit_date(visit, ctx.now)
    except InvalidInput:
        raise Reask("assisted-visit-out-of-range", days=60) from None
    ctx.data["visit_on"] = visit.isoformat()
    return SUMMARY


# --- summary and submission ------------------------------------------------------------------
async def show_reach(ctx: Context) -> str:
    """How the household hears of the complaint, as the summary says it."""
    reach = ctx.data.get("reach")
    return ctx.t(f"reach-{reach}") if reach else "-"


async def show_visit(ctx: Context) -> str:
    """The day of the visit, as the summary says it."""
    visit = ctx.data.get("visit_on")
    return format_day(ctx.language, date.fromisoformat(visit) if visit else None)


# The facilitator's summary; the place is changed from the first place question (area).
FACILITATOR = base.Audience(
    heading="assisted-summary", confirm="assisted-summary-confirm",
    submit_button="button-assisted-submit", summary_help="help-assisted-summary",
    duplicate_help="help-assisted-duplicate",
    lines=(*base.ANSWER_LINES, base.SummaryLine("label-reach", show_reach),
           base.SummaryLine("label-visit", show_visit)),
    editable=("full_name", "nik", "kk", "phone", "area", "address", "category", "description",
              "attachments", "reach", "visit"),
    required=(("full_name", "full_name"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"),
              ("address", "address"), ("category", "category"), ("description", "description"),
              ("reach", "reach"), ("visit_on", "visit")),
)  # fmt: skip


async def send_household_filing(
    ctx: Context, on_duplicate: OnDuplicate, offered_ticket: str | None
) -> FilingOutcome:
    """Files the household's complaint; tells the ticket and, if asked for, the household's link."""
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # FacilitatorFlow checks before every step
    data = ctx.data
    category = await get_category_by_code(ctx.session, data["category"])
    assert category is not None, "the category step only accepts existing categories"
    person = answers.person_of(ctx)
    valid_for = timedelta(days=ctx.services.household_link_days)
    result = await file_for_household(
        ctx.session, ctx.services.vault, facilitator,
        HouseholdAnswers(
            full_name=person.full_name, nik=person.nik, kk=person.kk, phone=person.phone,
            kelurahan_code=data["kelurahan"], address=data["address"], category=category,
            description=data["description"], reach=HouseholdReach(data["reach"]),
            visit_on=date.fromisoformat(data["visit_on"]),
        ),
        channel=Channel(ctx.event.channel), link_valid_for=valid_for, chat_id=ctx.event.chat_id,
        chat_language=ctx.language, attachments=answers.attachment_files(ctx),
        on_duplicate=on_duplicate, offered_ticket=offered_ticket, now=ctx.now,
    )  # fmt: skip
    complaint = result.complaint
    if result.outcome.result == FilingResult.ADDED_TO_EXISTING:
        ctx.say("assisted-added-to-existing", ticket=complaint.ticket, household=person.full_name)
    elif result.outcome.result == FilingResult.FILED:
        ctx.replies.append(
            Reply(
                ctx.t("assisted-filed", ticket=complaint.ticket, household=person.full_name,
                      status=ctx.t(f"status-{complaint.status.value}")),
                buttons=((Button(ctx.t("button-see-case"), global_payload(CASE, complaint.ticket)),),),
            )
        )  # fmt: skip
        if result.household_payload:
            ctx.say_text(household_link_text(ctx, result.household_payload, valid_for))
    return result.outcome


STEPS: tuple[Step, ...] = (
    Step("consent", ask_consent, read_consent, (DONE, "full_name"), "help-assisted-consent"),
    Step("full_name", ask_full_name, intake.read_full_name, ("nik",), "help-assisted-full-name",
         "label-full-name"),
    Step("nik", ask_nik, intake.read_nik, ("kk",), "help-assisted-nik", "label-nik"),
    Step("kk", ask_kk, intake.read_kk, ("phone",), "help-kk", "label-kk"),
    Step("phone", ask_phone, read_phone, ("area",), "help-assisted-phone", "label-phone"),
    Step("area", ask_area, read_area, ("address", "kecamatan"), "help-assisted-area",
         "label-kelurahan"),
    Step("kecamatan", intake.ask_kecamatan, intake.read_kecamatan, ("kelurahan",), "help-kecamatan",
         "label-kecamatan", edit_returns_to_summary=False),
    Step("kelurahan", intake.ask_kelurahan, intake.read_kelurahan,
         ("kelurahan", "kecamatan", "address"), "help-kelurahan", "label-kelurahan"),
    Step("address", intake.ask_address, intake.read_address, ("category", "description"),
         "help-address", "label-address"),
    Step("category", intake.ask_category, intake.read_category, ("description",), "help-category",
         "label-category"),
    Step("description", ask_description, intake.read_description, ("attachments",),
         "help-assisted-description", "label-description"),
    Step("attachments", intake.ask_attachments, read_attachments, ("attachments", "reach"),
         "help-attachments", "label-attachments"),
    Step("reach", ask_reach, read_reach, ("visit",), "help-assisted-reach", "label-reach"),
    Step("visit", ask_visit, read_visit, (SUMMARY,), "help-assisted-visit", "label-visit"),
)  # fmt: skip


class AssistedIntakeFlow(FacilitatorFlow, base.IntakeStepFlow):
    """A facilitator's filing for a household, from consent in person to pending approval."""

    name = "facilitator_intake"

    async def send(
        self, ctx: Context, on_duplicate: OnDuplicate, offered_ticket: str | None
    ) -> FilingOutcome:
        """Files the household's complaint as the facilitator, and says what came of it."""
        return await send_household_filing(ctx, on_duplicate, offered_ticket)


ASSISTED = AssistedIntakeFlow(STEPS, FACILITATOR)
