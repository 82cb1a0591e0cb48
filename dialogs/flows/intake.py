"""Filing a complaint (/lapor): consent, the person, the place, the problem, a summary.

Every step is one row of STEPS at the bottom: its prompt, its reader and where
it may lead; the summary and duplicate steps are the ones every intake shares
(base.IntakeStepFlow), set by CITIZEN. intake.mmd beside this file draws the
same machine. The answers are checked by the filing service's own rules.
"""

from __future__ import annotations

from backend.casefiles.repository import get_category_by_code, list_active_categories
from backend.complaints import filing
from backend.complaints.filing import NO_NIK_CATEGORY
from backend.errors import InvalidInput
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.events import EventKind, Reply
from dialogs.flows.attachments import ask_attachments, read_attachments
from dialogs.flows.base import (
    ANSWER_LINES,
    DONE,
    SUMMARY,
    Audience,
    IntakeStepFlow,
    Step,
    SummaryLine,
    pair_rows,
)
from dialogs.flows.intake_submit import send_citizen_filing
from dialogs.i18n import translate
from dialogs.regions import regions

KELURAHAN_PER_PAGE = 8


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
    ctx.data["full_name"] = answers.checked(filing.check_full_name, answers.text_of(ctx))
    return "nik"


async def ask_nik(ctx: Context) -> None:
    ctx.ask(
        ctx.t("intake-nik"), buttons=[[(ctx.t("button-no-nik"), "no_nik", "")]], takes_text=True
    )


async def read_nik(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "no_nik":
        ctx.data.update(nik=None, no_nik=True, nik_outside=False, category=NO_NIK_CATEGORY)
        ctx.say("intake-no-nik-noted")
        return "kk"
    nik = answers.checked(filing.check_nik, answers.text_of(ctx))
    ctx.data.update(nik=answers.seal(ctx, nik.value), no_nik=False)
    ctx.data["nik_outside"] = not nik.issued_in_kota_bogor
    if not nik.issued_in_kota_bogor:
        ctx.say("intake-nik-outside-city")
    return "kk"


async def ask_kk(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-kk"), buttons=[[(ctx.t("button-skip"), "skip", "")]], takes_text=True)


async def read_kk(ctx: Context) -> str:
    if (pressed := ctx.pressed()) is not None and pressed[0] == "skip":
        ctx.data["kk"] = None
    else:
        ctx.data["kk"] = answers.seal(ctx, answers.checked(filing.check_kk, answers.text_of(ctx)))
    return _phone_unless_known(ctx)


def _phone_unless_known(ctx: Context) -> str:
    """The phone question, unless the channel vouches for the sender's number (WhatsApp)."""
    known = ctx.event.verified_phone
    if known is None:
        return "phone"
    try:
        ctx.data["phone"] = filing.check_phone(known)
    except InvalidInput:  # a number from abroad: asked like anywhere else
        return "phone"
    ctx.say("intake-phone-noted", phone=ctx.data["phone"])
    return "kecamatan"


async def ask_phone(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-phone"), request_contact=ctx.t("button-share-phone"))


async def read_phone(ctx: Context) -> str:
    event = ctx.event
    typed = event.phone if event.kind == EventKind.CONTACT else answers.text_of(ctx)
    ctx.data["phone"] = answers.checked(filing.check_phone, typed or "")
    # The contact keyboard has done its job; take it away before the next question.
    ctx.replies.append(
        Reply(ctx.t("intake-phone-noted", phone=ctx.data["phone"]), remove_keyboard=True)
    )
    return "kecamatan"


# --- the place ------------------------------------------------------------------
async def ask_kecamatan(ctx: Context) -> None:
    districts = (await regions(ctx.session)).kecamatan
    ctx.ask(
        ctx.t("intake-kecamatan"),
        buttons=pair_rows([(item.name, "kec", item.code) for item in districts]),
    )


async def read_kecamatan(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is None or (await regions(ctx.session)).get_kecamatan(pressed[1]) is None:
        raise Reask("choose-a-button")
    if ctx.data.get("kecamatan") != pressed[1]:
        ctx.data.update(kecamatan=pressed[1], kelurahan=None, _kel_page=0)
    return "kelurahan"


async def ask_kelurahan(ctx: Context) -> None:
    villages = (await regions(ctx.session)).kelurahan_of.get(ctx.data.get("kecamatan", ""), ())
    pages = max(1, -(-len(villages) // KELURAHAN_PER_PAGE))
    page = min(int(ctx.data.get("_kel_page", 0)), pages - 1)
    shown = villages[page * KELURAHAN_PER_PAGE : (page + 1) * KELURAHAN_PER_PAGE]
    rows = pair_rows([(item.name, "kel", item.code) for item in shown])
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
    village = (await regions(ctx.session)).get_kelurahan(argument) if action == "kel" else None
    if village is None or village.kecamatan_code != ctx.data.get("kecamatan"):
        raise Reask("choose-a-button")
    ctx.data["kelurahan"] = village.code
    return "address"


async def ask_address(ctx: Context) -> None:
    ctx.ask(ctx.t("intake-address"))


async def read_address(ctx: Context) -> str:
    ctx.data["address"] = answers.address_of(ctx)
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
    file = ctx.event.file
    if ctx.event.kind == EventKind.FILE and file is not None and file.kind == "voice":
        # Many would rather speak than type: the voice note stands in for the words, and
        # the description says where to listen, in the staff's language.
        files = ctx.data.setdefault("files", [])
        if len(files) >= ctx.services.max_attachments:
            raise Reask("attachments-full", limit=ctx.services.max_attachments)
        files.append(answers.attachment_of(ctx))
        ctx.data["description"] = translate("id", "intake-description-by-voice")
        ctx.say("intake-voice-description-kept")
        return "attachments"
    ctx.data["description"] = answers.description_of(ctx)
    return "attachments"


# --- summary and submission ------------------------------------------------------
async def show_for_whom(ctx: Context) -> str:
    """For whom the complaint is, as the summary says it."""
    return ctx.t(f"for-whom-{ctx.data.get('for_whom', 'self')}")


# The citizen's summary: its words, its lines, what may be changed and what must be given.
CITIZEN = Audience(
    heading="intake-summary", confirm="intake-summary-confirm", submit_button="button-submit",
    summary_help="help-summary", duplicate_help="help-duplicate",
    lines=(SummaryLine("label-for-whom", show_for_whom), *ANSWER_LINES),
    editable=("for_whom", "full_name", "nik", "kk", "phone", "kecamatan", "kelurahan", "address",
              "category", "description", "attachments"),
    required=(("for_whom", "for_whom"), ("full_name", "full_name"), ("phone", "phone"),
              ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"), ("address", "address"),
              ("category", "category"), ("description", "description")),
)  # fmt: skip


STEPS: tuple[Step, ...] = (
    Step("consent", ask_consent, read_consent, (DONE, "for_whom"), "help-consent"),
    Step("for_whom", ask_for_whom, read_for_whom, ("full_name",), "help-for-whom", "label-for-whom"),
    Step("full_name", ask_full_name, read_full_name, ("nik",), "help-full-name", "label-full-name"),
    Step("nik", ask_nik, read_nik, ("kk",), "help-nik", "label-nik"),
    Step("kk", ask_kk, read_kk, ("phone", "kecamatan"), "help-kk", "label-kk"),
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
)  # fmt: skip


class IntakeFlow(IntakeStepFlow):
    """The citizen's complaint, from consent to ticket."""

    name = "intake"

    async def send(
        self, ctx: Context, on_duplicate: filing.OnDuplicate, offered_ticket: str | None
    ) -> filing.FilingOutcome:
        """Files the complaint for the citizen of this chat, and says what came of it."""
        return await send_citizen_filing(ctx, on_duplicate, offered_ticket)


INTAKE = IntakeFlow(STEPS, CITIZEN)
