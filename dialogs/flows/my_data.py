"""One's own data (/dataku): proven by the NIK's last four digits as /status does, then what
the office holds (NIK and KK masked), the complaints, how the data was processed (roles,
never names), and a request to correct something (UU 27/2022 arts. 5-7).

Only the people of this chat can be asked about: the chat's own person and those of
the complaints filed from it. Someone else's data is never reachable by a ticket.
"""

from __future__ import annotations

from backend.citizens.models import Channel, Citizen
from backend.clock import local_date
from backend.errors import InvalidInput
from backend.privacy.corrections import (
    IDENTITY_FIELDS,
    CorrectionField,
    check_value,
    request_correction,
)
from backend.privacy.held_data import HeldData, held_about
from backend.privacy.processing_log import ProcessingEntry, processing_log, shown_to_the_person
from backend.privacy.repository import people_of_chat
from backend.regions.repository import get_kelurahan
from backend.security.identity_numbers import mask_identity_number
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.flows import intake
from dialogs.flows.base import DONE, Step, StepFlow, pair_rows
from dialogs.flows.facilitator_menu import format_moment
from dialogs.flows.menu import show_menu
from dialogs.flows.nik_proof import Proof, check_nik_digits, proof_blocked, proof_closed
from dialogs.i18n import format_day, has_message, normalise_language

# Enough to see what happened lately; the rest is counted ("dan 12 lainnya").
LOG_SHOWN = 8
# The question asked for each field's corrected value.
VALUE_PROMPTS = {
    CorrectionField.FULL_NAME: "dataku-value-full_name",
    CorrectionField.PHONE: "dataku-value-phone",
    CorrectionField.ADDRESS: "dataku-value-address",
    CorrectionField.NIK: "dataku-value-nik",
    CorrectionField.KK: "dataku-value-kk",
    CorrectionField.OTHER: "dataku-value-other",
}


class MyDataFlow(StepFlow):
    """Proof first; then the data, its processing, and corrections."""

    name = "my_data"

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Asks whose data (when the chat filed for several people), then for the NIK digits."""
        ctx.enter(self.name, "pick")
        ctx.data["_history"] = []
        people = await _people(ctx)
        if not people:
            ctx.say("dataku-none")
            ctx.finish()
        elif proof_blocked(ctx):
            ctx.say("dataku-locked")
            ctx.finish()
        elif len(people) == 1:
            citizen_id, ticket = people[0]
            if await _chosen(ctx, citizen_id, ticket) == DONE:
                ctx.finish()
            else:
                ctx.step = "verify"
                await ask_verify(ctx)
        else:
            await ask_pick(ctx)


async def _people(ctx: Context) -> list[tuple[int, str]]:
    return await people_of_chat(ctx.session, Channel(ctx.event.channel), ctx.event.chat_id)


async def _chosen(ctx: Context, citizen_id: int, ticket: str) -> str:
    """The person to prove; without a NIK there is nothing to prove in chat."""
    citizen = await ctx.session.get_one(Citizen, citizen_id)
    if citizen.nik_ciphertext is None:
        ctx.say("dataku-no-nik", ticket=ticket)
        return DONE
    if await proof_closed(ctx, ticket):
        ctx.say("dataku-locked")
        return DONE
    ctx.data.update(citizen_id=citizen_id, ticket=ticket)
    return "verify"


# --- proof ----------------------------------------------------------------------------------
async def ask_pick(ctx: Context) -> None:
    people = await _people(ctx)
    ctx.ask(ctx.t("dataku-pick"), buttons=[[(ticket, "person", ticket)] for _, ticket in people])


async def read_pick(ctx: Context) -> str:
    pressed = ctx.pressed()
    by_ticket = {ticket: citizen_id for citizen_id, ticket in await _people(ctx)}
    if pressed is None or pressed[0] != "person" or pressed[1] not in by_ticket:
        raise Reask("choose-a-button")
    return await _chosen(ctx, by_ticket[pressed[1]], pressed[1])


async def ask_verify(ctx: Context) -> None:
    ctx.ask(ctx.t("dataku-verify", ticket=ctx.data.get("ticket", "")))


async def read_verify(ctx: Context) -> str:
    proof = await check_nik_digits(
        ctx, ctx.data.get("ticket", ""), ctx.data.get("citizen_id"), answers.text_of(ctx)
    )
    if proof == Proof.PROVEN:
        ctx.data["proven"] = True
        await show_held_data(ctx)
        return "overview"
    if proof in (Proof.BLOCKED, Proof.LOCKED):
        ctx.say("dataku-verify-failed" if proof == Proof.BLOCKED else "dataku-locked")
        return DONE
    raise Reask("status-verify-wrong")


# --- what is held, and how it was processed ---------------------------------------------------
async def show_held_data(ctx: Context) -> None:
    """The record, the complaints and the processing log (one message where they fit)."""
    citizen_id = int(ctx.data["citizen_id"])
    held = await held_about(ctx.session, ctx.services.vault, citizen_id)
    ctx.say_text(_record_text(ctx, held))
    ctx.say_text(_complaints_text(ctx, held))
    entries = shown_to_the_person(await processing_log(ctx.session, citizen_id))
    ctx.say_text(_log_text(ctx, entries))


def _record_text(ctx: Context, held: HeldData) -> str:
    citizen = held.citizen
    none = ctx.t("value-none")
    place = (
        f"{held.kelurahan.name}, {held.kecamatan.name}"
        if held.kelurahan and held.kecamatan
        else none
    )
    if citizen.consent_at is None:
        consent = ctx.t("dataku-consent-none")
    else:
        method_key = "dataku-consent-" + (citizen.consent_method or "other").replace(":", "-")
        method = ctx.t(
            method_key if has_message(ctx.language, method_key) else "dataku-consent-other"
        )
        consent = ctx.t("dataku-consent", when=format_moment(ctx.language, citizen.consent_at),
                        method=method)  # fmt: skip
    language = ctx.t(f"dataku-language-{normalise_language(citizen.language)}")
    return ctx.t(
        "dataku-held", name=citizen.full_name, nik=held.nik_masked or none,
        kk=held.kk_masked or none, phone=citizen.phone or none, kelurahan=place,
        address=citizen.address or none, language_name=language, consent=consent,
    )  # fmt: skip


def _complaints_text(ctx: Context, held: HeldData) -> str:
    if not held.complaints:
        return ctx.t("dataku-complaints-none")
    lines = [ctx.t("dataku-complaints")]
    for item in held.complaints:
        complaint = item.complaint
        lines.append(
            ctx.t(
                "dataku-complaint-item", ticket=complaint.ticket,
                category=item.category.name_en if ctx.language == "en" else item.category.name_id,
                status=ctx.t(f"status-{complaint.status.value}"),
                filed=format_day(ctx.language, local_date(complaint.created_at)),
                updated=format_day(ctx.language, local_date(item.updated_at)),
            )
        )  # fmt: skip
    return "\n".join(lines)


def _log_text(ctx: Context, entries: list[ProcessingEntry]) -> str:
    if not entries:
        return ctx.t("dataku-log-none")
    lines = [ctx.t("dataku-log")]
    for entry in entries[:LOG_SHOWN]:
        role_key = f"dataku-role-{entry.role}"
        role = ctx.t(role_key if has_message(ctx.language, role_key) else "dataku-role-other")
        when = format_moment(ctx.language, entry.at)
        action = _action_text(ctx, entry)
        if entry.ticket:
            lines.append(ctx.t("dataku-log-item-ticket", when=when, role=role, action=action,
                               ticket=entry.ticket))  # fmt: skip
        else:
            lines.append(ctx.t("dataku-log-item", when=when, role=role, action=action))
    if len(entries) > LOG_SHOWN:
        lines.append(ctx.t("dataku-log-more", count=len(entries) - LOG_SHOWN))
    return "\n".join(lines)


def _action_text(ctx: Context, entry: ProcessingEntry) -> str:
    if entry.is_status_change:
        return ctx.t("dataku-action-status", status=ctx.t(f"status-{entry.to_status}"))
    key = "dataku-action-" + entry.action.partition(".")[2]
    return ctx.t(key if has_message(ctx.language, key) else "dataku-action-other")


async def ask_overview(ctx: Context) -> None:
    # The proof is not a step to go back to.
    ctx.data["_history"] = []
    ctx.ask(
        ctx.t("dataku-what-next"),
        buttons=[[(ctx.t("button-dataku-correct"), "correct", "")],
                 [(ctx.t("button-back-to-menu"), "menu", "")]],
    )  # fmt: skip


async def read_overview(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or pressed[0] not in ("correct", "menu"):
        raise Reask("choose-a-button")
    if pressed[0] == "menu":
        ctx.finish()
        await show_menu(ctx)
        return DONE
    return "field"


# --- a correction -------------------------------------------------------------------------
def _field_label(ctx: Context, field: str) -> str:
    return ctx.t(f"dataku-field-{field}")


async def ask_field(ctx: Context) -> None:
    buttons = pair_rows([(_field_label(ctx, field), "field", field) for field in CorrectionField])
    ctx.ask(ctx.t("dataku-field"), buttons=[*buttons, [(ctx.t("button-cancel"), "cancel", "")]])


async def read_field(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is not None and pressed[0] == "cancel":
        ctx.say("dataku-cancelled")
        return DONE
    if pressed is None or pressed[0] != "field" or pressed[1] not in set(CorrectionField):
        raise Reask("choose-a-button")
    ctx.data.update(field=pressed[1], value=None, kelurahan=None)
    return "kecamatan" if pressed[1] == CorrectionField.KELURAHAN else "value"


async def read_kelurahan(ctx: Context) -> str:
    # The intake's kelurahan list, ending here at the confirmation instead of the address.
    dest = await intake.read_kelurahan(ctx)
    return "confirm" if dest == "address" else dest


async def ask_value(ctx: Context) -> None:
    ctx.ask(ctx.t(VALUE_PROMPTS[CorrectionField(ctx.data.get("field", "other"))]))


async def read_value(ctx: Context) -> str:
    field = CorrectionField(ctx.data.get("field", "other"))
    # An address must read as one here too (the same rule as the intake's).
    typed = answers.address_of(ctx) if field == CorrectionField.ADDRESS else answers.text_of(ctx)
    try:
        value = await check_value(ctx.session, field, typed)
    except InvalidInput as problem:
        raise Reask(problem.key or "expected-text", **problem.params) from None
    # A NIK or KK is kept sealed in the conversation's row until it is sent.
    ctx.data["value"] = answers.seal(ctx, value) if field in IDENTITY_FIELDS else value
    return "confirm"


def _value(ctx: Context, field: CorrectionField) -> str:
    """The value as it will be sent (NIK and KK unsealed, a kelurahan by its code)."""
    if field == CorrectionField.KELURAHAN:
        return str(ctx.data.get("kelurahan") or "")
    if field in IDENTITY_FIELDS:
        return answers.unseal(ctx, ctx.data.get("value")) or ""
    return str(ctx.data.get("value") or "")


async def ask_confirm(ctx: Context) -> None:
    field = CorrectionField(ctx.data.get("field", "other"))
    shown = _value(ctx, field)
    if field in IDENTITY_FIELDS:
        shown = mask_identity_number(shown)
    elif field == CorrectionField.KELURAHAN and (
        village := await get_kelurahan(ctx.session, shown)
    ):
        shown = village.name
    ctx.ask(
        ctx.t("dataku-confirm", field=_field_label(ctx, field), value=shown),
        buttons=[[(ctx.t("button-dataku-send"), "send", "")],
                 [(ctx.t("button-dataku-change"), "change", "")],
                 [(ctx.t("button-cancel"), "cancel", "")]],
    )  # fmt: skip


async def read_confirm(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or pressed[0] not in ("send", "change", "cancel"):
        raise Reask("choose-a-button")
    if pressed[0] == "change":
        return "field"
    if pressed[0] == "cancel" or not ctx.data.get("proven"):
        ctx.say("dataku-cancelled")
        return DONE
    field = CorrectionField(ctx.data.get("field", "other"))
    try:
        request = await request_correction(
            ctx.session, ctx.services.vault, citizen_id=int(ctx.data["citizen_id"]), field=field,
            value=_value(ctx, field), channel=Channel(ctx.event.channel),
            chat_id=ctx.event.chat_id, now=ctx.now,
        )  # fmt: skip
    except InvalidInput:
        # Checked when typed; only a kelurahan gone since could fail here.
        raise Reask("old-button") from None
    ctx.say(
        "dataku-requested", number=str(request.id), field=_field_label(ctx, field),
        due=format_day(ctx.language, request.due_on),
    )  # fmt: skip
    return DONE


MY_DATA = MyDataFlow(
    (
        Step("pick", ask_pick, read_pick, ("verify", DONE), "help-dataku-pick"),
        Step("verify", ask_verify, read_verify, ("overview", DONE), "help-dataku-verify"),
        Step("overview", ask_overview, read_overview, ("field", DONE), "help-dataku-overview"),
        Step("field", ask_field, read_field, ("kecamatan", "value", DONE), "help-dataku-field"),
        Step("kecamatan", intake.ask_kecamatan, intake.read_kecamatan, ("kelurahan",),
             "help-kecamatan"),
        Step("kelurahan", intake.ask_kelurahan, read_kelurahan,
             ("kelurahan", "kecamatan", "confirm"), "help-kelurahan"),
        Step("value", ask_value, read_value, ("confirm",), "help-dataku-value"),
        Step("confirm", ask_confirm, read_confirm, ("field", DONE), "help-dataku-confirm"),
    )
)  # fmt: skip
