"""The satisfaction survey (IKM) of a finished complaint: nine elements, 1-4 or skipped, a comment.

Started by the survey button of a resolution message (or of the thanks for a rating),
never by typing. The answers stay in the conversation until the comment step; only
then is the survey written, once (backend/satisfaction/service.py). Pressing the
button again before that starts over, so earlier answers are replaced, not added.
"""

from __future__ import annotations

from typing import Any

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.repository import get_by_ticket
from backend.casefiles.tickets import normalise_ticket
from backend.citizens.models import Channel
from backend.complaints.citizen_queries import chat_owns_complaint
from backend.errors import Conflict, Forbidden
from backend.satisfaction.ikm import ELEMENTS, SCORES
from backend.satisfaction.repository import response_of
from backend.satisfaction.service import MAX_COMMENT_LENGTH, can_be_surveyed, submit_survey
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.flows.base import DONE, Step, StepFlow

COMMENT = "comment"
SKIP = "skip"
# The action of the survey button (g:survey:<ticket>), valid whenever pressed.
SURVEY_ACTION = "survey"


class SurveyFlow(StepFlow):
    """Asks the nine IKM elements of one complaint, then an optional comment, and submits."""

    name = "survey"

    async def start(self, ctx: Context, argument: str | None) -> None:
        """Checks the complaint of the button, then asks the first element."""
        ctx.enter(self.name, self.first)
        ctx.data["_history"] = []
        complaint = await _own_complaint(ctx, argument or "")
        refusal = await refusal_of(ctx, complaint)
        if refusal is not None or complaint is None:
            key, params = refusal or ("survey-not-found", {})
            ctx.say(key, **params)
            ctx.finish()
            return
        ctx.data["ticket"] = complaint.ticket
        ctx.data["scores"] = {}
        ctx.say("survey-intro", ticket=complaint.ticket)
        await self.steps[self.first].ask(ctx)


async def _own_complaint(ctx: Context, typed: str) -> Complaint | None:
    ticket = normalise_ticket(typed)
    complaint = await get_by_ticket(ctx.session, ticket) if ticket else None
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    if complaint is None or not await chat_owns_complaint(ctx.session, complaint, *chat):
        return None  # another chat's complaint is treated as unknown
    return complaint


async def refusal_of(
    ctx: Context, complaint: Complaint | None
) -> tuple[str, dict[str, Any]] | None:
    """Why this chat cannot take the survey of this complaint now (key and values), or None."""
    if complaint is None:
        return "survey-not-found", {}
    if not can_be_surveyed(complaint):
        status = ctx.t(f"status-{complaint.status.value}")
        return "survey-not-finished", {"ticket": complaint.ticket, "status": status}
    if await response_of(ctx.session, complaint.id) is not None:
        return "survey-already-done", {"ticket": complaint.ticket}
    return None


def _element_step(position: int, element: str) -> Step:
    following = ELEMENTS[position + 1] if position + 1 < len(ELEMENTS) else COMMENT

    async def ask(ctx: Context) -> None:
        scores = [(ctx.t(f"survey-{element}-{score}"), "score", str(score)) for score in SCORES]
        ctx.ask(
            ctx.t(f"survey-question-{element}", number=position + 1),
            buttons=[scores, [(ctx.t("button-survey-skip"), SKIP, "")]],
        )

    async def read(ctx: Context) -> str:
        pressed = ctx.pressed()
        if pressed is None or pressed[0] not in ("score", SKIP):
            raise Reask("choose-a-button")
        if pressed[0] == SKIP:
            score = None
        elif pressed[1] in {str(score) for score in SCORES}:
            score = int(pressed[1])
        else:
            raise Reask("choose-a-button")
        ctx.data.setdefault("scores", {})[element] = score
        return following

    return Step(element, ask, read, (following,), "help-survey-question")


async def ask_comment(ctx: Context) -> None:
    ctx.ask(
        ctx.t("survey-comment"),
        buttons=[[(ctx.t("button-survey-skip"), SKIP, "")]],
        takes_text=True,
    )


async def read_comment(ctx: Context) -> str:
    pressed = ctx.pressed()
    if pressed is not None and pressed[0] == SKIP:
        comment = None
    else:
        comment = answers.text_of(ctx)
        if len(comment) > MAX_COMMENT_LENGTH:
            raise Reask("input-too-long", limit=MAX_COMMENT_LENGTH)
    await send_survey(ctx, comment)
    return DONE


async def send_survey(ctx: Context, comment: str | None) -> None:
    """Writes the survey as the citizen (or says why not); all skipped and silent keeps nothing."""
    ticket = str(ctx.data.get("ticket", ""))
    scores = {
        element: score
        for element, score in dict(ctx.data.get("scores") or {}).items()
        if element in ELEMENTS
    }
    if comment is None and all(score is None for score in scores.values()):
        ctx.say("survey-empty", ticket=ticket)
        return
    complaint = await get_by_ticket(ctx.session, ticket, for_update=True)
    chat = (Channel(ctx.event.channel), ctx.event.chat_id)
    if complaint is None or not await chat_owns_complaint(ctx.session, complaint, *chat):
        ctx.say("survey-not-found")
        return
    citizen = Actor(ActorRole.CITIZEN, citizen_id=complaint.citizen_id)
    try:
        await submit_survey(ctx.session, complaint, citizen, scores, comment, ctx.now)
    except (Conflict, Forbidden):
        # Things changed while the questions were answered (another press sent it first).
        key, params = await refusal_of(ctx, complaint) or ("survey-not-found", {})
        ctx.say(key, **params)
        return
    ctx.say("survey-thanks", ticket=ticket)


SURVEY = SurveyFlow(
    (
        *(_element_step(position, element) for position, element in enumerate(ELEMENTS)),
        Step(COMMENT, ask_comment, read_comment, (DONE,), "help-survey-comment"),
    )
)
