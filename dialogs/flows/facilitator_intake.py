"""Assisted filing: the intake, asked of a facilitator sitting with a household.

The same questions as the citizen's intake (readers are shared with intake.py),
worded for the facilitator ("NIK rumah tangga"), with the household's consent
confirmed as given in person, how the household will hear of the complaint, and
the date of the visit. The complaint waits for a supervisor (pending_approval).
Every step is one row of STEPS; facilitator_intake.mmd draws the same machine.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from backend.citizens.models import Channel
from backend.citizens.validators import parse_phone
from backend.clock import local_date
from backend.complaints.repository import get_category_by_code
from backend.errors import InvalidInput
from backend.facilitators.filing import HouseholdAnswers, check_visit_date, file_for_household
from backend.facilitators.models import HouseholdReach
from backend.regions.repository import get_kecamatan, get_kelurahan
from dialogs import answers
from dialogs.context import Context, Reask, global_payload
from dialogs.events import Button, Reply
from dialogs.flows import intake
from dialogs.flows.base import DONE, SUMMARY, Step
from dialogs.flows.facilitator_menu import (
    CASE,
    FacilitatorFlow,
    current_facilitator,
    household_link_text,
    kelurahan_name,
)
from dialogs.flows.intake_submit import _store_attachments
from dialogs.i18n import format_day

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
    ctx.ask(ctx.t("assisted-nik"), buttons=[[(ctx.t("button-no-nik"), "no_nik", "")]])


async def ask_kk(ctx: Context) -> None:
    ctx.ask(ctx.t("assisted-kk"), buttons=[[(ctx.t("button-skip"), "skip", "")]])


async def ask_phone(ctx: Context) -> None:
    # No "share my number" button: it would send the facilitator's own number.
    ctx.ask(ctx.t("assisted-phone"), buttons=[[(ctx.t("button-assisted-no-phone"), "skip", "")]])


async def read_phone(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "skip":
        ctx.data["phone"] = None
    else:
        phone = answers.parsed(ctx, parse_phone, answers.text_of(ctx))
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
    village = await get_kelurahan(ctx.session, pressed[1]) if pressed[0] == "kel" else None
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
async def ask_reach(ctx: Context) -> None:
    ctx.ask(
        ctx.t("assisted-reach"),
        buttons=[
            [(ctx.t(f"button-reach-{reach.value}"), "reach", reach.value)]
            for reach in HouseholdReach
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
    ctx.ask(ctx.t("assisted-visit"), buttons=rows)


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
        visit = parse_visit_day(answers.text_of(ctx), today)
        if visit is None:
            raise Reask("assisted-visit-invalid")
    try:
        check_visit_date(visit, ctx.now)
    except InvalidInput:
        raise Reask("assisted-visit-out-of-range", days=60) from None
    ctx.data["visit_on"] = visit.isoformat()
    return SUMMARY


# --- summary and submission ------------------------------------------------------------------
REQUIRED_ANSWERS = (
    ("full_name", "full_name"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"),
    ("address", "address"), ("category", "category"), ("description", "description"),
    ("reach", "reach"), ("visit_on", "visit"),
)  # fmt: skip
# The summary's change buttons: the place is changed from the first place question.
EDITABLE = ("full_name", "nik", "kk", "phone", "area", "address", "category", "description",
            "attachments", "reach", "visit")  # fmt: skip


async def summary_text(ctx: Context) -> str:
    """Every answer under its label, in the facilitator's language."""
    data = ctx.data
    nik = answers.unseal(ctx, data.get("nik"))
    kk = answers.unseal(ctx, data.get("kk"))
    kecamatan = await get_kecamatan(ctx.session, data.get("kecamatan") or "")
    kelurahan = await get_kelurahan(ctx.session, data.get("kelurahan") or "")
    category = await get_category_by_code(ctx.session, data.get("category") or "")
    visit = date.fromisoformat(data["visit_on"]) if data.get("visit_on") else None
    rows = [
        ("label-full-name", data.get("full_name") or "-"),
        ("label-nik", nik or ctx.t("value-no-nik")),
        ("label-kk", kk or ctx.t("value-none")),
        ("label-phone", data.get("phone") or ctx.t("value-none")),
        ("label-kecamatan", kecamatan.name if kecamatan else "-"),
        ("label-kelurahan", kelurahan.name if kelurahan else "-"),
        ("label-address", data.get("address") or "-"),
        (
            "label-category",
            (category.name_en if ctx.language == "en" else category.name_id) if category else "-",
        ),
        ("label-attachments", str(len(data.get("files", [])))),
        ("label-reach", ctx.t(f"reach-{data['reach']}") if data.get("reach") else "-"),
        ("label-visit", format_day(ctx.language, visit)),
    ]
    lines = [ctx.t("assisted-summary"), *(f"{ctx.t(label)}: {value}" for label, value in rows)]
    return "\n".join([*lines, "", ctx.t("assisted-summary-confirm")])


async def ask_summary(ctx: Context) -> None:
    missing = next((step for key, step in REQUIRED_ANSWERS if not ctx.data.get(key)), None)
    if missing is None and not (ctx.data.get("nik") or ctx.data.get("no_nik")):
        missing = "nik"
    if missing is not None:
        ctx.data["_editing"] = True
        ctx.step = missing
        await STEPS_BY_NAME[missing].ask(ctx)
        return
    ctx.say_text(ctx.t("intake-summary-description") + "\n\n" + ctx.data.get("description", ""))
    edit_buttons = [
        ("✏️ " + ctx.t(STEPS_BY_NAME[name].summary_label or ""), "edit", name)
        for name in EDITABLE
        if not (name == "category" and ctx.data.get("no_nik"))
    ]
    ctx.ask(
        await summary_text(ctx),
        buttons=[[(ctx.t("button-assisted-submit"), "submit", "")],
                 *intake._pair_rows(edit_buttons),
                 [(ctx.t("button-cancel"), "cancel", "")]],
    )  # fmt: skip


async def read_summary(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None:
        raise Reask("choose-a-button")
    action, argument = pressed
    if action == "edit":
        await ASSISTED.edit(ctx, argument)
        return ctx.step or SUMMARY
    if action == "cancel":
        ctx.say("cancelled")
        ctx.finish()
        return DONE
    if action != "submit":
        raise Reask("choose-a-button")
    await submit(ctx)
    return DONE


async def submit(ctx: Context) -> None:
    """Files the household's complaint; tells the ticket and, if asked for, the household's link."""
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None
    data = ctx.data
    category = await get_category_by_code(ctx.session, data["category"])
    assert category is not None, "the category step only accepts existing categories"
    valid_for = timedelta(days=ctx.services.household_link_days)
    result = await file_for_household(
        ctx.session, ctx.services.vault, facilitator,
        HouseholdAnswers(
            full_name=data["full_name"], nik=answers.unseal(ctx, data.get("nik")),
            kk=answers.unseal(ctx, data.get("kk")), phone=data.get("phone"),
            kelurahan_code=data["kelurahan"], address=data["address"], category=category,
            description=data["description"], reach=HouseholdReach(data["reach"]),
            visit_on=date.fromisoformat(data["visit_on"]),
            nik_outside_city=bool(data.get("nik_outside")),
        ),
        channel=Channel(ctx.event.channel), link_valid_for=valid_for, now=ctx.now,
    )  # fmt: skip
    complaint = result.complaint
    _store_attachments(ctx, complaint.id, data.get("files", []), message_id=None)
    ctx.replies.append(
        Reply(
            ctx.t("assisted-filed", ticket=complaint.ticket, household=data["full_name"],
                  status=ctx.t(f"status-{complaint.status.value}")),
            buttons=((Button(ctx.t("button-see-case"), global_payload(CASE, complaint.ticket)),),),
        )
    )  # fmt: skip
    if result.household_payload:
        ctx.say_text(household_link_text(ctx, result.household_payload, valid_for))
    ctx.finish()


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
    Step(SUMMARY, ask_summary, read_summary, (DONE,), "help-assisted-summary"),
)  # fmt: skip

STEPS_BY_NAME = {step.name: step for step in STEPS}


class AssistedIntakeFlow(FacilitatorFlow):
    """A facilitator's filing for a household, from consent in person to pending approval."""

    name = "facilitator_intake"


ASSISTED = AssistedIntakeFlow(STEPS)
