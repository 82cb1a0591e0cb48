"""One's own alert settings (/panel/profile): email or Telegram, new-complaint alerts, and
the one-time link that binds one's Telegram.

The link is shown once, on the page that answers the form, never stored in clear
(only its SHA-256) and good for an hour (backend/staff_alerts/service.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.citizens.models import ChannelIdentity
from backend.facilitators.links import UsernameLookup, deep_link
from backend.panel.deps import AppSettings, PanelStaff, Session, form_values, require_roles
from backend.panel.nav import PROFILE_ROLES
from backend.panel.rendering import render
from backend.staff.models import StaffUser
from backend.staff_alerts.models import AlertChannel
from backend.staff_alerts.service import (
    IssuedStaffLink,
    issue_telegram_link,
    preference_of,
    set_preferences,
    unlink_telegram,
)

router = APIRouter(prefix="/panel/profile", include_in_schema=False)
ProfileStaff = Annotated[PanelStaff, Depends(require_roles(*PROFILE_ROLES))]
NOTICES = frozenset({"saved", "unlinked"})


async def _page(
    request: Request, session: Session, user: StaffUser, *, link: str | None = None,
    has_username: bool = True, issued: IssuedStaffLink | None = None,
) -> Response:  # fmt: skip
    preference = await preference_of(session, user.id)
    chat = (
        await session.get(ChannelIdentity, preference.telegram_identity_id)
        if preference.telegram_identity_id
        else None
    )
    notice = request.query_params.get("notice")
    context: dict[str, Any] = {
        "user": user,
        "preference": preference,
        "linked": chat is not None,
        "reachable": chat is not None and chat.is_reachable,
        "link": link,
        "has_username": has_username,
        "link_expires_at": issued.link.expires_at if issued else None,
        "notice": notice if notice in NOTICES else None,
    }
    return render(request, "profile.html", context)


@router.get("")
async def profile(request: Request, staff: ProfileStaff, session: Session) -> Response:
    """Where one's digests and alerts go, and one's Telegram link."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    return await _page(request, session, user)


@router.post("")
async def save(request: Request, staff: ProfileStaff, session: Session) -> Response:
    """Saves the channel and the new-complaint choice."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    form = await form_values(request)
    try:
        channel = AlertChannel(form.get("channel", ""))
    except ValueError:
        channel = AlertChannel.EMAIL
    await set_preferences(
        session, user, channel=channel, new_complaints=form.get("new_complaints") == "on"
    )
    return RedirectResponse("/panel/profile?notice=saved", status_code=303)


@router.post("/telegram-link")
async def telegram_link(
    request: Request, staff: ProfileStaff, session: Session, settings: AppSettings
) -> Response:
    """A new one-time link to one's Telegram, shown on this answer only."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    issued = await issue_telegram_link(session, user)
    # The composition root (backend/app.py) hands the panel the bot's way of knowing its name.
    bot_username: UsernameLookup = request.app.state.bot_username
    username = await bot_username(settings)
    return await _page(
        request, session, user, link=deep_link(username, issued.payload),
        has_username=username is not None, issued=issued,
    )  # fmt: skip


@router.post("/telegram-unlink")
async def telegram_unlink(request: Request, staff: ProfileStaff, session: Session) -> Response:
    """Forgets one's Telegram; alerts go by email."""
    user = await session.get_one(StaffUser, staff.principal.user_id)
    await unlink_telegram(session, user)
    return RedirectResponse("/panel/profile?notice=unlinked", status_code=303)
