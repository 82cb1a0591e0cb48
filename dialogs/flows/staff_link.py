"""The deep link that binds a staff member's Telegram for their alerts (stf_…).

Staff open it from their profile page in the panel; from then on their digests
and new-complaint alerts come to this chat. The chat keeps the citizen's menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.citizens.models import Channel
from backend.staff_alerts.service import STAFF_LINK_PREFIX, StaffLinkOutcome, accept_staff_link
from dialogs.context import Context

if TYPE_CHECKING:
    from dialogs.engine import DialogEngine
    from dialogs.flows.menu import MenuFlow


def register_staff_link(engine: DialogEngine) -> None:
    """Lets /start stf_<token> bind a staff member's Telegram."""
    engine.add_deep_link(
        STAFF_LINK_PREFIX, lambda ctx, token: open_staff_link(ctx, token, engine.menu)
    )


async def open_staff_link(ctx: Context, token: str, menu: MenuFlow) -> None:
    """A staff link opened: this chat now gets the staff member's alerts, or says why not."""
    result = await accept_staff_link(
        ctx.session, token, Channel(ctx.event.channel), ctx.event.chat_id,
        language=ctx.language, now=ctx.now,
    )  # fmt: skip
    if result.user is not None and result.outcome in (
        StaffLinkOutcome.BOUND,
        StaffLinkOutcome.ALREADY_BOUND,
    ):
        ctx.say(f"staff-link-{result.outcome.value}", name=result.user.full_name)
    else:
        ctx.say(f"staff-link-{result.outcome.value}")
    await menu.show(ctx)
