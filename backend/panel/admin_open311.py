"""Open311 API keys (/panel/admin/open311-keys): one per integrating system, shown once, revocable."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.errors import InvalidInput, NotFound
from backend.ids import PathId
from backend.open311.keys import MAX_SYSTEM_NAME, issue_key, list_keys, revoke_key
from backend.panel.admin import AdminStaff, done, notice_of
from backend.panel.deps import Session, form_values
from backend.panel.errors import PageNotFound
from backend.panel.i18n import texts_for
from backend.panel.rendering import render
from backend.staff.models import StaffUser

router = APIRouter(prefix="/panel/admin/open311-keys", include_in_schema=False)
PATH = "/panel/admin/open311-keys"


async def _page(
    request: Request, session: Session, *, values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None, issued: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    keys = await list_keys(session)
    staff_ids = {key.created_by_id for key in keys} | {
        key.revoked_by_id for key in keys if key.revoked_by_id is not None
    }
    names = {
        staff_id: (await session.get_one(StaffUser, staff_id)).full_name for staff_id in staff_ids
    }
    context: dict[str, Any] = {
        "keys": keys, "names": names, "values": values or {}, "errors": errors or {},
        "issued": issued, "notice": notice_of(request), "name_max": MAX_SYSTEM_NAME,
    }  # fmt: skip
    return render(request, "admin_open311_keys.html", context, status_code=status_code)


@router.get("")
async def keys_page(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Every key issued, its system, when it was last used, and whether it is revoked."""
    return await _page(request, session)


@router.post("")
async def issue_key_posted(request: Request, session: Session, staff: AdminStaff) -> Response:
    """Issues a key; the answer shows it once (it is never shown again)."""
    form = await form_values(request)
    try:
        issued = await issue_key(session, staff.actor, form.get("system_name", ""))
    except InvalidInput as refused:
        t = texts_for(staff.language)
        errors = {"system_name": t(refused.key or "admin-required", **refused.params)}
        return await _page(request, session, values=form, errors=errors, status_code=422)
    return await _page(request, session, issued=issued.key, status_code=201)


@router.post("/{key_id}/revoke")
async def revoke_key_posted(
    request: Request, session: Session, staff: AdminStaff, key_id: PathId
) -> Response:
    """Revokes the key: the system's next POST is refused (403)."""
    try:
        await revoke_key(session, staff.actor, key_id)
    except NotFound:
        raise PageNotFound(str(key_id)) from None
    return done(PATH, "open311-key-revoked")
