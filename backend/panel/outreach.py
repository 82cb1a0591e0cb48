"""The outreach kit in the panel (/panel/outreach): every kelurahan with its poster and links.

A poster (GET /panel/outreach/{kelurahan code}.pdf, the code as stored, e.g.
32.71.04.1003) is drawn on request from the office's settings as they are now. It
holds no personal data, so it is a plain download for any office role, not audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.config import Settings
from backend.facilitators.links import UsernameLookup
from backend.office.settings import office_settings
from backend.outreach.links import outreach_links
from backend.outreach.service import (
    PosterSettings,
    poster_file_name,
    poster_kelurahan,
    poster_pdf,
)
from backend.panel.deps import AppSettings, PanelStaff, Session, require_roles
from backend.panel.errors import PageNotFound
from backend.panel.nav import ADMIN_ROLES, OUTREACH_ROLES
from backend.panel.rendering import SECURITY_HEADERS, render
from backend.regions.repository import list_all_kelurahan, list_kecamatan

router = APIRouter(prefix="/panel/outreach", include_in_schema=False)
OutreachStaff = Annotated[PanelStaff, Depends(require_roles(*OUTREACH_ROLES))]


async def _poster_settings(request: Request, settings: Settings) -> PosterSettings:
    # The composition root (backend/app.py) hands the panel the bot's way of knowing its name.
    bot_username: UsernameLookup = request.app.state.bot_username
    return PosterSettings(await bot_username(settings), settings.public_base)


@router.get("")
async def outreach_page(
    request: Request, session: Session, settings: AppSettings, staff: OutreachStaff
) -> Response:
    """The kelurahan by kecamatan, each with its poster and the links it prints."""
    poster = await _poster_settings(request, settings)
    office = await office_settings(session)
    kelurahan = await list_all_kelurahan(session)
    groups = []
    for kecamatan in await list_kecamatan(session):
        rows = [
            (row, outreach_links(
                row.code, bot_username=poster.bot_username, public_base=poster.public_base,
                whatsapp_number=office.whatsapp_number,
            ))
            for row in kelurahan
            if row.kecamatan_code == kecamatan.code
        ]  # fmt: skip
        groups.append((kecamatan, rows))
    context = {
        "groups": groups,
        "has_username": poster.bot_username is not None,
        "office": office,
        "is_admin": staff.role in ADMIN_ROLES,
    }
    return render(request, "outreach.html", context)


@router.get("/{kelurahan_code}.pdf")
async def poster(
    kelurahan_code: str, request: Request, session: Session, settings: AppSettings,
    staff: OutreachStaff,
) -> Response:  # fmt: skip
    """The kelurahan's A4 poster, drawn now."""
    kelurahan = await poster_kelurahan(session, kelurahan_code)
    if kelurahan is None:
        raise PageNotFound(kelurahan_code)
    body = await poster_pdf(session, kelurahan, await _poster_settings(request, settings))
    name = poster_file_name(kelurahan)
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type="application/pdf", headers=headers)
