"""The facilitator's own cases (status, deadline, detail) and the news waiting to be passed on.

Only complaints the facilitator filed are shown: another's ticket, typed or in an
old button, is answered exactly like a ticket that does not exist.
"""

from __future__ import annotations

from backend.casefiles.models import (
    Category,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    StatusEvent,
)
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import TICKET_IN_TEXT, normalise_ticket
from backend.citizens.models import Citizen
from backend.clock import local_date
from backend.complaints.citizen_queries import last_update_of, latest_question_event
from backend.facilitators.models import Facilitator
from backend.facilitators.repository import (
    RelayRow,
    assisted_filing_of,
    cases_of_facilitator,
    count_cases_of_facilitator,
    count_unconfirmed_relays_of,
    unconfirmed_relays_of,
)
from dialogs import answers
from dialogs.context import Context, Reask, global_payload
from dialogs.events import Button, EventKind, Reply
from dialogs.flows.base import DONE, Step
from dialogs.flows.facilitator_answer import answer_argument
from dialogs.flows.facilitator_menu import (
    ANSWER_FOR_HOUSEHOLD,
    CASE,
    RELAYED,
    FacilitatorFlow,
    access_ended,
    current_facilitator,
    format_moment,
    kelurahan_name,
    page_buttons,
    pressed_page,
)
from dialogs.i18n import format_day

MAX_LABEL = 40
# Cases and relays listed per page (◀ / ▶ beneath).
PER_PAGE = 8


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


async def show_case(ctx: Context, facilitator: Facilitator, typed: str) -> None:
    """One of the facilitator's complaints in detail; any other ticket is 'not found'."""
    ticket = normalise_ticket(typed or "")
    complaint = await get_by_ticket(ctx.session, ticket) if ticket else None
    if ctx.flow == "facilitator_cases":
        ctx.finish()  # the list's question is answered
    if complaint is None or complaint.facilitator_id != facilitator.id:
        ctx.say("facilitator-case-not-found")
        return
    ctx.replies.append(await describe_case(ctx, facilitator, complaint))


async def describe_case(ctx: Context, facilitator: Facilitator, complaint: Complaint) -> Reply:
    """The case as its facilitator sees it: household, status, dates, and what staff said."""
    citizen = await ctx.session.get_one(Citizen, complaint.citizen_id)
    category = await ctx.session.get_one(Category, complaint.category_id)
    filing = await assisted_filing_of(ctx.session, complaint.id)
    update = await last_update_of(ctx.session, complaint.id)
    lines = [
        ctx.t(
            "facilitator-case-detail",
            ticket=complaint.ticket,
            household=citizen.full_name,
            kelurahan=await kelurahan_name(ctx, complaint.kelurahan_code),
            category=category.name_en if ctx.language == "en" else category.name_id,
            status=ctx.t(f"status-{complaint.status.value}"),
            visit=format_day(ctx.language, filing.visit_on) if filing else "-",
            reach=ctx.t(f"reach-{filing.reach.value}") if filing else "-",
            updated=format_day(ctx.language, local_date(update.created_at)),
            due=format_day(ctx.language, complaint.expected_completion_on),
        )
    ]
    answer_row: tuple[Button, ...] = ()
    if complaint.status == ComplaintStatus.NEEDS_INFO:
        question = await latest_question_event(ctx.session, complaint.id)
        lines.append(ctx.t("status-question", question=(question and question.public_note) or "-"))
        # The household answers through its facilitator; the button is for this question only.
        argument = answer_argument(complaint.ticket, question.id if question else None)
        answer_row = (
            Button(
                ctx.t("button-facilitator-answer"), global_payload(ANSWER_FOR_HOUSEHOLD, argument)
            ),
        )
    elif (
        complaint.status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)
        and complaint.resolution
    ):
        lines.append(ctx.t("status-resolution", resolution=complaint.resolution))
    elif complaint.status == ComplaintStatus.REJECTED and complaint.rejection_reason:
        lines.append(ctx.t("status-rejection", reason=complaint.rejection_reason))
    waiting = [
        row
        for row in await unconfirmed_relays_of(ctx.session, facilitator.id)
        if row.relay.complaint_id == complaint.id
    ]
    if waiting:
        lines.append(ctx.t("facilitator-case-relays-waiting", count=len(waiting)))
    buttons: tuple[tuple[Button, ...], ...] = tuple(
        (Button(ctx.t("button-relayed-item", household=_short(row.household), ticket=row.ticket),
                global_payload(RELAYED, str(row.relay.id))),)
        for row in waiting
    )  # fmt: skip
    if answer_row:
        buttons = (answer_row, *buttons)
    return Reply("\n\n".join(lines), buttons=buttons)


# --- my cases ------------------------------------------------------------------------------
def _pages(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


async def ask_pick(ctx: Context) -> None:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None  # the flow checks before asking
    pages = _pages(await count_cases_of_facilitator(ctx.session, facilitator.id))
    page = min(int(ctx.data.get("_page", 0)), pages - 1)
    cases = await cases_of_facilitator(
        ctx.session, facilitator.id, limit=PER_PAGE, offset=page * PER_PAGE
    )
    ctx.new_question()
    if not cases:
        ctx.say("facilitator-cases-none")
        ctx.finish()
        return
    lines = [ctx.t("facilitator-cases-list")]
    if pages > 1:
        lines.append(ctx.t("facilitator-list-page", page=page + 1, pages=pages))
    for row in cases:
        lines.append(
            ctx.t(
                "facilitator-cases-item",
                ticket=row.complaint.ticket, household=row.household,
                status=ctx.t(f"status-{row.complaint.status.value}"),
                due=format_day(ctx.language, row.complaint.expected_completion_on),
            )
        )  # fmt: skip
    # Global buttons: they stay valid, and every press checks the case is still this facilitator's.
    buttons: tuple[tuple[Button, ...], ...] = tuple(
        (
            Button(
                f"{row.complaint.ticket} · {_short(row.household)}",
                global_payload(CASE, row.complaint.ticket),
            ),
        )
        for row in cases
    )
    if navigation := page_buttons(ctx, page, pages):
        buttons = (*buttons, navigation)
    ctx.offer("\n".join(lines), buttons)


async def read_pick(ctx: Context) -> str:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None
    if (page := pressed_page(ctx)) is not None:
        ctx.data["_page"] = page
        return "pick"
    text = answers.text_of(ctx) if ctx.event.kind == EventKind.TEXT else ""
    match = TICKET_IN_TEXT.search(text)
    if not match or not normalise_ticket(match.group(0)):
        raise Reask("facilitator-cases-type-ticket")
    await show_case(ctx, facilitator, match.group(0))
    return DONE


class FacilitatorCasesFlow(FacilitatorFlow):
    """The facilitator's complaints; a ticket typed or pressed opens its detail."""

    name = "facilitator_cases"

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Lists the cases, or shows the one whose ticket came with the command."""
        facilitator = await current_facilitator(ctx)
        if facilitator is None:
            access_ended(ctx)
            return
        if argument:
            await show_case(ctx, facilitator, argument)
            ctx.finish()
            return
        await super().start(ctx, argument)


FACILITATOR_CASES = FacilitatorCasesFlow(
    (Step("pick", ask_pick, read_pick, ("pick", DONE), "help-facilitator-cases"),)
)


# --- news waiting to be passed on -------------------------------------------------------
async def _news_of(ctx: Context, row: RelayRow) -> str:
    relay = row.relay
    if relay.status_event_id is not None:
        event = await ctx.session.get_one(StatusEvent, relay.status_event_id)
        return ctx.t(f"status-{event.to_status.value}")
    if relay.complaint_message_id is not None:
        message = await ctx.session.get_one(ComplaintMessage, relay.complaint_message_id)
        return ctx.t("facilitator-relay-staff-message", text=_short(message.text or ""))
    return "-"


async def ask_relays(ctx: Context) -> None:
    facilitator = await current_facilitator(ctx)
    assert facilitator is not None
    total = await count_unconfirmed_relays_of(ctx.session, facilitator.id)
    pages = _pages(total)
    page = min(int(ctx.data.get("_page", 0)), pages - 1)
    rows = await unconfirmed_relays_of(
        ctx.session, facilitator.id, limit=PER_PAGE, offset=page * PER_PAGE
    )
    if not rows:
        ctx.say("facilitator-relays-none")
        ctx.finish()
        return
    lines = [ctx.t("facilitator-relays-list", count=total)]
    if pages > 1:
        lines.append(ctx.t("facilitator-list-page", page=page + 1, pages=pages))
    for row in rows:
        lines.append(
            ctx.t(
                "facilitator-relays-item", household=row.household,
                kelurahan=row.kelurahan_name or "-", ticket=row.ticket,
                status=await _news_of(ctx, row), when=format_moment(ctx.language, row.relay.created_at),
            )
        )  # fmt: skip
    lines.append(ctx.t("facilitator-relays-how"))
    buttons: tuple[tuple[Button, ...], ...] = tuple(
        (Button(ctx.t("button-relayed-item", household=_short(row.household), ticket=row.ticket),
                global_payload(RELAYED, str(row.relay.id))),)
        for row in rows
    )  # fmt: skip
    ctx.new_question()
    navigation = page_buttons(ctx, page, pages)
    if not navigation:
        # One page: nothing is asked, so the chat is free again at once.
        ctx.replies.append(Reply("\n".join(lines), buttons=buttons))
        ctx.finish()
        return
    ctx.offer("\n".join(lines), (*buttons, navigation))


async def read_relays(ctx: Context) -> str:
    if (page := pressed_page(ctx)) is not None:
        ctx.data["_page"] = page
        return "list"
    # Not a page of the list: the message is for the menu, as if no list were open.
    ctx.finish()
    ctx.pass_on = True
    return DONE


class FacilitatorRelaysFlow(FacilitatorFlow):
    """Lists the news waiting to be passed on, each with its 'Sudah disampaikan' button.

    A list longer than a page stays open for ◀ / ▶; anything else leaves it.
    """

    name = "facilitator_relays"


FACILITATOR_RELAYS = FacilitatorRelaysFlow(
    (Step("list", ask_relays, read_relays, ("list", DONE), "help-facilitator-relays"),)
)
