"""Filing a complaint (/lapor): consent, the person, the place, the problem, a summary.

Every step is one row of STEPS at the bottom: its prompt, its reader and where
it may lead. intake.mmd beside this file draws the same machine.
"""

from __future__ import annotations

from backend.citizens.validators import parse_kk, parse_name, parse_nik, parse_phone
from backend.complaints.repository import get_category_by_code, list_active_categories
from backend.regions.repository import get_kecamatan, get_kelurahan, list_kecamatan, list_kelurahan
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.events import EventKind, Reply
from dialogs.flows.base import DONE, SUMMARY, Step, StepFlow
from dialogs.flows.intake_submit import add_to_existing, find_duplicate, submit_complaint

KELURAHAN_PER_PAGE = 8
NO_NIK_CATEGORY = "civil_documents"


def _pair_rows(items: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    return [items[index : index + 2] for index in range(0, len(items), 2)]


# --- consent and the person -----------------------------------------------------
async def ask_consent(ctx: Context) -> None:
    ctx.ask(
        ctx.t("intake-consent"),
        buttons=[[(ctx.t("button-consent-yes"), "consent", "yes")],
                 [(ctx.t("button-consent-no"), "consent", "no")]],
    )  # fmt: skip


async def read_consent(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is None:
        raise Reask("choose-a-button")
    if pressed[1] != "yes":
        # Without consent nothing personal is stored: end here and say where else to go.
        ctx.say("intake-consent-declined")
        ctx.finish()
        return DONE
    ctx.data["consent"] = True
    return "for_whom"


async def ask_for_whom(ctx: Context) -> None:
    ctx.ask(
        ctx.t("intake-for-whom"),
        buttons=[[(ctx.t("button-for-self"), "for", "self")],
                 [(ctx.t("button-for-member"), "for", "household_member")]],
    )  # fmt: skip


async def read_for_whom(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is None or pressed[1] not in ("self", "household_member"):
        raise Reask("choose-a-button")
    ctx.data["for_whom"] = pressed[1]
    return "full_name"


async def ask_full_name(ctx: Context) -> None:
    member = ctx.data.get("for_whom") == "household_member"
    ctx.ask(ctx.t("intake-full-name-member" if member else "intake-full-name"))


async def read_full_name(ctx: Context) -> str:
    ctx.data["full_name"] = answers.parsed(ctx, parse_name, answers.text_of(ctx))
    return "nik"


async def ask_nik(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-nik"), buttons=[[(ctx.t("button-no-nik"), "no_nik", "")]])


async def read_nik(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "no_nik":
        ctx.data.update(nik=None, no_nik=True, nik_outside=False, category=NO_NIK_CATEGORY)
        ctx.say("intake-no-nik-noted")
        return "kk"
    nik = answers.parsed(ctx, parse_nik, answers.text_of(ctx))
    ctx.data.update(nik=answers.seal(ctx, nik.value), no_nik=False)
    ctx.data["nik_outside"] = not nik.issued_in_kota_bogor
    if not nik.issued_in_kota_bogor:
        ctx.say("intake-nik-outside-city")
    return "kk"


async def ask_kk(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-kk"), buttons=[[(ctx.t("button-skip"), "skip", "")]])


async def read_kk(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "skip":
        ctx.data["kk"] = None
    else:
        ctx.data["kk"] = answers.seal(ctx, answers.parsed(ctx, parse_kk, answers.text_of(ctx)))
    return "phone"


async def ask_phone(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-phone"), request_contact=ctx.t("button-share-phone"))


async def read_phone(ctx: Context) -> str:
    event = ctx.event
    typed = event.phone if event.kind == EventKind.CONTACT else answers.text_of(ctx)
    ctx.data["phone"] = answers.parsed(ctx, parse_phone, typed or "")
    # The contact keyboard has done its job; take it away before the next question.
    ctx.replies.append(
        Reply(ctx.t("intake-phone-noted", phone=ctx.data["phone"]), remove_keyboard=True)
    )
    return "kecamatan"


# --- the place ------------------------------------------------------------------
async def ask_kecamatan(ctx: Context) -> None:
    districts = await list_kecamatan(ctx.session)
    ctx.ask(
        ctx.t("intake-kecamatan"),
        buttons=_pair_rows([(item.name, "kec", item.code) for item in districts]),
    )


async def read_kecamatan(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or await get_kecamatan(ctx.session, pressed[1]) is None:
        raise Reask("choose-a-button")
    if ctx.data.get("kecamatan") != pressed[1]:
        ctx.data.update(kecamatan=pressed[1], kelurahan=None, _kel_page=0)
    return "kelurahan"


async def ask_kelurahan(ctx: Context) -> None:
    villages = await list_kelurahan(ctx.session, ctx.data.get("kecamatan", ""))
    pages = max(1, -(-len(villages) // KELURAHAN_PER_PAGE))
    page = min(int(ctx.data.get("_kel_page", 0)), pages - 1)
    shown = villages[page * KELURAHAN_PER_PAGE : (page + 1) * KELURAHAN_PER_PAGE]
    rows = _pair_rows([(item.name, "kel", item.code) for item in shown])
    navigation = []
    if page > 0:
        navigation.append((ctx.t("button-previous"), "page", str(page - 1)))
    if page < pages - 1:
        navigation.append((ctx.t("button-next"), "page", str(page + 1)))
    if navigation:
        rows.append(navigation)
    rows.append([(ctx.t("button-other-kecamatan"), "other_kec", "")])
    ctx.ask(ctx.t("intake-kelurahan", page=page + 1, pages=pages), buttons=rows)


async def read_kelurahan(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None:
        raise Reask("choose-a-button")
    action, argument = pressed
    if action == "page" and argument.isascii() and argument.isdigit():
        ctx.data["_kel_page"] = int(argument)
        return "kelurahan"
    if action == "other_kec":
        return "kecamatan"
    village = await get_kelurahan(ctx.session, argument) if action == "kel" else None
    if village is None or village.kecamatan_code != ctx.data.get("kecamatan"):
        raise Reask("choose-a-button")
    ctx.data["kelurahan"] = village.code
    return "address"


async def ask_address(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-address"))


async def read_address(ctx: Context) -> str:
    ctx.data["address"] = answers.address(ctx)
    return "description" if ctx.data.get("no_nik") else "category"


# --- the problem ------------------------------------------------------------------
async def ask_category(ctx: Context) -> None:
    categories = await list_active_categories(ctx.session)
    name = "name_en" if ctx.language == "en" else "name_id"
    ctx.ask(
        ctx.t("intake-category"),
        buttons=[[(getattr(item, name), "cat", item.code)] for item in categories],
    )


async def read_category(ctx: Context) -> str:
    pressed = ctx.pressed()
    category = await get_category_by_code(ctx.session, pressed[1]) if pressed else None
    if category is None or not category.is_active:
        raise Reask("choose-a-button")
    ctx.data["category"] = category.code
    return "description"


async def ask_description(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-description"))


async def read_description(ctx: Context) -> str:
    ctx.data["description"] = answers.sentence(ctx)
    return "attachments"


async def ask_attachments(ctx: Context) -> None:
    count = len(ctx.data.get("files", []))
    done = "button-attachments-done" if count else "button-skip"
    ctx.ask(
        ctx.t("intake-attachments", count=count, limit=ctx.services.max_attachments),
        buttons=[[(ctx.t(done), "files_done", "")]],
    )


async def read_attachments(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "files_done":
        return SUMMARY
    files = ctx.data.setdefault("files", [])
    if len(files) >= ctx.services.max_attachments:
        raise Reask("attachments-full", limit=ctx.services.max_attachments)
    files.append(answers.attachment_of(ctx))
    return "attachments"


# --- summary and submission ------------------------------------------------------
# Answers a complaint cannot be sent without, and the step that asks each one.
REQUIRED_ANSWERS = (
    ("for_whom", "for_whom"), ("full_name", "full_name"), ("phone", "phone"),
    ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"), ("address", "address"),
    ("category", "category"), ("description", "description"),
)  # fmt: skip


async def ask_summary(ctx: Context) -> None:
    from dialogs.flows.intake_summary import summary_text

    # An edit left half done (another kecamatan, then /kembali) leaves a gap: fill it first.
    missing = next((step for key, step in REQUIRED_ANSWERS if not ctx.data.get(key)), None)
    if missing is None and not (ctx.data.get("nik") or ctx.data.get("no_nik")):
        missing = "nik"
    if missing is not None:
        ctx.data["_editing"] = True
        ctx.step = missing
        await STEPS_BY_NAME[missing].ask(ctx)
        return
    description = ctx.data.get("description", "")
    ctx.say_text(ctx.t("intake-summary-description") + "\n\n" + description)
    edit_buttons = [
        ("✏️ " + ctx.t(step.summary_label), "edit", step.name)
        for step in STEPS
        if step.summary_label and not (step.name == "category" and ctx.data.get("no_nik"))
    ]
    ctx.ask(
        await summary_text(ctx),
        buttons=[[(ctx.t("button-submit"), "submit", "")], *_pair_rows(edit_buttons),
                 [(ctx.t("button-cancel"), "cancel", "")]],
    )  # fmt: skip


async def read_summary(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None:
        raise Reask("choose-a-button")
    action, argument = pressed
    if action == "edit":
        await INTAKE.edit(ctx, argument)
        return ctx.step or SUMMARY
    if action == "cancel":
        ctx.say("cancelled")
        ctx.finish()
        return DONE
    if action != "submit":
        raise Reask("choose-a-button")
    duplicate = await find_duplicate(ctx)
    if duplicate is not None:
        ctx.data["duplicate_ticket"] = duplicate.ticket
        return "duplicate"
    await submit_complaint(ctx)
    return DONE


async def ask_duplicate(ctx: Context) -> None:
    ctx.ask(
        ctx.t("intake-duplicate", ticket=ctx.data.get("duplicate_ticket", "")),
        buttons=[[(ctx.t("button-add-to-existing"), "dup", "add")],
                 [(ctx.t("button-file-new"), "dup", "new")],
                 [(ctx.t("button-cancel"), "dup", "cancel")]],
    )  # fmt: skip


async def read_duplicate(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None:
        raise Reask("choose-a-button")
    if pressed[1] == "add":
        await add_to_existing(ctx, ctx.data["duplicate_ticket"])
    elif pressed[1] == "new":
        await submit_complaint(ctx)
    else:
        ctx.say("cancelled")
        ctx.finish()
    return DONE


STEPS: tuple[Step, ...] = (
    Step("consent", ask_consent, read_consent, (DONE, "for_whom"), "help-consent"),
    Step("for_whom", ask_for_whom, read_for_whom, ("full_name",), "help-for-whom", "label-for-whom"),
    Step("full_name", ask_full_name, read_full_name, ("nik",), "help-full-name", "label-full-name"),
    Step("nik", ask_nik, read_nik, ("kk",), "help-nik", "label-nik"),
    Step("kk", ask_kk, read_kk, ("phone",), "help-kk", "label-kk"),
    Step("phone", ask_phone, read_phone, ("kecamatan",), "help-phone", "label-phone"),
    Step("kecamatan", ask_kecamatan, read_kecamatan, ("kelurahan",), "help-kecamatan",
         "label-kecamatan", edit_returns_to_summary=False),
    Step("kelurahan", ask_kelurahan, read_kelurahan, ("kelurahan", "kecamatan", "address"),
         "help-kelurahan", "label-kelurahan"),
    Step("address", ask_address, read_address, ("category", "description"), "help-address",
         "label-address"),
    Step("category", ask_category, read_category, ("description",), "help-category",
         "label-category"),
    Step("description", ask_description, read_description, ("attachments",),
         "help-description", "label-description"),
    Step("attachments", ask_attachments, read_attachments, ("attachments", SUMMARY),
         "help-attachments", "label-attachments"),
    Step(SUMMARY, ask_summary, read_summary, (DONE, "duplicate"), "help-summary"),
    Step("duplicate", ask_duplicate, read_duplicate, (DONE,), "help-duplicate"),
)  # fmt: skip


STEPS_BY_NAME = {step.name: step for step in STEPS}


class IntakeFlow(StepFlow):
    """The citizen's complaint, from consent to ticket."""

    name = "intake"


INTAKE = IntakeFlow(STEPS)
